package dev.ddbr.cli.backup;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.nativeio.NativeExport;
import dev.ddbr.backup.nativeio.NativeExports;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status",
        description = {"Show a DynamoDB export to S3 (started by 'backup export --native' or elsewhere): status, items, bytes, manifest.",
            "",
            "Reads DescribeExport in the Region the ARN names. Exit 0 while IN_PROGRESS or COMPLETED, 1 when the export FAILED (the failure is printed).",
            "",
            "Examples:",
            "  ddbr backup status \"$(ddbr backup list t -o json | jq -r .backups[0].arn)\"",
            "  ddbr backup status EXPORT_ARN -o json | jq -r .status",
            "",
            "[API: DescribeExport]"})
public class BackupStatusCommand extends BaseCommand {
    @Parameters(paramLabel = "EXPORT_ARN", description = "The export's ARN (as 'backup export --native' and 'backup list' print it).")
    String arn;

    @Override
    protected int execute() {
        NativeExports.requireArn(arn);
        NativeExport e = new NativeExports(aws(), Poller.standard()).describe(arn);
        render(e);
        return "FAILED".equals(e.status()) ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
