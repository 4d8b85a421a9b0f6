package dev.ddbr.cli.dashboard;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "dashboard", description = "One CloudWatch dashboard per profile (ddbr-<profile>): capacity, throttles "
        + "by reason, latency, errors, replication and the alarms of every table in the profile.",
        subcommands = {DashboardPlanCommand.class, DashboardApplyCommand.class})
public class DashboardCommand extends GroupCommand {}
