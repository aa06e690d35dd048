package io.deltacat.wire.placement;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code ReplicationStatusList}. */
@WireSchema("ReplicationStatusList")
public record ReplicationStatusList(
        @JsonProperty(value = "roots", required = true) List<RootReplication> roots) {
}
