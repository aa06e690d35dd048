package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.TableInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Namespaces and tables through the real client and server. */
class CatalogEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void describesTheCatalogAndItsRoot() {
        CatalogInfo info = catalog.describeCatalog("default");
        assertThat(info.name()).isEqualTo("default");
        if (fx.dataUri != null) {
            assertThat(info.defaultRoot().uri()).isEqualTo(fx.dataUri);
        } else {
            assertThat(info.defaultRoot().uri()).startsWith("file:").contains(dir.getFileName().toString());
        }
        assertThatThrownBy(() -> catalog.describeCatalog("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aDroppedTableComesBackWithinTheRetentionWindowThenItsFilesGo() throws Exception {
        try (org.apache.arrow.vector.VectorSchemaRoot rows = Users.of(fx.allocator, java.util.List.of(
                Users.u(1, "a", 1), Users.u(2, "b", 2)))) {
            catalog.write(rows, w -> w.table("kept"));
        }
        long files = dataFiles();
        catalog.dropTable("default", "kept");
        assertThat(catalog.tableExists("default", "kept")).isFalse();
        assertThatThrownBy(() -> catalog.undropTable("default", "never")).isInstanceOf(NotFoundException.class);
        fx.clock.advance(java.time.Duration.ofDays(1));
        fx.server.runMaintenance();
        assertThat(dataFiles()).as("within the window the files stay").isEqualTo(files);

        TableInfo back = catalog.undropTable("default", "kept");
        assertThat(back.rowCount()).isEqualTo(2);
        assertThat(Rows.of(catalog.readAll(q -> q.table("kept")))).hasSize(2);
        // a live table of the name: nothing to bring back
        assertThatThrownBy(() -> catalog.undropTable("default", "kept")).isInstanceOf(AlreadyExistsException.class);

        catalog.dropTable("default", "kept");
        fx.clock.advance(java.time.Duration.ofDays(8));
        fx.server.runMaintenance();
        assertThat(dataFiles()).as("past the window the files go").isZero();
        assertThatThrownBy(() -> catalog.undropTable("default", "kept")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("retention window");
    }

    /** Regular files under the data root, the server's own folder aside. */
    private long dataFiles() throws java.io.IOException {
        return fx.dataFiles().size();
    }

    @Test
    void namespaceLifecycle() {
        NamespaceInfo created = catalog.createNamespace("robotics", Map.of("owner", "lab"));
        assertThat(created.name()).isEqualTo("robotics");
        assertThat(created.properties()).containsEntry("owner", "lab");
        assertThat(catalog.getNamespace("robotics").properties()).containsEntry("owner", "lab");
        assertThat(catalog.namespaceExists("robotics")).isTrue();
        assertThat(catalog.listNamespaces()).extracting(NamespaceInfo::name).contains("default", "robotics");
        assertThatThrownBy(() -> catalog.createNamespace("robotics")).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("robotics");
        catalog.dropNamespace("robotics");
        assertThat(catalog.namespaceExists("robotics")).isFalse();
        assertThatThrownBy(() -> catalog.getNamespace("robotics")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void nonEmptyNamespaceDropNeedsCascade() {
        catalog.createTable(t -> t.namespace("zoo").table("cats").schema(Cats.SCHEMA).autoCreateNamespace(true));
        assertThatThrownBy(() -> catalog.dropNamespace("zoo")).isInstanceOf(ConflictException.class);
        assertThat(catalog.tableExists("zoo", "cats")).isTrue();
        catalog.dropNamespace("zoo", true);
        assertThat(catalog.namespaceExists("zoo")).isFalse();
        assertThat(catalog.tableExists("zoo", "cats")).isFalse();
    }

    @Test
    void tableLifecycle() {
        assertThatThrownBy(() -> catalog.createTable(t -> t.namespace("missing").table("cats").schema(Cats.SCHEMA)))
                .isInstanceOf(NotFoundException.class);
        TableInfo t = catalog.createTable(c -> c.namespace("zoo").table("cats").schema(Cats.SCHEMA)
                .autoCreateNamespace(true).property("owner", "me"));
        assertThat(Rows.withoutFieldIds(t.schema())).isEqualTo(Cats.SCHEMA);
        assertThat(t.format()).isEqualTo("parquet");
        assertThat(t.rowCount()).isZero();
        assertThat(t.latestCommitTime()).isEmpty();
        assertThat(catalog.getTable("zoo", "cats").properties()).containsEntry("owner", "me");
        assertThat(catalog.listTables("zoo")).extracting(TableInfo::name).containsExactly("cats");
        assertThatThrownBy(() -> catalog.createTable(c -> c.namespace("zoo").table("cats").schema(Cats.SCHEMA)))
                .isInstanceOf(AlreadyExistsException.class);
        catalog.dropTable("zoo", "cats");
        assertThat(catalog.tableExists("zoo", "cats")).isFalse();
        assertThatThrownBy(() -> catalog.getTable("zoo", "cats")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.dropTable("zoo", "cats")).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "a/b", "a\\b", "tab\tname", "nul\u0000"})
    void badNamesAreRefusedAndNothingIsCreated(String name) {
        assertThatThrownBy(() -> catalog.createNamespace(name)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> catalog.createTable(t -> t.table(name).schema(Cats.SCHEMA)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(catalog.listNamespaces()).extracting(NamespaceInfo::name).containsExactly("default");
        assertThat(catalog.listTables("default")).isEmpty();
    }

    @Test
    void overlongNameIsRefused() {
        String name = "é".repeat(128); // 256 UTF-8 bytes
        assertThatThrownBy(() -> catalog.createNamespace(name)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("255");
        String fits = "x".repeat(255);
        assertThat(catalog.createNamespace(fits).name()).isEqualTo(fits);
    }

    @Test
    void namesWithSpacesAndUnicodeRoundTrip() {
        catalog.createNamespace("my space ü+%");
        assertThat(catalog.getNamespace("my space ü+%").name()).isEqualTo("my space ü+%");
    }
}
