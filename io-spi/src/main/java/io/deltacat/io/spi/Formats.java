package io.deltacat.io.spi;

import io.deltacat.api.error.UnsupportedFeatureException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link FormatProvider}s on the module path with {@link ServiceLoader}.
 *
 * <pre>{@code
 * FormatProvider parquet = Formats.require("parquet");
 * }</pre>
 */
public final class Formats {
    private Formats() {
    }

    /** Every provider found, in discovery order. */
    public static List<FormatProvider> all() {
        return ServiceLoader.load(FormatProvider.class, FormatProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
    }

    /** The provider named {@code name} (case-insensitive), if present. */
    public static Optional<FormatProvider> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.name().equals(wanted)).findFirst();
    }

    /**
     * The provider named {@code name}.
     *
     * @throws UnsupportedFeatureException naming the module to add when the format is one of this
     *         project's and its module is absent, or saying the format is unknown otherwise; both
     *         list the formats available
     */
    public static FormatProvider require(String name) {
        return find(name).orElseThrow(() -> {
            String available = " (available: " + all().stream().map(FormatProvider::name)
                    .collect(Collectors.joining(", ")) + ")";
            String module = PROJECT_MODULES.get(name.toLowerCase(Locale.ROOT));
            return new UnsupportedFeatureException(module == null ? "unknown format '" + name + "'" + available
                    : "no format provider for '" + name + "' on the module path: add module " + module + available);
        });
    }

    /** The provider whose extensions include {@code extension} (without dot), if present. */
    public static Optional<FormatProvider> forExtension(String extension) {
        String wanted = extension.toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.extensions().contains(wanted)).findFirst();
    }

    /** The modules of this project that provide each format name. */
    private static final Map<String, String> PROJECT_MODULES = Map.of(
            "parquet", "io.deltacat.io.parquet", "orc", "io.deltacat.io.orc", "avro", "io.deltacat.io.avro",
            "lance", "io.deltacat.io.lance", "csv", "io.deltacat.io.text", "tsv", "io.deltacat.io.text",
            "psv", "io.deltacat.io.text", "json", "io.deltacat.io.text", "feather", "io.deltacat.io.text");
}
