package dev.ddbr.cli.alarms;

import dev.ddbr.alarms.AlarmPlan;
import dev.ddbr.alarms.ApplyResult;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apply",
        description = {"Make the plan real: PutMetricAlarm for every create and update, each alarm tagged "
                + "ddbr:managed=true and ddbr:profile=<profile>. A second apply changes nothing. Extra alarms are "
                + "left for 'ddbr alarms prune'. Reports each alarm's result; exit 1 when some failed (the others "
                + "stay applied: run it again). Asks first on a terminal; --yes for scripts; --dry-run prints the plan.",
            "",
            "Examples:",
            "  ddbr -p prod alarms apply --dry-run",
            "  ddbr -p prod alarms apply --yes",
            "",
            "[API: DescribeTable, application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies, "
                + "DescribeKinesisStreamingDestination, sns:GetTopicAttributes, cloudwatch:DescribeAlarms, "
                + "cloudwatch:ListTagsForResource, cloudwatch:PutMetricAlarm, cloudwatch:TagResource; "
                + "sts:GetCallerIdentity (prompt and --dry-run)]"})
public class AlarmsApplyCommand extends AlarmsBase {
    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        AlarmPlan plan = plan(requireProfile());
        if (confirm.dryRun) {
            renderPlan(plan);
            return ExitCodes.OK;
        }
        int n = plan.summary().create() + plan.summary().update();
        if (n == 0) {
            console().info("nothing to apply: " + plan.summary().unchanged() + " alarms match the profile"
                    + (plan.summary().extra() > 0 ? "; " + plan.summary().extra() + " extra ('ddbr alarms prune' deletes them)" : ""));
            render(new ApplyResult(plan.profile(), plan.region(), plan.regions(), java.util.List.of(), plan.summary().unchanged(), plan.summary().extra()));
            return ExitCodes.OK;
        }
        String q = "Create " + plan.summary().create() + " and update " + plan.summary().update() + " CloudWatch alarms in "
                + String.join(", ", plan.regions()) + "?";
        if (!Confirmation.confirm(ctx(), confirm, q, "apply alarms")) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        ApplyResult r = new dev.ddbr.alarms.AlarmService(aws(), aws().region()).apply(plan);
        render(r);
        if (r.failed() > 0) {
            console().error(r.failed() + " of " + r.results().size() + " alarms failed (see above); the others are applied. "
                    + "Run '" + ddbrCommand("alarms", "apply") + "' again once the cause is fixed");
            return ExitCodes.PROBLEMS;
        }
        return ExitCodes.OK;
    }
}
