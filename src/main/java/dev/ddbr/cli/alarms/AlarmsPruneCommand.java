package dev.ddbr.cli.alarms;

import dev.ddbr.alarms.AlarmPlan;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "prune",
        description = {"Delete the extra alarms: those tagged ddbr:managed=true and ddbr:profile=<this profile> that the "
                + "profile no longer wants (a table removed, a check no longer applying). Tags are read again right "
                + "before the delete; alarms made by hand or by another profile are never touched. Asks first on a "
                + "terminal; --yes for scripts; --dry-run prints the plan.",
            "",
            "Examples:",
            "  ddbr -p prod alarms prune --dry-run",
            "  ddbr -p prod alarms prune --yes",
            "",
            "[API: DescribeTable, application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies, "
                + "DescribeKinesisStreamingDestination, sns:GetTopicAttributes, cloudwatch:DescribeAlarms, "
                + "cloudwatch:ListTagsForResource, cloudwatch:DeleteAlarms; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class AlarmsPruneCommand extends AlarmsBase {
    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        AlarmPlan plan = plan(requireProfile());
        int n = plan.summary().extra();
        if (n == 0) {
            console().info("nothing to prune: no extra ddbr alarm for profile " + plan.profile() + " in "
                    + String.join(", ", plan.regions()));
            render(new dev.ddbr.alarms.PruneResult(plan.profile(), plan.region(), plan.regions(), java.util.List.of(), java.util.List.of()));
            return ExitCodes.OK;
        }
        if (confirm.dryRun) {
            renderPlan(plan);
            return ExitCodes.OK;
        }
        if (!Confirmation.confirm(ctx(), confirm, "Delete " + n + " extra CloudWatch alarms in " + String.join(", ", plan.regions()) + "?", "delete alarms")) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        render(new dev.ddbr.alarms.AlarmService(aws(), aws().region()).prune(plan));
        return ExitCodes.OK;
    }
}
