package dev.ddbr.cli.backup;

import dev.ddbr.util.Durations;
import dev.ddbr.backup.run.BackupRun;
import dev.ddbr.backup.run.RunEvent;
import dev.ddbr.backup.run.RunLock;
import dev.ddbr.backup.run.RunPlan;
import dev.ddbr.backup.run.RunPlanner;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.Renderer;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run",
        description = {"For cron: for every table in the profile, do what its backup: section says.",
            "",
            "For each table with a backup: section (tables without one are skipped): create a backup and wait for it, copy it to another account (copy_to, as 'backup copy'), restore-test the new backup (verify.enabled, as 'backup verify'), then prune by keep_last / max_age_days (never deleting a safety backup taken by 'restore pitr --replace'). Prune is skipped when the create or the restore test failed.",
            "",
            "Tables run in parallel up to --concurrency. A lock file keeps two runs from overlapping (a lock left by a dead process is detected and taken over). --max-runtime bounds the whole run: when it passes, every unfinished step fails (a prune without keep_last / max_age_days is skipped, as always) and the run ends at once. Ctrl-C releases the lock and prints the command that runs again. With --log-format json, stdout is NDJSON events (run_started, step_started, step_finished, run_finished); otherwise a summary (table, or -o json / yaml). Exit 0 only when every step succeeded, 1 otherwise. A failed step is an error line on stderr (level error in the JSON events).",
            "",
            "--dry-run shows, for every table, what each step would do (the backup name, the vault, the scratch table, the backups prune would delete once the new one exists), with reads only, in text or -o json / yaml; a step that would fail is an error (exit 1).",
            "",
            "Examples:",
            "  ddbr -p prod backup run",
            "  ddbr -p prod backup run --log-format json --max-runtime 2h",
            "  ddbr -p prod backup run --lock /run/ddbr/backup.lock",
            "  ddbr -p prod backup run --dry-run",
            "",
            "[API: CreateBackup, DescribeBackup, ListBackups, DescribeTable, DeleteBackup, backup:ListRecoveryPointsByResource; copy_to: backup:StartBackupJob, backup:DescribeBackupJob, backup:StartCopyJob, backup:DescribeCopyJob, iam:PassRole, sts:AssumeRole, backup:DescribeBackupVault, backup:DescribeRecoveryPoint; verify: RestoreTableFromBackup, TagResource, Scan, GetItem, ListTagsOfResource, DeleteTable; --dry-run: DescribeTable, ListBackups, backup:ListRecoveryPointsByResource, sts:GetCallerIdentity]"})
public class BackupRunCommand extends BaseCommand {
    public enum LogFormat { text, json }
    static final int DEFAULT_CONCURRENCY = 2;
    static final String DEFAULT_MAX_RUNTIME = "6h";

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (summary table) or json (NDJSON events on stdout) (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--lock", paramLabel = "FILE",
            description = "Lock file (default: $DDBR_STATE_DIR/backup-run.lock, or ~/.local/state/ddbr/backup-run.lock).")
    Path lock;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + DEFAULT_CONCURRENCY, description = "Tables at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-runtime", paramLabel = "DURATION", defaultValue = DEFAULT_MAX_RUNTIME,
            description = "Stop after this long: unfinished steps fail, jobs already started in AWS go on (default: ${DEFAULT-VALUE}).")
    String maxRuntime;

    @Option(names = "--dry-run", description = "Show, for every table, what create, copy, verify and prune would do, "
            + "and change nothing (reads only; no lock taken). Exit 1 when a step would fail.")
    boolean dryRun;

    @Override
    protected int execute() {
        var max = Durations.parse(maxRuntime, "--max-runtime");
        if (concurrency < 1 || concurrency > 64) throw DdbrException.invalid("--concurrency must be 1 to 64", "2 to 4 suits most accounts");
        Profile p = ctx().profile().orElseThrow(() -> DdbrException.config("backup run needs a profile",
                "pass -p PROFILE (a file or a name in $DDBR_CONFIG_DIR)"));
        if (p.tables().isEmpty()) {
            throw DdbrException.config("the profile lists no tables", "add them under tables: with a backup: section");
        }
        if (p.tables().stream().noneMatch(TableProfile::backupDeclared)) {
            throw DdbrException.config("no table in the profile has a backup: section, so backup run has nothing to do",
                    "add one to each table to back up, e.g. backup: {keep_last: 7} (backup: {} takes the defaults)");
        }
        if (dryRun) {
            RunPlan plan = new RunPlanner(aws(), java.time.Clock.systemUTC()).plan(p.tables());
            for (RunPlan.Step s : plan.steps()) {
                if (s.status().equals(RunPlan.ERROR)) console().error(s.table() + " " + s.step() + ": " + s.detail());
            }
            renderPlan(plan);
            return plan.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
        Path lockFile = lock != null ? lock : BackupImportCommand.stateDir(ctx().env().vars()).resolve("backup-run.lock");
        PrintWriter out = ctx().out();
        try (RunLock l = RunLock.acquire(lockFile)) {
            l.stalePid().ifPresent(pid -> console().warn("stale lock from process " + pid + " (no longer running) taken over"));
            BackupRun run = new BackupRun(aws(), e -> event(e, out));
            BackupRun.Summary s;
            try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> interrupted(out, l))) {
                s = run.run(p.tables(), concurrency, max);
            }
            if (logFormat == LogFormat.text) render(s);
            return s.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }
    }

    /**
     * On SIGINT/SIGTERM: a run_interrupted event (JSON logs), the lock released and cleared (so the next run does not
     * take it for a crashed run's), and the line that says how to go on.
     */
    private String interrupted(PrintWriter out, RunLock runLock) {
        String what = "steps that finished stay done; backup, copy and restore jobs already started go on in AWS";
        event(new RunEvent(java.time.Instant.now(), "run_interrupted", null, null, "failed", what, null, null), out);
        runLock.close();
        return "ddbr: interrupted; " + what + "; the lock " + runLock.file() + " is released; run again with: " + runAgain();
    }

    /** The command line that runs the same again: the options that differ from their defaults are kept. */
    String runAgain() {
        boolean maxDefault = Durations.parse(maxRuntime, "--max-runtime").equals(Durations.parse(DEFAULT_MAX_RUNTIME, "--max-runtime"));
        return ddbrCommand("backup", "run",
                lock == null ? null : "--lock", lock == null ? null : lock.toString(),
                concurrency == DEFAULT_CONCURRENCY ? null : "--concurrency", concurrency == DEFAULT_CONCURRENCY ? null : Integer.toString(concurrency),
                maxDefault ? null : "--max-runtime", maxDefault ? null : maxRuntime,
                logFormat == LogFormat.text ? null : "--log-format", logFormat == LogFormat.text ? null : logFormat.name());
    }

    private synchronized void event(RunEvent e, PrintWriter out) {
        if (logFormat == LogFormat.json) {
            try {
                out.println(Renderer.jsonLine().writeValueAsString(e));
                out.flush();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        } else if (e.event().equals("step_finished")) {
            String line = e.table() + " " + e.step() + ": " + e.status() + (e.detail() == null ? "" : " (" + e.detail() + ")");
            if ("failed".equals(e.status())) console().error(line); else console().verbose(line);
        }
    }
}
