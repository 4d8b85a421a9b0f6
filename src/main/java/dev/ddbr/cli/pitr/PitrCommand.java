package dev.ddbr.cli.pitr;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "pitr", description = "Point-in-time recovery: status and window of each table, and turning it on.",
        subcommands = {PitrStatusCommand.class, PitrEnableCommand.class})
public class PitrCommand extends GroupCommand {}
