package dev.ddbr.cli.backup;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.backup.logical.BackupLocation;
import dev.ddbr.backup.logical.Exporter;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export",
        description = {"Write a portable logical backup of TABLE to a directory or S3 prefix.",
            "",
            "A parallel Scan within a read budget, saved as gzip DynamoDB JSON lines (the line format of a native export), one file per segment, and manifest.json with item counts, a SHA-256 per file and the table's full settings snapshot.",
            "",
            "Works with any account, Region or DynamoDB-compatible endpoint. The destination must be empty. A file named _incomplete is written first and manifest.json last; the marker is removed when the export is complete, so a destination without manifest.json is not a backup. Ctrl-C exits 130; an interrupted export does not resume: remove the destination (or choose another) and run it again.",
            "",
            "Examples:",
            "  ddbr backup export orders --to /backups/orders-2025-06-30",
            "  ddbr backup export orders --to s3://my-backups/orders/2025-06-30",
            "  ddbr backup export orders --to /backups/o --segments 16 --read-budget 500",
            "",
            "[API: Scan, DescribeTable (+ the settings snapshot's describe calls), s3:PutObject, s3:ListBucket, s3:DeleteObject]"})
public class BackupExportCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table to export.")
    String table;

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", description = "Where the backup goes (must be empty).")
    String to;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "4",
            description = "Parallel Scan segments and files (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--read-budget", paramLabel = "RCU", defaultValue = "0",
            description = "Read capacity units per second to spend at most, as DynamoDB reports them; 0 = no limit and not measured (default: ${DEFAULT-VALUE}).")
    double readBudget;

    @Option(names = "--consistent", description = "Strongly consistent reads (twice the read units).")
    boolean consistent;

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        if (!(readBudget >= 0) || Double.isInfinite(readBudget)) {
            throw DdbrException.invalid("--read-budget must be 0 (no limit) or a positive number of read units per second, not "
                    + BackupImportCommand.budget(readBudget), "e.g. --read-budget 500; leave it out for no limit");
        }
        Exporter.Result r;
        String again = ddbrCommand("backup", "export", table, "--to", to,
                segments == 4 ? null : "--segments", segments == 4 ? null : Integer.toString(segments),
                readBudget == 0 ? null : "--read-budget", readBudget == 0 ? null : BackupImportCommand.budget(readBudget),
                consistent ? "--consistent" : null);
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<BackupLocation> where = new java.util.concurrent.atomic.AtomicReference<>();
        boolean progressLine = ctx().env().stderrTty();
        // the notice first, before the profile is read and the first client made: a Ctrl-C always gets its line
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> started.get()
                     ? (progressLine ? System.lineSeparator() : "") + "ddbr: interrupted; the export in " + where.get().describe()
                             + " is incomplete (no manifest.json) and is not a backup; remove it, then restart with: " + again
                     : "ddbr: interrupted before the export started; nothing was written; run again with: " + again);
             ItemProgress p = ItemProgress.of(console(), "items exported", 0)) {
            BackupLocation loc = BackupLocation.of(to, aws());
            where.set(loc);
            r = new Exporter(aws()).export(table, loc, new Exporter.Options(segments, readBudget, consistent), p,
                    () -> started.set(true));
        }
        r.notes().forEach(n -> console().verbose(n));
        r.settingsGaps().forEach(g -> console().warn("settings not read: " + g + "; the manifest records the gap, and 'backup import --create' cannot restore it"));
        render(r);
        return 0;
    }
}
