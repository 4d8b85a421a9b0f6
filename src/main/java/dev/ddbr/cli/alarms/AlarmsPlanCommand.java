package dev.ddbr.cli.alarms;

import dev.ddbr.alarms.AlarmPlan;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "plan",
        description = {"Compare the alarms the profile wants with those in CloudWatch: each is create, update (with the "
                + "fields that differ), unchanged (counted) or extra (a ddbr alarm of this profile no longer wanted). "
                + "Changes nothing. Exit 0 when nothing would change, 1 when something would (for CI drift checks). "
                + "-o cloudformation and -o terraform print the wanted alarms as a template to commit instead (exit 0). "
                + "A global table's replicas get their alarms in their own Regions, in the same run; -o cloudformation "
                + "prints one Region's (a stack is one Region), -o terraform every Region's.",
            "",
            "Examples:",
            "  ddbr -p prod alarms plan",
            "  ddbr -p prod alarms plan -o json",
            "  ddbr -p prod alarms plan -o cloudformation > alarms.cfn.json",
            "  ddbr -p prod alarms plan -o terraform > alarms.tf.json",
            "  ddbr -p prod alarms plan --topic arn:aws:sns:eu-west-1:111111111111:oncall",
            "  ddbr -p prod alarms plan --from-load orders-load.json",
            "",
            "[API: DescribeTable, application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies, "
                + "DescribeKinesisStreamingDestination, sns:GetTopicAttributes, cloudwatch:DescribeAlarms, "
                + "cloudwatch:ListTagsForResource]"})
public class AlarmsPlanCommand extends AlarmsBase {
    @Override
    protected boolean supportsTemplates() { return true; }

    @Override
    protected int execute() {
        if (ctx().format().isTemplate()) {
            // the wanted set as code: no comparison with what exists, exit 0
            dev.ddbr.profile.Profile p = requireProfile();
            String region = aws().region();
            // CloudFormation: one stack is one Region, so the profile's Region (run again with --region for a
            // replica's); Terraform: every Region, each resource with its own region argument
            render(dev.ddbr.alarms.AlarmTemplate.of(ctx().format(), dev.ddbr.alarms.AlarmService.profileName(p), region,
                    new dev.ddbr.alarms.AlarmService(aws(), region), p, topic, loads));
            return ExitCodes.OK;
        }
        AlarmPlan plan = plan(requireProfile());
        render(plan);
        return plan.hasChanges() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
