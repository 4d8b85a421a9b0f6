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

    @Option(names = "--from-load", paramLabel = "[TABLE=]REPORT.json",
            description = "Latency alarm thresholds from a 'ddbr load run -o json' (or 'load merge -o json') report: each "
                    + "operation's p99 (the server-side average with latency_statistic: average) x 1.5, rounded up, for the "
                    + "operations whose latency_ms the profile does not set (the profile wins). TABLE= when the report's "
                    + "table is not the profile's name for it. Repeatable, one per table; pass the same to plan, apply and prune.")
    java.util.List<String> fromLoad = new java.util.ArrayList<>();

    java.util.List<dev.ddbr.alarms.LoadThresholds> loads;

    Profile requireProfile() {
        if (topic != null) AlarmService.checkTopicArn(topic); // before anything else
        loads = fromLoad.stream().map(dev.ddbr.alarms.LoadThresholds::read).toList();
        return ctx().profile().orElseThrow(() -> DdbrException.config("'" + spec.qualifiedName() + "' needs a profile: the tables it lists get alarms",
                "pass -p FILE or set DDBR_PROFILE; 'ddbr profile init' writes a starter"));
    }

    AlarmPlan plan(Profile p) {
        AlarmPlan plan = new AlarmService(aws(), aws().region()).plan(p, topic, loads);
        if (topic == null && plan.changes().stream().anyMatch(c -> c.desired() != null && c.desired().alarmActions().isEmpty())) {
            console().warn("some alarms notify no one: set alarms.topics.page and alarms.topics.ticket in the profile, or pass --topic ARN");
        }
        return plan;
    }
}
