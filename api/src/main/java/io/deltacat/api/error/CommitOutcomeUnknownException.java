package io.deltacat.api.error;

/**
 * A commit was sent but its answer was lost and could not be resolved. The commit may or may not have
 * been applied; the staged files are left in place. Resolve it later with the write id.
 */
public class CommitOutcomeUnknownException extends DeltacatException {
    private static final long serialVersionUID = 1L;
    private final String writeId;

    public CommitOutcomeUnknownException(String writeId, Throwable cause) {
        super(ProblemType.UNAVAILABLE, "outcome of commit for write " + writeId
                + " is unknown: the server's answer was lost; staged files were kept", cause);
        this.writeId = writeId;
    }

    public String writeId() {
        return writeId;
    }
}
