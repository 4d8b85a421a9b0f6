package dev.ddbr.backup.retention;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.backup.retention.RetentionPlan.Action;
import dev.ddbr.backup.retention.RetentionPlan.Decision;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a table's backups, plans with {@link RetentionPlanner}, and deletes what the plan says. */
public final class Pruner {
    private final OnDemandBackups backups;
    private final Clock clock;

    public Pruner(OnDemandBackups backups, Clock clock) {
        this.backups = backups;
        this.clock = clock;
    }

    public RetentionPlan plan(String table, Integer keepLast, Duration olderThan, boolean dryRun) {
        return plan(table, keepLast, olderThan, dryRun, null);
    }

    /** The plan, saying which retention rule is applied and where it came from. */
    public RetentionPlan plan(String table, Integer keepLast, Duration olderThan, boolean dryRun, RetentionPlan.Retention retention) {
        OnDemandBackups.Listing listing = backups.list(table);
        return RetentionPlanner.plan(table, listing.backups(), keepLast, olderThan, clock.instant(), dryRun, retention);
    }

    /**
     * Delete what the plan marks DELETE. Before each deletion the backup is described again: one that is
     * no longer AVAILABLE is kept. A failed deletion is recorded and the rest go on.
     */
    public RetentionPlan execute(RetentionPlan plan) {
        return execute(plan, d -> { });
    }

    /** As {@link #execute(RetentionPlan)}; {@code done} is told each decision of a backup marked DELETE as it is made. */
    public RetentionPlan execute(RetentionPlan plan, java.util.function.Consumer<Decision> done) {
        List<Decision> out = new ArrayList<>();
        for (Decision d : plan.decisions()) {
            if (d.action() != Action.DELETE) {
                out.add(d);
                continue;
            }
            BackupEntry b = d.backup();
            try {
                BackupEntry now = backups.describe(b.arn());
                if (!"AVAILABLE".equals(now.status()) || !"USER".equals(now.type())) {
                    Decision kept = new Decision(b, Action.KEEP, "status changed to " + now.status() + " before deletion");
                    out.add(kept);
                    done.accept(kept);
                    continue;
                }
                backups.delete(b.arn());
                Decision deleted = new Decision(b, Action.DELETED, d.reason());
                out.add(deleted);
                done.accept(deleted);
            } catch (RuntimeException e) {
                Decision failed = new Decision(b, Action.FAILED, AwsErrors.message(e));
                out.add(failed);
                done.accept(failed);
            }
        }
        return plan.withDecisions(out, false);
    }
}
