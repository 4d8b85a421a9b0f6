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
import java.util.function.LongConsumer;
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
            "Examples:",
            "  ddbr backup import /backups/orders-0630 --table orders-new --create",
            "  ddbr backup import s3://bk/orders/0630 --table orders --dry-run",
            "  ddbr backup import s3://bk/orders/0630 --table orders --yes",
            "  ddbr backup import ./exports --table orders-copy  # AWSDynamoDB/<id>/ below",
            "",
            "[API: DescribeTable, Scan, CreateTable, BatchWriteItem, UpdateTimeToLive, s3:GetObject]"})
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

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        if (!(writeBudget >= 0) || Double.isInfinite(writeBudget)) {
            throw dev.ddbr.error.DdbrException.invalid("--write-budget must be 0 (no limit) or a positive number of write units per second, not "
                    + budget(writeBudget), "e.g. --write-budget 500; leave it out for no limit");
        }
        Path dir = stateDir != null ? stateDir : stateDir(ctx().env().vars());
        Importer importer = new Importer(aws(), Poller.standard());
        Importer.Result r;
        try (Importer.Prepared prep = importer.prepare(path, table,
                new Importer.Options(parallelism, writeBudget, create, dir.resolve("imports")))) {
            Importer.Plan plan = prep.plan();
            if (confirm.dryRun) {
                prep.setAside().ifPresent(s -> console().warn(s + " would be set aside; the import would start from the first item"));
                render(plan.asDryRun());
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
                r = importer.write(prep, p, new InterruptLine(console().err(), resumeCommand(), ctx().env().stderrTty()));
            }
        }
        if (r.resumed()) console().info("resumed: " + r.itemsSkippedOnResume() + " items had been written by an earlier run");
        render(r);
        return ExitCodes.OK;
    }

    /** The command that picks up an interrupted import where it stopped (the journal makes it skip what is done). */
    String resumeCommand() {
        return ddbrCommand("backup", "import", path, "--table", table,
                parallelism == 8 ? null : "--parallelism", parallelism == 8 ? null : Integer.toString(parallelism),
                writeBudget == 0 ? null : "--write-budget", writeBudget == 0 ? null : budget(writeBudget),
                stateDir == null ? null : "--state-dir", stateDir == null ? null : stateDir.toString());
    }

    /** A budget as typed: 100, not 100.0. */
    static String budget(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** On a real Ctrl-C (from the import's shutdown hook): one line with what is done and how to go on. */
    static final class InterruptLine implements LongConsumer {
        private final PrintWriter err;
        private final String resume;
        private final boolean endProgressLine;

        InterruptLine(PrintWriter err, String resume, boolean endProgressLine) {
            this.err = err;
            this.resume = resume;
            this.endProgressLine = endProgressLine;
        }

        @Override
        public void accept(long written) {
            if (endProgressLine) err.println();
            err.println("ddbr: interrupted; " + written + " items written; resume with: " + resume);
            err.flush();
        }
    }

    static Path stateDir(java.util.Map<String, String> env) {
        String s = env.get("DDBR_STATE_DIR");
        if (s != null && !s.isBlank()) return Path.of(s);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "ddbr");
    }
}
