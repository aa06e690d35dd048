package io.deltacat.api.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code jobs().stageRayPayload(...)} stages: small code overlays for {@code ray} node runs, each a
 * directory (a Python package) or a single {@code .py} file, packed into one archive each and stored
 * under the server's Ray payload root. Payloads are for small overlays; the server refuses large ones.
 *
 * <pre>{@code
 * RayPayload p = client.jobs().stageRayPayload(o -> o.pyModules(Path.of("my_transforms")));
 * // p.pyModules(): the URIs to list under payload.py_modules of the node's cluster_config
 * }</pre>
 */
public final class RayPayloadOptions {
    private final List<Path> pyModules;

    private RayPayloadOptions(Builder b) {
        if (b.pyModules.isEmpty()) {
            throw new IllegalArgumentException("pyModules: name at least one directory or .py file to stage");
        }
        this.pyModules = List.copyOf(b.pyModules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The directories and files to stage, in order. */
    public List<Path> pyModules() {
        return pyModules;
    }

    /** Builds {@link RayPayloadOptions}. */
    public static final class Builder {
        private final List<Path> pyModules = new ArrayList<>();

        private Builder() {
        }

        /** Adds Python modules to stage: package directories or single {@code .py} files. */
        public Builder pyModules(Path... modules) {
            pyModules.addAll(List.of(modules));
            return this;
        }

        public RayPayloadOptions build() {
            return new RayPayloadOptions(this);
        }
    }
}
