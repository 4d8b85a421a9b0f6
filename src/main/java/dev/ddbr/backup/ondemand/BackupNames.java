package dev.ddbr.backup.ondemand;

import dev.ddbr.error.DdbrException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB's rules for on-demand backups, checked before any AWS call: a backup name is 3 to 255 of a-z, A-Z,
 * 0-9, '_', '-', '.' (CreateBackup's BackupName), and a backup ARN is
 * {@code arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE/backup/ID}.
 */
public final class BackupNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern ARN = Pattern.compile(
            "arn:aws(?:-[a-z]+)*:dynamodb:[a-z0-9-]+:\\d{12}:table/([A-Za-z0-9_.-]{3,255})/backup/[A-Za-z0-9_.-]+");
    /** The shape of a backup ARN, for messages. */
    public static final String ARN_SHAPE = "arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/backup/ID";

    private BackupNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Throws exit 252 with the rule when {@code name} cannot be a backup name. {@code what} says where the name
     * came from, e.g. "--name" or "the name from backup.name_template".
     */
    public static String require(String name, String what, String hint) {
        if (isValid(name)) return name;
        String shown = name == null ? "" : name.length() > 60 ? name.substring(0, 60) + "..." : name;
        String why = name == null || name.length() < 3 ? "is shorter than 3 characters"
                : name.length() > 255 ? "is longer than 255 characters (" + name.length() + ")"
                : "has characters other than a-z A-Z 0-9 _ - .";
        throw DdbrException.invalid("invalid backup name '" + shown + "' (" + what + "): it " + why,
                hint != null ? hint : "DynamoDB backup names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
    }

    /** True when {@code arn} has the shape of a DynamoDB backup ARN. */
    public static boolean isBackupArn(String arn) {
        return arn != null && ARN.matcher(arn).matches();
    }

    /** The table named in a backup ARN, or null when it is not one. */
    public static String tableOfArn(String arn) {
        if (arn == null) return null;
        Matcher m = ARN.matcher(arn);
        return m.matches() ? m.group(1) : null;
    }

    /** Throws exit 252 naming the expected shape when {@code arn} is not a DynamoDB backup ARN. */
    public static String requireBackupArn(String arn, String option) {
        if (isBackupArn(arn)) return arn;
        String shown = arn == null ? "" : arn.length() > 80 ? arn.substring(0, 80) + "..." : arn;
        throw DdbrException.invalid(option + " '" + shown + "' is not a DynamoDB backup ARN (expected " + ARN_SHAPE + ")",
                "'ddbr backup list TABLE' shows the backups and their ARNs; or pass --backup latest");
    }
}
