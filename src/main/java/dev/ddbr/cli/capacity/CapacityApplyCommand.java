package dev.ddbr.cli.capacity;

import dev.ddbr.capacity.Advisor;
import dev.ddbr.capacity.CapacityApplier;
import dev.ddbr.capacity.CapacityPlan;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.cli.DurationConverter;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply",
        description = {"Turn 'capacity advise' for one table into the exact calls and make them: UpdateTable (billing mode, "
                + "provisioned minimum for the table and its GSIs, table class, warm throughput), RegisterScalableTarget and "
                + "PutScalingPolicy (target tracking) for each table and GSI dimension, DeregisterScalableTarget when moving "
                + "to on-demand. --dry-run shows the plan; a terminal asks first; --yes for scripts. Waits for the table to "
                + "be ACTIVE after each UpdateTable. With --warm-reads/--warm-writes, pre-warms the table ahead of an event.",
            "",
            "Exit 0 when applied or nothing to change; 1 when the prompt is declined.",
            "",
            "Examples:",
            "  ddbr capacity apply orders --dry-run",
            "  ddbr capacity apply orders --yes",
            "  ddbr capacity apply orders --warm-reads 40000 --warm-writes 12000 --dry-run",
            "",
            "[API: DescribeTable, DescribeLimits, cloudwatch:GetMetricData, application-autoscaling:DescribeScalableTargets, "
                    + "application-autoscaling:DescribeScalingPolicies, UpdateTable, application-autoscaling:RegisterScalableTarget, "
                    + "application-autoscaling:PutScalingPolicy, application-autoscaling:DeregisterScalableTarget; "
                    + "sts:GetCallerIdentity (prompt and --dry-run); pricing:GetProducts (--prices aws)]"})
public class CapacityApplyCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Table name.")
    String table;

    @Option(names = "--days", paramLabel = "N", defaultValue = "14", description = "Days of history the advice rests on, 1 to 63 (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--prices", paramLabel = "SOURCE", defaultValue = "builtin",
            description = "Prices the advice rests on: builtin (default; the profile's capacity.prices over the built-in us-east-1 "
                    + "list prices) or aws (the Region's list prices from the AWS Price List API, pricing:GetProducts).")
    CapacityAdviseCommand.PriceSource prices;

    @Option(names = "--warm-reads", paramLabel = "N", description = "Warm throughput to set: read units per second.")
    Long warmReads;

    @Option(names = "--warm-writes", paramLabel = "N", description = "Warm throughput to set: write units per second.")
    Long warmWrites;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait for the table to be ACTIVE after each update (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() throws Exception {
        if (days < 1 || days > 63) {
            throw DdbrException.invalid("--days must be between 1 and 63, got " + days, "CloudWatch keeps 1-minute data 15 days and 5-minute data 63 days");
        }
        for (Long w : new Long[] {warmReads, warmWrites}) {
            if (w != null && w < 1) {
                throw DdbrException.invalid("--warm-reads and --warm-writes must be at least 1, got " + w, "units per second, e.g. --warm-reads 40000");
            }
        }
        Advisor.Run run = new Advisor(aws(), prices == CapacityAdviseCommand.PriceSource.aws).advise(List.of(table), ctx().profileOrEmpty(), days, Instant.now(), 0);
        CapacityPlan plan = CapacityApplier.plan(run.report().tables(), warmReads, warmWrites, aws().region());
        if (plan.empty()) {
            console().info("nothing to change for '" + table + "': capacity advise recommends keeping it as it is");
            render(plan);
            return ExitCodes.OK;
        }
        if (confirm.dryRun) {
            renderPlan(plan);
            return ExitCodes.OK;
        }
        if (!Confirmation.confirm(ctx(), confirm, "Make these " + plan.steps().size() + " change(s) to '" + table + "'?",
                "change the capacity of '" + table + "'")) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        render(new CapacityApplier(aws()).apply(plan, timeout));
        return ExitCodes.OK;
    }
}
