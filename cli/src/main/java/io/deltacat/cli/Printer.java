package io.deltacat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints records (ordered maps of plain values: strings, numbers, booleans, lists, maps) as an
 * aligned table or as JSON. A list is printed as a table with one row per record; one record (a
 * {@code describe}) as {@code key: value} lines, or one JSON object.
 */
final class Printer {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    private Printer() {
    }

    /** Prints records as rows of a table (columns: every key, in first-seen order) or a JSON array. */
    static void list(PrintStream out, OutputOption.Mode mode, List<? extends Map<String, ?>> records) {
        if (mode == OutputOption.Mode.JSON) {
            out.println(json(records));
            return;
        }
        Set<String> headers = new LinkedHashSet<>();
        records.forEach(r -> headers.addAll(r.keySet()));
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, ?> r : records) {
            List<String> row = new ArrayList<>();
            for (String h : headers) {
                row.add(cell(r.get(h)));
            }
            rows.add(row);
        }
        table(out, new ArrayList<>(headers), rows);
    }

    /** Prints one record as {@code key: value} lines or a JSON object. */
    static void one(PrintStream out, OutputOption.Mode mode, Map<String, ?> record) {
        if (mode == OutputOption.Mode.JSON) {
            out.println(json(record));
            return;
        }
        int width = record.keySet().stream().mapToInt(String::length).max().orElse(0);
        record.forEach((k, v) -> out.println(pad(k + ":", width + 1) + " " + cell(v)));
    }

    /** Prints an aligned table: a header line, then the rows; columns separated by two spaces. */
    static void table(PrintStream out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(headers, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    /** A value as one table cell: lists joined by commas, maps as {@code k=v}, null as empty. */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(e -> parts.add(cell(e)));
            return String.join(",", parts);
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, e) -> parts.add(k + "=" + cell(e)));
            return String.join(",", parts);
        }
        return String.valueOf(v).replace('\n', ' ').replace('\t', ' ');
    }

    /** Indented JSON of a plain value. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print as JSON: " + e.getMessage(), e);
        }
    }

    /** One-line JSON of a plain value (for JSON lines). */
    static String jsonLine(Object value) {
        try {
            return JSON_LINE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print as JSON: " + e.getMessage(), e);
        }
    }

    /** A new ordered record. */
    static Map<String, Object> record() {
        return new LinkedHashMap<>();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            b.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i]));
        }
        return b.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
