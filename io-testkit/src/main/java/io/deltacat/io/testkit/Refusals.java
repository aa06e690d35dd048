package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import io.deltacat.io.spi.FormatWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** An undeclared type is refused by checkSchema and openWriter, naming the column and its type, before any byte. */
final class Refusals {
    private Refusals() {
    }

    static void check(Harness h, Kind kind) throws Exception {
        Schema schema = ContractData.schema(List.of(kind));
        Throwable checked = catchThrowable(() -> h.provider.checkSchema(schema));
        assertThat(checked).as("checkSchema of column '%s' of %s, a type the provider does not declare "
                + "(declare it in capabilities() if the provider holds it)", kind.column(), kind.field().getType())
                .isInstanceOf(InvalidRequestException.class);
        assertNames(checked, kind);
        Path path = h.path("refused");
        Throwable opened = catchThrowable(() -> {
            try (FormatWriter w = h.provider.openWriter(h.output(path), schema, Map.of(), h.allocator)) {
                assertThat(w).isNotNull();
            }
        });
        assertThat(opened).as("openWriter with column '%s' of %s", kind.column(), kind.field().getType())
                .isInstanceOf(InvalidRequestException.class);
        assertNames(opened, kind);
        assertThat(h.leftovers()).as("files left by a refused openWriter").isEmpty();
    }

    private static void assertNames(Throwable t, Kind kind) {
        String message = String.valueOf(t.getMessage());
        assertThat(message).as("the refusal names the column").containsAnyOf("'" + kind.column() + "'",
                "'" + kind.column() + ".", "\"" + kind.column() + "\"");
        String squashed = squash(message);
        List<String> names = typeNames(kind.field().getType());
        assertThat(names.stream().anyMatch(n -> squashed.contains(squash(n))))
                .as("the refusal \"%s\" names the type (one of %s)", message, names).isTrue();
    }

    /** Spellings of a type a message may use: our short name, Arrow's, its type id. */
    static List<String> typeNames(ArrowType type) {
        List<String> names = new ArrayList<>();
        names.add(Literals.typeName(type));
        names.add(type.toString());
        if (!(type instanceof ArrowType.Int)) { // "int" alone would match almost any message
            names.add(type.getTypeID().name());
        }
        if (type instanceof ArrowType.LargeUtf8) {
            names.add("large_string");
        }
        return names;
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
