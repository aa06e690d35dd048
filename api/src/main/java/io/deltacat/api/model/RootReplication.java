package io.deltacat.api.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The replication of a table to one root it is placed on ({@code CatalogClient.replicationStatus}).
 *
 * @param root                     the placed root's name
 * @param state                    where replication stands
 * @param placedAt                 when the table was placed there (catalog nanoseconds)
 * @param backfill                 whether it was placed with backfill (every live file copied)
 * @param lastReplicatedCommitTime the commit time through which everything is verified there, if any
 * @param commitsBehind            commits of the table not yet fully copied there
 * @param bytesBehind              bytes of the files still to copy
 * @param lastError                the last failure (an unreachable root, a failed verification), if any
 * @param deleteAfter              when unplaced: the time after which the copies are deleted
 */
public record RootReplication(String root, ReplicationState state, long placedAt, boolean backfill,
                              OptionalLong lastReplicatedCommitTime, long commitsBehind, long bytesBehind,
                              Optional<String> lastError, OptionalLong deleteAfter) {
    /** Whether every file a read of the latest state needs is at the root. */
    public boolean inSync() {
        return state == ReplicationState.IN_SYNC;
    }
}
