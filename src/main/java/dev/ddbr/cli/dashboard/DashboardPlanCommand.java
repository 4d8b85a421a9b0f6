package dev.ddbr.cli.dashboard;

import dev.ddbr.alarms.DashboardPlan;
import dev.ddbr.alarms.DashboardService;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.OutputFormat;
import picocli.CommandLine.Command;

@Command(name = "plan",
        description = {"Compute the profile's dashboard (ddbr-<profile>) and say whether apply would create it, update it "
                + "or leave it. -o json prints the dashboard body; -o cloudformation and -o terraform print it as a "
                + "template. Exit 0 when nothing would change, 1 when something would.",
            "",
            "Examples:",
            "  ddbr -p prod dashboard plan",
            "  ddbr -p prod dashboard plan -o json > body.json",
            "",
            "[API: DescribeTable, application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies, "
                + "DescribeKinesisStreamingDestination, cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource, "
                + "cloudwatch:GetDashboard]"})
public class DashboardPlanCommand extends BaseCommand {
    @Override
    protected boolean supportsTemplates() { return true; }

    @Override
    protected int execute() {
        var profile = ctx().profile().orElseThrow(() -> DdbrException.config("'ddbr dashboard plan' needs a profile: its tables are on the dashboard",
                "pass -p FILE or set DDBR_PROFILE"));
        DashboardPlan plan = new DashboardService(aws(), aws().region()).plan(profile);
        if (ctx().format() == OutputFormat.json || ctx().format() == OutputFormat.yaml) {
            render(plan.body());
        } else {
            render(plan);
        }
        return ctx().format().isTemplate() || !plan.hasChanges() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
