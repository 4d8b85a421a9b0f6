package dev.ddbr.audit;

import dev.ddbr.audit.TableFacts.Peak;
import dev.ddbr.audit.TableFacts.Usage;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Gsi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * The real utilisation: the busiest minute of ConsumedReadCapacityUnits and ConsumedWriteCapacityUnits
 * (CloudWatch GetMetricData, Sum per 60 s, divided by 60 = units per second) over the look-back, for the table
 * and each GSI. One-minute data is kept for 15 days, so the look-back is at most 14 days.
 */
public final class CapacityUsage {
    /** The look-back: two weeks catch the weekly peak and stay inside CloudWatch's 15 days of 1-minute data. */
    public static final int DAYS = 14;
    static final String NAMESPACE = "AWS/DynamoDB";

    private CapacityUsage() {}

    /** Whether the table has a ceiling to judge against: provisioned, or on-demand with a maximum throughput. */
    static boolean judged(TableSettings t) {
        if (t.isProvisioned()) return true;
        if (t.onDemandThroughput() != null && (t.onDemandThroughput().maxReadRequestUnits() != null
                || t.onDemandThroughput().maxWriteRequestUnits() != null)) return true;
        return t.globalSecondaryIndexes().stream().anyMatch(g -> g.onDemandThroughput() != null
                && (g.onDemandThroughput().maxReadRequestUnits() != null || g.onDemandThroughput().maxWriteRequestUnits() != null));
    }

    /** The peaks of the table and its GSIs; an unavailable or denied API gives a Usage with the reason. */
    public static Usage read(CloudWatchClient cw, TableSettings t, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(DAYS));
        // id -> (index or null, dimension)
        Map<String, String[]> ids = new LinkedHashMap<>();
        List<MetricDataQuery> queries = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        indexes.add(null);
        for (Gsi g : t.globalSecondaryIndexes()) indexes.add(g.name());
        int n = 0;
        for (String index : indexes) {
            List<Dimension> dims = new ArrayList<>();
            dims.add(Dimension.builder().name("TableName").value(t.name()).build());
            if (index != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
            for (String dim : List.of("Read", "Write")) {
                String id = "m" + n++;
                ids.put(id, new String[] {index, dim});
                queries.add(MetricDataQuery.builder().id(id).returnData(true)
                        .metricStat(s -> s.metric(m -> m.namespace(NAMESPACE).metricName("Consumed" + dim + "CapacityUnits")
                                .dimensions(dims)).period(60).stat("Sum")).build());
            }
        }
        Map<String, Peak> peaks = new LinkedHashMap<>();
        try {
            // GetMetricData takes at most 500 queries: a table has at most 20 GSIs, so 42 at most.
            String token = null;
            do {
                String tk = token;
                GetMetricDataResponse r = cw.getMetricData(b -> b.metricDataQueries(queries).startTime(start).endTime(end)
                        .scanBy(ScanBy.TIMESTAMP_DESCENDING).nextToken(tk));
                for (MetricDataResult m : r.metricDataResults()) {
                    String[] what = ids.get(m.id());
                    if (what == null) continue;
                    for (int i = 0; i < m.values().size() && i < m.timestamps().size(); i++) {
                        Double v = m.values().get(i);
                        if (v == null) continue;
                        Peak p = peaks.get(m.id());
                        if (p == null || v / 60.0 > p.perSecond()) {
                            peaks.put(m.id(), new Peak(what[0], what[1], v / 60.0, m.timestamps().get(i)));
                        }
                    }
                }
                token = r.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            return new Usage(DAYS, null, Auditor.why(e));
        }
        return new Usage(DAYS, List.copyOf(peaks.values()), null);
    }
}
