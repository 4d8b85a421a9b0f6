package dev.ddbr.cli.backup;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.BackupListing;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.cli.BaseCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create",
        description = {"Take an on-demand DynamoDB backup of each TABLE and wait until it is AVAILABLE.",
            "",
            "The name comes from the profile's backup.name_template (default {table}-{timestamp}, UTC), or from --name. Prints the backups on stdout; progress goes to stderr.",
            "",
            "Examples:",
            "  ddbr backup create orders",
            "  ddbr backup create orders customers --no-wait -o json",
            "  ddbr -p prod backup create orders --name orders-before-migration",
            "",
            "[API: CreateBackup, DescribeBackup]"})
public class BackupCreateCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "1..*", description = "Tables to back up.")
    List<String> tables;

    @Option(names = "--name", paramLabel = "NAME", description = "Backup name (one TABLE only); default from the template.")
    String name;

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.WaitOptions waitOptions = new dev.ddbr.cli.WaitOptions();

    @Override
    protected int execute() {
        if (name != null && tables.size() > 1) {
            throw dev.ddbr.error.DdbrException.invalid("--name works with one TABLE only", "drop --name to use the template");
        }
        var wait = waitOptions.timeout();
        OnDemandBackups svc = new OnDemandBackups(aws(), Poller.standard());
        Instant now = Instant.now();
        List<BackupEntry> made = new ArrayList<>();
        for (String t : tables) {
            String n = name != null ? name : ctx().profileOrEmpty().tableOrDefaults(t).backup().backupName(t, now);
            BackupEntry b = svc.create(t, n);
            console().info("backup '" + n + "' of " + t + " started");
            made.add(b);
        }
        if (waitOptions.wait) {
            List<BackupEntry> done = new ArrayList<>();
            for (BackupEntry b : made) {
                BackupEntry a = svc.waitAvailable(b.arn(), wait);
                console().info("backup '" + a.name() + "' is AVAILABLE");
                done.add(a);
            }
            made = done;
        }
        render(new BackupListing(made, List.of()));
        return 0;
    }
}
