package dev.ddbr.backup.run;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.backup.retention.RetentionPlan;
import dev.ddbr.backup.retention.RetentionPlanner;
import dev.ddbr.backup.verify.RestoreDrill;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code backup run} would do, step by step, without doing it: reads only (DescribeTable, ListBackups,
 * the recovery-point listing prune uses), never a create, copy, restore, tag or delete. A step that the run
 * would fail on (a table that does not exist, a backup listing that cannot be read, a bad vault ARN) is an
 * {@code error}; the steps after a failing create are {@code skipped}, as in a real run.
 */
public final class RunPlanner {
    private final ClientFactory aws;
    private final Clock clock;

    public RunPlanner(ClientFactory aws, Clock clock) {
        this.aws = aws;
        this.clock = clock;
    }

    public RunPlan plan(List<TableProfile> tables) {
        Instant now = clock.instant();
        List<RunPlan.Step> steps = new ArrayList<>();
        int withBackup = 0;
        OnDemandBackups backups = new OnDemandBackups(aws, Poller.standard());
        for (TableProfile t : tables) {
            if (!t.backupDeclared()) {
                steps.add(step(t, BackupRun.STEP_CREATE, RunPlan.SKIPPED, BackupRun.NO_BACKUP_SECTION));
                continue;
            }
            withBackup++;
            table(t, now, backups, steps);
        }
        return RunPlan.of(withBackup, steps);
    }

    private void table(TableProfile t, Instant now, OnDemandBackups backups, List<RunPlan.Step> steps) {
        String name = t.name();
        var b = t.backup();
        String newName = b.backupName(name, now);
        // create: the table must exist
        String createError = null;
        try {
            aws.dynamodb().describeTable(r -> r.tableName(name));
        } catch (RuntimeException e) {
            createError = BackupRun.tableNotFound(e)
                    ? "table '" + name + "' not found in " + aws.region() + " (hint: check the name in the profile and the Region (--region))"
                    : AwsErrors.message(e);
        }
        if (createError != null) {
            steps.add(step(t, BackupRun.STEP_CREATE, RunPlan.ERROR, createError));
            String why = "the create step would fail: nothing is copied, verified or pruned without a new backup";
            if (b.copyTo().isPresent()) steps.add(step(t, BackupRun.STEP_COPY, RunPlan.SKIPPED, why));
            if (b.verify().enabled()) steps.add(step(t, BackupRun.STEP_VERIFY, RunPlan.SKIPPED, why));
            steps.add(step(t, BackupRun.STEP_PRUNE, RunPlan.SKIPPED, why));
            return;
        }
        steps.add(step(t, BackupRun.STEP_CREATE, RunPlan.PLANNED,
                "would create backup '" + newName + "' (CreateBackup) and wait until it is AVAILABLE"));
        // copy
        b.copyTo().ifPresent(c -> {
            try {
                VaultArn vault = VaultArn.parse(c.vaultArn(), "backup.copy_to.vault_arn");
                steps.add(step(t, BackupRun.STEP_COPY, RunPlan.PLANNED, "would copy the new backup to " + vault.arn()
                        + " through AWS Backup (role " + c.roleArn().orElse("AWSBackupDefaultServiceRole") + ")"
                        + c.verifyRoleArn().map(v -> ", then check it there as " + v).orElse(", not verified (no verify_role_arn)")));
            } catch (DdbrException e) {
                steps.add(step(t, BackupRun.STEP_COPY, RunPlan.ERROR, e.getMessage()));
            }
        });
        // verify
        if (b.verify().enabled()) {
            steps.add(step(t, BackupRun.STEP_VERIFY, RunPlan.PLANNED, "would restore the new backup into a scratch table "
                    + RestoreDrill.scratchName(name, now).replaceAll("-[0-9a-f]{6}$", "-…") + ", compare item counts and "
                    + b.verify().sampleItems() + " sampled items, then delete the scratch table"));
        }
        // prune: the plan prune would make once the new backup exists
        Integer keep = b.keepLast().orElse(null);
        Integer days = b.maxAgeDays().orElse(null);
        if (keep == null && days == null) {
            steps.add(step(t, BackupRun.STEP_PRUNE, RunPlan.SKIPPED, BackupRun.NO_RETENTION));
            return;
        }
        try {
            List<BackupEntry> existing = new ArrayList<>(backups.list(name).backups());
            BackupEntry made = new BackupEntry("dynamodb", name, newName, null, "USER", "AVAILABLE", now, null, null, null, false);
            existing.add(made);
            String rule = RetentionPlan.Retention.profileRule(keep, days);
            RetentionPlan p = RetentionPlanner.plan(name, existing, keep, days == null ? null : Duration.ofDays(days), now, true,
                    new RetentionPlan.Retention(RetentionPlan.Retention.PROFILE, rule, null));
            List<String> delete = p.toDelete().stream().map(d -> d.backup().name()).toList();
            long kept = p.count(RetentionPlan.Action.KEEP);
            String detail = (delete.isEmpty() ? "would delete nothing" : "would delete " + delete.size() + " backup(s): " + String.join(", ", delete))
                    + "; " + kept + " kept, the new one included (" + rule + ")";
            steps.add(new RunPlan.Step(name, BackupRun.STEP_PRUNE, RunPlan.PLANNED, detail, delete));
        } catch (RuntimeException e) {
            steps.add(step(t, BackupRun.STEP_PRUNE, RunPlan.ERROR, AwsErrors.message(e)));
        }
    }

    private static RunPlan.Step step(TableProfile t, String step, String status, String detail) {
        return new RunPlan.Step(t.name(), step, status, detail, List.of());
    }
}
