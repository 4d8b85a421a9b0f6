package dev.ddbr.cli.backup;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.logical.Importer;
import dev.ddbr.cli.BaseCommand;
import java.nio.file.Path;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.TextWriter;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import dev.ddbr.cli.InterruptNotice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import",
        description = {"Load a logical backup (from 'ddbr backup export') or a native DynamoDB export in DynamoDB JSON into a table.",
            "",
            "PATH is a backup directory, an s3://bucket/prefix, a native export's AWSDynamoDB/<id>/ folder, or a folder above holding exactly one such export.",
            "",
            "Every file's checksum, gzip integrity and item count are verified BEFORE anything is written: a corrupted or truncated backup is refused (exit 252) and nothing changes. The backup's key schema must be the target table's. --create makes the table from the backup's settings snapshot (never over an existing table).",
            "",
            "Writing into an existing table that already holds items overwrites items with the same keys, so it is confirmed: --dry-run shows the plan, a terminal is asked, anything else needs --yes (else exit 252, nothing written). A new or empty table needs no confirmation.",
            "",
            "Writes are BatchWriteItem with retries of unprocessed items, within --write-budget. A journal in --state-dir makes the import resumable: after a crash or Ctrl-C run the same command again. The journal records which table it is of (ARN, creation time, endpoint); a journal of another table (deleted and re-created, other account, Region or endpoint) is set aside and the import starts from the first item.",
            "",
            "With --native: DynamoDB's server-side import (ImportTable) of a native export's folder s3://.../AWSDynamoDB/EXPORT_ID/ into a NEW table (an existing one is refused up front), with the key schema, GSIs, billing and SSE of the source table named in the export's manifest (or --source-table) or, when the source table is gone, from --key, --gsi and --billing (checked before anything starts; then there is nothing to re-apply), then the fix-ups and drift check of 'ddbr restore' (tags, stream, TTL, PITR, deletion protection, table class, auto scaling, ...). Spends no write capacity; waits up to --timeout.",
            "",
            "Examples:",
            "  ddbr backup import /backups/orders-0630 --table orders-new --create",
            "  ddbr backup import s3://exp/o/AWSDynamoDB/ID/ --native --table orders2",
            "  ddbr backup import s3://e/AWSDynamoDB/ID/ --native --table new --key pk:S,sk:N",
            "  ddbr backup import s3://bk/orders/0630 --table orders --dry-run",
            "  ddbr backup import s3://bk/orders/0630 --table orders --yes",
            "  ddbr backup import ./exports --table orders-copy  # AWSDynamoDB/<id>/ below",
            "",
            "[API: DescribeTable, Scan, CreateTable, ListTagsOfResource, BatchWriteItem, UpdateTimeToLive, s3:GetObject; sts:GetCallerIdentity (prompt and --dry-run); --native: ImportTable, DescribeImport, DescribeTable, s3:GetObject (manifest-summary.json), the settings snapshot's describe calls and restore's fix-up calls]"})
public class BackupImportCommand extends BaseCommand {
    @Parameters(paramLabel = "PATH", description = "Backup directory, s3://bucket/prefix, or a native export's directory.")
    String path;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "The table to write into.")
    String table;

    @Option(names = "--create", description = "Create the table from the backup's settings snapshot.")
    boolean create;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8",
            description = "BatchWriteItem calls in flight (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--write-budget", paramLabel = "WCU", defaultValue = "0",
            description = "Write capacity units per second to spend at most; 0 = no limit (default: ${DEFAULT-VALUE}).")
    double writeBudget;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the resume journal lives (default: $DDBR_STATE_DIR, or ~/.local/state/ddbr).")
    Path stateDir;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Option(names = "--native", description = "DynamoDB's server-side import of a native export into a new table (then restore's fix-ups).")
    boolean nativeImport;

    @Option(names = "--source-table", paramLabel = "TABLE",
            description = "With --native: the table whose keys, indexes and settings to use (default: the one the export's manifest names).")
    String sourceTable;

    @Option(names = "--key", paramLabel = "NAME:TYPE[,NAME:TYPE]",
            description = "With --native, when the source table is gone: the new table's partition key and optional sort key, type S, N or B (e.g. pk:S,sk:N).")
    String key;

    @Option(names = "--gsi", paramLabel = "NAME=KEYS[:PROJECTION]",
            description = "With --key: a global secondary index, KEYS as in --key, PROJECTION ALL (default), KEYS_ONLY or INCLUDE(a,b); repeatable (e.g. by-status=status:S,created:N:KEYS_ONLY).")
    java.util.List<String> gsis = new java.util.ArrayList<>();

    @Option(names = "--billing", paramLabel = "MODE",
            description = "With --key: on-demand (default) or provisioned:RCU/WCU (the table's and each index's capacity).")
    String billing;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
            description = "With --native: give up waiting after this long (default: ${DEFAULT-VALUE}); the import goes on in AWS.")
    String timeout;

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        if (nativeImport) return nativeImport();
        for (String o : java.util.List.of("--source-table", "--key", "--gsi", "--billing")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw dev.ddbr.error.DdbrException.invalid(o + " goes with --native", "add --native, or drop " + o);
            }
        }
        if (!(writeBudget >= 0) || Double.isInfinite(writeBudget)) {
            throw dev.ddbr.error.DdbrException.invalid("--write-budget must be 0 (no limit) or a positive number of write units per second, not "
                    + budget(writeBudget), "e.g. --write-budget 500; leave it out for no limit");
        }
        Path dir = stateDir != null ? stateDir : stateDir(ctx().env().vars());
        Importer.Result r;
        // one line on a real Ctrl-C from the start (before the profile is read and the first client made): while
        // files are fetched and verified, while a created table becomes ACTIVE, and while items are written
        AtomicReference<Importer.Prepared> prepared = new AtomicReference<>();
        InterruptLine line = new InterruptLine(table, this::resumeCommand, ctx().env().stderrTty());
        try (var notice = InterruptNotice.on(console().err(), () -> line.text(prepared.get()));
             Importer.Prepared prep = importer().prepare(path, table,
                     new Importer.Options(parallelism, writeBudget, create, dir.resolve("imports")))) {
            prepared.set(prep);
            Importer.Plan plan = prep.plan();
            prep.settingsGaps().forEach(g -> console().warn(g));
            if (confirm.dryRun) {
                prep.setAside().ifPresent(s -> console().warn(s + " would be set aside; the import would start from the first item"));
                renderPlan(plan.asDryRun());
                return ExitCodes.OK;
            }
            if (plan.needsConfirmation()) {
                boolean text = ctx().renderer().format() == OutputFormat.text;
                if (!confirm.yes && ctx().env().stdinTty()) {
                    // the plan first, then the question; stdout keeps a single document in json/yaml
                    PrintWriter to = text ? ctx().out() : console().err();
                    plan.renderText(new TextWriter(to, text ? ctx().renderer().style() : console().style()));
                    to.flush();
                }
                String what = "write " + plan.itemCount() + " items into the existing table '" + table
                        + "', overwriting items with the same keys";
                if (!Confirmation.confirm(ctx(), confirm, what + "?", what)) {
                    console().info("nothing written");
                    return ExitCodes.PROBLEMS;
                }
            }
            prep.setAside().ifPresent(s -> console().warn(s + " was set aside; starting from the first item"));
            try (ItemProgress p = ItemProgress.of(console(), "items imported", plan.itemCount())) {
                line.progressLine = true;
                r = importer().write(prep, p);
            }
        }
        if (r.resumed()) console().info("resumed: " + r.itemsSkippedOnResume() + " items had been written by an earlier run");
        render(r);
        return ExitCodes.OK;
    }

    private Importer importer;

    /** Made on first use, after the Ctrl-C notice: making it reads the profile. */
    private Importer importer() {
        if (importer == null) importer = new Importer(aws(), Poller.standard());
        return importer;
    }

    /**
     * The command that picks up an interrupted import where it stopped (the journal makes it skip what is done);
     * {@code withCreate}: keep --create (false for a re-run after CreateTable was sent but not recorded).
     */
    String resumeCommand(boolean withCreate) {
        return ddbrCommand("backup", "import", path, "--table", table, create && withCreate ? "--create" : null,
                parallelism == 8 ? null : "--parallelism", parallelism == 8 ? null : Integer.toString(parallelism),
                writeBudget == 0 ? null : "--write-budget", writeBudget == 0 ? null : budget(writeBudget),
                stateDir == null ? null : "--state-dir", stateDir == null ? null : stateDir.toString(),
                confirm.dryRun ? "--dry-run" : null, confirm.yes ? "--yes" : null);
    }

    /** A budget as typed: 100, not 100.0. */
    static String budget(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** On a real Ctrl-C (from the notice's shutdown hook): one line with what is done and how to go on. */
    static final class InterruptLine {
        private final String table;
        private final java.util.function.Function<Boolean, String> command;
        private final boolean stderrTty;
        /** The progress line is on screen: end it first. */
        volatile boolean progressLine;

        InterruptLine(String table, java.util.function.Function<Boolean, String> command, boolean stderrTty) {
            this.table = table;
            this.command = command;
            this.stderrTty = stderrTty;
        }

        /** {@code prep}: null while the backup is fetched and verified. */
        String text(Importer.Prepared prep) {
            String line = line(prep == null ? null : prep.interrupted(), prep != null && prep.plan().resuming());
            return progressLine && stderrTty ? System.lineSeparator() + line : line;
        }

        String line(Importer.Interrupted at, boolean resuming) {
            Importer.Stage stage = at == null ? Importer.Stage.READY : at.stage();
            return switch (stage) {
                case READY -> resuming
                        ? "ddbr: interrupted before this run wrote any item; resume with: " + command.apply(true)
                        : "ddbr: interrupted before any item was written; run again with: " + command.apply(true);
                // the journal does not know the table: a re-run with --create would refuse it as an existing table
                case CREATE_SENT -> "ddbr: interrupted while CreateTable was sent for '" + table + "', before any item was"
                        + " written; the table may exist now: if it does, run again without --create: " + command.apply(false)
                        + "; if not, run again with: " + command.apply(true);
                // the journal records the table it created: a re-run (with or without --create) takes it over
                case CREATED -> "ddbr: interrupted while table '" + table + "' became ACTIVE (it exists now), before any"
                        + " item was written; resume with: " + command.apply(false);
                case WRITING -> "ddbr: interrupted; " + at.itemsWritten() + " items written; resume with: " + command.apply(false);
            };
        }
    }

    static Path stateDir(java.util.Map<String, String> env) {
        String s = env.get("DDBR_STATE_DIR");
        if (s != null && !s.isBlank()) return Path.of(s);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "ddbr");
    }

    private int nativeImport() {
        for (String o : java.util.List.of("--create", "--parallelism", "--write-budget", "--state-dir", "--dry-run", "--yes")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw dev.ddbr.error.DdbrException.invalid(o + " is for ddbr's own import; --native makes DynamoDB create the table and write the items",
                        "drop " + o);
            }
        }
        for (String o : java.util.List.of("--gsi", "--billing")) {
            if (key == null && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw dev.ddbr.error.DdbrException.invalid(o + " goes with --key: they define the new table when the source table is gone",
                        "add " + dev.ddbr.backup.nativeio.TableDefinition.KEY_FORM + ", or drop " + o + " (the source table's are used)");
            }
        }
        // the whole definition is checked before anything is read or created
        dev.ddbr.backup.nativeio.TableDefinition definition = key == null ? null
                : dev.ddbr.backup.nativeio.TableDefinition.parse(key, gsis, billing);
        java.time.Duration wait = dev.ddbr.util.Durations.parse(timeout, "--timeout");
        AtomicReference<String> arn = new AtomicReference<>();
        dev.ddbr.output.Progress progress = dev.ddbr.output.Progress.of(console());
        dev.ddbr.backup.nativeio.NativeImports.Result r;
        try (var notice = InterruptNotice.on(console().err(), () -> {
            progress.stop();
            return arn.get() == null ? "ddbr: interrupted before the import was started; nothing was created"
                    : "ddbr: interrupted; the import goes on in AWS (" + arn.get() + "); once table '" + table
                    + "' is ACTIVE, compare it with its source: ddbr table describe " + table;
        })) {
            r = new dev.ddbr.backup.nativeio.NativeImports(aws(), Poller.standard()).run(path, table, sourceTable, definition, wait,
                    s -> progress.update("import into " + table + ": " + s), ddbrCommand("table", "describe", table), console()::info, a -> {
                        arn.set(a);
                        console().info("import into " + table + " started: " + a);
                    });
            progress.done();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ddbr.error.InterruptedOperationException("interrupted during the import into " + table, null);
        }
        r.notes().forEach(n -> console().warn(n));
        render(r);
        if (!"COMPLETED".equals(r.status())) {
            throw dev.ddbr.error.DdbrException.aws("the import into '" + table + "' ended " + r.status()
                    + (r.failureCode() == null ? "" : ": " + r.failureCode()) + (r.failureMessage() == null ? "" : " (" + r.failureMessage() + ")"),
                    "see the import's CloudWatch log group; delete the table it created before trying again", null);
        }
        boolean problems = !r.drift().isEmpty() || r.fixUps().stream().anyMatch(f -> dev.ddbr.restore.FixUpResult.FAILED.equals(f.status()));
        return problems ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
