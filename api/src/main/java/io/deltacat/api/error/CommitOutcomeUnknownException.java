package io.deltacat.api.error;

import java.util.Locale;
import java.util.Objects;

/**
 * A commit was sent but its answer was lost and could not be resolved: it may or may not have been
 * applied. Do not simply redo the operation, which may apply it twice; resolve it first, by its
 * {@link #id()}, once the server can be reached:
 * <ul>
 *   <li>a write ({@link Kind#WRITE}): {@link io.deltacat.api.CatalogClient#writeStatus(String)};
 *       its staged files are left in place;</li>
 *   <li>a transaction ({@link Kind#TRANSACTION}):
 *       {@link io.deltacat.api.DeltacatClient#transactionStatus(String)}.</li>
 * </ul>
 *
 * <pre>{@code
 * try {
 *     tx.commit();
 * } catch (CommitOutcomeUnknownException e) {
 *     // later, when the server answers again:
 *     boolean applied = client.transactionStatus(e.id()).state() == TransactionState.COMMITTED;
 * }
 * }</pre>
 */
public class CommitOutcomeUnknownException extends DeltacatException {
    private static final long serialVersionUID = 2L;

    /** What was being committed. */
    public enum Kind {
        /** A staged write ({@code POST /v1/writes/{id}/commit}). */
        WRITE,
        /** A multi-table transaction ({@code POST /v1/transactions/{id}/commit}). */
        TRANSACTION
    }

    private final Kind kind;
    private final String id;

    /** The outcome of the commit of write {@code writeId} is unknown. */
    public CommitOutcomeUnknownException(String writeId, Throwable cause) {
        this(Kind.WRITE, writeId, cause);
    }

    /** The outcome of the commit of the write or transaction {@code id} is unknown. */
    public CommitOutcomeUnknownException(Kind kind, String id, Throwable cause) {
        super(ProblemType.UNAVAILABLE, message(kind, id), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = Objects.requireNonNull(id, "id");
    }

    private static String message(Kind kind, String id) {
        String what = kind.name().toLowerCase(Locale.ROOT);
        return "outcome of commit for " + what + " " + id + " is unknown: the server's answer was lost"
                + (kind == Kind.WRITE ? "; staged files were kept; resolve it with catalog().writeStatus(\""
                        : "; resolve it with transactionStatus(\"") + id + "\")";
    }

    /** Whether a write or a transaction was being committed. */
    public Kind kind() {
        return kind;
    }

    /** The id of the write or transaction whose commit's outcome is unknown. */
    public String id() {
        return id;
    }

    /**
     * The write's id, for {@link Kind#WRITE}; prefer {@link #id()}, which works for both kinds.
     *
     * @throws IllegalStateException when the commit was a transaction's
     */
    public String writeId() {
        if (kind != Kind.WRITE) {
            throw new IllegalStateException("the unknown outcome is of transaction " + id + ", not of a write");
        }
        return id;
    }
}
