package dev.ddbr.cli.skew;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "skew", description = "Find hot partition keys: from a live scan, a native S3 export, or Contributor Insights.")
public class SkewCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {SkewScanCommand.class, SkewExportCommand.class, SkewInsightsCommand.class};
    }
}
