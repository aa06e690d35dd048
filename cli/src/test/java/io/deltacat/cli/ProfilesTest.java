package io.deltacat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
    @TempDir
    Path dir;

    @Test
    void readsSectionsInBothSpellingsWithComments() throws Exception {
        Path f = Files.writeString(dir.resolve("config"), """
                # comment
                [default]
                server = http://a:1
                ; another comment
                [profile prod]
                server = https://prod
                token_file = ~/.deltacat/prod.token
                output = json
                """);
        Profiles p = Profiles.load(f);
        assertThat(p.names()).containsExactly("default", "prod");
        assertThat(p.profile("default", true)).isEqualTo(Map.of("server", "http://a:1"));
        assertThat(Profiles.value(p.profile("prod", true), "token_file"))
                .contains(System.getProperty("user.home") + "/.deltacat/prod.token");
        assertThat(p.profile("missing", false)).isEmpty();
    }

    @Test
    void mistakesNameFileAndLine() throws Exception {
        Path f = Files.writeString(dir.resolve("config"), "[default]\nserver = x\ntoken = secret\n");
        assertThatThrownBy(() -> Profiles.load(f)).isInstanceOf(CliUsageException.class)
                .hasMessageContaining(f + ":3").hasMessageContaining("unknown key 'token'");
        Path g = Files.writeString(dir.resolve("g"), "server = x\n");
        assertThatThrownBy(() -> Profiles.load(g)).hasMessageContaining("outside a [profile] section");
        assertThatThrownBy(() -> Profiles.load(dir.resolve("none")).profile("prod", true))
                .hasMessageContaining("no profile 'prod'");
    }
}
