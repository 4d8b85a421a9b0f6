package dev.ddbr.capacity;

import dev.ddbr.aws.AwsErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Consumed read and write capacity (AWS/DynamoDB ConsumedRead/WriteCapacityUnits, statistic Sum) of tables and
 * GSIs over a window, as units per second for every minute.
 *
 * <p>CloudWatch keeps 1-minute data points for 15 days, 5-minute ones for 63 days (and 1-hour ones for 455 days).
 * The last 15 days of the window are read at a 60-second period; anything older at 300 seconds, each 5-minute sum
 * spread evenly over its 5 minutes. Queries are batched, up to 500 per GetMetricData call (the API's limit), and
 * each call's pages (at most 100,800 data points each) followed; every call is counted.
 */
public final class MetricHistory {
    public static final String NAMESPACE = "AWS/DynamoDB";
    /** GetMetricData's limit on queries per call. */
    public static final int MAX_QUERIES = 500;
    /** How long CloudWatch keeps 1-minute data points. */
    public static final Duration ONE_MINUTE_RETENTION = Duration.ofDays(15);
    /** How long CloudWatch keeps 5-minute data points: the longest window ddbr reads. */
    public static final int MAX_DAYS = 63;

    private MetricHistory() {}

    /** One series: a table ({@code index} null) or a GSI, reads or writes. */
    public record Key(String table, String index, boolean read) {
        public String metric() { return read ? "ConsumedReadCapacityUnits" : "ConsumedWriteCapacityUnits"; }
    }

    /**
     * @param start           first minute of the window
     * @param minutes         minutes in the window
     * @param oneMinuteFrom   from here on the data is 1-minute; before it 5-minute
     * @param series          per key: units per second for each minute, NaN where CloudWatch had no data point
     * @param calls           GetMetricData calls made (pages included)
     */
    public record Fetched(Instant start, int minutes, Instant oneMinuteFrom, Map<Key, double[]> series, int calls) {}

    /** The window of {@code days} ending at the minute {@code now} falls in. */
    public static Fetched fetch(CloudWatchClient cw, List<Key> keys, int days, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(days));
        // the 1-minute part starts on a 5-minute boundary, so the 5-minute part tiles exactly
        Instant oneMinuteFrom = end.minus(ONE_MINUTE_RETENTION).plus(Duration.ofMinutes(5));
        oneMinuteFrom = Instant.ofEpochSecond((oneMinuteFrom.getEpochSecond() + 299) / 300 * 300);
        if (!oneMinuteFrom.isAfter(start)) oneMinuteFrom = start;
        int minutes = (int) Duration.between(start, end).toMinutes();
        Map<Key, double[]> series = new LinkedHashMap<>();
        for (Key k : keys) {
            double[] a = new double[minutes];
            Arrays.fill(a, Double.NaN);
            series.put(k, a);
        }
        int calls = 0;
        if (oneMinuteFrom.isAfter(start)) {
            Instant fiveStart = Instant.ofEpochSecond(start.getEpochSecond() / 300 * 300);
            calls += read(cw, keys, series, start, fiveStart, oneMinuteFrom, 300);
        }
        calls += read(cw, keys, series, start, oneMinuteFrom, end, 60);
        return new Fetched(start, minutes, oneMinuteFrom, series, calls);
    }

    private static int read(CloudWatchClient cw, List<Key> keys, Map<Key, double[]> series, Instant windowStart,
                            Instant from, Instant to, int period) {
        int calls = 0;
        for (int i = 0; i < keys.size(); i += MAX_QUERIES) {
            List<Key> batch = keys.subList(i, Math.min(keys.size(), i + MAX_QUERIES));
            List<MetricDataQuery> queries = new ArrayList<>(batch.size());
            for (int j = 0; j < batch.size(); j++) queries.add(query("q" + j, batch.get(j), period));
            String token = null;
            do {
                String tk = token;
                GetMetricDataResponse r;
                try {
                    r = cw.getMetricData(b -> b.metricDataQueries(queries).startTime(from).endTime(to)
                            .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(tk));
                } catch (SdkException e) {
                    throw AwsErrors.translate(e, "read consumed capacity from CloudWatch");
                }
                calls++;
                for (MetricDataResult m : r.metricDataResults()) {
                    int j = Integer.parseInt(m.id().substring(1));
                    double[] a = series.get(batch.get(j));
                    for (int p = 0; p < m.values().size() && p < m.timestamps().size(); p++) {
                        Double v = m.values().get(p);
                        if (v == null) continue;
                        long offset = (m.timestamps().get(p).getEpochSecond() - windowStart.getEpochSecond()) / 60;
                        int span = period / 60;
                        for (int s = 0; s < span; s++) {
                            long t = offset + s;
                            if (t < 0 || t >= a.length) continue;
                            if (period == 300 && !Instant.ofEpochSecond(windowStart.getEpochSecond() + t * 60).isBefore(to)) continue;
                            a[(int) t] = v / period;
                        }
                    }
                }
                token = r.nextToken();
            } while (token != null);
        }
        return calls;
    }

    private static MetricDataQuery query(String id, Key k, int period) {
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("TableName").value(k.table()).build());
        if (k.index() != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(k.index()).build());
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.metric(m -> m.namespace(NAMESPACE).metricName(k.metric()).dimensions(dims))
                        .period(period).stat("Sum"))
                .build();
    }
}
