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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code backup run}: for each table in the profile that has a {@code backup:} section, what it says: create,
 * copy (copy_to), verify (verify.enabled), then prune (keep_last / max_age_days) — prune last, and only when
 * the new backup was created and, if asked for, passed its restore drill. Tables run in parallel up to a
 * limit. Every step is an event; a failed step fails the table, never the other tables.
 *
 * <p>The maximum run time is a hard bound: at the deadline the run stops waiting, reports every unfinished
 * step as failed ("max runtime reached"), interrupts the (daemon) worker threads and returns, even when a
 * worker is stuck in a network read. From then on nothing a worker does is recorded or emitted, and a worker
 * never starts another step.
 */
public final class BackupRun {
    static final String STEP_CREATE = "create";
    static final String STEP_COPY = "copy";
    static final String STEP_VERIFY = "verify";
    static final String STEP_PRUNE = "prune";
    /** The detail of the skipped create step of a table without a {@code backup:} section. */
    public static final String NO_BACKUP_SECTION = "no backup: section";
    /** The detail of the skipped prune step of a table whose profile has no retention rule. */
    static final String NO_RETENTION = "no keep_last or max_age_days in the profile";

    private final ClientFactory aws;
    private final Consumer<RunEvent> events;
    private final Clock clock;

    /** Guards {@link #closed}, the steps, the tables' progress and every event. */
    private final Object lock = new Object();
    private boolean closed;
    private final List<Step> steps = new ArrayList<>();

    public BackupRun(ClientFactory aws, Consumer<RunEvent> events) {
        this(aws, events, Clock.systemUTC());
    }

    BackupRun(ClientFactory aws, Consumer<RunEvent> events, Clock clock) {
        this.aws = aws;
        this.events = events;
        this.clock = clock;
    }

    public record Step(String table, String step, String status, String detail, String backupArn, double seconds) {}

    /** The summary: every step, and the counts. JSON field names are documented in docs/backups.md. */
    public record Summary(Instant startedAt, double seconds, int tables, int stepsOk, int stepsFailed, int stepsSkipped,
                          boolean maxRuntimeReached, List<Step> steps) implements TextRenderable {
        public boolean ok() { return stepsFailed == 0; }

        @Override
        public void renderText(TextWriter out) {
            List<List<String>> rows = new ArrayList<>();
            for (Step s : steps) rows.add(TextWriter.row(s.table(), s.step(), s.status(), s.detail()));
            out.table(List.of("table", "step", "status", "detail"), rows);
            String text = String.format(Locale.ROOT, "%d table(s): %d step(s) ok, %d failed, %d skipped in %.1fs%s",
                    tables, stepsOk, stepsFailed, stepsSkipped, seconds, maxRuntimeReached ? " (max runtime reached)" : "");
            out.verdict(stepsFailed == 0 ? Style.Tone.GOOD : Style.Tone.BAD, text);
        }
    }

    /** One table's planned steps, in order, and how far it got. Guarded by {@link #lock}. */
    private static final class TableRun {
        final TableProfile profile;
        final List<String> plan;
        final Set<String> finished = new LinkedHashSet<>();
        String current;
        Instant currentSince;

        TableRun(TableProfile profile) {
            this.profile = profile;
            List<String> p = new ArrayList<>();
            p.add(STEP_CREATE);
            if (profile.backup().copyTo().isPresent()) p.add(STEP_COPY);
            if (profile.backup().verify().enabled()) p.add(STEP_VERIFY);
            p.add(STEP_PRUNE);
            this.plan = List.copyOf(p);
        }

        String name() { return profile.name(); }

        /** Why {@code step} is skipped whatever the other steps do (prune without a retention rule), else null. */
        String skippedAnyway(String step) {
            return step.equals(STEP_PRUNE) && profile.backup().keepLast().isEmpty() && profile.backup().maxAgeDays().isEmpty()
                    ? NO_RETENTION : null;
        }
    }

    /**
     * Runs the tables of {@code tables} that have a {@code backup:} section; the others get one skipped
     * {@code create} step. Returns by {@code maxRuntime} (plus bookkeeping) whatever the workers are doing.
     */
    public Summary run(List<TableProfile> tables, int concurrency, Duration maxRuntime) {
        Instant start = clock.instant();
        Instant deadline = start.plus(maxRuntime);
        List<TableRun> runs = new ArrayList<>();
        List<TableProfile> without = new ArrayList<>();
        for (TableProfile t : tables) {
            if (t.backupDeclared()) runs.add(new TableRun(t)); else without.add(t);
        }
        synchronized (lock) {
            emit("run_started", null, null, null, runs.size() + " table(s), concurrency " + concurrency
                    + (without.isEmpty() ? "" : "; " + without.size() + " without a backup: section skipped"), null, null);
            for (TableProfile t : without) addStep(t.name(), STEP_CREATE, "skipped", NO_BACKUP_SECTION, null, 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "ddbr-backup-run");
            t.setDaemon(true); // a worker stuck in a socket read never keeps the process alive past the deadline
            return t;
        });
        List<Future<?>> fs = new ArrayList<>();
        for (TableRun tr : runs) fs.add(pool.submit(() -> guarded(tr, deadline)));
        boolean stopped = false;
        String stopReason = "max runtime reached (" + fmt(maxRuntime) + ")";
        for (Future<?> f : fs) {
            try {
                long ms = Duration.between(clock.instant(), deadline).toMillis();
                if (ms <= 0 && !f.isDone()) throw new TimeoutException();
                f.get(Math.max(ms, 0), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stopped = true;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                stopReason = "the run was interrupted";
                break;
            } catch (ExecutionException e) {
                // guarded() records its own failures; nothing escapes it but an Error, recorded there too
            }
        }
        List<Step> ordered;
        boolean reached;
        synchronized (lock) {
            closed = true;
            reached = stopped || !clock.instant().isBefore(deadline);
            for (TableRun tr : runs) {
                for (String step : tr.plan) {
                    if (tr.finished.contains(step)) continue;
                    boolean running = step.equals(tr.current);
                    String anyway = running ? null : tr.skippedAnyway(step);
                    if (anyway != null) { // a step that would have been skipped is skipped, not failed
                        addStep(tr.name(), step, "skipped", anyway, null, 0);
                        continue;
                    }
                    Instant since = running ? tr.currentSince : clock.instant();
                    String detail = running
                            ? stopReason + " while this step ran; any job it already started in AWS goes on"
                            : stopReason + " before this step started";
                    addStep(tr.name(), step, "failed", detail, null, secondsSince(since));
                }
            }
            ordered = List.copyOf(steps);
        }
        pool.shutdownNow(); // interrupts the workers; a worker blocked in a socket read is a daemon and is left behind
        double secs = secondsSince(start);
        int ok = (int) ordered.stream().filter(s -> s.status().equals("ok")).count();
        int failed = (int) ordered.stream().filter(s -> s.status().equals("failed")).count();
        int skipped = (int) ordered.stream().filter(s -> s.status().equals("skipped")).count();
        Summary sum = new Summary(start, secs, runs.size(), ok, failed, skipped, reached, ordered);
        emit("run_finished", null, null, failed == 0 ? "ok" : "failed",
                ok + " ok, " + failed + " failed, " + skipped + " skipped" + (reached ? "; " + stopReason : ""), null, secs);
        return sum;
    }

    /** One table, with anything unexpected recorded as a failure of the step it happened in. */
    private void guarded(TableRun tr, Instant deadline) {
        try {
            table(tr, deadline);
        } catch (RuntimeException | Error e) {
            String step;
            Instant since;
            synchronized (lock) {
                step = tr.current != null ? tr.current
                        : tr.plan.stream().filter(x -> !tr.finished.contains(x)).findFirst().orElse(null);
                since = tr.current != null ? tr.currentSince : clock.instant();
            }
            if (step != null) {
                finish(tr, step, "failed", "internal error: " + e, null, since);
                skipRest(tr, "the " + step + " step failed");
            }
            if (e instanceof Error err) throw err;
        }
    }

    private void table(TableRun tr, Instant deadline) {
        TableProfile t = tr.profile;
        String name = t.name();
        OnDemandBackups svc = new OnDemandBackups(aws, Poller.standard());
        // create
        Instant s0 = start(tr, STEP_CREATE, deadline);
        if (s0 == null) return;
        BackupEntry made;
        try {
            BackupEntry b;
            try {
                b = svc.create(name, t.backup().backupName(name, s0));
            } catch (RuntimeException e) {
                if (!tableNotFound(e)) throw e;
                // worded as 'backup create' words it (OnDemandBackups.requireTables)
                throw DdbrException.aws("table '" + name + "' not found in " + aws.region(),
                        "check the name in the profile and the Region (--region); 'ddbr table list' shows the tables", e);
            }
            made = svc.waitAvailable(b.arn(), left(deadline));
            finish(tr, STEP_CREATE, "ok", "backup '" + made.name() + "' AVAILABLE", made.arn(), s0);
        } catch (RuntimeException e) {
            finish(tr, STEP_CREATE, "failed", withHint(e), null, s0);
            skipRest(tr, "the create step failed: nothing is copied, verified or pruned without a new backup");
            return;
        }
        // copy: through AWS Backup into the profile's vault, when copy_to is set
        if (tr.plan.contains(STEP_COPY)) {
            Instant c0 = start(tr, STEP_COPY, deadline);
            if (c0 == null) return;
            copy(tr, t.backup().copyTo().orElseThrow(), deadline, c0);
        }
        // verify: a restore drill of the new backup, before anything older is deleted
        if (tr.plan.contains(STEP_VERIFY)) {
            Instant v0 = start(tr, STEP_VERIFY, deadline);
            if (v0 == null) return;
            if (!verify(tr, made, deadline, v0)) {
                skip(tr, STEP_PRUNE, "the restore drill of the new backup failed: older backups are kept");
                return;
            }
        }
        // prune, last
        Integer keep = t.backup().keepLast().orElse(null);
        Duration age = t.backup().maxAgeDays().map(Duration::ofDays).orElse(null);
        String anyway = tr.skippedAnyway(STEP_PRUNE);
        if (anyway != null) {
            skip(tr, STEP_PRUNE, anyway);
            return;
        }
        Instant p0 = start(tr, STEP_PRUNE, deadline);
        if (p0 == null) return;
        try {
            Pruner pr = new Pruner(svc, clock);
            var retention = new RetentionPlan.Retention(RetentionPlan.Retention.PROFILE,
                    RetentionPlan.Retention.profileRule(keep, t.backup().maxAgeDays().orElse(null)), null);
            RetentionPlan done = pr.execute(pr.plan(name, keep, age, false, retention));
            long failed = done.count(RetentionPlan.Action.FAILED);
            finish(tr, STEP_PRUNE, failed == 0 ? "ok" : "failed",
                    done.count(RetentionPlan.Action.DELETED) + " deleted, " + done.count(RetentionPlan.Action.KEEP)
                            + " kept" + (failed == 0 ? "" : ", " + failed + " deletion(s) failed"), null, p0);
        } catch (RuntimeException e) {
            finish(tr, STEP_PRUNE, "failed", AwsErrors.message(e), null, p0);
        }
    }

    private void copy(TableRun tr, TableProfile.CopyTo c, Instant deadline, Instant c0) {
        String name = tr.name();
        try {
            VaultArn vault = VaultArn.parse(c.vaultArn(), "backup.copy_to.vault_arn");
            CopyResult r = new CopyService(aws, Poller.standard()).copy(new CopyService.Request(name, vault, "Default",
                    c.roleArn().orElse(null), c.verifyRoleArn().orElse(null), true, left(deadline), c.deleteAfterDays().orElse(null)), m -> { });
            if (r.failedAt() != null) {
                finish(tr, STEP_COPY, "failed", r.failedAt() + " job failed: " + r.statusMessage() + " (cause: " + r.cause()
                        + "; fix: " + r.fix() + ")", r.recoveryPointArn(), c0);
            } else if (Boolean.FALSE.equals(r.verified())) {
                finish(tr, STEP_COPY, "failed", "copied to " + vault.arn() + " but not verified: " + r.verifyDetail(),
                        r.destinationRecoveryPointArn(), c0);
            } else {
                finish(tr, STEP_COPY, "ok", "copied to " + vault.arn() + (r.verified() == null
                        ? " (not verified: no verify_role_arn)" : " and verified"), r.destinationRecoveryPointArn(), c0);
            }
        } catch (RuntimeException e) {
            finish(tr, STEP_COPY, "failed", withHint(e), null, c0);
        }
    }

    /** The message of {@code e}, with its hint when it has one: {@code MESSAGE (hint: HINT)}. */
    static String withHint(RuntimeException e) {
        return e instanceof DdbrException d && d.hint() != null ? AwsErrors.message(e) + " (hint: " + d.hint() + ")" : AwsErrors.message(e);
    }

    /** Whether CreateBackup failed because the table does not exist (TableNotFoundException, or a not-found DescribeTable). */
    static boolean tableNotFound(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a) {
                String code = AwsErrors.code(a);
                return code.equals("TableNotFoundException") || code.equals("ResourceNotFoundException");
            }
        }
        return false;
    }

    /** @return whether the restore drill passed */
    private boolean verify(TableRun tr, BackupEntry made, Instant deadline, Instant v0) {
        String name = tr.name();
        try {
            DrillReport r = new RestoreDrill(aws, clock, Sleeper.SYSTEM).run(new RestoreDrill.Request(name, made.arn(),
                    tr.profile.backup().verify().sampleItems(), left(deadline), false), m -> { });
            String detail = String.format(Locale.ROOT, "restored %d of %d items in %.1fs, sample %d of %d equal, scratch table %s",
                    r.restoredItems(), r.sourceItems(), r.restoreSeconds(), r.sampleMatched(), r.sampled(),
                    r.scratchDeleted() ? "deleted" : "kept (" + r.scratchDetail() + ")");
            // a drill whose data matched but whose scratch table stayed behind fails the step, yet proves the backup
            finish(tr, STEP_VERIFY, r.ok() && r.scratchDeleted() ? "ok" : "failed", detail, made.arn(), v0);
            return r.ok();
        } catch (RuntimeException e) {
            finish(tr, STEP_VERIFY, "failed", AwsErrors.message(e), made.arn(), v0);
            return false;
        }
    }

    private Duration left(Instant deadline) {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    /**
     * Marks {@code step} as running and emits step_started; null (and nothing emitted) when the run is closed
     * or the deadline has passed: the run reports the step then.
     */
    private Instant start(TableRun tr, String step, Instant deadline) {
        synchronized (lock) {
            Instant now = clock.instant();
            if (closed || !now.isBefore(deadline) || Thread.currentThread().isInterrupted()) return null;
            tr.current = step;
            tr.currentSince = now;
            emit("step_started", tr.name(), step, null, null, null, null);
            return now;
        }
    }

    private void finish(TableRun tr, String step, String status, String detail, String arn, Instant from) {
        synchronized (lock) {
            if (closed || tr.finished.contains(step)) return; // the run already reported it
            tr.finished.add(step);
            if (step.equals(tr.current)) tr.current = null;
            addStep(tr.name(), step, status, detail, arn, secondsSince(from));
        }
    }

    private void skip(TableRun tr, String step, String why) {
        finish(tr, step, "skipped", why, null, clock.instant());
    }

    /** Every planned step not yet finished is skipped, for {@code why}. */
    private void skipRest(TableRun tr, String why) {
        for (String step : tr.plan) skip(tr, step, why);
    }

    private void addStep(String table, String step, String status, String detail, String arn, double secs) {
        steps.add(new Step(table, step, status, detail, arn, secs));
        emit("step_finished", table, step, status, detail, arn, secs);
    }

    private double secondsSince(Instant from) {
        return Duration.between(from, clock.instant()).toMillis() / 1000.0;
    }

    private void emit(String event, String table, String step, String status, String detail, String arn, Double secs) {
        events.accept(new RunEvent(clock.instant(), event, table, step, status, detail, arn, secs));
    }

    static String fmt(Duration d) { return Durations.format(d); }
}
