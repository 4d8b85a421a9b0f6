package dev.ddbr.cli.restore;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "restore",
        description = "Restores that come back complete: point in time or from a backup, waited for, with every setting "
                + "a restore drops re-applied, a drift check and the recovery time achieved.")
public class RestoreCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {RestorePitrCommand.class, RestoreBackupCommand.class, RestoreStatusCommand.class, RestoreListCommand.class};
    }
}
