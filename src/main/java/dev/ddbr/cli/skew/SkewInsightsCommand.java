package dev.ddbr.cli.skew;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.util.Durations;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.InsightsReader;
import dev.ddbr.skew.KeyStats;
import dev.ddbr.skew.PartitionModel;
import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.SkewAssembler;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewReport.ThrottleEvents;
import dev.ddbr.skew.SkewReport.TopKey;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.skew.TableModel;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import dev.ddbr.cli.ChartOption;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "insights",
        description = {"Find hot partition keys from CloudWatch Contributor Insights: the most accessed and most "
                + "throttled partition keys (and partition+sort keys) of the table and each GSI, with the throttle "
                + "metrics, over a recent window. Shares are of requests, not items.",
            "",
            "When Contributor Insights is off, says so; --enable turns it on for the table and every GSI (asks on a "
                    + "terminal; --yes for automation; data appears after a few minutes, and each rule is billed).",
            "",
            "Insights measure traffic (requests per key). Exit 1 when the table's or any GSI's most accessed key is HOT: "
                    + "above --max-key-share of its requests and either its share of the observed peak would pass a "
                    + "partition's 3,000 RCU / 1,000 WCU, or the window has throttle events; otherwise a key above the "
                    + "share is reported SKEWED (exit 0). Ctrl-C prints the partial report of the parts read (exit 130).",
            "",
            "Examples:",
            "  ddbr skew insights orders",
            "  ddbr skew insights orders --since 24h -o json",
            "  ddbr skew insights orders --enable --yes",
            "",
            "[API: DescribeTable, DescribeContributorInsights, UpdateContributorInsights (with --enable), "
                    + "cloudwatch:GetInsightRuleReport, cloudwatch:GetMetricStatistics; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class SkewInsightsCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Table name.")
    String table;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "1h",
            description = "The window back from now: 30m, 1h, 24h, 7d (default: ${DEFAULT-VALUE}; at most 14d).")
    String since;

    @Option(names = "--enable", description = "Turn Contributor Insights on where it is off (table and every GSI).")
    boolean enable;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Mixin
    SkewOptions skew;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Mixin
    ChartOption chartOption = new ChartOption();

    static Duration parse(String s) {
        Duration d = Durations.parse(s, "--since");
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(14)) > 0) {
            throw DdbrException.invalid("--since must be between 1m and 14d, not '" + s + "'", "e.g. 30m, 1h, 24h, 7d");
        }
        return d;
    }

    @Override
    protected int execute() {
        reportOption.check();
        chartOption.apply(ctx());
        Duration window = parse(since);
        TableProfile.Skew s = skew.resolve(ctx().profileOrEmpty(), table);
        TableSettings settings = new SnapshotReader(aws()).read(table, EnumSet.noneOf(SnapshotPart.class));
        InsightsReader reader = new InsightsReader(aws().dynamodb(), aws().cloudwatch());
        List<SkewTarget> targets = TableModel.targets(settings);
        List<InsightsReader.Status> statuses = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (SkewTarget t : targets) {
            InsightsReader.Status st = reader.status(table, t.index());
            statuses.add(st);
            if (!st.enabled()) off.add(t.isTable() ? "table '" + table + "'" : "index '" + t.index() + "'");
        }
        if (!off.isEmpty()) {
            if (!enable) {
                throw DdbrException.invalid("Contributor Insights is off for " + String.join(", ", off),
                        "turn it on with 'ddbr skew insights " + table + " --enable' (billed per rule), or use 'ddbr skew scan' / 'ddbr skew export'");
            }
            if (confirm.dryRun) {
                console().info("dry run: would enable Contributor Insights on " + String.join(", ", off)
                        + " (acting on " + ctx().actingOn().text() + ")");
                return 0;
            }
            String what = "enable Contributor Insights on " + String.join(", ", off);
            if (!Confirmation.confirm(ctx(), confirm, what + "?", what)) {
                console().info("nothing changed");
                return 1;
            }
            for (int i = 0; i < targets.size(); i++) {
                if (!statuses.get(i).enabled()) reader.enable(table, targets.get(i).index());
            }
            console().info("Contributor Insights enabling on " + String.join(", ", off)
                    + "; reports fill in over the next minutes: run 'ddbr skew insights " + table + "' again later");
            return 0;
        }

        Instant end = Instant.now();
        Instant start = end.minus(window);
        List<SkewAssembler.Part> parts = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Capacity> tableCaps = java.util.Collections.synchronizedList(new ArrayList<>(TableModel.capacities(settings)));
        try (PartialOnInterrupt partial = new PartialOnInterrupt(console(), "insights",
                () -> partialReport(parts, notes, tableCaps, targets, settings, start, end, s), this::render)) {
            try {
                collect(reader, targets, statuses, settings, start, end, s, parts, notes, tableCaps);
            } catch (RuntimeException e) {
                if (partial.interrupted()) PartialOnInterrupt.awaitHalt();
                throw e;
            }
            SkewReport report = report(parts, notes, tableCaps, settings, start, end, s);
            if (!partial.claim()) return 130;
            render(report);
            SkewReport done = report;
            reportOption.write(ctx(), spec, meta -> Reports.of(done, meta));
            return report.hot() ? 1 : 0;
        }
    }

    private SkewReport partialReport(List<SkewAssembler.Part> parts, List<String> notes, List<Capacity> tableCaps,
                                     List<SkewTarget> targets, TableSettings settings, Instant start, Instant end,
                                     TableProfile.Skew s) {
        List<SkewAssembler.Part> done;
        synchronized (parts) {
            done = new ArrayList<>(parts);
        }
        if (done.isEmpty()) return null;
        List<SkewReport.Coverage> cov = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            SkewTarget t = targets.get(i);
            cov.add(new SkewReport.Coverage(t.isTable() ? "table" : t.index(), "reports", i < done.size() ? 1 : 0, 0, 1,
                    i < done.size() ? done.get(i).summary().items() : 0));
        }
        return report(done, new ArrayList<>(notes), new ArrayList<>(tableCaps), settings, start, end, s).asPartial(cov);
    }

    private SkewReport report(List<SkewAssembler.Part> parts, List<String> notesSoFar, List<Capacity> tableCaps,
                              TableSettings settings, Instant start, Instant end, TableProfile.Skew s) {
        List<String> notes = new ArrayList<>(notesSoFar);
        notes.add("distinct keys are Contributor Insights' approximate unique count (no stated error; at least the keys "
                + "it listed); shares are of requests the rule counted");
        PartitionModel.Partitions partitions = PartitionModel.estimate(settings.sizeBytes(), tableCaps, null);
        String location = String.format(Locale.ROOT, "last %s, %s to %s", since, start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        SkewAssembler.Context c = new SkewAssembler.Context("insights", location, table, "requests", s.maxKeyShare(), 1.0,
                null, partitions, false);
        return SkewAssembler.assemble(c, parts.get(0), parts.subList(1, parts.size()), notes);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private void collect(InsightsReader reader, List<SkewTarget> targets, List<InsightsReader.Status> statuses,
                         TableSettings settings, Instant start, Instant end, TableProfile.Skew s,
                         List<SkewAssembler.Part> parts, List<String> notes, List<Capacity> tableCaps) {
        for (int i = 0; i < targets.size(); i++) {
            SkewTarget t = targets.get(i);
            InsightsReader.Status st = statuses.get(i);
            InsightsReader.Report accessed = reader.report(st.rule("PKC"), start, end, s.top());
            InsightsReader.Report throttled = reader.report(st.rule("PKT"), start, end, s.top());
            // item rules (partition+sort key) exist only where the table or index has a sort key
            InsightsReader.Report items = reader.report(st.rule("SKC"), start, end, Math.min(5, s.top()));
            InsightsReader.Report throttledItems = reader.report(st.rule("SKT"), start, end, Math.min(5, s.top()));
            Long readThrottles = reader.sum("ReadThrottleEvents", table, t.index(), start, end);
            Long writeThrottles = reader.sum("WriteThrottleEvents", table, t.index(), start, end);
            Long peakRead = reader.peakPerSecond("ConsumedReadCapacityUnits", table, t.index(), start, end);
            Long peakWrite = reader.peakPerSecond("ConsumedWriteCapacityUnits", table, t.index(), start, end);
            Capacity observed = peakRead == null && peakWrite == null ? null : new Capacity("observed peak", peakRead, peakWrite);
            if (t.isTable() && observed != null) tableCaps.add(observed);
            List<KeyStats.Count> top = new ArrayList<>();
            long total = 0;
            long unique = 0;
            long listed = 0;
            if (accessed != null) {
                for (TopKey k : accessed.top()) top.add(new KeyStats.Count(k.key(), k.items(), 0));
                total = Math.round(accessed.total());
                unique = accessed.uniqueContributors();
                listed = accessed.listed();
            } else {
                notes.add(t.label() + ": no most-accessed-keys rule listed by DescribeContributorInsights");
            }
            // distinct keys: CloudWatch's approximate unique count (no stated error); the keys listed are a lower bound
            KeyStats.Summary sum = new KeyStats.Summary(total, 0, unique, false, listed, null, List.copyOf(top), null, null);
            Capacity loadBasis = observed != null ? observed : TableModel.first(t.isTable() ? TableModel.capacities(settings)
                    : TableModel.capacities(settings, TableModel.gsi(settings, t.index())));
            parts.add(new SkewAssembler.Part(t, sum, loadBasis, throttled == null ? null : throttled.top(),
                    new ThrottleEvents(readThrottles, writeThrottles), items == null ? null : items.items(),
                    throttledItems == null ? null : throttledItems.items()));
        }
    }

}
