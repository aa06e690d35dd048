package io.deltacat.api.model;

import java.util.Map;
import java.util.Objects;

/** A namespace: a named group of tables. {@code createdAt} is nanoseconds since the epoch. */
public record NamespaceInfo(String name, Map<String, String> properties, long createdAt) {
    public NamespaceInfo {
        Objects.requireNonNull(name, "name");
        properties = Map.copyOf(properties);
    }
}
