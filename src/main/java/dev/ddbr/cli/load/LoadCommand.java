package dev.ddbr.cli.load;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "load", description = "Load-test a table: an open-loop generator with honest latencies, throttles by reason, SLO gates, and workers that merge.")
public class LoadCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {LoadRunCommand.class, LoadPrepareCommand.class, LoadCleanupCommand.class, LoadMergeCommand.class};
    }
}
