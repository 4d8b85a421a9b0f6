package dev.ddbr.cli.capacity;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "capacity", description = "Capacity planning from what tables really consumed: the right capacity mode, "
        + "auto scaling settings, table class and headroom, with costs per month.",
        subcommands = {CapacityAdviseCommand.class, CapacityApplyCommand.class})
public class CapacityCommand extends GroupCommand {}
