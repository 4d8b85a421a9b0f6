package dev.ddbr.capacity;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableLister;
import dev.ddbr.table.TableSettings;
import dev.ddbr.failover.GlobalTables;
import dev.ddbr.failover.Metrics;
import dev.ddbr.failover.SurvivorCapacity;
import dev.ddbr.failover.WhatIf;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ddbr capacity advise}: reads each table's settings (DescribeTable, auto scaling), its and its GSIs'
 * consumed capacity (CloudWatch, batched for all tables at once), and assembles the {@link Advice} of each.
 */
public final class Advisor {
    private final ClientFactory aws;
    private final boolean awsPrices;

    public Advisor(ClientFactory aws) { this(aws, false); }

    /** @param awsPrices read the Region's prices from the AWS Price List API ({@code --prices aws}) */
    public Advisor(ClientFactory aws, boolean awsPrices) {
        this.aws = aws;
        this.awsPrices = awsPrices;
    }

    /** The report, and per entry label the chart lines (empty unless {@code chartWidth} > 0). */
    public record Run(CapacityReport report, Map<String, List<String>> charts, Map<String, Advice.Series> series) {}

    /** The tables named, else the profile's, else every table in the Region. */
    public List<String> tables(List<String> named, Profile profile) {
        if (named != null && !named.isEmpty()) return named;
        if (!profile.tables().isEmpty()) return profile.tables().stream().map(TableProfile::name).toList();
        return new TableLister(aws).names();
    }

    public Run advise(List<String> tables, Profile profile, int days, Instant now, int chartWidth) {
        return advise(tables, profile, days, now, chartWidth, null);
    }

    /** With per-partition headroom from a skew report ({@code skewReport} may be null). */
    public Run advise(List<String> tables, Profile profile, int days, Instant now, int chartWidth, java.nio.file.Path skewReport) {
        com.fasterxml.jackson.databind.JsonNode skew = skewReport == null ? null : PartitionHeadroom.read(skewReport);
        if (days < 1 || days > MetricHistory.MAX_DAYS) {
            throw DdbrException.invalid("--days must be between 1 and " + MetricHistory.MAX_DAYS + ", got " + days,
                    "CloudWatch keeps 1-minute data 15 days and 5-minute data 63 days");
        }
        String region = aws.region();
        List<String> notes = new ArrayList<>();
        // prices first: a Price List failure stops the run before the slower reads
        Prices prices;
        if (awsPrices) {
            String pricingRegion = ClientFactory.PRICING_REGIONS.contains(region) ? region : "us-east-1";
            String override = aws.endpointSource(dev.ddbr.aws.AwsService.PRICING, pricingRegion)
                    .map(src -> aws.endpoint(dev.ddbr.aws.AwsService.PRICING, pricingRegion).map(Object::toString).orElse("?") + " from " + src)
                    .orElse(null);
            PriceList.Read read = PriceList.fetch(aws.pricing(region), region, override);
            prices = read.prices();
            if (!profile.capacity().prices().isEmpty()) {
                notes.add("--prices aws: the profile's capacity.prices are not used");
            }
        } else {
            prices = Prices.of(profile.capacity());
        }
        SnapshotReader reader = new SnapshotReader(aws);
        List<TableShape> shapes = new ArrayList<>();
        List<TableSettings> settings = new ArrayList<>();
        List<MetricHistory.Key> keys = new ArrayList<>();
        for (String name : tables) {
            TableSettings t = reader.read(name, region, EnumSet.of(SnapshotPart.AUTO_SCALING));
            settings.add(t);
            TableShape s = TableShape.of(t);
            shapes.add(s);
            for (TableShape.Part p : s.parts()) {
                keys.add(new MetricHistory.Key(name, p.index(), true));
                keys.add(new MetricHistory.Key(name, p.index(), false));
            }
        }
        MetricHistory.Fetched f = keys.isEmpty() ? null : MetricHistory.fetch(aws.cloudwatch(region), keys, days, now);
        Advice.TableLimits limits = Advice.TableLimits.DEFAULT;
        Long[] q = {null, null};
        if (!shapes.isEmpty()) {
            List<String> quotaNotes = new ArrayList<>();
            q = SurvivorCapacity.tableQuotas(aws, region, quotaNotes);
            limits = Advice.TableLimits.of(q[0], q[1]);
            for (String n : quotaNotes) {
                notes.add(n + "; headroom uses the default per-table quota of " + Advice.ACCOUNT_TABLE_LIMIT + " units/s");
            }
        }
        List<CapacityReport.Entry> entries = new ArrayList<>();
        Map<String, List<String>> charts = new LinkedHashMap<>();
        Map<String, Advice.Series> series = new LinkedHashMap<>();
        Metrics metrics = new Metrics(aws, now);
        for (int i = 0; i < shapes.size(); i++) {
            TableShape s = shapes.get(i);
            Advice.Result r = Advice.analyse(s, f.series(), f.start(), f.oneMinuteFrom(), profile.capacity(), prices, limits, chartWidth);
            List<CapacityReport.Entry> es = new ArrayList<>(r.entries());
            failover(settings.get(i), metrics, Duration.ofDays(days), q, es, notes);
            entries.addAll(skew == null ? es : PartitionHeadroom.apply(es, skew, skewReport.toString()));
            charts.putAll(r.charts());
            series.putAll(r.series());
        }
        Instant from = f == null ? now : f.start();
        Instant to = f == null ? now : f.start().plusSeconds(60L * f.minutes());
        boolean change = entries.stream().anyMatch(e -> e.recommended().change());
        return new Run(new CapacityReport(region, from, to, f == null ? 0 : f.calls(), entries, change, List.copyOf(new java.util.LinkedHashSet<>(notes))), charts, series);
    }

    /**
     * A global table: for each Region lost in turn, what each other Region must carry ({@link SurvivorCapacity}, the
     * computation {@code failover what-if} uses), set on the table's entry (the first); an overloaded survivor adds a
     * reason (it does not change the recommended action or the exit code). A Region that cannot be read leaves a note.
     */
    private void failover(TableSettings t, Metrics metrics, Duration lookBack, Long[] ownQuota, List<CapacityReport.Entry> entries,
                          List<String> notes) {
        List<String> regions = GlobalTables.regions(t);
        if (regions.size() < 2 || entries.isEmpty()) return;
        Map<String, SurvivorCapacity.Replica> replicas = new LinkedHashMap<>();
        try {
            for (String r : regions) {
                // the own Region's quotas were read once for the whole run
                replicas.put(r, r.equals(t.region())
                        ? new SurvivorCapacity.Replica(r, t, metrics.peak(r, t.name(), lookBack), ownQuota[0], ownQuota[1])
                        : SurvivorCapacity.read(aws, metrics, t.name(), r, lookBack, notes));
            }
        } catch (DdbrException e) {
            notes.add("failover capacity of global table '" + t.name() + "' not computed: " + e.getMessage());
            return;
        }
        List<SurvivorCapacity.Loss> losses = SurvivorCapacity.everyLoss(replicas);
        List<String> reasons = new ArrayList<>();
        for (SurvivorCapacity.Loss l : losses) {
            for (WhatIf.Survivor s : l.survivors()) {
                if (!s.overloaded()) continue;
                reasons.add(String.format(java.util.Locale.ROOT, "failover: if %s fails, %s must carry %s reads/s and %s writes/s "
                        + "but can take %s and %s: raise its %s", l.lost(), s.region(), num(s.loadRead()), num(s.loadWrite()),
                        num(s.ceilingRead()), num(s.ceilingWrite()),
                        "PROVISIONED".equals(s.billingMode()) ? "auto scaling maximum" : "warm throughput"));
            }
        }
        entries.set(0, entries.get(0).withFailover(losses, reasons));
    }

    private static String num(Double d) { return d == null ? "?" : CapacityReport.num(d); }
}
