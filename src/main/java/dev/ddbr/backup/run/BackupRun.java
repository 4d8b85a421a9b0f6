package dev.ddbr.backup.run;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.util.Durations;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.backup.retention.Pruner;
import dev.ddbr.backup.retention.RetentionPlan;
import dev.ddbr.backup.copy.CopyResult;
import dev.ddbr.backup.copy.CopyService;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.backup.verify.DrillReport;
import dev.ddbr.backup.verify.RestoreDrill;
import dev.ddbr.error.DdbrException;
import dev.ddbr.util.Sleeper;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.TableProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code backup run}: for each table in the profile, what its {@code backup:} section says (create, then
 * prune when keep_last / max_age_days are set), tables in parallel up to a limit, within a maximum run time.
 * Every step is an event; a failed step fails the table, never the other tables.
 */
public final class BackupRun {
    private final ClientFactory aws;
    private final Consumer<RunEvent> events;
    private final Clock clock = Clock.systemUTC();

    public BackupRun(ClientFactory aws, Consumer<RunEvent> events) {
        this.aws = aws;
        this.events = events;
    }

    public record Step(String table, String step, String status, String detail, String backupArn, double seconds) {}

    /** The summary: every step, and the counts. JSON field names are documented in docs/backups.md. */
    public record Summary(Instant startedAt, double seconds, int tables, int stepsOk, int stepsFailed, int stepsSkipped,
                          List<Step> steps) implements TextRenderable {
        public boolean ok() { return stepsFailed == 0; }

        @Override
        public void renderText(TextWriter out) {
            List<List<String>> rows = new ArrayList<>();
            for (Step s : steps) rows.add(TextWriter.row(s.table(), s.step(), s.status(), s.detail()));
            out.table(List.of("table", "step", "status", "detail"), rows);
            String text = String.format(Locale.ROOT, "%d table(s): %d step(s) ok, %d failed, %d skipped in %.1fs",
                    tables, stepsOk, stepsFailed, stepsSkipped, seconds);
            out.verdict(stepsFailed == 0 ? Style.Tone.GOOD : Style.Tone.BAD, text);
        }
    }

    public Summary run(List<TableProfile> tables, int concurrency, Duration maxRuntime) {
        Instant start = clock.instant();
        Instant deadline = start.plus(maxRuntime);
        emit("run_started", null, null, null, tables.size() + " table(s), concurrency " + concurrency, null, null);
        List<Step> steps = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "ddbr-backup-run");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> fs = new ArrayList<>();
        for (TableProfile t : tables) fs.add(pool.submit(() -> table(t, deadline, steps)));
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (Exception e) {
                steps.add(new Step("?", "internal", "failed", String.valueOf(e.getCause()), null, 0));
            }
        }
        pool.shutdown();
        double secs = Duration.between(start, clock.instant()).toMillis() / 1000.0;
        List<Step> ordered = new ArrayList<>(steps);
        int ok = (int) ordered.stream().filter(s -> s.status().equals("ok")).count();
        int failed = (int) ordered.stream().filter(s -> s.status().equals("failed")).count();
        int skipped = (int) ordered.stream().filter(s -> s.status().equals("skipped")).count();
        Summary sum = new Summary(start, secs, tables.size(), ok, failed, skipped, List.copyOf(ordered));
        emit("run_finished", null, null, failed == 0 ? "ok" : "failed",
                ok + " ok, " + failed + " failed, " + skipped + " skipped", null, secs);
        return sum;
    }

    private void table(TableProfile t, Instant deadline, List<Step> steps) {
        String name = t.name();
        OnDemandBackups svc = new OnDemandBackups(aws, Poller.standard());
        // create
        Instant s0 = clock.instant();
        Duration left = Duration.between(s0, deadline);
        if (left.isNegative() || left.isZero()) {
            record(steps, name, "create", "failed", "max runtime reached before the table started", null, s0);
            return;
        }
        emit("step_started", name, "create", null, null, null, null);
        BackupEntry made;
        try {
            BackupEntry b = svc.create(name, t.backup().backupName(name, s0));
            made = svc.waitAvailable(b.arn(), left);
            record(steps, name, "create", "ok", "backup '" + made.name() + "' AVAILABLE", made.arn(), s0);
        } catch (RuntimeException e) {
            record(steps, name, "create", "failed", AwsErrors.message(e), null, s0);
            skip(steps, name, "prune", "the create step failed: nothing is pruned without a new backup");
            return;
        }
        // copy: through AWS Backup into the profile's vault, when copy_to is set
        t.backup().copyTo().ifPresent(c -> copy(t, c, deadline, steps));
        // prune
        Integer keep = t.backup().keepLast().orElse(null);
        Duration age = t.backup().maxAgeDays().map(Duration::ofDays).orElse(null);
        if (keep == null && age == null) {
            skip(steps, name, "prune", "no keep_last or max_age_days in the profile");
        } else {
            Instant p0 = clock.instant();
            emit("step_started", name, "prune", null, null, null, null);
            try {
                Pruner pr = new Pruner(svc, clock);
                RetentionPlan done = pr.execute(pr.plan(name, keep, age, false));
                long failed = done.count(RetentionPlan.Action.FAILED);
                record(steps, name, "prune", failed == 0 ? "ok" : "failed",
                        done.count(RetentionPlan.Action.DELETED) + " deleted, " + done.count(RetentionPlan.Action.KEEP)
                                + " kept" + (failed == 0 ? "" : ", " + failed + " deletion(s) failed"), null, p0);
            } catch (RuntimeException e) {
                record(steps, name, "prune", "failed", AwsErrors.message(e), null, p0);
            }
        }
        if (t.backup().verify().enabled()) verify(t, made, deadline, steps);
    }

    private void copy(TableProfile t, TableProfile.CopyTo c, Instant deadline, List<Step> steps) {
        String name = t.name();
        Instant c0 = clock.instant();
        emit("step_started", name, "copy", null, null, null, null);
        try {
            Duration left = Duration.between(c0, deadline);
            if (left.isNegative() || left.isZero()) {
                record(steps, name, "copy", "failed", "max runtime reached before the copy started", null, c0);
                return;
            }
            VaultArn vault = VaultArn.parse(c.vaultArn(), "backup.copy_to.vault_arn");
            CopyResult r = new CopyService(aws, Poller.standard()).copy(new CopyService.Request(name, vault, "Default",
                    c.roleArn().orElse(null), c.verifyRoleArn().orElse(null), true, left), m -> { });
            if (r.failedAt() != null) {
                record(steps, name, "copy", "failed", r.failedAt() + " job failed: " + r.statusMessage() + " (cause: " + r.cause()
                        + "; fix: " + r.fix() + ")", r.recoveryPointArn(), c0);
            } else if (Boolean.FALSE.equals(r.verified())) {
                record(steps, name, "copy", "failed", "copied to " + vault.arn() + " but not verified: " + r.verifyDetail(),
                        r.destinationRecoveryPointArn(), c0);
            } else {
                record(steps, name, "copy", "ok", "copied to " + vault.arn() + (r.verified() == null
                        ? " (not verified: no verify_role_arn)" : " and verified"), r.destinationRecoveryPointArn(), c0);
            }
        } catch (RuntimeException e) {
            record(steps, name, "copy", "failed", e instanceof DdbrException d && d.hint() != null
                    ? AwsErrors.message(e) + " (hint: " + d.hint() + ")" : AwsErrors.message(e), null, c0);
        }
    }

    private void verify(TableProfile t, BackupEntry made, Instant deadline, List<Step> steps) {
        String name = t.name();
        Instant v0 = clock.instant();
        emit("step_started", name, "verify", null, null, null, null);
        try {
            Duration left = Duration.between(v0, deadline);
            if (left.isNegative() || left.isZero()) {
                record(steps, name, "verify", "failed", "max runtime reached before the restore drill started", null, v0);
                return;
            }
            DrillReport r = new RestoreDrill(aws, clock, Sleeper.SYSTEM).run(
                    new RestoreDrill.Request(name, made.arn(), t.backup().verify().sampleItems(), left, false), m -> { });
            String detail = String.format(Locale.ROOT, "restored %d of %d items in %.1fs, sample %d of %d equal, scratch table %s",
                    r.restoredItems(), r.sourceItems(), r.restoreSeconds(), r.sampleMatched(), r.sampled(),
                    r.scratchDeleted() ? "deleted" : "kept (" + r.scratchDetail() + ")");
            record(steps, name, "verify", r.ok() && r.scratchDeleted() ? "ok" : "failed", detail, made.arn(), v0);
        } catch (RuntimeException e) {
            record(steps, name, "verify", "failed", AwsErrors.message(e), made.arn(), v0);
        }
    }

    private void skip(List<Step> steps, String table, String step, String why) {
        record(steps, table, step, "skipped", why, null, clock.instant());
    }

    private void record(List<Step> steps, String table, String step, String status, String detail, String arn, Instant from) {
        double secs = Duration.between(from, clock.instant()).toMillis() / 1000.0;
        steps.add(new Step(table, step, status, detail, arn, secs));
        emit("step_finished", table, step, status, detail, arn, secs);
    }

    private void emit(String event, String table, String step, String status, String detail, String arn, Double secs) {
        events.accept(new RunEvent(clock.instant(), event, table, step, status, detail, arn, secs));
    }

    static String fmt(Duration d) { return Durations.format(d); }
}
