package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB, an independent Parquet reader, reads exactly the rows our client wrote through the server. */
class DuckDbCrossCheckTest {
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
    void duckDbReadsTheCommittedFilesWithIdenticalRows() throws Exception {
        try (VectorSchemaRoot a = Cats.first(fx.allocator); VectorSchemaRoot b = Cats.generated(fx.allocator, 10, 500)) {
            catalog.write(a, w -> w.table("cats"));
            catalog.write(b, w -> w.table("cats"));
        }
        ReadPlan plan = catalog.plan(q -> q.table("cats"));
        assertThat(plan.files()).hasSize(2);
        String files = plan.files().stream().map(DataFile::uri)
                .map(u -> "'" + Path.of(java.net.URI.create(u)).toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", "));

        List<List<Object>> duck = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, age FROM read_parquet([" + files + "]) ORDER BY id")) {
            while (rs.next()) {
                Object age = rs.getObject(3);
                duck.add(Rows.row(rs.getLong(1), rs.getString(2), age == null ? null : ((Number) age).longValue()));
            }
        }
        List<List<Object>> ours = Rows.of(catalog.readAll(q -> q.table("cats")));
        ours.sort((x, y) -> Long.compare((Long) x.get(0), (Long) y.get(0)));
        assertThat(duck).hasSize(503).isEqualTo(ours);
    }
}
