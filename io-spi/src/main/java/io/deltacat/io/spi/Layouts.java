package io.deltacat.io.spi;

import io.deltacat.api.error.UnsupportedFeatureException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds {@link LayoutProvider}s on the module path with {@link ServiceLoader}.
 *
 * <pre>{@code
 * Optional<LayoutProvider> layout = Layouts.ofTable(table.properties());   // empty: a plain table
 * }</pre>
 */
public final class Layouts {
    private Layouts() {
    }

    /** The provider named {@code name} (case-insensitive), if present. */
    public static Optional<LayoutProvider> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return ServiceLoader.load(LayoutProvider.class, LayoutProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(wanted)).findFirst();
    }

    /**
     * The provider named {@code name}.
     *
     * @throws UnsupportedFeatureException naming the module to add when none is present
     */
    public static LayoutProvider require(String name) {
        return find(name).orElseThrow(() -> new UnsupportedFeatureException("no layout provider for '" + name
                + "' on the module path: add module io.deltacat." + name.toLowerCase(Locale.ROOT)));
    }

    /** The layout a table's properties name ({@link LayoutProvider#PROPERTY}); empty for a plain table. */
    public static Optional<LayoutProvider> ofTable(Map<String, String> properties) {
        String name = properties.get(LayoutProvider.PROPERTY);
        return name == null || name.isEmpty() ? Optional.empty() : Optional.of(require(name));
    }
}
