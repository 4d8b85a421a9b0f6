package dev.ddbr.cli.skew;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "skew", description = "Find hot partition keys: from a live scan, a native S3 export, or Contributor Insights.",
        subcommands = {SkewScanCommand.class, SkewExportCommand.class, SkewInsightsCommand.class})
public class SkewCommand extends GroupCommand {}
