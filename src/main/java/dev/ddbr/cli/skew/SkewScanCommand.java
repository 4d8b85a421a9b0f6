package dev.ddbr.cli.skew;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.ItemProgress;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.ScanAnalyzer;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewScan;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.util.EnumSet;
import java.util.function.LongConsumer;
import dev.ddbr.cli.ChartOption;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan",
        description = {"Find hot partition keys by scanning the live table, and each GSI itself, in parallel segments.",
            "",
            "A scan measures how items spread over keys (storage), not traffic: for requests per key use 'ddbr skew "
                    + "insights'. A key above --max-key-share is HOT (exit 1) only when its share of the table's "
                    + "throughput would pass a partition's 3,000 RCU / 1,000 WCU, or it holds more than a partition's "
                    + "even share; otherwise the report says SKEWED and from what throughput it would matter.",
            "",
            "The scan never takes much of what the table serves: by default it spends at most 25%% of the "
                    + "provisioned read capacity (of the table, and of each GSI for its own scan), or 1,000 RCU/s on an "
                    + "on-demand table (25%% of its maximum read units when that is lower). --max-rcu N or --rcu-percent P "
                    + "set another budget; --max-rcu unlimited lifts it. The report states the budget and what was spent.",
            "",
            "With --sample, GSIs are not scanned: each GSI's keys are counted from the sampled table items.",
            "",
            "Counts are exact: throttled or failed pages are retried from the same position and never counted twice. "
                    + "--sample reads a random share of the segments (the key space) and states the error bound of its "
                    + "estimates. Ctrl-C prints the partial report of what was read (exit 130). Large tables are "
                    + "cheaper to analyse with 'ddbr skew export'.",
            "",
            "Examples:",
            "  ddbr skew scan orders",
            "  ddbr skew scan orders --sample 0.1 --rcu-percent 10",
            "  ddbr skew scan orders --max-rcu 500 --top 20 -o json",
            "  ddbr skew scan staging-orders --max-rcu unlimited",
            "",
            "[API: DescribeTable, Scan]"})
public class SkewScanCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Table name.")
    String table;

    @Option(names = "--segments", paramLabel = "N", description = "Parallel Scan segments (default: from the table's size "
            + "and the cores; at least 20 / --sample when sampling; at most 1000).")
    Integer segments;

    @Option(names = "--sample", paramLabel = "FRACTION", description = "Read only this fraction (0 to 1) of the key "
            + "space: whole segments chosen at random. Totals are estimates with a 95%% bound.")
    Double sample;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for choosing sampled segments (default: random).")
    Long seed;

    @Option(names = "--max-rcu", paramLabel = "N|unlimited", description = "Spend at most N read capacity units per "
            + "second on each scanned table or index; 'unlimited' for no budget (default: 25%% of the provisioned read "
            + "capacity; 1,000 on on-demand).")
    String maxRcu;

    @Option(names = "--rcu-percent", paramLabel = "P", description = "Spend at most P%% of the provisioned read capacity "
            + "(of the table, and of each GSI for its scan; default: 25).")
    Double rcuPercent;

    @Option(names = "--threads", paramLabel = "N", description = "Segments scanned at once (default: 4 per core, at most the segments).")
    Integer threads;

    @Option(names = "--skip-indexes", description = "Scan the base table only.")
    boolean skipIndexes;

    @Mixin
    SkewOptions skew;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Mixin
    ChartOption chartOption = new ChartOption();

    /** --max-rcu as typed: a positive number, or unlimited. */
    static Double parseMaxRcu(String v) {
        if (v == null || v.equalsIgnoreCase("unlimited")) return null;
        try {
            double d = Double.parseDouble(v.strip());
            if (d > 0 && !Double.isInfinite(d)) return d;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DdbrException.invalid("--max-rcu must be a positive number of read units per second or 'unlimited', not '" + v + "'",
                "e.g. --max-rcu 500, or --max-rcu unlimited to lift the budget");
    }

    @Override
    protected int execute() {
        reportOption.check();
        chartOption.apply(ctx());
        boolean unlimited = maxRcu != null && maxRcu.strip().equalsIgnoreCase("unlimited");
        Double cap = parseMaxRcu(maxRcu);
        TableProfile.Skew s = skew.resolve(ctx().profileOrEmpty(), table);
        SkewScan.Request req = new SkewScan.Request(table, segments, sample, seed, cap, unlimited, rcuPercent, threads,
                skipIndexes, s.top(), s.maxKeyShare(), skew.exactKeys, Runtime.getRuntime().availableProcessors());
        SkewScan.validate(req);
        SkewScan scan = new SkewScan(aws().dynamodb());
        SkewReport report;
        // from the start: a Ctrl-C while the table is described still says so in one line
        try (PartialOnInterrupt partial = new PartialOnInterrupt(console(), "scan", scan::partial, this::render)) {
            try {
                TableSettings settings = new SnapshotReader(aws()).read(table, EnumSet.noneOf(SnapshotPart.class));
                report = scan.run(req, settings, new Progress(partial));
            } catch (ScanAnalyzer.Stopped e) {
                PartialOnInterrupt.awaitHalt();
                return 130;
            } catch (RuntimeException e) {
                if (partial.interrupted()) PartialOnInterrupt.awaitHalt();
                throw e;
            }
            if (!partial.claim()) return 130;
            render(report);
            SkewReport done = report;
            reportOption.write(ctx(), spec, meta -> Reports.of(done, meta));
        }
        return report.hot() ? 1 : 0;
    }

    /** One progress line per scanned target, on a terminal only. */
    private final class Progress implements SkewScan.Progress {
        private final PartialOnInterrupt partial;
        private ItemProgress current;

        Progress(PartialOnInterrupt partial) {
            this.partial = partial;
        }

        @Override
        public LongConsumer start(String what, long total) {
            current = partial.track(ItemProgress.of(console(), what, total));
            ItemProgress p = current;
            return p::set;
        }

        @Override
        public void end() {
            if (current != null) current.close();
        }
    }
}
