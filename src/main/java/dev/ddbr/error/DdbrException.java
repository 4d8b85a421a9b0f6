package dev.ddbr.error;

/**
 * The one exception type domain code throws for an expected failure. It carries the exit code and a
 * hint that tells the operator what to do next. The message is a single line, without the "ddbr:" prefix.
 */
public class DdbrException extends RuntimeException {
    private final int exitCode;
    private final String hint;

    public DdbrException(int exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public DdbrException(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public int exitCode() { return exitCode; }

    /** What to do about it; may be null. */
    public String hint() { return hint; }

    /** Bad input found after parsing: exit 252. */
    public static DdbrException invalid(String message, String hint) {
        return new DdbrException(ExitCodes.INVALID_VALUE, message, hint);
    }

    /** Configuration problem (profile, credentials, region): exit 253. */
    public static DdbrException config(String message, String hint) {
        return new DdbrException(ExitCodes.CONFIG, message, hint);
    }

    /** Configuration problem with a cause: exit 253. */
    public static DdbrException config(String message, String hint, Throwable cause) {
        return new DdbrException(ExitCodes.CONFIG, message, hint, cause);
    }

    /** AWS service error after retries: exit 254. */
    public static DdbrException aws(String message, String hint, Throwable cause) {
        return new DdbrException(ExitCodes.AWS, message, hint, cause);
    }
}
