package dev.ddbr.capacity;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableLister;
import dev.ddbr.table.TableSettings;
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

    public Advisor(ClientFactory aws) { this.aws = aws; }

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
        SnapshotReader reader = new SnapshotReader(aws);
        List<TableShape> shapes = new ArrayList<>();
        List<MetricHistory.Key> keys = new ArrayList<>();
        for (String name : tables) {
            TableSettings t = reader.read(name, region, EnumSet.of(SnapshotPart.AUTO_SCALING));
            TableShape s = TableShape.of(t);
            shapes.add(s);
            for (TableShape.Part p : s.parts()) {
                keys.add(new MetricHistory.Key(name, p.index(), true));
                keys.add(new MetricHistory.Key(name, p.index(), false));
            }
        }
        MetricHistory.Fetched f = keys.isEmpty() ? null : MetricHistory.fetch(aws.cloudwatch(region), keys, days, now);
        Prices prices = Prices.of(profile.capacity());
        List<CapacityReport.Entry> entries = new ArrayList<>();
        Map<String, List<String>> charts = new LinkedHashMap<>();
        Map<String, Advice.Series> series = new LinkedHashMap<>();
        for (TableShape s : shapes) {
            Advice.Result r = Advice.analyse(s, f.series(), f.start(), f.oneMinuteFrom(), profile.capacity(), prices, chartWidth);
            entries.addAll(skew == null ? r.entries() : PartitionHeadroom.apply(r.entries(), skew, skewReport.toString()));
            charts.putAll(r.charts());
            series.putAll(r.series());
        }
        Instant from = f == null ? now : f.start();
        Instant to = f == null ? now : f.start().plusSeconds(60L * f.minutes());
        boolean change = entries.stream().anyMatch(e -> e.recommended().change());
        return new Run(new CapacityReport(region, from, to, f == null ? 0 : f.calls(), entries, change), charts, series);
    }
}
