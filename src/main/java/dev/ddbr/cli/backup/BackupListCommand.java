package dev.ddbr.cli.backup;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.BackupListing;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list",
        description = {"List DynamoDB backups and AWS Backup recovery points, newest first.",
            "",
            "Without TABLE: every DynamoDB backup in the Region. With TABLE: that table's backups and its AWS Backup recovery points (when AWS Backup cannot be read, a note on stderr says why). Each comes with its size and status.",
            "",
            "Examples:",
            "  ddbr backup list",
            "  ddbr backup list orders",
            "  ddbr backup list orders -o json | jq -r '.backups[0].arn'",
            "",
            "[API: ListBackups, DescribeTable, backup:ListRecoveryPointsByResource]"})
public class BackupListCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..1", description = "Only this table's backups.")
    String table;

    @Override
    protected int execute() {
        OnDemandBackups.Listing l = new OnDemandBackups(aws(), Poller.standard()).list(table);
        l.notes().forEach(n -> console().warn(n));
        render(new BackupListing(l.backups(), l.notes()));
        return 0;
    }
}
