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
            "A Region without tables prints the header alone (text) or an empty list (JSON), and says so on stderr.",
            "",
            "[API: ListTables, DescribeTable; sts:GetCallerIdentity when the Region has no tables]"})
public class TableListCommand extends BaseCommand {
    @Option(names = "--names-only", description = "Only the names (one ListTables call per 100 tables).")
    boolean namesOnly;

    @Override
    protected int execute() {
        var list = new TableLister(aws()).list(!namesOnly);
        boolean empty = list.tables().isEmpty();
        // --names-only prints bare names: no header, so an empty Region leaves stdout empty
        if (!(empty && namesOnly && ctx().format() == dev.ddbr.output.OutputFormat.text)) render(list);
        if (empty) console().info("no tables in " + ctx().actingOn(list.region()).text());
        return 0;
    }
}
