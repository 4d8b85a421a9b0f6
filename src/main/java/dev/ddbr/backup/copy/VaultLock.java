package dev.ddbr.backup.copy;

/**
 * A destination vault's AWS Backup Vault Lock retention limits, as DescribeBackupVault reports them, and whether a
 * copy with a given retention satisfies them. AWS Backup fails any backup or copy job into a locked vault whose
 * retention is shorter than {@code MinRetentionDays} or longer than {@code MaxRetentionDays} (DescribeBackupVault
 * reference). A copy started without a {@code Lifecycle} keeps the source recovery point's retention; the backup
 * job ddbr starts sets none, so such a copy is kept indefinitely: above any maximum.
 *
 * @param locked           DescribeBackupVault {@code Locked}
 * @param minRetentionDays {@code MinRetentionDays}, or null when the lock sets no minimum (or there is no lock)
 * @param maxRetentionDays {@code MaxRetentionDays}, or null when the lock sets no maximum
 */
public record VaultLock(boolean locked, Long minRetentionDays, Long maxRetentionDays) {

    public static final VaultLock NONE = new VaultLock(false, null, null);

    /** Whether the vault enforces a retention range at all. */
    public boolean limitsRetention() { return minRetentionDays != null || maxRetentionDays != null; }

    /** "minimum 30 days, maximum 400 days" style. */
    public String describe() {
        if (!limitsRetention()) return "no retention limits";
        StringBuilder b = new StringBuilder();
        if (minRetentionDays != null) b.append("minimum retention ").append(minRetentionDays).append(" days");
        if (maxRetentionDays != null) b.append(b.isEmpty() ? "" : ", ").append("maximum retention ").append(maxRetentionDays).append(" days");
        return b.toString();
    }

    /**
     * Why a copy kept {@code deleteAfterDays} days (null: no Lifecycle sent, kept indefinitely) would be refused by
     * this lock, or null when the lock accepts it.
     */
    public String violation(Integer deleteAfterDays) {
        if (!limitsRetention()) return null;
        if (deleteAfterDays == null) {
            if (maxRetentionDays == null) return null;
            return "the copy would be kept indefinitely (no backup.copy_to.delete_after_days), above the vault lock's maximum retention of "
                    + maxRetentionDays + " days";
        }
        if (minRetentionDays != null && deleteAfterDays < minRetentionDays) {
            return "backup.copy_to.delete_after_days is " + deleteAfterDays + ", below the vault lock's minimum retention of " + minRetentionDays + " days";
        }
        if (maxRetentionDays != null && deleteAfterDays > maxRetentionDays) {
            return "backup.copy_to.delete_after_days is " + deleteAfterDays + ", above the vault lock's maximum retention of " + maxRetentionDays + " days";
        }
        return null;
    }

    /** The values of backup.copy_to.delete_after_days this lock accepts, for a fix: "between 30 and 400". */
    public String accepted() {
        long lo = minRetentionDays == null ? 1 : minRetentionDays;
        return maxRetentionDays == null ? "at least " + lo : lo == maxRetentionDays ? "exactly " + lo : "between " + lo + " and " + maxRetentionDays;
    }
}
