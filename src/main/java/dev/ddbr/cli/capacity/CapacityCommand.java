package dev.ddbr.cli.capacity;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "capacity", description = "Capacity planning from what tables really consumed: the right capacity mode, "
        + "auto scaling settings, table class and headroom, with costs per month.")
public class CapacityCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {CapacityAdviseCommand.class, CapacityApplyCommand.class};
    }
}
