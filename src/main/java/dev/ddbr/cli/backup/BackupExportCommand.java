package dev.ddbr.cli.backup;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.backup.logical.BackupLocation;
import dev.ddbr.backup.logical.Exporter;
import dev.ddbr.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export",
        description = {"Write a portable logical backup of TABLE: a parallel Scan within a read budget, saved",
            "as gzip DynamoDB JSON lines (the line format of a native export), one file per segment, and",
            "manifest.json with item counts, a SHA-256 per file and the table's full settings snapshot.",
            "Works with any account, Region or DynamoDB-compatible endpoint. The destination must be empty;",
            "manifest.json is written last, so a backup without it is incomplete.",
            "",
            "Examples:",
            "  ddbr backup export orders --to /backups/orders-2025-06-30",
            "  ddbr backup export orders --to s3://my-backups/orders/2025-06-30 --segments 16 --read-budget 500",
            "",
            "[API: Scan, DescribeTable (+ the settings snapshot's describe calls), s3:PutObject, s3:ListBucket]"})
public class BackupExportCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table to export.")
    String table;

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", description = "Where the backup goes (must be empty).")
    String to;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "4",
            description = "Parallel Scan segments and files (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--read-budget", paramLabel = "RCU", defaultValue = "0",
            description = "Read capacity units per second to spend at most; 0 = no limit (default: ${DEFAULT-VALUE}).")
    double readBudget;

    @Option(names = "--consistent", description = "Strongly consistent reads (twice the read units).")
    boolean consistent;

    @Override
    protected int execute() {
        BackupLocation loc = BackupLocation.of(to, aws());
        Exporter.Result r;
        try (ItemProgress p = ItemProgress.of(console(), "items exported", 0)) {
            r = new Exporter(aws()).export(table, loc, new Exporter.Options(segments, readBudget, consistent), p);
        }
        r.notes().forEach(n -> console().verbose(n));
        render(r);
        return 0;
    }
}
