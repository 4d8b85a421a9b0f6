package dev.ddbr.cli.skew;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.PartitionModel;
import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.ScanAnalyzer;
import dev.ddbr.skew.SkewAssembler;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.skew.TableModel;
import dev.ddbr.skew.TokenBucket;
import dev.ddbr.skew.Units;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan",
        description = {"Find hot partition keys by scanning the live table, and each GSI itself, in parallel segments.",
            "",
            "With --sample, GSIs are not scanned: each GSI's keys are counted from the sampled table items.",
            "",
            "Counts are exact: throttled or failed pages are retried from the same position and never counted twice. "
                    + "--sample reads a random share of the segments (the key space) and states the error bound of its "
                    + "estimates. --max-rcu or --rcu-percent caps the read capacity spent (from each page's "
                    + "ConsumedCapacity). Large tables are cheaper to analyse with 'ddbr skew export'.",
            "",
            "Exit 1 when the table's or any GSI's hottest key holds more than --max-key-share of its items.",
            "",
            "Examples:",
            "  ddbr skew scan orders",
            "  ddbr skew scan orders --sample 0.1 --rcu-percent 20",
            "  ddbr skew scan orders --max-rcu 500 --top 20 -o json",
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

    @Option(names = "--max-rcu", paramLabel = "N", description = "Spend at most N read capacity units per second.")
    Double maxRcu;

    @Option(names = "--rcu-percent", paramLabel = "P", description = "Spend at most P%% of the provisioned read capacity "
            + "(of the table, and of each GSI for its scan).")
    Double rcuPercent;

    @Option(names = "--threads", paramLabel = "N", description = "Segments scanned at once (default: 4 per core, at most the segments).")
    Integer threads;

    @Option(names = "--skip-indexes", description = "Scan the base table only.")
    boolean skipIndexes;

    @Mixin
    SkewOptions skew;

    @Override
    protected int execute() {
        if (sample != null && !(sample > 0 && sample <= 1)) throw DdbrException.invalid("--sample must be in (0, 1], not " + sample, "e.g. --sample 0.1 for 10%");
        if (maxRcu != null && rcuPercent != null) throw DdbrException.invalid("--max-rcu and --rcu-percent are alternatives", "give one of them");
        if (maxRcu != null && !(maxRcu > 0)) throw DdbrException.invalid("--max-rcu must be positive", null);
        if (rcuPercent != null && !(rcuPercent > 0 && rcuPercent <= 100)) throw DdbrException.invalid("--rcu-percent must be in (0, 100]", null);
        if (segments != null && (segments < 1 || segments > 1_000_000)) throw DdbrException.invalid("--segments must be between 1 and 1000000", null);
        if (threads != null && threads < 1) throw DdbrException.invalid("--threads must be at least 1", null);
        TableProfile.Skew s = skew.resolve(ctx().profileOrEmpty(), table);

        TableSettings settings = new SnapshotReader(aws()).read(table, EnumSet.noneOf(SnapshotPart.class));
        if (rcuPercent != null && !settings.isProvisioned()) {
            throw DdbrException.invalid("'" + table + "' is on-demand: it has no provisioned read capacity for --rcu-percent",
                    "use --max-rcu N");
        }
        List<SkewTarget> targets = TableModel.targets(settings);
        if (skipIndexes) targets = targets.subList(0, 1);

        int cores = Runtime.getRuntime().availableProcessors();
        long size = settings.sizeBytes() == null ? 0 : settings.sizeBytes();
        int segs = segments != null ? segments : (int) Math.min(1000, Math.max(2L * cores, (size + 999_999_999L) / 1_000_000_000L));
        if (segments == null && sample != null && sample < 1) segs = (int) Math.min(1000, Math.max(segs, Math.ceil(20 / sample)));
        int th = threads != null ? threads : Math.min(segs, 4 * cores);
        long sd = seed != null ? seed : new java.security.SecureRandom().nextLong();
        ScanAnalyzer.Options o = new ScanAnalyzer.Options(segs, sample, th, skew.exactKeys, sd);
        ScanAnalyzer analyzer = new ScanAnalyzer(aws().dynamodb(), n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));

        // Sampled: each GSI is counted from the sampled base items. Base segments follow the base key's hash,
        // so the GSI keys of those items are a fair sample; a GSI's own segments hold few keys when its key has
        // few values, and a random share of them can hold none or all of them.
        boolean sampling = sample != null && sample < 1;
        List<SkewTarget> derive = sampling ? targets.subList(1, targets.size()) : List.of();
        List<SkewTarget> scanned = sampling ? targets.subList(0, 1) : targets;
        List<ScanAnalyzer.Result> results = new ArrayList<>();
        for (SkewTarget t : scanned) {
            TokenBucket budget = budget(settings, t);
            if (t.isTable()) for (SkewTarget d : derive) budget(settings, d); // same checks as an index scan
            try (ItemProgress progress = ItemProgress.of(console(), "items read from " + (t.isTable() ? "the table" : t.index()), 0)) {
                results.add(analyzer.scan(table, t, t.isTable() ? derive : List.of(), o, budget, progress::set));
            }
        }

        ScanAnalyzer.Result base = results.get(0);
        List<Capacity> caps = TableModel.capacities(settings);
        long bytesForSize = size > 0 ? size : Math.round(base.stats().bytes() * base.scale());
        PartitionModel.Partitions partitions = PartitionModel.estimate(bytesForSize, caps, null);
        SkewReport.Sample sampleInfo = null;
        if (sampling) {
            sampleInfo = new SkewReport.Sample(base.segmentsRead() / (double) base.totalSegments(), base.segmentsRead(),
                    base.totalSegments(), base.stats().items(), base.relativeErrorBound());
        }
        SkewAssembler.Context c = new SkewAssembler.Context("scan", table, table, "items", s.maxKeyShare(), base.scale(),
                sampleInfo, partitions, true);
        SkewAssembler.Part tablePart = new SkewAssembler.Part(base.target(), base.stats().summarize(s.top()), TableModel.first(caps),
                new SkewAssembler.Estimate(base.relativeErrorBound(), base.distinctRelativeErrorBound(), false));
        List<SkewAssembler.Part> parts = new ArrayList<>();
        for (int i = 1; i < results.size(); i++) {
            ScanAnalyzer.Result r = results.get(i);
            parts.add(new SkewAssembler.Part(r.target(), r.stats().summarize(s.top()),
                    TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, r.target().index())))));
        }
        for (ScanAnalyzer.Derived d : base.derived()) {
            var summary = d.stats().summarize(s.top());
            String hottest = summary.top().isEmpty() ? null : summary.top().get(0).key();
            parts.add(new SkewAssembler.Part(d.target(), summary,
                    TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, d.target().index()))),
                    new SkewAssembler.Estimate(d.relativeErrorBound(hottest), null, true)));
        }
        List<String> notes = new ArrayList<>();
        double consumed = results.stream().mapToDouble(ScanAnalyzer.Result::consumedUnits).sum();
        long retries = results.stream().mapToLong(ScanAnalyzer.Result::retries).sum();
        notes.add(String.format(Locale.ROOT, "%d segments%s; %.1f read capacity units consumed%s%s", segs,
                sampleInfo == null ? "" : " (" + base.segmentsRead() + " read)", consumed,
                maxRcu != null ? String.format(Locale.ROOT, " (budget %.0f RCU/s)", maxRcu)
                        : rcuPercent != null ? String.format(Locale.ROOT, " (budget %.0f%% of provisioned)", rcuPercent) : "",
                retries > 0 ? "; " + Units.count(retries) + " pages retried after throttling or errors, none counted twice" : ""));
        if (sampleInfo != null) {
            notes.add("sampled: table counts of the keys listed are exact (a key lives in one segment); totals, distinct keys "
                    + "and shares are estimates; a key outside the sampled segments is not seen (a key is missed with "
                    + "probability " + Units.percent(1 - sampleInfo.fraction()) + ")");
            if (!derive.isEmpty()) {
                notes.add("sampled: each GSI is counted from the sampled table items (sized by its projection), not "
                        + "scanned itself; its key counts, totals and shares are scaled estimates with the 95% bound "
                        + "shown per index; this assumes the GSI key is not a function of the table's partition key");
            }
        }
        SkewReport report = SkewAssembler.assemble(c, tablePart, parts, notes);
        render(report);
        return report.anyExceeds() ? 1 : 0;
    }

    private TokenBucket budget(TableSettings t, SkewTarget target) {
        if (maxRcu != null) return TokenBucket.real(maxRcu);
        if (rcuPercent == null) return null;
        TableSettings.Throughput p = target.isTable() ? t.provisionedThroughput()
                : TableModel.gsi(t, target.index()).provisionedThroughput();
        if (p == null || p.readCapacityUnits() <= 0) {
            throw DdbrException.invalid(target.label() + " has no provisioned read capacity for --rcu-percent", "use --max-rcu N");
        }
        return TokenBucket.real(p.readCapacityUnits() * rcuPercent / 100.0);
    }
}
