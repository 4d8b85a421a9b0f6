package dev.ddbr.cli.dashboard;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "dashboard", description = "One CloudWatch dashboard per profile (ddbr-<profile>): capacity, throttles "
        + "by reason, latency, errors, replication and the alarms of every table in the profile.")
public class DashboardCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {DashboardPlanCommand.class, DashboardApplyCommand.class};
    }
}
