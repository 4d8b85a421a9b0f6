package dev.ddbr.cli.backup;

import dev.ddbr.backup.verify.DrillReport;
import dev.ddbr.backup.verify.RestoreDrill;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.util.Durations;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
        description = {"Restore drill: prove a backup of TABLE restores, and how long the restore takes.",
            "",
            "Restores the backup (--backup ARN, or the newest AVAILABLE one) into a scratch table named TABLE-ddbr-drill-<UTC time to the millisecond>-<6 random hex digits> (drills started together never collide), tagged ddbr:created-by=ddbr and ddbr:drill-of=TABLE; counts the items of both tables exactly (Scan, Select COUNT), compares a sample of restored items with the source by key (--sample, default the profile's backup.verify.sample_items), reports the restore time (RTO evidence), then deletes the scratch table.",
            "",
            "Only a table carrying both tags is ever deleted; the tags are checked right before DeleteTable. The source table is only read; a missing table is an error (exit 254). --backup must be a backup ARN of TABLE (else exit 252); one that does not exist is exit 254. Exit 0 when counts and sample match, 1 otherwise (on a table being written, a difference can be writes made after the backup).",
            "",
            "Examples:",
            "  ddbr backup verify orders",
            "  ARN=$(ddbr backup list orders -o json | jq -r '.backups[1].arn')",
            "  ddbr backup verify orders --backup \"$ARN\"",
            "  ddbr -p prod backup verify orders --sample 500 -o json",
            "  ddbr -p prod backup verify orders --report drill-orders.html",
            "",
            "[API: ListBackups, DescribeBackup, RestoreTableFromBackup, TagResource, DescribeTable, Scan, GetItem, ListTagsOfResource, DeleteTable]"})
public class BackupVerifyCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table whose backup is tested.")
    String table;

    @Option(names = "--backup", paramLabel = "ARN|latest", defaultValue = "latest",
            description = "The backup to restore (default: ${DEFAULT-VALUE}, the newest AVAILABLE backup of TABLE).")
    String backup;

    @Option(names = "--sample", paramLabel = "N", description = "Items to compare, 1 to 1000000 (default: backup.verify.sample_items, 100).")
    Integer sample;

    @Option(names = "--keep", description = "Keep the scratch table (still tagged) instead of deleting it.")
    boolean keep;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
            description = "Give up waiting for the restore after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ReportOption reportOption = new dev.ddbr.cli.ReportOption();

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        reportOption.check();
        var wait = Durations.parse(timeout, "--timeout");
        // the profile's backup.verify.sample_items has the same range (profile/Schema.java)
        if (sample != null && (sample < 1 || sample > 1_000_000)) {
            throw DdbrException.invalid("--sample must be 1 to 1000000, not " + sample, "100 is usually enough");
        }
        int n = sample != null ? sample : ctx().profileOrEmpty().tableOrDefaults(table).backup().verify().sampleItems();
        boolean latest = backup == null || backup.equals("latest");
        if (!latest) {
            String of = dev.ddbr.backup.ondemand.BackupNames.tableOfArn(dev.ddbr.backup.ondemand.BackupNames.requireBackupArn(backup, "--backup"));
            if (!of.equals(table)) {
                throw DdbrException.invalid("backup " + backup + " is of table '" + of + "', not '" + table + "'",
                        "run 'ddbr backup verify " + of + " --backup " + backup + "'");
            }
        }
        RestoreDrill drill = new RestoreDrill(aws(), Clock.systemUTC(), Sleeper.SYSTEM);
        DrillReport r;
        String again = ddbrCommand("backup", "verify", table, latest ? null : "--backup", latest ? null : backup,
                keep ? "--keep" : null, sample == null ? null : "--sample", sample == null ? null : sample.toString(),
                "6h".equals(timeout) ? null : "--timeout", "6h".equals(timeout) ? null : timeout);
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> drill.onInterrupt(again))) {
            r = drill.run(new RestoreDrill.Request(table, backup, n, wait, keep), new InfoSink(console()));
        }
        if (!r.scratchDeleted() && !keep) console().warn("scratch table " + r.scratchTable() + " was not deleted: " + r.scratchDetail());
        render(r);
        if (reportOption.requested()) {
            Integer rto = ctx().profileOrEmpty().tableOrDefaults(table).failover().flatMap(f -> f.rtoSeconds()).orElse(null);
            DrillReport drill1 = r;
            reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(drill1, rto, meta));
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
