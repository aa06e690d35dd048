package io.deltacat.server.internal.placement.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The wire shapes of placement (OpenAPI {@code PlaceRequest}, {@code ReplicationStatusList},
 * {@code RootReplication}), bound with Jackson data binding.
 */
public final class PlacementWire {
    private PlacementWire() {
    }

    /** {@code POST .../placements}: the roots to place the table on; {@code backfill} defaults to true. */
    public record PlaceRequest(List<String> roots, Boolean backfill) {
    }

    /**
     * One placed root's replication. {@code state}: backfilling, in_sync, lagging, paused (unplaced,
     * copies deleted after {@code deleteAfter}), failed (its job gave up; retried by the next commit or
     * the periodic check). Times are nanoseconds since the epoch.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootReplication(String root, String state, long placedAt, boolean backfill,
                                  Long lastReplicatedCommitTime, long commitsBehind, long bytesBehind, String lastError,
                                  Long deleteAfter) {
    }

    /** The answer of place and of {@code GET .../replication}. */
    public record ReplicationStatusList(List<RootReplication> roots) {
    }
}
