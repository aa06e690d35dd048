package io.deltacat.ray;

/** An invalid Ray dispatch configuration; the message starts with the offending key. */
public final class RayConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public RayConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The offending key, e.g. {@code head_node_type} or {@code available_node_types.worker.min_workers}. */
    public String key() {
        return key;
    }
}
