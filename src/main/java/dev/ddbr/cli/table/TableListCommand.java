package dev.ddbr.cli.table;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.table.TableLister;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list",
        description = {"List the tables in the Region, with status, billing, approximate size and replicas.",
            "",
            "Examples:",
            "  ddbr table list",
            "  ddbr table list --names-only --region eu-west-1",
            "  ddbr table list -o json | jq -r '.tables[].name'",
            "",
            "[API: ListTables, DescribeTable]"})
public class TableListCommand extends BaseCommand {
    @Option(names = "--names-only", description = "Only the names (one ListTables call per 100 tables).")
    boolean namesOnly;

    @Override
    protected int execute() {
        render(new TableLister(aws()).list(!namesOnly));
        return 0;
    }
}
