package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.server.internal.idempotency.IdempotencyStore;
import io.deltacat.server.StorageRoot;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.storage.Roots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;

/**
 * The catalog's services over one metadata database and data root, wired together once. A request
 * goes to the service of its role: {@link Namespaces}, {@link Tables}, {@link WriteSessions} then
 * {@link Commits} for a write, {@link Planner} for a read, {@link TransactionService} for
 * transactions, {@link Compactions} for compaction jobs, {@link Maintenance} for what is left behind.
 */
public final class Catalog {
    private final CatalogStore store;
    private final Namespaces namespaces;
    private final Tables tables;
    private final WriteSessions writes;
    private final Commits commits;
    private final Planner planner;
    private final Compactions compactions;
    private final TransactionService transactions;
    private final Maintenance maintenance;
    private final CommitListeners listeners = new CommitListeners();
    private final IdempotencyStore idempotency;
    private final StorageScopes scopes;
    private final PlacementView placementView;

    /** A catalog that keeps superseded files for {@link Maintenance#DEFAULT_SUPERSEDED_RETENTION}. */
    public Catalog(Database db, Path root, Clock clock, Duration stagingTtl, ObjectMapper json) {
        this(db, localRoot(root), clock, stagingTtl, json, Maintenance.DEFAULT_SUPERSEDED_RETENTION,
                Maintenance.DEFAULT_LEFTOVER_GRACE);
    }

    private static Roots localRoot(Path root) {
        try {
            return Roots.open(List.of(StorageRoot.local("default", root)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param stagingTtl          how long a staged write may stay open before maintenance expires it
     * @param supersededRetention how long a data file superseded by a compaction or a replace stays
     *                            readable by time travel before maintenance deletes it (and the
     *                            files of a dropped table)
     * @param leftoverGrace       how old a file nothing references must be before maintenance deletes it
     */
    public Catalog(Database db, Roots roots, Clock clock, Duration stagingTtl, ObjectMapper json,
                   Duration supersededRetention, Duration leftoverGrace) {
        store = new CatalogStore(db, roots, clock);
        TransactionOps transactionOps = new TransactionOps(store, json);
        Deltas deltas = new Deltas(store);
        namespaces = new Namespaces(store);
        tables = new Tables(store, transactionOps, supersededRetention);
        compactions = new Compactions(store);
        writes = new WriteSessions(store, transactionOps, stagingTtl);
        commits = new Commits(store, new CommitVerifier(store.roots()), deltas, transactionOps, listeners, tables,
                compactions);
        planner = new Planner(store, transactionOps);
        transactions = new TransactionService(store, new TransactionCommit(store, transactionOps, deltas), listeners,
                tables, compactions);
        maintenance = new Maintenance(store, transactions, supersededRetention, leftoverGrace);
        idempotency = new IdempotencyStore(store::nowNs);
        scopes = new StorageScopes(store);
        placementView = new PlacementView(store);
    }

    public Namespaces namespaces() {
        return namespaces;
    }

    public Tables tables() {
        return tables;
    }

    public WriteSessions writes() {
        return writes;
    }

    public Commits commits() {
        return commits;
    }

    public Planner planner() {
        return planner;
    }

    public Compactions compactions() {
        return compactions;
    }

    public TransactionService transactions() {
        return transactions;
    }

    public Maintenance maintenance() {
        return maintenance;
    }

    /** Who hears of committed writes (pipelines' event triggers). */
    public CommitListeners listeners() {
        return listeners;
    }

    /** Checks of what storage access may be renewed or signed for. */
    public StorageScopes scopes() {
        return scopes;
    }

    /** What placement and replication read of the catalog. */
    public PlacementView placementView() {
        return placementView;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    /** The data roots, the default first. */
    public Roots roots() {
        return store.roots();
    }

    /** Now, in nanoseconds since the epoch, from the injected clock. */
    public long nowNs() {
        return store.nowNs();
    }
}
