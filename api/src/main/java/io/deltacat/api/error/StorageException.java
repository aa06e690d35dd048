package io.deltacat.api.error;

/** Reading or writing a data file failed; the message names the provider, the file and the operation. */
public class StorageException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(ProblemType.SERVER_ERROR, message, cause);
    }
}
