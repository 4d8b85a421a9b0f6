package dev.ddbr.cli.alarms;

import dev.ddbr.alarms.AlarmPlan;
import dev.ddbr.alarms.AlarmService;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import picocli.CommandLine.Option;

/** What plan, apply and prune share: the profile (required) and {@code --topic}. */
abstract class AlarmsBase extends BaseCommand {
    @Option(names = "--topic", paramLabel = "ARN",
            description = "SNS topic every alarm notifies, instead of the profile's alarms.topics (page, ticket).")
    String topic;

    Profile requireProfile() {
        if (topic != null) AlarmService.checkTopicArn(topic); // before anything else
        return ctx().profile().orElseThrow(() -> DdbrException.config("'" + spec.qualifiedName() + "' needs a profile: the tables it lists get alarms",
                "pass -p FILE or set DDBR_PROFILE; 'ddbr profile init' writes a starter"));
    }

    AlarmPlan plan(Profile p) {
        AlarmPlan plan = new AlarmService(aws(), aws().region()).plan(p, topic);
        if (topic == null && plan.changes().stream().anyMatch(c -> c.desired() != null && c.desired().alarmActions().isEmpty())) {
            console().warn("some alarms notify no one: set alarms.topics.page and alarms.topics.ticket in the profile, or pass --topic ARN");
        }
        return plan;
    }
}
