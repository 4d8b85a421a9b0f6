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
            "Without TABLE: every DynamoDB backup in the Region and the AWS Backup recovery points of DynamoDB tables in every vault of the account (tables deleted since included). With TABLE: that table's backups and its AWS Backup recovery points, also after the table was deleted (its ARN then comes from one of its backups, or from the caller's account via sts:GetCallerIdentity); a table that is gone and has neither is exit 254. When AWS Backup cannot be read, the DynamoDB backups are still listed and a note on stderr says why. Each comes with its size and status.",
            "",
            "Examples:",
            "  ddbr backup list",
            "  ddbr backup list orders",
            "  ddbr backup list orders -o json | jq -r '.backups[0].arn'",
            "",
            "[API: ListBackups, DescribeTable, backup:ListRecoveryPointsByResource, backup:ListBackupVaults, backup:ListRecoveryPointsByBackupVault, sts:GetCallerIdentity (deleted TABLE)]"})
public class BackupListCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..1", description = "Only this table's backups.")
    String table;

    @Override
    protected int execute() {
        if (table != null) dev.ddbr.table.TableNames.require(table);
        OnDemandBackups.Listing l = new OnDemandBackups(aws(), Poller.standard()).list(table);
        l.notes().forEach(n -> console().warn(n));
        render(new BackupListing(l.backups(), l.notes()));
        return 0;
    }
}
