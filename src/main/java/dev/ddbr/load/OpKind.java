package dev.ddbr.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The operations a workload mixes. {@link #key()} is how they are written on the command line and in reports. */
public enum OpKind {
    GET("get", false), GET_STRONG("get-strong", false), QUERY("query", false), PUT("put", true),
    UPDATE("update", true), DELETE("delete", true), BATCH_GET("batch-get", false), BATCH_WRITE("batch-write", true),
    TRANSACT_WRITE("transact-write", true);

    /** Items per BatchGetItem / BatchWriteItem call, and per TransactWriteItems call. */
    public static final int BATCH = 10;
    public static final int TRANSACT = 4;

    private final String key;
    private final boolean write;

    OpKind(String key, boolean write) {
        this.key = key;
        this.write = write;
    }

    public String key() { return key; }

    /** The profile's spelling: {@code batch_get}. */
    public String profileKey() { return key.replace('-', '_'); }

    public boolean write() { return write; }

    public static List<String> keys() { return Arrays.stream(values()).map(OpKind::key).toList(); }

    /** By command-line or profile spelling; null when unknown. */
    public static OpKind of(String s) {
        String k = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (OpKind o : values()) if (o.key.equals(k)) return o;
        return null;
    }
}
