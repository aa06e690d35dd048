package io.deltacat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.TokenProvider;
import io.deltacat.api.error.UnauthorizedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenProvidersTest {

    @TempDir
    Path dir;

    @Test
    void ofTokenIsStaticAndTrimmed() {
        TokenProvider p = TokenProviders.ofToken("  dct_abc\n");
        assertThat(p.token()).contains("dct_abc");
        assertThat(p.token()).contains("dct_abc");
        assertThat(p.toString()).doesNotContain("dct_abc");
        assertThatThrownBy(() -> TokenProviders.ofToken(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenProviders.ofToken(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fromEnvReadsTheVariable() {
        Map<String, String> env = Map.of("DELTACAT_TOKEN", "dct_env\n", "BLANK", "   ");
        assertThat(TokenProviders.fromEnv("DELTACAT_TOKEN", env::get).token()).contains("dct_env");
        assertThat(TokenProviders.fromEnv("BLANK", env::get).token()).isEmpty();
        assertThat(TokenProviders.fromEnv("UNSET", env::get).token()).isEmpty();
    }

    @Test
    void fromEnvUsesTheRealEnvironment() {
        assertThat(TokenProviders.fromEnv("DELTACAT_SURELY_UNSET_VARIABLE_4711").token()).isEmpty();
        String path = System.getenv("PATH");
        if (path != null && !path.isBlank()) {
            assertThat(TokenProviders.fromEnv("PATH").token()).contains(path.strip());
        }
        String real = System.getenv(TokenProviders.DEFAULT_ENV_VAR);
        assertThat(TokenProviders.fromEnv().token())
                .isEqualTo(real == null || real.isBlank() ? Optional.empty() : Optional.of(real.strip()));
        assertThat(TokenProviders.fromEnv().toString()).contains("DELTACAT_TOKEN");
    }

    @Test
    void fromFileReadsAndTrims() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "dct_file_1\n");
        TokenProvider p = TokenProviders.fromFile(file);
        assertThat(p.token()).contains("dct_file_1");
        assertThat(p.toString()).contains("token").doesNotContain("dct_file_1");
    }

    @Test
    void fromFilePicksUpRotationInPlace() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "dct_old");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        TokenProvider p = TokenProviders.fromFile(file);
        assertThat(p.token()).contains("dct_old");

        Files.writeString(file, "dct_new");   // same length: only the modification time tells
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:05:00Z")));
        assertThat(p.token()).contains("dct_new");
    }

    @Test
    void fromFilePicksUpRotationByAtomicRename() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "dct_first");
        TokenProvider p = TokenProviders.fromFile(file);
        assertThat(p.token()).contains("dct_first");

        Path next = Files.writeString(dir.resolve("token.tmp"), "dct_second_longer");
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(p.token()).contains("dct_second_longer");
    }

    @Test
    void fromFileCachesWhileUnchanged() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "dct_cached");
        FileTime mtime = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, mtime);
        TokenProvider p = TokenProviders.fromFile(file);
        assertThat(p.token()).contains("dct_cached");

        // same size, same modification time: the file is not read again
        Files.writeString(file, "dct_sneaky");
        Files.setLastModifiedTime(file, mtime);
        assertThat(p.token()).contains("dct_cached");
    }

    @Test
    void fromFileWithMissingFileFailsClearly() throws IOException {
        Path missing = dir.resolve("no-such-token");
        TokenProvider p = TokenProviders.fromFile(missing);
        assertThatThrownBy(p::token).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("no-such-token").hasMessageContaining("does not exist");

        Files.writeString(missing, "dct_late");
        assertThat(p.token()).contains("dct_late");
        Files.delete(missing);
        assertThatThrownBy(p::token).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void fromFileBlankIsNoToken() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), " \n");
        assertThat(TokenProviders.fromFile(file).token()).isEmpty();
    }

    @Test
    void fromFileOnDirectoryFails() {
        assertThatThrownBy(() -> TokenProviders.fromFile(dir).token()).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void chainTakesFirstNonEmpty() {
        AtomicInteger asked = new AtomicInteger();
        TokenProvider counting = () -> {
            asked.incrementAndGet();
            return Optional.of("never");
        };
        TokenProvider p = TokenProviders.chain(TokenProvider.none(), () -> Optional.of(" "),
                TokenProviders.ofToken("dct_second"), counting);
        assertThat(p.token()).contains("dct_second");
        assertThat(asked).hasValue(0);

        assertThat(TokenProviders.chain().token()).isEmpty();
        assertThat(TokenProviders.chain(TokenProvider.none(), TokenProviders.fromEnv("UNSET", k -> null)).token()).isEmpty();
        assertThatThrownBy(() -> TokenProviders.chain(TokenProvider.none(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void moduleExportsOnlyItsEntryPackage() {
        Module m = TokenProviders.class.getModule();
        assertThat(m.getName()).isEqualTo("io.deltacat.auth");
        assertThat(m.getDescriptor().exports()).extracting(java.lang.module.ModuleDescriptor.Exports::source)
                .containsExactly("io.deltacat.auth");
    }
}
