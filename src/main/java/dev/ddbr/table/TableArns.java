package dev.ddbr.table;

/**
 * DynamoDB table ARNs, {@code arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME}, and the ARNs below them
 * ({@code …/backup/ID}, {@code …/index/NAME}, {@code …/stream/…}): the one place that takes them apart.
 */
public final class TableArns {
    private static final String TABLE = ":table/";

    private TableArns() {}

    /** {@code arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME}. */
    public static String of(String partition, String region, String account, String name) {
        return "arn:" + partition + ":dynamodb:" + region + ":" + account + TABLE + name;
    }

    /** The table's name in a table ARN or an ARN below one; null when there is none. */
    public static String name(String arn) {
        int i = arn == null ? -1 : arn.indexOf(TABLE);
        if (i < 0) return null;
        String rest = arn.substring(i + TABLE.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The table ARN of a table ARN or an ARN below one ({@code …:table/NAME}); null when there is none. */
    public static String table(String arn) {
        String name = name(arn);
        return name == null ? null : arn.substring(0, arn.indexOf(TABLE) + TABLE.length() + name.length());
    }

    /** The ARN of the table named {@code other} in the same account and Region as {@code arn}; null when arn has none. */
    public static String sibling(String arn, String other) {
        int i = arn == null ? -1 : arn.indexOf(TABLE);
        return i < 0 ? null : arn.substring(0, i) + TABLE + other;
    }

    /** The partition of an ARN (aws, aws-cn, aws-us-gov, …); aws when it cannot be read. */
    public static String partition(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":", 3);
        return p.length >= 3 && p[0].equals("arn") && !p[1].isBlank() ? p[1] : "aws";
    }
}
