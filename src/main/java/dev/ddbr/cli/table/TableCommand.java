package dev.ddbr.cli.table;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "table", description = "Read-only table basics: list and describe.",
        subcommands = {TableListCommand.class, TableDescribeCommand.class})
public class TableCommand extends GroupCommand {}
