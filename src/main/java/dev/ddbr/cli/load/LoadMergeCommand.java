package dev.ddbr.cli.load;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.load.LoadReport;
import dev.ddbr.load.LoadTest;
import dev.ddbr.load.Slo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "merge",
        description = {"Merge the HDR logs of the workers of one 'load run --worker I/N' into one report.",
            "",
            "Each LOG is a local path or s3://BUCKET/KEY written by 'load run --hdr-log'. Latency histograms are added exactly (HdrHistogram), counters summed; the report has the same shape as 'load run's, and the run's --slo gates are checked again on the whole (exit 1 when one is breached). Every worker's log must be given, once.",
            "",
            "Examples:",
            "  ddbr load merge w0.hlog w1.hlog -o json",
            "  ddbr load merge s3://bucket/run1/w0.hlog s3://bucket/run1/w1.hlog s3://bucket/run1/w2.hlog",
            "",
            "[API: s3:GetObject (for s3:// logs)]"})
public class LoadMergeCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Workers' HDR logs: local paths or s3://BUCKET/KEY.")
    List<String> logs;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ChartOption chartOption = new dev.ddbr.cli.ChartOption();

    @Override
    protected int execute() {
        chartOption.apply(ctx());
        reportOption.check();
        LoadReport r = LoadTest.merge(ctx().aws(), logs);
        render(r);
        reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(r, meta));
        for (Slo.Result s : r.slo()) {
            if (!s.met()) console().error("SLO breached: " + s.expr() + ": " + s.detail());
        }
        return r.sloMet() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
