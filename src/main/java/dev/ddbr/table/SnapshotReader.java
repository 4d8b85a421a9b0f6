package dev.ddbr.table;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.TableSettings.Alarm;
import dev.ddbr.table.TableSettings.AutoScaling;
import dev.ddbr.table.TableSettings.Encryption;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.KeyAttr;
import dev.ddbr.table.TableSettings.KinesisDestination;
import dev.ddbr.table.TableSettings.Lsi;
import dev.ddbr.table.TableSettings.OnDemand;
import dev.ddbr.table.TableSettings.Pitr;
import dev.ddbr.table.TableSettings.Projection;
import dev.ddbr.table.TableSettings.Replica;
import dev.ddbr.table.TableSettings.ResourcePolicy;
import dev.ddbr.table.TableSettings.ScalableTarget;
import dev.ddbr.table.TableSettings.ScalingPolicy;
import dev.ddbr.table.TableSettings.Stream;
import dev.ddbr.table.TableSettings.Throughput;
import dev.ddbr.table.TableSettings.Ttl;
import dev.ddbr.table.TableSettings.Unavailable;
import dev.ddbr.table.TableSettings.Warm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableWarmThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Reads a table's settings snapshot. DescribeTable first (it must succeed), then every other part in
 * parallel. A part the endpoint lacks, or that is denied, becomes an {@link Unavailable} entry and the
 * read still succeeds.
 */
public final class SnapshotReader {
    /** What {@code table describe} shows: everything but alarms (which need a scan of all alarms). */
    public static final Set<SnapshotPart> DESCRIBE_PARTS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(SnapshotPart.ALARMS)));

    private static final ExecutorService POOL = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "ddbr-snapshot");
        t.setDaemon(true);
        return t;
    });

    /**
     * Reads alarm tags: ListTagsForResource takes one ARN and CloudWatch has no batch form, so the tags of the
     * alarms that watch a table are read a few at a time (the SDK retries throttling) rather than one after the
     * other. Its own pool: the alarms part, which waits on these, already runs on {@link #POOL}.
     */
    private static final ExecutorService TAG_POOL = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ddbr-alarm-tags");
        t.setDaemon(true);
        return t;
    });

    private final ClientFactory aws;

    public SnapshotReader(ClientFactory aws) {
        this.aws = aws;
    }

    /** Read the snapshot of {@code table} in the factory's Region. */
    public TableSettings read(String table, Set<SnapshotPart> parts) {
        return read(table, aws.region(), parts);
    }

    public TableSettings read(String table, String region, Set<SnapshotPart> parts) {
        return read(table, region, parts, Set.of());
    }

    /**
     * As {@link #read(String, String, Set)}, but a part in {@code essential} that failed for a reason that may pass
     * (throttled, 5xx, unreachable, a damaged response: not an API the endpoint lacks, not a denial) is read once
     * more with the full retry budget ({@code aws.retry.max_attempts}) instead of the short one optional reads get.
     * What still fails stays in {@link TableSettings#unavailable()}.
     */
    public TableSettings read(String table, String region, Set<SnapshotPart> parts, Set<SnapshotPart> essential) {
        TableNames.require(table);
        DynamoDbClient ddb = aws.dynamodb(region);
        TableDescription t;
        try {
            t = ddb.describeTable(r -> r.tableName(table)).table();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                throw DdbrException.aws("table '" + table + "' not found in " + region,
                        "check the name and --region; 'ddbr table list' shows the tables there", e);
            }
            throw AwsErrors.translate(e, "describe table '" + table + "' in " + region);
        }
        Map<SnapshotPart, CompletableFuture<Object>> futures = new EnumMap<>(SnapshotPart.class);
        for (SnapshotPart p : parts) {
            CompletableFuture<Object> f = CompletableFuture.supplyAsync(fetcher(p, t, region, aws.dynamodbForOptionalReads(region)), POOL);
            if (essential.contains(p)) {
                f = f.exceptionallyCompose(e -> {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (!(c instanceof SdkException) || !mayPass(c)) return CompletableFuture.failedFuture(c);
                    return CompletableFuture.supplyAsync(fetcher(p, t, region, aws.dynamodb(region)), POOL);
                });
            }
            futures.put(p, f);
        }
        List<Unavailable> unavailable = new ArrayList<>();
        Map<SnapshotPart, Object> got = new EnumMap<>(SnapshotPart.class);
        for (Map.Entry<SnapshotPart, CompletableFuture<Object>> f : futures.entrySet()) {
            try {
                got.put(f.getKey(), f.getValue().join());
            } catch (java.util.concurrent.CompletionException ce) {
                Throwable e = ce.getCause();
                if (e instanceof DdbrException d) throw d;
                if (!(e instanceof SdkException)) throw new IllegalStateException(e);
                unavailable.add(unavailable(f.getKey(), e));
            }
        }
        return build(t, region, got, unavailable);
    }

    /** A failure that another try may not meet: not an API the endpoint lacks, not a denial, not bad credentials. */
    static boolean mayPass(Throwable e) {
        return switch (AwsErrors.kind(e)) {
            case UNSUPPORTED, ACCESS_DENIED, BAD_CREDENTIALS, CONFIG, NOT_FOUND -> false;
            default -> true;
        };
    }

    static Unavailable unavailable(SnapshotPart part, Throwable e) {
        String reason = switch (AwsErrors.kind(e)) {
            case UNSUPPORTED -> "UNSUPPORTED";
            case ACCESS_DENIED -> "DENIED";
            default -> {
                // Emulators answer APIs they lack with a bare HTTP 500; say so rather than guess.
                yield "ERROR";
            }
        };
        return new Unavailable(part.field(), part.api(), reason, AwsErrors.describe(e));
    }

    private Supplier<Object> fetcher(SnapshotPart p, TableDescription t, String region, DynamoDbClient ddb) {
        String name = t.tableName();
        return switch (p) {
            case PITR -> () -> pitr(ddb.describeContinuousBackups(r -> r.tableName(name)).continuousBackupsDescription());
            case TTL -> () -> ttl(ddb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription());
            case TAGS -> () -> tags(ddb, t.tableArn());
            case KMS -> () -> encryption(t.sseDescription(), region);
            case AUTO_SCALING -> () -> autoScaling(aws.autoscaling(region), name);
            case CONTRIBUTOR_INSIGHTS -> () -> insights(ddb, t);
            case RESOURCE_POLICY -> () -> resourcePolicy(ddb, t.tableArn());
            case KINESIS -> () -> ddb.describeKinesisStreamingDestination(r -> r.tableName(name))
                    .kinesisDataStreamDestinations().stream()
                    .map(k -> new KinesisDestination(k.streamArn(), k.destinationStatusAsString(),
                            k.approximateCreationDateTimePrecisionAsString()))
                    .toList();
            case ALARMS -> () -> alarms(region, name);
        };
    }

    /** Contributor Insights on the table and on each of its global secondary indexes, with their modes. */
    private static TableSettings.Insights insights(DynamoDbClient ddb, TableDescription t) {
        var table = ddb.describeContributorInsights(r -> r.tableName(t.tableName()));
        List<TableSettings.IndexInsights> indexes = new ArrayList<>();
        for (var g : t.globalSecondaryIndexes()) {
            var i = ddb.describeContributorInsights(r -> r.tableName(t.tableName()).indexName(g.indexName()));
            indexes.add(new TableSettings.IndexInsights(g.indexName(), i.contributorInsightsStatusAsString(), i.contributorInsightsModeAsString()));
        }
        return new TableSettings.Insights(table.contributorInsightsStatusAsString(), table.contributorInsightsModeAsString(), List.copyOf(indexes));
    }

    private static Pitr pitr(ContinuousBackupsDescription d) {
        PointInTimeRecoveryDescription p = d.pointInTimeRecoveryDescription();
        if (p == null) return new Pitr("DISABLED", null, null, null);
        return new Pitr(p.pointInTimeRecoveryStatusAsString(), p.recoveryPeriodInDays(),
                p.earliestRestorableDateTime(), p.latestRestorableDateTime());
    }

    private static Ttl ttl(TimeToLiveDescription d) {
        if (d == null) return new Ttl("DISABLED", null);
        return new Ttl(d.timeToLiveStatusAsString() == null ? "DISABLED" : d.timeToLiveStatusAsString(), d.attributeName());
    }

    private static Map<String, String> tags(DynamoDbClient ddb, String arn) {
        Map<String, String> tags = new TreeMap<>();
        String token = null;
        do {
            String t = token;
            var resp = ddb.listTagsOfResource(r -> r.resourceArn(arn).nextToken(t));
            for (Tag tag : resp.tags()) tags.put(tag.key(), tag.value());
            token = resp.nextToken();
        } while (token != null);
        return tags;
    }

    private static ResourcePolicy resourcePolicy(DynamoDbClient ddb, String arn) {
        try {
            var r = ddb.getResourcePolicy(b -> b.resourceArn(arn));
            return new ResourcePolicy(r.policy(), r.revisionId());
        } catch (PolicyNotFoundException e) {
            return null;
        }
    }

    private Encryption encryption(SSEDescription sse, String region) {
        if (sse == null || sse.sseType() == null && sse.kmsMasterKeyArn() == null) {
            return new Encryption("AWS_OWNED", null, null, null, "AWS", null, null);
        }
        String keyArn = sse.kmsMasterKeyArn();
        if (keyArn == null) {
            return new Encryption("AWS_OWNED", sse.sseTypeAsString(), sse.statusAsString(), null, "AWS", null, null);
        }
        // SSEType KMS alone does not prove a customer-managed key: ask KMS who manages it.
        KeyMetadata md = aws.kms(region).describeKey(r -> r.keyId(keyArn)).keyMetadata();
        String manager = md.keyManagerAsString();
        String type = "CUSTOMER".equals(manager) ? "CUSTOMER_MANAGED" : "AWS".equals(manager) ? "AWS_MANAGED" : "KMS_UNRESOLVED";
        Boolean rotation = null;
        if ("CUSTOMER".equals(manager)) {
            try {
                rotation = aws.kms(region).getKeyRotationStatus(r -> r.keyId(keyArn)).keyRotationEnabled();
            } catch (AwsServiceException e) {
                rotation = null;
            }
        }
        return new Encryption(type, sse.sseTypeAsString(), sse.statusAsString(), keyArn, manager,
                md.keyStateAsString(), rotation);
    }

    private static AutoScaling autoScaling(ApplicationAutoScalingClient aas, String table) {
        String prefix = "table/" + table;
        List<ScalableTarget> targets = new ArrayList<>();
        aas.describeScalableTargetsPaginator(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalableTargets().forEach(s -> {
                    if (belongs(s.resourceId(), prefix)) {
                        boolean suspended = s.suspendedState() != null
                                && (Boolean.TRUE.equals(s.suspendedState().dynamicScalingInSuspended())
                                || Boolean.TRUE.equals(s.suspendedState().dynamicScalingOutSuspended()));
                        targets.add(new ScalableTarget(s.resourceId(), s.scalableDimensionAsString(),
                                s.minCapacity(), s.maxCapacity(), suspended));
                    }
                });
        List<ScalingPolicy> policies = new ArrayList<>();
        // Filter here as well: some endpoints ignore the ResourceId filter.
        aas.describeScalingPoliciesPaginator(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalingPolicies().forEach(p -> {
                    if (!belongs(p.resourceId(), prefix)) return;
                    var tt = p.targetTrackingScalingPolicyConfiguration();
                    policies.add(new ScalingPolicy(p.policyName(), p.resourceId(), p.scalableDimensionAsString(),
                            p.policyTypeAsString(),
                            tt == null ? null : tt.targetValue(),
                            tt == null || tt.predefinedMetricSpecification() == null ? null
                                    : tt.predefinedMetricSpecification().predefinedMetricTypeAsString(),
                            tt == null ? null : tt.scaleInCooldown(),
                            tt == null ? null : tt.scaleOutCooldown(),
                            tt == null ? null : tt.disableScaleIn()));
                });
        targets.sort(java.util.Comparator.comparing(ScalableTarget::resourceId).thenComparing(ScalableTarget::dimension));
        policies.sort(java.util.Comparator.comparing(ScalingPolicy::resourceId).thenComparing(ScalingPolicy::name));
        return new AutoScaling(List.copyOf(targets), List.copyOf(policies));
    }

    private static boolean belongs(String resourceId, String prefix) {
        return resourceId.equals(prefix) || resourceId.startsWith(prefix + "/index/");
    }

    /**
     * The alarms that watch {@code table}: one DescribeAlarms scan, then ListTagsForResource only for those (never
     * for the account's other alarms), concurrently, each ARN once; the order is DescribeAlarms'.
     */
    private List<Alarm> alarms(String region, String table) {
        var cw = aws.cloudwatch(region);
        List<MetricAlarm> watching = new ArrayList<>();
        cw.describeAlarmsPaginator(r -> r.maxRecords(100)).metricAlarms().forEach(a -> { if (watches(a, table)) watching.add(a); });
        Map<String, CompletableFuture<Map<String, String>>> tags = new java.util.HashMap<>();
        for (MetricAlarm a : watching) {
            if (a.alarmArn() != null) {
                tags.computeIfAbsent(a.alarmArn(), arn -> CompletableFuture.supplyAsync(() -> alarmTags(cw, arn), TAG_POOL));
            }
        }
        List<Alarm> out = new ArrayList<>();
        for (MetricAlarm a : watching) out.add(alarm(a, a.alarmArn() == null ? null : tags.get(a.alarmArn()).join()));
        return out;
    }

    /** An alarm's own tags; null when they cannot be read (an endpoint without the API, no permission). */
    private static Map<String, String> alarmTags(software.amazon.awssdk.services.cloudwatch.CloudWatchClient cw, String arn) {
        if (arn == null) return null;
        try {
            Map<String, String> tags = new TreeMap<>();
            cw.listTagsForResource(r -> r.resourceARN(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (SdkException e) {
            return null;
        }
    }

    public static boolean watches(MetricAlarm a, String table) {
        if (a.dimensions() != null && a.dimensions().stream()
                .anyMatch(d -> "TableName".equals(d.name()) && table.equals(d.value()))) {
            return true;
        }
        return a.metrics() != null && a.metrics().stream().anyMatch(m -> m.metricStat() != null
                && m.metricStat().metric().dimensions().stream()
                .anyMatch(d -> "TableName".equals(d.name()) && table.equals(d.value())));
    }

    /**
     * For a metric-math alarm: the one metric all its queries read (SystemErrors summed over operations), so rules
     * that look for an alarm on a metric see it; null when the queries read different metrics.
     */
    static String mathMetric(MetricAlarm a) {
        if (!a.hasMetrics()) return null;
        java.util.Set<String> names = new java.util.HashSet<>();
        a.metrics().forEach(m -> { if (m.metricStat() != null) names.add(m.metricStat().metric().metricName()); });
        return names.size() == 1 ? names.iterator().next() : null;
    }

    static Alarm alarm(MetricAlarm a, Map<String, String> tags) {
        Map<String, String> dims = new TreeMap<>();
        if (a.dimensions() != null) a.dimensions().forEach(d -> dims.put(d.name(), d.value()));
        List<TableSettings.AlarmQuery> metrics = new ArrayList<>();
        if (a.metrics() != null) {
            for (var q : a.metrics()) {
                var ms = q.metricStat();
                Map<String, String> qd = new TreeMap<>();
                if (ms != null && ms.metric() != null && ms.metric().dimensions() != null) {
                    ms.metric().dimensions().forEach(d -> qd.put(d.name(), d.value()));
                }
                metrics.add(new TableSettings.AlarmQuery(q.id(), q.expression(), q.label(), q.returnData(), q.period(),
                        q.accountId(), ms == null || ms.metric() == null ? null : ms.metric().namespace(),
                        ms == null || ms.metric() == null ? null : ms.metric().metricName(), ms == null ? null : qd,
                        ms == null ? null : ms.period(), ms == null ? null : ms.stat(), ms == null ? null : ms.unitAsString()));
            }
        }
        return new Alarm(a.alarmName(), a.metricName() != null ? a.metricName() : mathMetric(a), a.namespace(), a.statisticAsString(), a.threshold(),
                a.comparisonOperatorAsString(), a.evaluationPeriods(), a.period(), dims,
                a.alarmActions(), a.okActions(), a.insufficientDataActions(), a.alarmDescription(),
                a.treatMissingData(), a.extendedStatistic(), a.datapointsToAlarm(), a.unitAsString(), a.actionsEnabled(),
                a.evaluateLowSampleCountPercentile(), a.thresholdMetricId(), List.copyOf(metrics), a.alarmArn(), tags);
    }

    @SuppressWarnings("unchecked")
    private static TableSettings build(TableDescription t, String region, Map<SnapshotPart, Object> got,
                                       List<Unavailable> unavailable) {
        Map<String, String> types = new TreeMap<>();
        for (AttributeDefinition a : t.attributeDefinitions()) types.put(a.attributeName(), a.attributeTypeAsString());
        List<Gsi> gsis = t.globalSecondaryIndexes().stream().map(g -> new Gsi(g.indexName(),
                key(g.keySchema(), KeyType.HASH, types), key(g.keySchema(), KeyType.RANGE, types),
                new Projection(g.projection().projectionTypeAsString(), nonKey(g.projection().nonKeyAttributes())),
                g.indexStatusAsString(), throughput(g.provisionedThroughput()), onDemand(g.onDemandThroughput()),
                g.warmThroughput() == null ? null : new Warm(g.warmThroughput().readUnitsPerSecond(),
                        g.warmThroughput().writeUnitsPerSecond(), g.warmThroughput().statusAsString()),
                g.itemCount(), g.indexSizeBytes())).toList();
        List<Lsi> lsis = t.localSecondaryIndexes().stream().map(l -> new Lsi(l.indexName(),
                key(l.keySchema(), KeyType.RANGE, types),
                new Projection(l.projection().projectionTypeAsString(), nonKey(l.projection().nonKeyAttributes())),
                l.itemCount(), l.indexSizeBytes())).toList();
        String billing = t.billingModeSummary() != null && t.billingModeSummary().billingMode() != null
                ? t.billingModeSummary().billingModeAsString() : "PROVISIONED";
        Stream stream = t.streamSpecification() == null
                ? new Stream(false, null, null)
                : new Stream(Boolean.TRUE.equals(t.streamSpecification().streamEnabled()),
                        t.streamSpecification().streamViewTypeAsString(), t.latestStreamArn());
        List<Replica> replicas = t.replicas().stream().map(r -> new Replica(r.regionName(), r.replicaStatusAsString(),
                r.kmsMasterKeyId(),
                r.replicaTableClassSummary() == null ? null : r.replicaTableClassSummary().tableClassAsString(),
                r.provisionedThroughputOverride() == null ? null : r.provisionedThroughputOverride().readCapacityUnits(),
                r.replicaStatusDescription())).toList();
        String tableClass = t.tableClassSummary() == null || t.tableClassSummary().tableClass() == null
                ? "STANDARD" : t.tableClassSummary().tableClassAsString();
        TableSettings.Insights insights = (TableSettings.Insights) got.get(SnapshotPart.CONTRIBUTOR_INSIGHTS);
        Encryption enc = got.containsKey(SnapshotPart.KMS) ? (Encryption) got.get(SnapshotPart.KMS) : sseOnly(t.sseDescription());
        return new TableSettings(
                t.tableName(), t.tableArn(), region, t.tableStatusAsString(), t.creationDateTime(),
                key(t.keySchema(), KeyType.HASH, types), key(t.keySchema(), KeyType.RANGE, types),
                billing, "PAY_PER_REQUEST".equals(billing) ? null : throughput(t.provisionedThroughput()),
                onDemand(t.onDemandThroughput()), warm(t.warmThroughput()),
                gsis, lsis, stream,
                (Ttl) got.get(SnapshotPart.TTL),
                (Pitr) got.get(SnapshotPart.PITR),
                enc,
                t.deletionProtectionEnabled() == null ? Boolean.FALSE : t.deletionProtectionEnabled(),
                tableClass, t.globalTableVersion(), replicas,
                (Map<String, String>) got.get(SnapshotPart.TAGS),
                t.itemCount(), t.tableSizeBytes(),
                (AutoScaling) got.get(SnapshotPart.AUTO_SCALING),
                insights == null ? null : insights.status(),
                (ResourcePolicy) got.get(SnapshotPart.RESOURCE_POLICY),
                (List<KinesisDestination>) got.get(SnapshotPart.KINESIS),
                (List<Alarm>) got.get(SnapshotPart.ALARMS),
                List.copyOf(unavailable),
                insights == null ? null : insights.mode(),
                insights == null ? null : insights.indexes());
    }

    private static Encryption sseOnly(SSEDescription sse) {
        if (sse == null || sse.kmsMasterKeyArn() == null) {
            return new Encryption("AWS_OWNED", sse == null ? null : sse.sseTypeAsString(), null, null, "AWS", null, null);
        }
        return new Encryption("KMS_UNRESOLVED", sse.sseTypeAsString(), sse.statusAsString(), sse.kmsMasterKeyArn(),
                null, null, null);
    }

    private static KeyAttr key(List<KeySchemaElement> schema, KeyType type, Map<String, String> types) {
        return schema.stream().filter(k -> k.keyType() == type).findFirst()
                .map(k -> new KeyAttr(k.attributeName(), types.getOrDefault(k.attributeName(), "?"))).orElse(null);
    }

    private static List<String> nonKey(List<String> attrs) {
        return attrs == null || attrs.isEmpty() ? List.of() : List.copyOf(attrs);
    }

    private static Throughput throughput(ProvisionedThroughputDescription p) {
        if (p == null || p.readCapacityUnits() == null) return null;
        return new Throughput(p.readCapacityUnits(), p.writeCapacityUnits());
    }

    private static OnDemand onDemand(OnDemandThroughput o) {
        if (o == null || (o.maxReadRequestUnits() == null && o.maxWriteRequestUnits() == null)) return null;
        return new OnDemand(o.maxReadRequestUnits(), o.maxWriteRequestUnits());
    }

    private static Warm warm(TableWarmThroughputDescription w) {
        if (w == null || (w.readUnitsPerSecond() == null && w.writeUnitsPerSecond() == null)) return null;
        return new Warm(w.readUnitsPerSecond(), w.writeUnitsPerSecond(), w.statusAsString());
    }
}
