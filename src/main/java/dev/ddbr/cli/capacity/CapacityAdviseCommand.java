package dev.ddbr.cli.capacity;

import dev.ddbr.capacity.Advisor;
import dev.ddbr.capacity.CapacityReport;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ChartOption;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.error.ExitCodes;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "advise",
        description = {"For each table and each of its GSIs: the consumed read and write capacity over --days (CloudWatch, "
                + "1-minute data for the last 15 days, 5-minute before), the cost per month of today's settings, of on-demand and "
                + "of provisioned with auto scaling as simulated on that history (target tracking at capacity.target_utilization, "
                + "default 70%%; scale-out after 2 minutes above target; scale-in after 15 minutes 20 points below; 4 decreases a "
                + "UTC day then 1 an hour; min/max bounds), the minutes the simulated capacity would have throttled, Standard vs "
                + "Standard-IA, peak vs each ceiling, and a recommendation with its reasons and basis. A change is recommended only "
                + "when the saving or the risk is material (capacity.min_monthly_saving_usd, min_saving_share, "
                + "max_throttled_minutes). Days without data are named and lower the confidence; a table younger than the "
                + "window is analysed from its creation. Prices: built-in us-east-1 list prices, overridable in the profile "
                + "(capacity.prices), or with --prices aws the Region's list prices from the AWS Price List API (a failure to read "
                + "them stops the run: no silent fallback). Headroom includes the account's per-table quota (DescribeLimits); "
                + "a global table gets, for each Region lost in turn, what each surviving Region must carry and can take "
                + "(the computation of 'failover what-if'). On a UTF-8 terminal (or with --chart) the text shows a chart of consumption vs simulated capacity.",
            "",
            "Exit 1 when a change is recommended for some table, 0 when every table runs what it should.",
            "",
            "Examples:",
            "  ddbr capacity advise",
            "  ddbr -p prod capacity advise orders payments --days 14",
            "  ddbr capacity advise orders -o json",
            "  ddbr -p prod capacity advise orders --prices aws",
            "",
            "[API: ListTables, DescribeTable, cloudwatch:GetMetricData, application-autoscaling:DescribeScalableTargets, "
                    + "application-autoscaling:DescribeScalingPolicies, DescribeLimits, pricing:GetProducts (--prices aws)]"})
public class CapacityAdviseCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables (default: the profile's, else all in the Region).")
    List<String> tables;

    @Option(names = "--days", paramLabel = "N", defaultValue = "14",
            description = "Days of history, 1 to 63 (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--skew", paramLabel = "REPORT.json",
            description = "A 'ddbr skew' JSON report: per-partition headroom of its hottest keys (3,000 RCU / 1,000 WCU) and cache offload.")
    java.nio.file.Path skew;

    /** Where the prices come from. */
    public enum PriceSource { builtin, aws }

    @Option(names = "--prices", paramLabel = "SOURCE", defaultValue = "builtin",
            description = "builtin: the built-in us-east-1 list prices with the profile's capacity.prices over them (default); "
                    + "aws: the table Region's list prices from the AWS Price List API (pricing:GetProducts; its endpoint is in us-east-1, or eu-central-1 / ap-south-1 when the table is there).")
    PriceSource prices;

    @Mixin
    ChartOption chartOption = new ChartOption();

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Override
    protected int execute() {
        reportOption.check();
        chartOption.apply(ctx());
        boolean chart = ctx().charts();
        Advisor advisor = new Advisor(aws(), prices == PriceSource.aws);
        if (days < 1 || days > 63) {
            throw dev.ddbr.error.DdbrException.invalid("--days must be between 1 and 63, got " + days,
                    "CloudWatch keeps 1-minute data 15 days and 5-minute data 63 days");
        }
        Advisor.Run run = advisor.advise(advisor.tables(tables, ctx().profileOrEmpty()), ctx().profileOrEmpty(), days,
                Instant.now(), chart ? 60 : 0, skew);
        if (chart) render(new Charted(run.report(), run.charts()));
        else render(run.report());
        reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(run, meta));
        return run.report().changeRecommended() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    /** The report's text with its charts. */
    record Charted(CapacityReport report, java.util.Map<String, List<String>> charts) implements dev.ddbr.output.TextRenderable {
        @Override
        public void renderText(dev.ddbr.output.TextWriter out) { report.renderText(out, charts); }
    }
}
