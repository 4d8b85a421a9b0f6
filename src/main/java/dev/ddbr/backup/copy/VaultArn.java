package dev.ddbr.backup.copy;

import dev.ddbr.error.DdbrException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An AWS Backup vault ARN: {@code arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME}. */
public record VaultArn(String arn, String partition, String region, String account, String name) {
    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):backup:([a-z0-9-]+):(\\d{12}):backup-vault:([A-Za-z0-9_.-]{2,50})");

    /** Parses {@code text}; anything else is a bad value (exit 252) naming {@code option}. */
    public static VaultArn parse(String text, String option) {
        Matcher m = ARN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw DdbrException.invalid(option + " '" + text + "' is not a backup vault ARN",
                    "use arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME ('aws backup list-backup-vaults' in the destination account shows it)");
        }
        return new VaultArn(m.group(0), m.group(1), m.group(2), m.group(3), m.group(4));
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{2,50}");

    /** A vault name as the AWS Backup API accepts it (BackupVaultName: letters, digits, '-' and '_', 2 to 50); else 252. */
    public static String requireName(String name, String option) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DdbrException.invalid(option + " '" + name + "' is not a backup vault name",
                    "use 2 to 50 letters, digits, '-' or '_' ('aws backup list-backup-vaults' lists them)");
        }
        return name;
    }

    /** AWS Backup's default vault, which can never receive cross-account copies. */
    public boolean isDefault() { return "Default".equals(name); }

    /** The account id in an IAM or other ARN (the fifth field), or null. */
    public static String accountOf(String anyArn) {
        if (anyArn == null) return null;
        String[] p = anyArn.split(":", 6);
        return p.length >= 5 && p[4].matches("\\d{12}") ? p[4] : null;
    }
}
