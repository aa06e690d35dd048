package io.deltacat.io.spi;

import io.deltacat.api.error.UnsupportedFeatureException;
import java.util.List;
import java.util.Locale;
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
     * @throws UnsupportedFeatureException naming the module to add when none is present
     */
    public static FormatProvider require(String name) {
        return find(name).orElseThrow(() -> new UnsupportedFeatureException("no format provider for '"
                + name + "' on the module path: add module io.deltacat.io." + moduleSuffix(name)
                + " (available: " + all().stream().map(FormatProvider::name).collect(Collectors.joining(", "))
                + ")"));
    }

    /** The provider whose extensions include {@code extension} (without dot), if present. */
    public static Optional<FormatProvider> forExtension(String extension) {
        String wanted = extension.toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.extensions().contains(wanted)).findFirst();
    }

    private static String moduleSuffix(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "csv": case "tsv": case "psv": case "json": case "jsonl": case "feather":
                return "text";
            default:
                return format.toLowerCase(Locale.ROOT);
        }
    }
}
