package dev.ddbr.skew.export;

/** A data line that is not a valid DynamoDB JSON or Ion item. The reader adds the file and line. */
public final class ItemFormatException extends Exception {
    public ItemFormatException(String message) {
        super(message);
    }

    public ItemFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
