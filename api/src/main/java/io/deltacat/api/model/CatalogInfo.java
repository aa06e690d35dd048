package io.deltacat.api.model;

import java.util.List;
import java.util.Objects;

/** A catalog and the data roots it advertises. */
public record CatalogInfo(String name, List<DataRoot> roots) {
    public CatalogInfo {
        Objects.requireNonNull(name, "name");
        roots = List.copyOf(roots);
    }

    /** The root new tables are written under. */
    public DataRoot defaultRoot() {
        return roots.stream().filter(DataRoot::isDefault).findFirst().orElse(roots.get(0));
    }
}
