package dev.ddbr.error;

/** Process exit codes. They follow the AWS CLI's return codes, which operators already script against. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Ran, but found problems: findings, a threshold passed, RPO breached, some steps failed. */
    public static final int PROBLEMS = 1;
    /** Usage error: unknown option, missing argument (picocli). */
    public static final int USAGE = 2;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;
    /** Invalid parameter value found after parsing. */
    public static final int INVALID_VALUE = 252;
    /** Configuration: profile, credentials, region. */
    public static final int CONFIG = 253;
    /** AWS service error after retries: not found, access denied, throttled, unreachable. */
    public static final int AWS = 254;
    /** Internal error: a bug in ddbr. */
    public static final int INTERNAL = 255;

    private ExitCodes() {}

    // The table shown in every --help (annotation values must be constants).
    public static final String HELP_0 = "0:success";
    public static final String HELP_1 = "1:ran, but found problems (findings, threshold passed, RPO breached, failed steps)";
    public static final String HELP_2 = "2:usage error";
    public static final String HELP_130 = "130:interrupted (Ctrl-C); the message says how to resume";
    public static final String HELP_143 = "143:terminated (SIGTERM, e.g. systemctl stop); the same message as 130";
    public static final String HELP_252 = "252:invalid parameter value";
    public static final String HELP_253 = "253:configuration: profile, credentials, region";
    public static final String HELP_254 = "254:AWS service error after retries";
    public static final String HELP_255 = "255:internal error (a bug: please report it)";
}
