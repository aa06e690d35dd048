package io.deltacat.api.error;

/**
 * The storage refused access to a data file: a presigned URL or a temporary credential expired, or
 * the object lies outside what the server vended for the operation. The message names the object
 * and the operation, never a secret.
 */
public class StorageAccessException extends StorageException {
    private static final long serialVersionUID = 1L;

    public StorageAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
