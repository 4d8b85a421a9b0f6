package dev.ddbr.cli.backup;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "backup",
        description = "On-demand backups and retention, cross-account copies, portable logical backups, DynamoDB exports to S3, "
                + "cron runs and restore drills.")
public class BackupCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {BackupCreateCommand.class, BackupListCommand.class, BackupPruneCommand.class, BackupExportCommand.class, BackupStatusCommand.class, BackupImportCommand.class, BackupRunCommand.class, BackupCopyCommand.class, BackupDoctorCommand.class, BackupVerifyCommand.class};
    }
}
