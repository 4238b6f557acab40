package dev.basin.data;

/**
 * A problem with input data that the user can fix (missing, truncated or corrupt file, wrong
 * checksum). The message is one line saying what is wrong and how to fix it.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
