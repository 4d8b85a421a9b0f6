package dev.ddbr.skew;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.skew.SkewReport.TopItem;
import dev.ddbr.skew.SkewReport.TopKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;

/**
 * Reads DynamoDB Contributor Insights for a table or GSI: the rules DescribeContributorInsights lists
 * (PKC most accessed partition keys, PKT most throttled, SKC / SKT the same for partition+sort keys),
 * each through CloudWatch GetInsightRuleReport, plus the throttle and consumption metrics.
 */
public final class InsightsReader {
    private final DynamoDbClient ddb;
    private final CloudWatchClient cw;

    public InsightsReader(DynamoDbClient ddb, CloudWatchClient cw) {
        this.ddb = ddb;
        this.cw = cw;
    }

    /** Status and rule names of Contributor Insights for the table ({@code index} null) or a GSI. */
    public record Status(String status, List<String> rules) {
        public boolean enabled() { return "ENABLED".equals(status); }

        public String rule(String kind) {
            return rules.stream().filter(r -> r.contains("-" + kind + "-")).findFirst().orElse(null);
        }
    }

    public Status status(String table, String index) {
        try {
            DescribeContributorInsightsResponse r = ddb.describeContributorInsights(b -> b.tableName(table).indexName(index));
            return new Status(r.contributorInsightsStatusAsString(), r.contributorInsightsRuleList());
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe Contributor Insights of " + (index == null ? "'" + table + "'" : "index '" + index + "'"));
        }
    }

    public void enable(String table, String index) {
        try {
            ddb.updateContributorInsights(b -> b.tableName(table).indexName(index).contributorInsightsAction("ENABLE"));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "enable Contributor Insights on " + (index == null ? "'" + table + "'" : "index '" + index + "'"));
        }
    }

    /**
     * A rule's report: total of the counted statistic, approximate distinct contributors (CloudWatch's
     * ApproximateUniqueCount, else the contributors listed), how many contributors were listed, and the top
     * ones, both as joined keys ({@code top}) and, for item rules whose contributors have Keys [pk, sk], as
     * partition+sort keys ({@code items}).
     */
    public record Report(double total, long uniqueContributors, int listed, List<TopKey> top, List<TopItem> items) {}

    public Report report(String rule, Instant start, Instant end, int top) {
        if (rule == null) return null;
        try {
            GetInsightRuleReportResponse r = cw.getInsightRuleReport(b -> b.ruleName(rule).startTime(start).endTime(end)
                    .period(period(start, end)).maxContributorCount(top).orderBy("Sum"));
            double total = r.aggregateValue() == null ? 0 : r.aggregateValue();
            List<TopKey> keys = new ArrayList<>();
            List<TopItem> items = new ArrayList<>();
            for (InsightRuleContributor c : r.contributors()) {
                double v = c.approximateAggregateValue() == null ? 0 : c.approximateAggregateValue();
                double share = total == 0 ? 0 : v / total;
                keys.add(new TopKey(String.join(" / ", c.keys()), Math.round(v), null, share));
                List<String> k = c.keys();
                items.add(new TopItem(k.isEmpty() ? "" : k.get(0), k.size() < 2 ? null : k.get(1), Math.round(v), share));
            }
            keys.sort((a, b) -> Long.compare(b.items(), a.items()));
            items.sort((a, b) -> Long.compare(b.count(), a.count()));
            long unique = r.approximateUniqueCount() == null ? keys.size() : Math.max(keys.size(), r.approximateUniqueCount());
            return new Report(total, unique, keys.size(), List.copyOf(keys.subList(0, Math.min(top, keys.size()))),
                    List.copyOf(items.subList(0, Math.min(top, items.size()))));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read Contributor Insights rule '" + rule + "'");
        }
    }

    /** Sum of a DynamoDB metric over the window. */
    public Long sum(String metric, String table, String index, Instant start, Instant end) {
        List<Datapoint> d = datapoints(metric, table, index, start, end, period(start, end));
        if (d == null) return null;
        return Math.round(d.stream().mapToDouble(x -> x.sum() == null ? 0 : x.sum()).sum());
    }

    /** Peak per-second rate of a Sum metric, from its busiest period in the window. */
    public Long peakPerSecond(String metric, String table, String index, Instant start, Instant end) {
        int p = period(start, end);
        List<Datapoint> d = datapoints(metric, table, index, start, end, p);
        if (d == null || d.isEmpty()) return null;
        return Math.round(d.stream().mapToDouble(x -> x.sum() == null ? 0 : x.sum()).max().orElse(0) / p);
    }

    private List<Datapoint> datapoints(String metric, String table, String index, Instant start, Instant end, int period) {
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("TableName").value(table).build());
        if (index != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
        try {
            return cw.getMetricStatistics(b -> b.namespace("AWS/DynamoDB").metricName(metric).dimensions(dims)
                    .startTime(start).endTime(end).period(period).statistics(Statistic.SUM)).datapoints();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read CloudWatch metric " + metric);
        }
    }

    /** A period (multiple of 60 s) giving at most 1,440 data points over the window. */
    static int period(Instant start, Instant end) {
        long secs = Math.max(60, Duration.between(start, end).getSeconds());
        long p = (long) Math.ceil(secs / 1440.0 / 60.0) * 60;
        return (int) Math.max(60, p);
    }
}
