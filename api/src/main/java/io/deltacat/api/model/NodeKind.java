package io.deltacat.api.model;

import java.util.Locale;

/** The kinds of pipeline node; {@link #UNKNOWN} for a kind a newer server reports. */
public enum NodeKind {
    /** A leaf: reads source tables, writes nothing the catalog sees. */
    SUBSCRIPTION,
    /** A middle node: reads source tables, writes sink tables. */
    TRANSFORM,
    /** A root: writes sink tables only. */
    PUBLICATION,
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeKind fromWire(String name) {
        for (NodeKind k : values()) {
            if (k != UNKNOWN && k.wireName().equals(name)) {
                return k;
            }
        }
        return UNKNOWN;
    }
}
