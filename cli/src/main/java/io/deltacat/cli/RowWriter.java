package io.deltacat.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Prints the rows of Arrow batches to a terminal or pipe: an aligned table (buffered, so the widths
 * fit every row), CSV (RFC 4180, header line first) or JSON lines (one object per row). Values are
 * shown as a person reads them: dates and timestamps as ISO-8601 (timestamps in UTC), binary as hex,
 * null as an empty cell / JSON null.
 */
final class RowWriter {
    /** The stdout formats of {@code deltacat read}. */
    enum Format { TABLE, CSV, JSON }

    private final PrintStream out;
    private final Format format;
    private final List<List<String>> buffered = new ArrayList<>();
    private List<String> headers;
    private long rows;

    RowWriter(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    /** Prints (or, for a table, buffers) the rows of one batch. */
    void write(VectorSchemaRoot batch) {
        if (headers == null) {
            headers = batch.getSchema().getFields().stream().map(Field::getName).toList();
            if (format == Format.CSV) {
                out.println(String.join(",", headers.stream().map(RowWriter::csv).toList()));
            }
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            rows++;
            if (format == Format.JSON) {
                Map<String, Object> record = Printer.record();
                for (FieldVector v : vectors) {
                    record.put(v.getName(), jsonValue(v, row));
                }
                out.println(Printer.jsonLine(record));
                continue;
            }
            List<String> cells = new ArrayList<>(vectors.size());
            for (FieldVector v : vectors) {
                cells.add(text(v, row));
            }
            if (format == Format.CSV) {
                out.println(String.join(",", cells.stream().map(RowWriter::csv).toList()));
            } else {
                buffered.add(cells.stream().map(c -> c == null ? "" : c.replace('\n', ' ')).toList());
            }
        }
    }

    /** Ends the output (prints a buffered table with a row count); returns the rows written. */
    long finish(List<String> schemaHeaders) {
        if (format == Format.TABLE) {
            Printer.table(out, headers != null ? headers : schemaHeaders, buffered);
            out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
        } else if (format == Format.CSV && headers == null) {
            out.println(String.join(",", schemaHeaders.stream().map(RowWriter::csv).toList()));
        }
        out.flush();
        return rows;
    }

    /** A value as text; null for a null value. */
    static String text(FieldVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        if (v instanceof DateDayVector d) {
            return LocalDate.ofEpochDay(d.get(row)).toString();
        }
        if (v instanceof TimeStampVector ts) {
            return instant(ts.get(row), ((ArrowType.Timestamp) v.getField().getType()).getUnit()).toString();
        }
        Object o = v.getObject(row);
        if (o instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(o);
    }

    private static Object jsonValue(FieldVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        Object o = v.getObject(row);
        if (o instanceof Number && !(o instanceof BigDecimal) && !(v instanceof TimeStampVector)
                && !(v instanceof DateDayVector)) {
            return o;
        }
        if (o instanceof BigDecimal || o instanceof Boolean) {
            return o;
        }
        return text(v, row);
    }

    private static Instant instant(long value, TimeUnit unit) {
        switch (unit) {
            case SECOND: return Instant.ofEpochSecond(value);
            case MILLISECOND: return Instant.ofEpochMilli(value);
            case MICROSECOND: return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    Math.floorMod(value, 1_000_000L) * 1000L);
            default: return Instant.ofEpochSecond(0, value);
        }
    }

    private static String csv(String cell) {
        if (cell == null) {
            return "";
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
