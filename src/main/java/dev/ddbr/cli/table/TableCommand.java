package dev.ddbr.cli.table;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "table", description = "Read-only table basics: list and describe.")
public class TableCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {TableListCommand.class, TableDescribeCommand.class};
    }
}
