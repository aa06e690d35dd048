package io.deltacat.io.text.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.text.internal.Data.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.ReadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

class TextFormatsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    static FormatProvider provider(String name) {
        switch (name) {
            case "csv": return new CsvFormatProvider();
            case "tsv": return new TsvFormatProvider();
            case "psv": return new PsvFormatProvider();
            case "json": return new JsonLinesFormatProvider();
            default: return new FeatherFormatProvider();
        }
    }

    @Test
    void fiveProvidersAreDeclared() {
        List<String> names = TextFormatsTest.class.getModule().getDescriptor().provides().stream()
                .flatMap(p -> p.providers().stream()).collect(Collectors.toList());
        assertThat(names).hasSize(5);
        for (String n : names) {
            assertThat(n).startsWith("io.deltacat.io.text.internal.");
        }
        assertThat(new JsonLinesFormatProvider().extensions()).contains("jsonl", "json");
        assertThat(new FeatherFormatProvider().extensions()).contains("feather", "arrow");
        assertThat(new PsvFormatProvider().extensions()).containsExactly("psv");
    }

    static final Schema NESTED = new Schema(List.of(
            f("id", new ArrowType.Int(64, true)),
            f("tags", ArrowType.List.INSTANCE, f("item", ArrowType.Utf8.INSTANCE)),
            f("point", ArrowType.Struct.INSTANCE, f("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    f("label", ArrowType.Utf8.INSTANCE)),
            f("matrix", ArrowType.List.INSTANCE, f("item", ArrowType.List.INSTANCE, f("item", new ArrowType.Int(32, true))))));

    static final List<Object[]> NESTED_ROWS = List.of(
            new Object[] {1L, List.of("a", "b"), Map.of("x", 1.5, "label", "p"), List.of(List.of(1, 2), List.of())},
            new Object[] {null, null, null, null},
            new Object[] {3L, List.of(), Map.of("x", -2.0), List.of(List.of(3))},
            new Object[] {4L, Arrays.asList("c", null), java.util.Collections.singletonMap("label", null),
                Arrays.asList(null, List.of(4, 5))});

    @Test
    void jsonInfersNestingWithoutASchema() {
        String format = "json";
        FormatProvider p = provider(format);
        Path path = dir.resolve("nested." + format);
        try (VectorSchemaRoot root = Data.root(NESTED, NESTED_ROWS, allocator)) {
            List<List<Object>> expected = Data.rows(root);
            Data.write(p, path, root, Map.of(), allocator);
            Data.Read read = Data.read(p, path, ReadRequest.all(100).withExpectedSchema(NESTED), allocator);
            assertThat(read.rows()).isEqualTo(expected);
            {
                // and without a schema, the nesting is inferred
                Data.Read inferred = Data.read(p, path, ReadRequest.all(100), allocator);
                assertThat(inferred.schema().findField("tags").getChildren().get(0).getType())
                        .isEqualTo(ArrowType.Utf8.INSTANCE);
                assertThat(inferred.schema().findField("point").getType()).isEqualTo(ArrowType.Struct.INSTANCE);
                assertThat(inferred.rows()).hasSize(4);
            }
        }
    }

    @Test
    void csvTypesAreInferredWithoutASchema() throws Exception {
        Path path = dir.resolve("inferred.csv");
        Files.writeString(path, "id,score,ok,day,at,at_utc,name,code\n"
                + "1,1.5,true,2024-01-02,2024-01-02 03:04:05.123456,2024-01-02T03:04:05Z,\"x, y\",007\n"
                + ",2,,,,,,\n"
                + "-3,-1e3,false,2024-12-31,2024-12-31 00:00:00,2024-01-02 03:04:05+01:00,\"\",12\n");
        Data.Read read = Data.read(new CsvFormatProvider(), path, ReadRequest.all(10), allocator);
        assertThat(read.schema().getFields().stream().map(x -> x.getType().toString()).collect(Collectors.toList()))
                .containsExactly("Int(64, true)", "FloatingPoint(DOUBLE)", "Bool", "Date(DAY)",
                        "Timestamp(MICROSECOND, null)", "Timestamp(MICROSECOND, UTC)", "Utf8", "Utf8");
        assertThat(read.rows().get(0)).containsExactly(1L, 1.5, true, (int) java.time.LocalDate.of(2024, 1, 2).toEpochDay(),
                java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000),
                1704164645000000L, "x, y", "007");
        assertThat(read.rows().get(1)).containsExactly(null, 2.0, null, null, null, null, null, null);
        assertThat(read.rows().get(2).get(5)).isEqualTo(1704161045000000L);
        assertThat(read.rows().get(2).get(6)).isEqualTo("");
    }

    @Test
    void csvParseErrorsNameTheFileLineAndColumn() throws Exception {
        Path path = dir.resolve("bad.csv");
        Files.writeString(path, "id,name\n1,a\n2,b\nthree,c\n4,d\n");
        Schema schema = new Schema(List.of(f("id", new ArrowType.Int(64, true)), f("name", ArrowType.Utf8.INSTANCE)));
        assertThatThrownBy(() -> Data.read(new CsvFormatProvider(), path, ReadRequest.all(10)
                .withExpectedSchema(schema), allocator))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(path.toUri().toString()).hasMessageContaining("line 4")
                .hasMessageContaining("'id'").hasMessageContaining("three");
        Path ragged = dir.resolve("ragged.tsv");
        Files.writeString(ragged, "id\tname\n1\ta\n2\n");
        assertThatThrownBy(() -> Data.read(new TsvFormatProvider(), ragged, ReadRequest.all(10), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ragged.tsv")
                .hasMessageContaining("line 3").hasMessageContaining("expected 2 fields, found 1");
        Path quote = dir.resolve("quote.csv");
        Files.writeString(quote, "id,name\n1,a\n2,\"unterminated\n");
        assertThatThrownBy(() -> Data.read(new CsvFormatProvider(), quote, ReadRequest.all(10).withExpectedSchema(schema),
                allocator)).isInstanceOf(DeltacatException.class).hasMessageContaining("quote.csv")
                .hasMessageContaining("line 3");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "id,extra\n1,2\n");
        assertThatThrownBy(() -> Data.read(new CsvFormatProvider(), other, ReadRequest.all(10).withExpectedSchema(schema),
                allocator)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("other.csv")
                .hasMessageContaining("missing [name]").hasMessageContaining("unexpected [extra]");
    }

    @Test
    void jsonParseErrorsNameTheFileAndLine() throws Exception {
        Path path = dir.resolve("bad.jsonl");
        Files.writeString(path, "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3,,}\n");
        assertThatThrownBy(() -> Data.read(new JsonLinesFormatProvider(), path, ReadRequest.all(10), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad.jsonl")
                .hasMessageContaining("line 3");
        Path typed = dir.resolve("typed.jsonl");
        Files.writeString(typed, "{\"id\": 1}\n\n{\"id\": \"x\"}\n");
        Schema schema = new Schema(List.of(f("id", new ArrowType.Int(64, true))));
        assertThatThrownBy(() -> Data.read(new JsonLinesFormatProvider(), typed,
                ReadRequest.all(10).withExpectedSchema(schema), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("typed.jsonl")
                .hasMessageContaining("line 3").hasMessageContaining("'id'");
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"id\": 1, \"zzz\": 2}\n");
        assertThatThrownBy(() -> Data.read(new JsonLinesFormatProvider(), unknown,
                ReadRequest.all(10).withExpectedSchema(schema), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("zzz").hasMessageContaining("line 1");
    }

    @Test
    void featherErrorsNameTheFileAndOffset() throws Exception {
        Path path = dir.resolve("bad.feather");
        Files.write(path, "ARROW1\0\0 this is not an arrow file at all".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Data.read(new FeatherFormatProvider(), path, ReadRequest.all(10), allocator))
                .isInstanceOf(DeltacatException.class).hasMessageContaining("bad.feather")
                .hasMessageContaining("byte offset");
        assertThatThrownBy(() -> new FeatherFormatProvider().openWriter(LocalFiles.output(dir.resolve("x.feather")),
                Data.SCALARS, Map.of("compression", "brotli"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("brotli");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new CsvFormatProvider().openWriter(LocalFiles.output(dir.resolve("x.csv")),
                Data.SCALARS, Map.of("quote", "x"), allocator)).isInstanceOf(InvalidRequestException.class);
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    @Test
    void exactnessIsKept() throws Exception {
        Path path = dir.resolve("exact.csv");
        Files.writeString(path, "d,t\n1.2345,2024-01-01 00:00:00.0000001\n");
        Schema schema = new Schema(List.of(f("d", new ArrowType.Decimal(10, 2, 128)),
                f("t", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null))));
        assertThatThrownBy(() -> Data.read(new CsvFormatProvider(), path, ReadRequest.all(10).withExpectedSchema(schema),
                allocator)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'d'")
                .hasMessageContaining("decimal places");
        Schema dates = new Schema(List.of(f("d", new ArrowType.Date(DateUnit.MILLISECOND))));
        assertThatThrownBy(() -> new CsvFormatProvider().checkSchema(dates)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'d'");
    }
}
