package dev.ddbr.cli.pitr;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "pitr", description = "Point-in-time recovery: status and window of each table, and turning it on.")
public class PitrCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {PitrStatusCommand.class, PitrEnableCommand.class};
    }
}
