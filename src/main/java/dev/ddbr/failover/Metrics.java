package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * The CloudWatch figures failover decisions rest on (namespace AWS/DynamoDB):
 * <ul>
 *   <li>peak consumed capacity: ConsumedRead/WriteCapacityUnits, Sum per minute / 60 = units per second,
 *       the highest minute over the look-back (14 days by default);</li>
 *   <li>replication: ReplicationLatency (ms; reported in the sending Region, dimension ReceivingRegion)
 *       per-minute Maximum (its p99 and max), and PendingReplicationCount Maximum, over a window.</li>
 * </ul>
 * A metric with no data points gives an empty result (null fields), never zero. A metric that could not be read
 * (CloudWatch unreachable, as it may be in a failing Region; access denied; throttled after retries) gives an
 * empty result with {@code unavailable} set to the reason, never an exception: these are secondary sources. Once
 * a Region's CloudWatch endpoint could not be reached, later reads there give the same reason at once instead
 * of waiting for the network again.
 */
public final class Metrics {
    public static final String NAMESPACE = "AWS/DynamoDB";
    private final ClientFactory aws;
    private final Instant now;
    /** Regions whose CloudWatch endpoint could not be reached: the reason, given again without a call. */
    private final java.util.Map<String, String> unreachable = new java.util.concurrent.ConcurrentHashMap<>();

    public Metrics(ClientFactory aws, Instant now) {
        this.aws = aws;
        this.now = now;
    }

    /**
     * Peak read and write units per second.
     *
     * @param unavailable why the metric could not be read (then both figures are null), or null
     */
    public record Peak(Double readUnitsPerSecond, Double writeUnitsPerSecond, String unavailable) {
        public static final Peak NONE = new Peak(null, null);

        public Peak(Double readUnitsPerSecond, Double writeUnitsPerSecond) {
            this(readUnitsPerSecond, writeUnitsPerSecond, null);
        }

        public static Peak unavailable(String reason) { return new Peak(null, null, reason); }
    }

    /**
     * @param p99Ms       null where the endpoint gave no percentile
     * @param unavailable why the metrics could not be read (then every figure is null), or null
     */
    public record Replication(String from, String to, Double p99Ms, Double maxMs, Double pendingMax, String unavailable) {
        public Replication(String from, String to, Double p99Ms, Double maxMs, Double pendingMax) {
            this(from, to, p99Ms, maxMs, pendingMax, null);
        }
    }

    /** The CloudWatch API these figures come from, for "unavailable" entries. */
    public static final String API = "cloudwatch:GetMetricData";

    public Peak peak(String region, String table, Duration lookBack) {
        CloudWatchClient cw = aws.cloudwatch(region);
        List<Dimension> dims = List.of(dim("TableName", table));
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(lookBack);
        List<MetricDataQuery> q = List.of(query("r", "ConsumedReadCapacityUnits", dims, "Sum", 60),
                query("w", "ConsumedWriteCapacityUnits", dims, "Sum", 60));
        List<MetricDataResult> results;
        try {
            results = fetch(region, cw, q, start, end);
        } catch (Unavailable u) {
            return Peak.unavailable(u.getMessage());
        }
        Double r = opt(max(results, "r"));
        Double w = opt(max(results, "w"));
        return new Peak(r == null ? null : r / 60.0, w == null ? null : w / 60.0);
    }

    /**
     * Replication from {@code from} into {@code to} over {@code window}: per-minute Maximum of
     * ReplicationLatency; p99 is the 99th percentile of those minute maxima (no percentile statistic needed,
     * so it works on every endpoint), max the largest.
     */
    public Replication replication(String from, String to, String table, Duration window) {
        CloudWatchClient cw = aws.cloudwatch(from);
        List<Dimension> dims = List.of(dim("TableName", table), dim("ReceivingRegion", to));
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minusSeconds(Math.max(60, (window.toSeconds() + 59) / 60 * 60));
        List<MetricDataQuery> q = List.of(query("lmax", "ReplicationLatency", dims, "Maximum", 60),
                query("pend", "PendingReplicationCount", dims, "Maximum", 60));
        List<MetricDataResult> results;
        try {
            results = fetch(from, cw, q, start, end);
        } catch (Unavailable u) {
            return new Replication(from, to, null, null, null, u.getMessage());
        }
        double[] minutes = results.stream().filter(r -> "lmax".equals(r.id())).flatMap(r -> r.values().stream())
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        Double p99 = minutes.length == 0 ? null : minutes[Math.max(0, (int) Math.ceil(0.99 * minutes.length) - 1)];
        return new Replication(from, to, p99, opt(max(results, "lmax")), opt(max(results, "pend")));
    }

    private static Double opt(OptionalDouble d) { return d.isPresent() ? d.getAsDouble() : null; }

    private static OptionalDouble max(List<MetricDataResult> results, String id) {
        return results.stream().filter(r -> id.equals(r.id())).flatMap(r -> r.values().stream())
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max();
    }

    /** A metric that could not be read; the message is the reason. */
    private static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private List<MetricDataResult> fetch(String region, CloudWatchClient cw, List<MetricDataQuery> q, Instant start, Instant end)
            throws Unavailable {
        String known = unreachable.get(region);
        if (known != null) throw new Unavailable(known);
        List<MetricDataResult> all = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                GetMetricDataResponse r = cw.getMetricData(b -> b.metricDataQueries(q).startTime(start).endTime(end).nextToken(t));
                // pages repeat the ids: merge values by id
                for (MetricDataResult m : r.metricDataResults()) all.add(m);
                token = r.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            AwsErrors.Kind kind = AwsErrors.kind(e);
            String reason = (kind == AwsErrors.Kind.UNREACHABLE ? "CloudWatch endpoint unreachable: " : "")
                    + AwsErrors.describe(e);
            if (kind == AwsErrors.Kind.UNREACHABLE) unreachable.put(region, reason);
            throw new Unavailable(reason);
        }
        return all;
    }

    private static MetricDataQuery query(String id, String metric, List<Dimension> dims, String stat, int period) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dims)).period(period).stat(stat))
                .build();
    }

    private static Dimension dim(String k, String v) { return Dimension.builder().name(k).value(v).build(); }
}
