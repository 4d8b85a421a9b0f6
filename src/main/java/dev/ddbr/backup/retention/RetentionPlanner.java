package dev.ddbr.backup.retention;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.retention.RetentionPlan.Action;
import dev.ddbr.backup.retention.RetentionPlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which backups prune deletes. Pure: no AWS calls. The safety rules hold whatever the options:
 * <ul>
 *   <li>only USER backups made with DynamoDB's CreateBackup are ever deleted (never SYSTEM backups, AWS
 *       Backup recovery points, or backups under a vault lock or legal hold);</li>
 *   <li>the newest AVAILABLE backup of the table is never deleted;</li>
 *   <li>a backup that is not AVAILABLE (still CREATING) is never deleted;</li>
 *   <li>a safety backup taken by 'restore pitr --replace' (name contains {@code -ddbr-safety-}) is never
 *       deleted and does not count towards --keep-last.</li>
 * </ul>
 * With {@code keepLast} N the N newest AVAILABLE user backups are kept; with {@code olderThan} D only
 * backups created before now - D are deleted; with both, a backup goes only when it is beyond the N newest
 * and older than D.
 */
public final class RetentionPlanner {
    private RetentionPlanner() {}

    public static RetentionPlan plan(String table, List<BackupEntry> backups, Integer keepLast, Duration olderThan,
                                     Instant now, boolean dryRun) {
        return plan(table, backups, keepLast, olderThan, now, dryRun, null);
    }

    /** As {@link #plan(String, List, Integer, Duration, Instant, boolean)}, saying which rule is applied and from where. */
    public static RetentionPlan plan(String table, List<BackupEntry> backups, Integer keepLast, Duration olderThan,
                                     Instant now, boolean dryRun, RetentionPlan.Retention retention) {
        if (keepLast == null && olderThan == null) throw new IllegalArgumentException("keepLast or olderThan is required");
        if (keepLast != null && keepLast < 1) throw new IllegalArgumentException("keepLast must be at least 1");
        List<BackupEntry> sorted = new ArrayList<>(backups);
        sorted.sort(Comparator.comparing(BackupEntry::createdAt, Comparator.nullsFirst(Comparator.reverseOrder())));
        Instant cutoff = olderThan == null ? null : now.minus(olderThan);
        boolean fromProfile = retention != null && RetentionPlan.Retention.PROFILE.equals(retention.source());
        String keepLabel = fromProfile ? "the profile's keep_last" : "--keep-last";
        String ageLabel = fromProfile ? "the profile's max_age_days" : "--older-than";
        int userAvailableSeen = 0;
        List<Decision> out = new ArrayList<>();
        for (BackupEntry b : sorted) {
            if (!b.isUser()) {
                out.add(new Decision(b, Action.KEEP, "aws-backup".equals(b.source())
                        ? "AWS Backup recovery point: managed by its vault (lock, legal hold, lifecycle)"
                        : b.type() + " backup: only USER backups are pruned"));
                continue;
            }
            if (isSafetyBackup(b)) {
                out.add(new Decision(b, Action.KEEP, SAFETY_REASON));
                continue;
            }
            if (!"AVAILABLE".equals(b.status())) {
                out.add(new Decision(b, Action.KEEP, "status " + b.status() + ": only AVAILABLE backups are pruned"));
                continue;
            }
            userAvailableSeen++;
            if (userAvailableSeen == 1) {
                out.add(new Decision(b, Action.KEEP, "newest AVAILABLE backup: never deleted"));
                continue;
            }
            if (keepLast != null && userAvailableSeen <= keepLast) {
                out.add(new Decision(b, Action.KEEP, "within the newest " + keepLast + " (" + keepLabel + ")"));
                continue;
            }
            if (cutoff != null && (b.createdAt() == null || !b.createdAt().isBefore(cutoff))) {
                out.add(new Decision(b, Action.KEEP, "younger than " + olderThanText(olderThan) + " (" + ageLabel + ")"));
                continue;
            }
            String why = keepLast != null && cutoff != null
                    ? "beyond the newest " + keepLast + " and older than " + olderThanText(olderThan)
                    : keepLast != null ? "beyond the newest " + keepLast : "older than " + olderThanText(olderThan);
            out.add(new Decision(b, Action.DELETE, why));
        }
        return new RetentionPlan(table, retention, keepLast, olderThan == null ? null : olderThan.toString(), cutoff, dryRun, out);
    }

    /** Part of the name of the backup that 'restore pitr --replace' takes before it replaces a table. */
    public static final String SAFETY_MARKER = "-ddbr-safety-";
    static final String SAFETY_REASON = "safety backup taken by restore --replace; delete it by hand when no longer needed";

    /** A safety backup taken by 'restore --replace' ({@code <table>-ddbr-safety-<UTC ts>}): retention never deletes it. */
    public static boolean isSafetyBackup(BackupEntry b) {
        return b.name() != null && b.name().contains(SAFETY_MARKER);
    }

    private static String olderThanText(Duration d) {
        return dev.ddbr.util.Durations.format(d);
    }
}
