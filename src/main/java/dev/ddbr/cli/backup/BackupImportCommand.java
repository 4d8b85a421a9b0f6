package dev.ddbr.cli.backup;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.logical.Importer;
import dev.ddbr.cli.BaseCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import",
        description = {"Load a logical backup (from 'ddbr backup export') or a native DynamoDB export in",
            "DynamoDB JSON into a table.",
            "",
            "Every file's checksum, gzip integrity and item count are verified BEFORE anything is written: a",
            "corrupted or truncated backup is refused (exit 252) and nothing changes. --create makes the",
            "table from the backup's settings snapshot (never over an existing table). Writes are",
            "BatchWriteItem with retries of unprocessed items, within --write-budget. A journal in",
            "--state-dir makes the import resumable: after a crash or Ctrl-C run the same command again.",
            "",
            "Examples:",
            "  ddbr backup import /backups/orders-2025-06-30 --table orders-restored --create",
            "  ddbr backup import s3://my-backups/orders/2025-06-30 --table orders --write-budget 1000",
            "  ddbr backup import ./AWSDynamoDB/01700000000000-abcdef12 --table orders-copy",
            "",
            "[API: DescribeTable, CreateTable, BatchWriteItem, UpdateTimeToLive, s3:GetObject]"})
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

    @Override
    protected int execute() {
        Path dir = stateDir != null ? stateDir : stateDir(ctx().env().vars());
        Importer.Result r;
        try (ItemProgress p = ItemProgress.of(console(), "items imported", 0)) {
            r = new Importer(aws(), Poller.standard()).run(path, table,
                    new Importer.Options(parallelism, writeBudget, create, dir.resolve("imports")), p);
        }
        if (r.resumed()) console().info("resumed: " + r.itemsSkippedOnResume() + " items had been written by an earlier run");
        render(r);
        return 0;
    }

    static Path stateDir(java.util.Map<String, String> env) {
        String s = env.get("DDBR_STATE_DIR");
        if (s != null && !s.isBlank()) return Path.of(s);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "ddbr");
    }
}
