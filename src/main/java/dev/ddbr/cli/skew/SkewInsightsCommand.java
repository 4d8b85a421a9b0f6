package dev.ddbr.cli.skew;

import dev.ddbr.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "insights", description = {"TODO", "", "Examples:", "  ddbr skew", "", "[API: DescribeTable]"})
public class SkewInsightsCommand extends BaseCommand {
    @Override
    protected int execute() { return 0; }
}
