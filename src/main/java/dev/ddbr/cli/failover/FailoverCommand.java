package dev.ddbr.cli.failover;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "failover",
        description = "Regional failover for global tables: readiness check, what-if capacity, and live drills.")
public class FailoverCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {FailoverCheckCommand.class, FailoverWhatIfCommand.class, FailoverDrillCommand.class};
    }
}
