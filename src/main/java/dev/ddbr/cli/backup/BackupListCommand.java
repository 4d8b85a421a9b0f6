package dev.ddbr.cli.backup;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.BackupListing;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list",
        description = {"List DynamoDB backups, AWS Backup recovery points and DynamoDB exports to S3, newest first.",
            "",
            "Without TABLE: every DynamoDB backup in the Region and the AWS Backup recovery points of DynamoDB tables in every vault of the account (tables deleted since included). With TABLE: that table's backups and its AWS Backup recovery points, also after the table was deleted (its ARN then comes from one of its backups, or from the caller's account via sts:GetCallerIdentity); a table that is gone and has neither is exit 254. When AWS Backup cannot be read, the DynamoDB backups are still listed and a note on stderr says why. Each comes with its size and status. DynamoDB's exports to S3 (ListExports) are listed beside them as type 'native export' (source native-export in JSON); 'ddbr backup status ARN' shows one.",
            "",
            "Examples:",
            "  ddbr backup list",
            "  ddbr backup list orders",
            "  ddbr backup list orders -o json | jq -r '.backups[0].arn'",
            "",
            "[API: ListBackups, DescribeTable, backup:ListRecoveryPointsByResource, backup:ListBackupVaults, backup:ListRecoveryPointsByBackupVault, sts:GetCallerIdentity (deleted TABLE), ListExports, DescribeExport]"})
public class BackupListCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..1", description = "Only this table's backups.")
    String table;

    @Override
    protected int execute() {
        if (table != null) dev.ddbr.table.TableNames.require(table);
        OnDemandBackups.Listing l = new OnDemandBackups(aws(), Poller.standard()).list(table);
        java.util.List<String> notes = new java.util.ArrayList<>(l.notes());
        java.util.List<dev.ddbr.backup.BackupEntry> all = new java.util.ArrayList<>(l.backups());
        all.addAll(new dev.ddbr.backup.nativeio.NativeExports(aws(), Poller.standard()).listFor(table, notes));
        all.sort(dev.ddbr.backup.nativeio.NativeExports.NEWEST_FIRST);
        notes.forEach(n -> console().warn(n));
        render(new BackupListing(java.util.List.copyOf(all), java.util.List.copyOf(notes)));
        return 0;
    }
}
