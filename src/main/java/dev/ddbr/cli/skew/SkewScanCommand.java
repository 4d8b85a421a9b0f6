package dev.ddbr.cli.skew;

import dev.ddbr.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "scan", description = {"TODO", "", "Examples:", "  ddbr skew", "", "[API: DescribeTable]"})
public class SkewScanCommand extends BaseCommand {
    @Override
    protected int execute() { return 0; }
}
