package dev.ddbr.cli.alarms;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "alarms", description = "CloudWatch alarms from the profile: the recommended set per table, GSI, replica "
        + "and account, planned like terraform plan, applied, pruned and listed.")
public class AlarmsCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {AlarmsPlanCommand.class, AlarmsApplyCommand.class, AlarmsPruneCommand.class, AlarmsListCommand.class};
    }
}
