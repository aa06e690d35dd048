package io.deltacat.api.model;

import java.util.List;

/**
 * Staged Ray payload: one URI per staged module, in the order given, to list under
 * {@code payload.py_modules} of a {@code ray} node's {@code cluster_config}. The URIs are
 * content-addressed: the same bytes give the same URI and are stored once.
 *
 * @param pyModules the staged archives' URIs
 */
public record RayPayload(List<String> pyModules) {
    public RayPayload {
        pyModules = List.copyOf(pyModules);
    }
}
