package dev.ddbr.cli.dashboard;

import dev.ddbr.alarms.DashboardPlan;
import dev.ddbr.alarms.DashboardService;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apply",
        description = {"Create or replace the profile's dashboard (ddbr-<profile>) with PutDashboard. A second apply "
                + "changes nothing. Asks first on a terminal; --yes for scripts; --dry-run prints the plan.",
            "",
            "Examples:",
            "  ddbr -p prod dashboard apply --yes",
            "",
            "[API: DescribeTable, application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies, "
                + "DescribeKinesisStreamingDestination, cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource, "
                + "cloudwatch:GetDashboard, cloudwatch:PutDashboard; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class DashboardApplyCommand extends BaseCommand {
    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        var profile = ctx().profile().orElseThrow(() -> DdbrException.config("'ddbr dashboard apply' needs a profile: its tables are on the dashboard",
                "pass -p FILE or set DDBR_PROFILE"));
        DashboardService svc = new DashboardService(aws(), aws().region());
        DashboardPlan plan = svc.plan(profile);
        if (confirm.dryRun) {
            renderPlan(plan);
            return ExitCodes.OK;
        }
        if (!plan.hasChanges()) {
            render(plan);
            return ExitCodes.OK;
        }
        if (!Confirmation.confirm(ctx(), confirm, (plan.action().equals("create") ? "Create" : "Replace") + " dashboard "
                + plan.dashboard() + "?", "change dashboard " + plan.dashboard())) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        svc.apply(plan);
        console().info("dashboard " + plan.dashboard() + " " + plan.action() + "d in " + plan.region());
        render(new DashboardPlan(plan.dashboard(), plan.region(), "unchanged", plan.body()));
        return ExitCodes.OK;
    }
}
