package dev.ddbr.table;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The settings snapshot: everything about a table that lives outside its items, gathered from several
 * APIs. Describe shows it; restore re-applies it; audit and failover judge it. A field whose API the
 * endpoint lacks (or that was denied) is null, and {@link #unavailable()} says why.
 *
 * <p>JSON field names are a documented contract (docs/table.md).
 */
public record TableSettings(
        String name,
        String arn,
        String region,
        String status,
        Instant creationTime,
        KeyAttr partitionKey,
        KeyAttr sortKey,
        String billingMode,
        Throughput provisionedThroughput,
        OnDemand onDemandThroughput,
        Warm warmThroughput,
        List<Gsi> globalSecondaryIndexes,
        List<Lsi> localSecondaryIndexes,
        Stream stream,
        Ttl ttl,
        Pitr pointInTimeRecovery,
        Encryption encryption,
        Boolean deletionProtection,
        String tableClass,
        String globalTableVersion,
        List<Replica> replicas,
        Map<String, String> tags,
        Long itemCount,
        Long sizeBytes,
        AutoScaling autoScaling,
        String contributorInsights,
        ResourcePolicy resourcePolicy,
        List<KinesisDestination> kinesisDestinations,
        List<Alarm> alarms,
        List<Unavailable> unavailable,
        String contributorInsightsMode,
        List<IndexInsights> indexContributorInsights) implements TextRenderable {

    /**
     * The snapshot without Contributor Insights' mode and per-index state (read as unknown: null), for code that
     * builds a snapshot by hand.
     */
    public TableSettings(String name, String arn, String region, String status, Instant creationTime, KeyAttr partitionKey,
                         KeyAttr sortKey, String billingMode, Throughput provisionedThroughput, OnDemand onDemandThroughput,
                         Warm warmThroughput, List<Gsi> globalSecondaryIndexes, List<Lsi> localSecondaryIndexes, Stream stream,
                         Ttl ttl, Pitr pointInTimeRecovery, Encryption encryption, Boolean deletionProtection, String tableClass,
                         String globalTableVersion, List<Replica> replicas, Map<String, String> tags, Long itemCount,
                         Long sizeBytes, AutoScaling autoScaling, String contributorInsights, ResourcePolicy resourcePolicy,
                         List<KinesisDestination> kinesisDestinations, List<Alarm> alarms, List<Unavailable> unavailable) {
        this(name, arn, region, status, creationTime, partitionKey, sortKey, billingMode, provisionedThroughput,
                onDemandThroughput, warmThroughput, globalSecondaryIndexes, localSecondaryIndexes, stream, ttl,
                pointInTimeRecovery, encryption, deletionProtection, tableClass, globalTableVersion, replicas, tags, itemCount,
                sizeBytes, autoScaling, contributorInsights, resourcePolicy, kinesisDestinations, alarms, unavailable, null, null);
    }

    /**
     * Contributor Insights on one global secondary index (DescribeContributorInsights with IndexName).
     *
     * @param status ENABLED, ENABLING, DISABLED, DISABLING or FAILED
     * @param mode   ACCESSED_AND_THROTTLED_KEYS or THROTTLED_KEYS; null when the endpoint does not say
     */
    public record IndexInsights(String indexName, String status, String mode) {}

    /** What the CONTRIBUTOR_INSIGHTS part reads: the table's status and mode, and each index's. */
    public record Insights(String status, String mode, List<IndexInsights> indexes) {}

    public record KeyAttr(String name, String type) {
        @Override public String toString() { return name + " (" + type + ")"; }
    }

    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {}

    public record OnDemand(Long maxReadRequestUnits, Long maxWriteRequestUnits) {}

    public record Warm(Long readUnitsPerSecond, Long writeUnitsPerSecond, String status) {}

    public record Projection(String type, List<String> nonKeyAttributes) {
        @Override public String toString() {
            return nonKeyAttributes == null || nonKeyAttributes.isEmpty() ? type : type + " " + nonKeyAttributes;
        }
    }

    public record Gsi(String name, KeyAttr partitionKey, KeyAttr sortKey, Projection projection, String status,
                      Throughput provisionedThroughput, OnDemand onDemandThroughput, Warm warmThroughput,
                      Long itemCount, Long sizeBytes) {}

    public record Lsi(String name, KeyAttr sortKey, Projection projection, Long itemCount, Long sizeBytes) {}

    public record Stream(boolean enabled, String viewType, String arn) {}

    public record Ttl(String status, String attributeName) {}

    public record Pitr(String status, Integer recoveryPeriodDays, Instant earliestRestorableTime,
                       Instant latestRestorableTime) {
        public boolean enabled() { return "ENABLED".equals(status); }
    }

    /**
     * @param keyType AWS_OWNED, AWS_MANAGED, CUSTOMER_MANAGED, or KMS_UNRESOLVED when DescribeKey could not tell
     */
    public record Encryption(String keyType, String sseType, String status, String kmsKeyArn, String keyManager,
                             String keyState, Boolean keyRotationEnabled) {}

    public record Replica(String region, String status, String kmsKeyArn, String tableClass,
                          Long readCapacityOverride, String statusDescription) {}

    public record ScalableTarget(String resourceId, String dimension, int minCapacity, int maxCapacity,
                                 boolean suspended) {}

    public record ScalingPolicy(String name, String resourceId, String dimension, String policyType,
                                Double targetValue, String predefinedMetric, Integer scaleInCooldown,
                                Integer scaleOutCooldown, Boolean disableScaleIn) {}

    public record AutoScaling(List<ScalableTarget> targets, List<ScalingPolicy> policies) {
        @JsonIgnore
        public boolean isEmpty() { return targets.isEmpty() && policies.isEmpty(); }
    }

    public record ResourcePolicy(String policy, String revisionId) {}

    public record KinesisDestination(String streamArn, String status, String precision) {}

    /**
     * A CloudWatch metric alarm that watches the table: every field PutMetricAlarm takes, so a copy is faithful.
     * A metric-math alarm has {@code metrics} and no metricName/namespace/statistic/period of its own.
     *
     * @param tags the alarm's own tags (ListTagsForResource); null when they could not be read
     */
    public record Alarm(String name, String metricName, String namespace, String statistic, Double threshold,
                        String comparison, Integer evaluationPeriods, Integer period, Map<String, String> dimensions,
                        List<String> alarmActions, List<String> okActions, List<String> insufficientDataActions,
                        String description, String treatMissingData, String extendedStatistic, Integer datapointsToAlarm,
                        String unit, Boolean actionsEnabled, String evaluateLowSampleCountPercentile,
                        String thresholdMetricId, List<AlarmQuery> metrics, String arn, Map<String, String> tags) {
        /** The fields older code knew; the rest left unset. */
        public Alarm(String name, String metricName, String namespace, String statistic, Double threshold,
                     String comparison, Integer evaluationPeriods, Integer period, Map<String, String> dimensions,
                     List<String> alarmActions, List<String> okActions, List<String> insufficientDataActions,
                     String description, String treatMissingData) {
            this(name, metricName, namespace, statistic, threshold, comparison, evaluationPeriods, period, dimensions,
                    alarmActions, okActions, insufficientDataActions, description, treatMissingData, null, null, null,
                    null, null, null, List.of(), null, null);
        }
    }

    /**
     * One query of a metric-math alarm (PutMetricAlarm Metrics): an expression, or a metric with its stat.
     *
     * @param statPeriod the MetricStat's period; {@code period} is the query's own (for expressions)
     */
    public record AlarmQuery(String id, String expression, String label, Boolean returnData, Integer period,
                             String accountId, String namespace, String metricName, Map<String, String> dimensions,
                             Integer statPeriod, String stat, String unit) {}

    /**
     * A part of the snapshot that could not be read.
     *
     * @param field  the JSON field that is null because of it
     * @param api    the API that failed
     * @param reason UNSUPPORTED (the endpoint lacks it), DENIED, or ERROR
     * @param detail the AWS error, one line
     */
    public record Unavailable(String field, String api, String reason, String detail) {}

    @Override
    public void renderText(TextWriter out) { TableText.render(this, out); }

    public boolean isAvailable(String field) {
        return unavailable.stream().noneMatch(u -> u.field().equals(field));
    }

    @JsonIgnore
    public boolean isProvisioned() { return !"PAY_PER_REQUEST".equals(billingMode); }
}
