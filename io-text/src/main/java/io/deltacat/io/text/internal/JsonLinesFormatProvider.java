package io.deltacat.io.text.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code json} format: JSON lines, one object per line, keys in schema order (Jackson streaming).
 * Numbers are JSON numbers (decimals exactly, non-finite floats as the bare tokens {@code NaN},
 * {@code Infinity} and {@code -Infinity}, which pyarrow and DuckDB read as floats; the strings
 * {@code "NaN"} of older files are read too), booleans JSON booleans, lists arrays, structs objects, nulls {@code null};
 * binary is base64 and dates, times and timestamps ISO strings, as in {@link TextValues}. A missing key
 * reads as null. Without an expected schema, reading infers the types (see {@link TypeGuess}). No
 * writer options.
 */
public final class JsonLinesFormatProvider implements FormatProvider {
    static final String NAME = "json";
    /** Reads and writes bare {@code NaN}, {@code Infinity}, {@code -Infinity}, as pyarrow and DuckDB do. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10_000).build())
            .build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> extensions() {
        return new LinkedHashSet<>(List.of("jsonl", "json"));
    }

    @Override
    public void checkSchema(Schema schema) {
        TextValues.check(NAME, schema, true);
    }

    @Override
    public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                   BufferAllocator allocator) {
        if (!options.isEmpty()) {
            throw new InvalidRequestException("the json format has no options, got " + options.keySet());
        }
        checkSchema(schema);
        return new JsonLinesWriter(file, schema);
    }

    @Override
    public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        return new JsonLinesReader(file, request, allocator);
    }

    @Override
    public String toString() {
        return "JsonLinesFormatProvider[json]";
    }
}
