package io.deltacat.ray;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A section of the launcher YAML whose keys this model does not know are kept as parsed and written
 * back (the launcher's format is larger than what dispatch reads).
 */
abstract class KeptKeys {
    private final Map<String, Object> other = new LinkedHashMap<>();

    /** Keys this model does not know, as parsed (kept and re-emitted). */
    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    @JsonAnySetter
    void other(String key, Object value) {
        other.put(key, value);
    }
}
