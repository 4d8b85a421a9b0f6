package dev.ddbr.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbr.aws.AwsErrors;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * What DynamoDB itself reported to CloudWatch (namespace AWS/DynamoDB) over a load run's window, beside the client's
 * measurements: {@code SuccessfulRequestLatency} per operation (dimensions TableName, Operation: the time the service
 * spent, without the network and the client) and the throttle-reason metrics of the table and of each GSI
 * (dimension GlobalSecondaryIndexName). One GetMetricData request (paged), one-minute periods over the whole minutes
 * the run touched. A CloudWatch that cannot be read gives {@link Server#unavailable} with the reason, never an error:
 * the run's own figures stand.
 */
public final class ServerMetrics {
    public static final String NAMESPACE = "AWS/DynamoDB";
    public static final String API = "cloudwatch:GetMetricData";
    /** The throttle metrics by reason (DynamoDB developer guide, "CloudWatch throttling metrics"). */
    public static final List<String> THROTTLE_METRICS = List.of(
            "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
            "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
            "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",
            "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents");

    private ServerMetrics() {}

    /**
     * @param from        start of the window (the run's start, down to the minute)
     * @param to          end of the window (the run's end, up to the minute)
     * @param latencyMs   SuccessfulRequestLatency per operation that ran, where CloudWatch had data points
     * @param throttles   throttle events by resource ("TABLE" or "TABLE/index/GSI") and metric, where CloudWatch had data points
     * @param unavailable why CloudWatch could not be read (then the other figures are empty), or null
     */
    @JsonPropertyOrder({"from", "to", "latencyMs", "throttles", "unavailable"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Server(Instant from, Instant to, List<OpLatency> latencyMs, Map<String, Map<String, Long>> throttles,
                         String unavailable) {}

    /**
     * @param name      the operation as in the report (get, put, ...)
     * @param operation DynamoDB's operation name, the metric's Operation dimension
     * @param requests  successful requests CloudWatch counted (SampleCount)
     * @param average   mean service time in milliseconds
     * @param max       the largest
     */
    @JsonPropertyOrder({"name", "operation", "requests", "average", "max"})
    public record OpLatency(String name, String operation, long requests, double average, double max) {}

    /** DynamoDB's name of the API call an operation kind makes. */
    public static String operation(OpKind k) {
        return switch (k) {
            case GET, GET_STRONG -> "GetItem";
            case QUERY -> "Query";
            case PUT -> "PutItem";
            case UPDATE -> "UpdateItem";
            case DELETE -> "DeleteItem";
            case BATCH_GET -> "BatchGetItem";
            case BATCH_WRITE -> "BatchWriteItem";
            case TRANSACT_WRITE -> "TransactWriteItems";
        };
    }

    /** Reads the window [start, end) for the operations that ran. */
    public static Server read(CloudWatchClient cw, String table, List<String> gsis, List<OpKind> ops, Instant start, Instant end) {
        Instant from = start.truncatedTo(ChronoUnit.MINUTES);
        Instant down = end.truncatedTo(ChronoUnit.MINUTES);
        Instant to = down.isBefore(end) || !down.isAfter(from) ? down.plus(1, ChronoUnit.MINUTES) : down;
        List<MetricDataQuery> q = new ArrayList<>();
        // operations, in report order: get and get-strong share GetItem
        Map<String, String> opNames = new LinkedHashMap<>();
        for (OpKind k : ops) opNames.putIfAbsent(operation(k), k == OpKind.GET_STRONG ? OpKind.GET.key() : k.key());
        List<String> operations = new ArrayList<>(opNames.keySet());
        for (int i = 0; i < operations.size(); i++) {
            List<Dimension> dims = List.of(dim("TableName", table), dim("Operation", operations.get(i)));
            q.add(query("l" + i + "s", "SuccessfulRequestLatency", dims, "Sum"));
            q.add(query("l" + i + "n", "SuccessfulRequestLatency", dims, "SampleCount"));
            q.add(query("l" + i + "m", "SuccessfulRequestLatency", dims, "Maximum"));
        }
        List<String> resources = new ArrayList<>();
        resources.add(table);
        for (String g : gsis) resources.add(table + "/index/" + g);
        for (int r = 0; r < resources.size(); r++) {
            List<Dimension> dims = r == 0 ? List.of(dim("TableName", table))
                    : List.of(dim("TableName", table), dim("GlobalSecondaryIndexName", gsis.get(r - 1)));
            for (int m = 0; m < THROTTLE_METRICS.size(); m++) q.add(query("t" + r + "_" + m, THROTTLE_METRICS.get(m), dims, "Sum"));
        }
        Map<String, List<Double>> values = new LinkedHashMap<>();
        String token = null;
        try {
            Instant a = from;
            Instant b = to;
            do {
                String t = token;
                GetMetricDataResponse resp = cw.getMetricData(x -> x.metricDataQueries(q).startTime(a).endTime(b).nextToken(t));
                for (MetricDataResult m : resp.metricDataResults()) {
                    values.computeIfAbsent(m.id(), k -> new ArrayList<>()).addAll(m.values().stream().filter(Objects::nonNull).toList());
                }
                token = resp.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            String reason = (AwsErrors.kind(e) == AwsErrors.Kind.UNREACHABLE ? "CloudWatch endpoint unreachable: " : "")
                    + AwsErrors.describe(e);
            return new Server(from, to, List.of(), Map.of(), reason);
        }
        List<OpLatency> latency = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            List<Double> n = values.getOrDefault("l" + i + "n", List.of());
            double count = n.stream().mapToDouble(Double::doubleValue).sum();
            if (count <= 0) continue;
            double sum = values.getOrDefault("l" + i + "s", List.of()).stream().mapToDouble(Double::doubleValue).sum();
            double max = values.getOrDefault("l" + i + "m", List.of()).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            latency.add(new OpLatency(opNames.get(operations.get(i)), operations.get(i), Math.round(count), Reports.r3(sum / count), Reports.r3(max)));
        }
        Map<String, Map<String, Long>> throttles = new LinkedHashMap<>();
        for (int r = 0; r < resources.size(); r++) {
            for (int m = 0; m < THROTTLE_METRICS.size(); m++) {
                List<Double> v = values.get("t" + r + "_" + m);
                if (v == null || v.isEmpty()) continue;
                throttles.computeIfAbsent(resources.get(r), k -> new LinkedHashMap<>())
                        .put(THROTTLE_METRICS.get(m), Math.round(v.stream().mapToDouble(Double::doubleValue).sum()));
            }
        }
        return new Server(from, to, latency, throttles, null);
    }

    private static Dimension dim(String name, String value) { return Dimension.builder().name(name).value(value).build(); }

    private static MetricDataQuery query(String id, String metric, List<Dimension> dims, String stat) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.period(60).stat(stat)
                .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dims))).build();
    }
}
