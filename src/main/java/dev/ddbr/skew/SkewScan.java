package dev.ddbr.skew;

import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.SkewReport.Coverage;
import dev.ddbr.skew.SkewReport.ReadBudget;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddbr skew scan} as one entry point: segment counts, the read budget of each scanned target, the
 * scans, and the report. {@link #partial()} (from a shutdown hook on Ctrl-C) stops the scan under way and
 * returns the report of what was read so far.
 *
 * <p>The default read budget never lets a scan take much of what the table serves its own clients:
 * {@value #DEFAULT_PERCENT}% of the provisioned read capacity of the table, and of each GSI for its own scan;
 * on an on-demand table {@value #ON_DEMAND_RCU} RCU/s (or {@value #DEFAULT_PERCENT}% of its on-demand maximum
 * read units when that is lower).
 */
public final class SkewScan {
    public static final double DEFAULT_PERCENT = 25;
    public static final double ON_DEMAND_RCU = 1000;

    /**
     * What the operator asked for.
     *
     * @param maxRcu     a cap in RCU/s, or null
     * @param unlimited  {@code --max-rcu unlimited}: no cap
     * @param rcuPercent a share of the provisioned read capacity (percent), or null
     */
    public record Request(String table, Integer segments, Double sample, Long seed, Double maxRcu, boolean unlimited,
                          Double rcuPercent, Integer threads, boolean skipIndexes, int top, double maxKeyShare,
                          int exactKeys, int cores) {}

    /** Progress of each scanned target: {@code total} is its item count estimate (0 when unknown). */
    public interface Progress {
        LongConsumer start(String what, long total);

        void end();
    }

    /** The budget of one target: {@code rate} null when unlimited. */
    public record Budget(Double rate, String basis) {
        TokenBucket bucket() { return rate == null ? null : TokenBucket.real(rate); }
    }

    private final DynamoDbClient ddb;
    private final TokenBucket.Sleeper sleeper;
    private volatile ScanAnalyzer analyzer;
    private final List<ScanAnalyzer.Result> results = new ArrayList<>();
    private final List<ReadBudget> spent = new ArrayList<>();
    private volatile Plan plan;
    private volatile long targetStarted;

    public SkewScan(DynamoDbClient ddb) {
        this(ddb, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    public SkewScan(DynamoDbClient ddb, TokenBucket.Sleeper sleeper) {
        this.ddb = ddb;
        this.sleeper = sleeper;
    }

    /** What the run does, worked out before the first Scan. */
    private record Plan(Request request, TableSettings settings, List<SkewTarget> scanned, List<SkewTarget> derive,
                        List<Budget> budgets, int segments, int threads, long seed) {
        boolean sampling() { return request.sample() != null && request.sample() < 1; }
    }

    /** Checks what needs no AWS call (bad values are refused before the table is described). */
    public static void validate(Request r) {
        if (r.sample() != null && !(r.sample() > 0 && r.sample() <= 1)) {
            throw DdbrException.invalid("--sample must be in (0, 1], not " + r.sample(), "e.g. --sample 0.1 for 10%");
        }
        if ((r.maxRcu() != null || r.unlimited()) && r.rcuPercent() != null) {
            throw DdbrException.invalid("--max-rcu and --rcu-percent are alternatives", "give one of them");
        }
        if (r.maxRcu() != null && !(r.maxRcu() > 0 && r.maxRcu() < 1e9)) {
            throw DdbrException.invalid("--max-rcu must be a positive number of RCU per second, or 'unlimited'", "e.g. --max-rcu 500");
        }
        if (r.rcuPercent() != null && !(r.rcuPercent() > 0 && r.rcuPercent() <= 100)) {
            throw DdbrException.invalid("--rcu-percent must be in (0, 100]", null);
        }
        if (r.segments() != null && (r.segments() < 1 || r.segments() > 1_000_000)) {
            throw DdbrException.invalid("--segments must be between 1 and 1000000", null);
        }
        if (r.threads() != null && r.threads() < 1) throw DdbrException.invalid("--threads must be at least 1", null);
    }

    /** The read budget of {@code target}, from the request and the table's capacity. */
    public static Budget budget(Request r, TableSettings t, SkewTarget target) {
        if (r.unlimited()) return new Budget(null, "unlimited (--max-rcu unlimited)");
        if (r.maxRcu() != null) return new Budget(r.maxRcu(), "--max-rcu " + num(r.maxRcu()));
        TableSettings.Gsi gsi = target.isTable() ? null : TableModel.gsi(t, target.index());
        String whose = target.isTable() ? "the table's" : "index '" + target.index() + "''s";
        if (t.isProvisioned()) {
            TableSettings.Throughput p = target.isTable() ? t.provisionedThroughput() : gsi == null ? null : gsi.provisionedThroughput();
            if (p == null || p.readCapacityUnits() <= 0) {
                throw DdbrException.invalid(target.label() + " has no provisioned read capacity for a read budget",
                        "use --max-rcu N (or --max-rcu unlimited)");
            }
            double pct = r.rcuPercent() != null ? r.rcuPercent() : DEFAULT_PERCENT;
            return new Budget(Math.max(1, p.readCapacityUnits() * pct / 100.0), String.format(Locale.ROOT, "%s: %s%% of %s %s provisioned RCU",
                    r.rcuPercent() != null ? "--rcu-percent" : "default", num(pct), whose, Units.count(p.readCapacityUnits())));
        }
        if (r.rcuPercent() != null) {
            throw DdbrException.invalid("'" + r.table() + "' is on-demand: it has no provisioned read capacity for --rcu-percent",
                    "use --max-rcu N");
        }
        TableSettings.OnDemand od = target.isTable() ? t.onDemandThroughput() : gsi == null ? null : gsi.onDemandThroughput();
        Long max = od == null ? null : od.maxReadRequestUnits();
        if (max != null && max > 0 && max * DEFAULT_PERCENT / 100.0 < ON_DEMAND_RCU) {
            return new Budget(Math.max(1, max * DEFAULT_PERCENT / 100.0), String.format(Locale.ROOT,
                    "default for on-demand: %s%% of %s maximum of %s read units/s", num(DEFAULT_PERCENT), whose, Units.count(max)));
        }
        return new Budget(ON_DEMAND_RCU, "default for on-demand: " + Units.count((long) ON_DEMAND_RCU) + " RCU/s");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Scans the table (and each GSI) and reports. Throws {@link ScanAnalyzer.Stopped} once {@link #partial} was called. */
    public SkewReport run(Request r, TableSettings settings, Progress progress) {
        validate(r);
        List<SkewTarget> targets = TableModel.targets(settings);
        if (r.skipIndexes()) targets = targets.subList(0, 1);
        long size = settings.sizeBytes() == null ? 0 : settings.sizeBytes();
        int segs = r.segments() != null ? r.segments()
                : (int) Math.min(1000, Math.max(2L * r.cores(), (size + 999_999_999L) / 1_000_000_000L));
        if (r.segments() == null && r.sample() != null && r.sample() < 1) segs = (int) Math.min(1000, Math.max(segs, Math.ceil(20 / r.sample())));
        int th = r.threads() != null ? r.threads() : Math.min(segs, 4 * r.cores());
        long sd = r.seed() != null ? r.seed() : new java.security.SecureRandom().nextLong();
        // Sampled: each GSI is counted from the sampled base items. Base segments follow the base key's hash,
        // so the GSI keys of those items are a fair sample; a GSI's own segments hold few keys when its key has
        // few values, and a random share of them can hold none or all of them.
        boolean sampling = r.sample() != null && r.sample() < 1;
        List<SkewTarget> derive = sampling ? targets.subList(1, targets.size()) : List.of();
        List<SkewTarget> scanned = sampling ? targets.subList(0, 1) : targets;
        List<Budget> budgets = new ArrayList<>();
        for (SkewTarget t : scanned) budgets.add(budget(r, settings, t));
        for (SkewTarget d : derive) budget(r, settings, d); // same checks as an index scan
        Plan p = new Plan(r, settings, scanned, derive, budgets, segs, th, sd);
        plan = p;
        ScanAnalyzer.Options o = new ScanAnalyzer.Options(segs, r.sample(), th, r.exactKeys(), sd);
        ScanAnalyzer a = new ScanAnalyzer(ddb, sleeper);
        analyzer = a;
        for (int i = 0; i < scanned.size(); i++) {
            SkewTarget t = scanned.get(i);
            Budget b = budgets.get(i);
            long expected = expectedItems(settings, t, sampling ? r.sample() : null);
            LongConsumer pr = progress.start("items read from " + (t.isTable() ? "the table" : t.index()), expected);
            long started = System.nanoTime();
            targetStarted = started;
            ScanAnalyzer.Result res;
            try {
                res = a.scan(settings.name(), t, t.isTable() ? derive : List.of(), o, b.bucket(), pr);
            } finally {
                progress.end();
            }
            synchronized (this) {
                results.add(res);
                spent.add(new ReadBudget(t.isTable() ? "table" : t.index(), b.rate(), b.basis(), res.consumedUnits(),
                        seconds(System.nanoTime() - started)));
            }
        }
        synchronized (this) {
            return report(p, results, spent, List.of());
        }
    }

    /** The item count estimate DescribeTable gives (updated about every six hours), scaled by the sample; 0 when unknown. */
    static long expectedItems(TableSettings s, SkewTarget t, Double sample) {
        Long n = t.isTable() ? s.itemCount() : TableModel.gsi(s, t.index()) == null ? null : TableModel.gsi(s, t.index()).itemCount();
        if (n == null || n <= 0) return 0;
        return sample == null ? n : Math.round(n * sample);
    }

    /**
     * Stops the scan under way and returns the report of what was read, marked partial; null when nothing was
     * read yet (the table not yet described). Called from a shutdown hook: the run's thread then throws.
     */
    public SkewReport partial() {
        Plan p = plan;
        ScanAnalyzer a = analyzer;
        if (p == null || a == null) return null;
        ScanAnalyzer.Result cut = a.stop();
        synchronized (this) {
            List<ScanAnalyzer.Result> rs = new ArrayList<>(results);
            List<Coverage> cov = new ArrayList<>();
            for (ScanAnalyzer.Result r : rs) {
                cov.add(new Coverage(label(r.target()), "segments", r.segmentsRead(), 0, r.segmentsRead(), r.stats().items()));
            }
            List<ReadBudget> sp = new ArrayList<>(spent);
            if (cut != null && rs.stream().noneMatch(r -> r.target().equals(cut.target()))) {
                ScanAnalyzer.Partial pa = cut.partial();
                cov.add(new Coverage(label(cut.target()), "segments", pa.segmentsDone(), pa.segmentsStarted(), pa.segmentsChosen(), pa.itemsRead()));
                rs.add(cut);
                Budget b = p.budgets().get(p.scanned().indexOf(cut.target()));
                sp.add(new ReadBudget(label(cut.target()), b.rate(), b.basis(), cut.consumedUnits(),
                        seconds(System.nanoTime() - targetStarted)));
            }
            for (int i = rs.size(); i < p.scanned().size(); i++) {
                cov.add(new Coverage(label(p.scanned().get(i)), "segments", 0, 0, p.segments(), 0));
            }
            if (rs.isEmpty()) return null;
            return report(p, rs, sp, cov).asPartial(cov);
        }
    }

    private static double seconds(long nanos) { return Math.round(nanos / 1e6) / 1000.0; }

    private static String label(SkewTarget t) { return t.isTable() ? "table" : t.index(); }

    private static SkewReport report(Plan p, List<ScanAnalyzer.Result> results, List<ReadBudget> spent, List<Coverage> partial) {
        Request r = p.request();
        TableSettings settings = p.settings();
        ScanAnalyzer.Result base = results.get(0);
        boolean cut = base.partial() != null;
        List<Capacity> caps = TableModel.capacities(settings);
        long size = settings.sizeBytes() == null ? 0 : settings.sizeBytes();
        long bytesForSize = size > 0 ? size : Math.round(base.stats().bytes() * base.scale());
        PartitionModel.Partitions partitions = PartitionModel.estimate(bytesForSize, caps, null);
        SkewReport.Sample sampleInfo = null;
        if (p.sampling() && !cut) {
            sampleInfo = new SkewReport.Sample(base.segmentsRead() / (double) base.totalSegments(), base.segmentsRead(),
                    base.totalSegments(), base.stats().items(), base.relativeErrorBound());
        }
        double scale = cut ? 1.0 : base.scale();
        SkewAssembler.Context c = new SkewAssembler.Context("scan", settings.name(), settings.name(), "items", r.maxKeyShare(),
                scale, sampleInfo, partitions, true);
        SkewAssembler.Part tablePart = new SkewAssembler.Part(base.target(), base.stats().summarize(r.top()), TableModel.first(caps),
                cut ? null : new SkewAssembler.Estimate(base.relativeErrorBound(), base.distinctRelativeErrorBound(), false));
        List<SkewAssembler.Part> parts = new ArrayList<>();
        for (int i = 1; i < results.size(); i++) {
            ScanAnalyzer.Result x = results.get(i);
            parts.add(new SkewAssembler.Part(x.target(), x.stats().summarize(r.top()),
                    TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, x.target().index())))));
        }
        for (ScanAnalyzer.Derived d : base.derived()) {
            var summary = d.stats().summarize(r.top());
            String hottest = summary.top().isEmpty() ? null : summary.top().get(0).key();
            parts.add(new SkewAssembler.Part(d.target(), summary,
                    TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, d.target().index()))),
                    cut ? null : new SkewAssembler.Estimate(d.relativeErrorBound(hottest), null, true)));
        }
        List<String> notes = new ArrayList<>();
        double consumed = results.stream().mapToDouble(ScanAnalyzer.Result::consumedUnits).sum();
        long retries = results.stream().mapToLong(ScanAnalyzer.Result::retries).sum();
        notes.add(String.format(Locale.ROOT, "%d segments%s; %.1f read capacity units consumed%s", p.segments(),
                sampleInfo == null ? "" : " (" + base.segmentsRead() + " read)", consumed,
                retries > 0 ? "; " + Units.count(retries) + " pages retried after throttling or errors, none counted twice" : ""));
        if (p.sampling() && !cut) {
            notes.add("sampled: table counts of the keys listed are exact (a key lives in one segment); totals, distinct keys "
                    + "and shares are estimates; a key outside the sampled segments is not seen (a key is missed with "
                    + "probability " + Units.percent(1 - sampleInfo.fraction()) + ")");
            if (!p.derive().isEmpty()) {
                notes.add("sampled: each GSI is counted from the sampled table items (sized by its projection), not "
                        + "scanned itself; its key counts, totals and shares are scaled estimates with the 95% bound "
                        + "shown per index; this assumes the GSI key is not a function of the table's partition key");
            }
        }
        if (cut) notes.add("interrupted: figures are of the items read, not scaled to the table");
        return SkewAssembler.assemble(c, tablePart, parts, notes).withReadBudget(spent);
    }
}
