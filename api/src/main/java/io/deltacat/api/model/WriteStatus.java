package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of a staged write, as the server reports it ({@link io.deltacat.api.CatalogClient#writeStatus}):
 * how to learn whether a commit whose answer was lost
 * ({@link io.deltacat.api.error.CommitOutcomeUnknownException}) was applied.
 *
 * @param writeId    the write's id
 * @param state      where it is; {@link WriteState#UNKNOWN} for a state this client does not know
 * @param namespace  the table's namespace
 * @param table      the table's name
 * @param commitId   the commit id the committing client chose, once committed or prepared
 * @param commitTime the nanosecond commit time, once committed (pass it as {@code asOf})
 */
@Evolving
public record WriteStatus(String writeId, WriteState state, String namespace, String table,
                          Optional<String> commitId, OptionalLong commitTime) {
    public WriteStatus {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(commitTime, "commitTime");
    }

    /** Whether the write's data is part of its table. */
    public boolean isCommitted() {
        return state == WriteState.COMMITTED;
    }
}
