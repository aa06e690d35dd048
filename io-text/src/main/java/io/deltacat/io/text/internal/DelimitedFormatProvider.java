package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * Delimited text (RFC 4180 quoting, Apache Commons CSV) with a header line. Nulls are empty unquoted
 * fields, empty strings are {@code ""}; numbers are written unquoted, everything else quoted. Columns
 * may hold every scalar type {@link TextValues} can write exactly; lists, structs and maps are refused
 * by {@link #checkSchema}. Without an expected schema, reading infers the types (see {@link TypeGuess}).
 * No writer options.
 */
abstract class DelimitedFormatProvider implements FormatProvider {
    private final String name;
    private final char delimiter;
    final CSVFormat csv;

    DelimitedFormatProvider(String name, char delimiter) {
        this.name = name;
        this.delimiter = delimiter;
        this.csv = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setQuoteMode(QuoteMode.NON_NUMERIC)
                .setNullString(null)
                .setIgnoreEmptyLines(false)
                .setRecordSeparator("\n")
                .get();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public Set<String> extensions() {
        return Set.of(name);
    }

    char delimiter() {
        return delimiter;
    }

    @Override
    public final void checkSchema(Schema schema) {
        TextValues.check(name, schema, false);
    }

    @Override
    public final FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                         BufferAllocator allocator) {
        if (!options.isEmpty()) {
            throw new InvalidRequestException("the " + name + " format has no options, got " + options.keySet());
        }
        checkSchema(schema);
        return new DelimitedWriter(name, csv, file, schema);
    }

    @Override
    public final FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new DelimitedReader(name, csv, file, request, allocator);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
