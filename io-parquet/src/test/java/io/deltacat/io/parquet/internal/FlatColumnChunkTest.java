package io.deltacat.io.parquet.internal;

import io.deltacat.io.testkit.LocalFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bulk writers of flat columns ({@link PlainColumnChunk}, {@link BinaryColumnChunk}) against
 * Parquet-Java's own column writer: the same batches written both ways give the same chunks
 * (encodings, sizes, statistics, page indexes) and the same values back, with nulls, NaN, signed
 * zeros and extremes, across page and row group cuts, and for strings through every dictionary
 * outcome: kept, given up on the first page, and given up mid-chunk when it outgrows its page.
 */
class FlatColumnChunkTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", new FieldType(false, new ArrowType.Int(64, true), null), null),
            field("i32", new ArrowType.Int(32, true)),
            field("i64", new ArrowType.Int(64, true)),
            field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            field("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            field("day", new ArrowType.Date(DateUnit.DAY)),
            field("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            field("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
            field("few", new ArrowType.Int(32, true)),
            new Field("label", new FieldType(false, ArrowType.Utf8.INSTANCE, null), null),
            field("name", ArrowType.Utf8.INSTANCE),
            field("grow", ArrowType.Utf8.INSTANCE),
            field("bin", ArrowType.Binary.INSTANCE),
            new Field("req_f64", new FieldType(false, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null), null)));

    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    static Field field(String name, ArrowType type) {
        return new Field(name, new FieldType(true, type, null), null);
    }

    @ParameterizedTest(name = "page size {0}, row group size {1}, batches of {2}")
    @CsvSource({"1048576, 134217728, 7000", "4096, 134217728, 5000", "65536, 300000, 30000"})
    void plainChunksEqualParquetJavasOwn(int pageSize, long rowGroupSize, int batchRows) throws IOException {
        Path plain = dir.resolve("plain.parquet");
        Path reference = dir.resolve("reference.parquet");
        write(plain, true, pageSize, rowGroupSize, batchRows);
        write(reference, false, pageSize, rowGroupSize, batchRows);
        List<String> expected = expected(batchRows);
        assertThat(readAll(plain)).hasSize(ROWS).isEqualTo(expected);
        assertThat(readAll(reference)).isEqualTo(expected);

        try (ParquetFileReader ours = open(plain); ParquetFileReader theirs = open(reference)) {
            List<BlockMetaData> ourGroups = ours.getFooter().getBlocks();
            List<BlockMetaData> theirGroups = theirs.getFooter().getBlocks();
            assertThat(ourGroups).hasSameSizeAs(theirGroups);
            for (int g = 0; g < ourGroups.size(); g++) {
                assertThat(ourGroups.get(g).getRowCount()).isEqualTo(theirGroups.get(g).getRowCount());
                List<ColumnChunkMetaData> a = ourGroups.get(g).getColumns();
                List<ColumnChunkMetaData> b = theirGroups.get(g).getColumns();
                for (int c = 0; c < a.size(); c++) {
                    String column = a.get(c).getPath().toDotString() + " in row group " + g;
                    assertThat(a.get(c).getEncodings()).as(column).isEqualTo(b.get(c).getEncodings());
                    assertThat(a.get(c).getValueCount()).as(column).isEqualTo(b.get(c).getValueCount());
                    assertThat(a.get(c).getTotalUncompressedSize()).as(column)
                            .isEqualTo(b.get(c).getTotalUncompressedSize());
                    assertThat(a.get(c).getTotalSize()).as(column).isEqualTo(b.get(c).getTotalSize());
                    assertThat(a.get(c).getStatistics()).as(column).isEqualTo(b.get(c).getStatistics());
                    assertThat(a.get(c).getSizeStatistics().getUnencodedByteArrayDataBytes()).as(column)
                            .isEqualTo(b.get(c).getSizeStatistics().getUnencodedByteArrayDataBytes());
                    assertThat(a.get(c).getDictionaryPageOffset() > 0).as(column + " has a dictionary page")
                            .isEqualTo(b.get(c).getDictionaryPageOffset() > 0);
                    ColumnIndex ai = ours.readColumnIndex(a.get(c));
                    ColumnIndex bi = theirs.readColumnIndex(b.get(c));
                    assertThat(ai == null).as(column + " has a column index").isEqualTo(bi == null);
                    if (ai != null) {
                        assertThat(ai.getMinValues()).as(column).isEqualTo(bi.getMinValues());
                        assertThat(ai.getMaxValues()).as(column).isEqualTo(bi.getMaxValues());
                        assertThat(ai.getNullCounts()).as(column).isEqualTo(bi.getNullCounts());
                        assertThat(ai.getNullPages()).as(column).isEqualTo(bi.getNullPages());
                    }
                    OffsetIndex ao = ours.readOffsetIndex(a.get(c));
                    OffsetIndex bo = theirs.readOffsetIndex(b.get(c));
                    assertThat(ao.getPageCount()).as(column).isEqualTo(bo.getPageCount());
                    for (int p = 0; p < ao.getPageCount(); p++) {
                        assertThat(ao.getFirstRowIndex(p)).as(column + " page " + p).isEqualTo(bo.getFirstRowIndex(p));
                        assertThat(ao.getCompressedPageSize(p)).as(column + " page " + p)
                                .isEqualTo(bo.getCompressedPageSize(p));
                    }
                }
            }
            // each dictionary outcome happened: kept (few, label, bin), given up on the first page
            // (f64, name), given up mid-chunk (grow: dictionary and plain pages in one chunk)
            // (checked where the first row group is large enough for all three to happen)
            List<ColumnChunkMetaData> first = ourGroups.get(0).getColumns();
            if (ourGroups.size() > 1) {
                return;
            }
            for (int c : new int[] {8, 9, 12}) {
                assertThat(first.get(c).getEncodings()).as(first.get(c).getPath().toDotString())
                        .contains(Encoding.PLAIN_DICTIONARY).doesNotContain(Encoding.PLAIN);
            }
            for (int c : new int[] {4, 10}) {
                assertThat(first.get(c).getEncodings()).as(first.get(c).getPath().toDotString())
                        .contains(Encoding.PLAIN).doesNotContain(Encoding.PLAIN_DICTIONARY);
            }
            assertThat(first.get(11).getEncodings()).as("grow").contains(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY);
        }
    }

    static final int ROWS = 100_000;

    private void write(Path path, boolean plainColumns, int pageSize, long rowGroupSize, int batchRows)
            throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        FormatWriter writer = new ParquetFormatWriter(LocalFiles.output(path), SCHEMA, ParquetSchemas.toParquet(SCHEMA),
                CompressionCodecName.UNCOMPRESSED, rowGroupSize, pageSize, plainColumns);
        try (writer) {
            for (int from = 0; from < ROWS; from += batchRows) {
                int n = Math.min(batchRows, ROWS - from);
                try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                    root.allocateNew();
                    fill(root, from, n, random);
                    writer.write(root);
                }
            }
            writer.finish();
        }
    }

    /** Random values with nulls (none in some batches, all in one), NaN, signed zeros and extremes. */
    private static void fill(VectorSchemaRoot root, int from, int n, SplittableRandom random) {
        int batch = from / n;
        double nullRate = batch % 3 == 0 ? 0 : batch % 3 == 1 ? 0.2 : 0.9;
        double[] specials = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.MIN_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i, from + i);
            boolean allNull = batch == 2; // a whole batch of nulls
            for (FieldVector v : root.getFieldVectors()) {
                String name = v.getField().getName();
                if (name.equals("id")) {
                    continue;
                }
                if (v.getField().isNullable() && (allNull || random.nextDouble() < nullRate)) {
                    v.setNull(i);
                    continue;
                }
                boolean special = random.nextInt(50) == 0;
                switch (name) {
                    case "i32": ((IntVector) v).setSafe(i, special ? Integer.MIN_VALUE : random.nextInt()); break;
                    case "i64": ((BigIntVector) v).setSafe(i, special ? Long.MAX_VALUE : random.nextLong()); break;
                    case "f32": ((Float4Vector) v).setSafe(i, special
                            ? (float) specials[random.nextInt(specials.length)] : (float) random.nextDouble(-1e6, 1e6));
                        break;
                    case "f64": case "req_f64": ((Float8Vector) v).setSafe(i, special
                            ? specials[random.nextInt(specials.length)] : random.nextDouble(-1e9, 1e9));
                        break;
                    case "day": ((DateDayVector) v).setSafe(i, random.nextInt(-100_000, 100_000)); break;
                    case "ts_us": case "ts_ns": ((TimeStampVector) v).setSafe(i, random.nextLong()); break;
                    case "few": ((IntVector) v).setSafe(i, random.nextInt(4)); break;
                    case "label": ((VarCharVector) v).setSafe(i, utf8(LABELS[random.nextInt(LABELS.length)])); break;
                    case "name": ((VarCharVector) v).setSafe(i, utf8("név-" + random.nextLong() + "-" + "x".repeat(random.nextInt(12)))); break;
                    case "grow": ((VarCharVector) v).setSafe(i, utf8(String.format("%048d", (from + i) / 3))); break;
                    case "bin": ((VarBinaryVector) v).setSafe(i, BLOBS[random.nextInt(BLOBS.length)]); break;
                    default: throw new AssertionError(name);
                }
            }
        }
        root.setRowCount(n);
    }

    static final String[] LABELS = {"", "pick", "pick_screwdriver", "open_drawer-17", "stack_blocks_high", "π≈3.14159",
            "pour_water_into_the_glass", "fold"};
    static final byte[][] BLOBS = blobs();

    private static byte[][] blobs() {
        SplittableRandom random = new SplittableRandom(3);
        byte[][] blobs = new byte[40][];
        for (int k = 0; k < blobs.length; k++) {
            blobs[k] = new byte[k % 20 == 0 ? 0 : random.nextInt(1, 70)];
            for (int j = 0; j < blobs[k].length; j++) {
                blobs[k][j] = (byte) random.nextInt(256); // high bytes order unsigned
            }
        }
        blobs[1] = new byte[] {(byte) 0xff};
        blobs[2] = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0}; // same hash tail as shorter zero runs
        blobs[3] = new byte[] {0, 0, 0, 0, 0, 0, 0, 0};
        return blobs;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ParquetFileReader open(Path path) throws IOException {
        return ParquetFileReader.open(ParquetFiles.input(LocalFiles.input(path)),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build());
    }

    /** The rows written, rendered as {@link #readAll} renders what it reads. */
    private List<String> expected(int batchRows) {
        SplittableRandom random = new SplittableRandom(7);
        List<String> rows = new ArrayList<>();
        for (int from = 0; from < ROWS; from += batchRows) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                root.allocateNew();
                fill(root, from, Math.min(batchRows, ROWS - from), random);
                render(root, rows);
            }
        }
        return rows;
    }

    /** Every row read back; batches of a size unrelated to the pages, so runs straddle page ends. */
    private List<String> readAll(Path path) throws IOException {
        List<String> rows = new ArrayList<>();
        try (FormatReader r = new ParquetFormatProvider().openReader(LocalFiles.input(path), ReadRequest.all(9_999),
                allocator)) {
            while (r.next()) {
                render(r.batch(), rows);
            }
        }
        return rows;
    }

    private static void render(VectorSchemaRoot b, List<String> rows) {
        for (int i = 0; i < b.getRowCount(); i++) {
            StringBuilder row = new StringBuilder();
            for (FieldVector v : b.getFieldVectors()) {
                Object o = v.getObject(i);
                // raw bits keep NaN and -0.0 apart in the comparison
                row.append(o instanceof Double ? Long.toHexString(Double.doubleToRawLongBits((Double) o))
                        : o instanceof Float ? Integer.toHexString(Float.floatToRawIntBits((Float) o))
                        : o instanceof byte[] ? java.util.HexFormat.of().formatHex((byte[]) o) : o)
                        .append('|');
            }
            rows.add(row.toString());
        }
    }

}
