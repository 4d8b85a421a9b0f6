package dev.ddbr.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Alarm;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.ScalableTarget;
import dev.ddbr.table.TableSettings.ScalingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * Re-applies, one by one, what a restore drops. Each fix-up returns APPLIED, SKIPPED (with why) or FAILED (with
 * the AWS error); none throws for an AWS error, so one failure does not stop the others. Fix-ups check the new
 * table first where a repeat would fail, so a resumed restore never applies a setting twice.
 */
public final class FixUps {
    private final ClientFactory aws;
    private final String region;
    private final TableWaiter waiter;

    public FixUps(ClientFactory aws, String region, TableWaiter waiter) {
        this.aws = aws;
        this.region = region;
        this.waiter = waiter;
    }

    private DynamoDbClient ddb() { return aws.dynamodb(region); }

    public FixUpResult apply(String name, TableSettings src, String target, String targetArn) throws InterruptedException {
        return apply(name, src, target, targetArn, false);
    }

    public FixUpResult apply(String name, TableSettings src, String target, String targetArn, boolean skipIntegrations)
            throws InterruptedException {
        PlannedFixUp planned = RestorePlanner.plan(name, src, target, skipIntegrations);
        if (planned.skip() != null) return FixUpResult.skipped(name, planned.skip());
        try {
            return switch (name) {
                case "tags" -> tags(src, targetArn);
                case "billingMode" -> billingMode(src, target);
                case "stream" -> stream(src, target);
                case "ttl" -> ttl(src, target);
                case "pitr" -> pitr(src, target);
                case "deletionProtection" -> {
                    update(target, b -> b.deletionProtectionEnabled(true));
                    yield FixUpResult.applied(name, "DeletionProtectionEnabled=true");
                }
                case "tableClass" -> {
                    update(target, b -> b.tableClass(src.tableClass()));
                    yield FixUpResult.applied(name, "TableClass=" + src.tableClass());
                }
                case "encryption" -> encryption(src, target);
                case "warmThroughput" -> warm(src, target);
                case "autoScalingTargets" -> scalingTargets(src, target);
                case "autoScalingPolicies" -> scalingPolicies(src, target);
                case "contributorInsights" -> contributorInsights(src, target);
                case "resourcePolicy" -> resourcePolicy(src, targetArn);
                case "kinesisDestinations" -> kinesis(src, target);
                case "alarms" -> alarms(src, target);
                default -> throw new IllegalArgumentException(name);
            };
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.UNSUPPORTED) {
                return FixUpResult.skipped(name, "the endpoint does not support it: " + AwsErrors.describe(e));
            }
            return FixUpResult.failed(name, AwsErrors.describe(e));
        } catch (DdbrException e) {
            return FixUpResult.failed(name, e.getMessage());
        }
    }

    private TableDescription describe(String target) {
        return ddb().describeTable(r -> r.tableName(target)).table();
    }

    /** UpdateTable, waiting for ACTIVE before and after: a table takes one update at a time. */
    private void update(String target, Consumer<UpdateTableRequest.Builder> change) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            waiter.waitActive(target, Duration.ofHours(1), null, null);
            try {
                ddb().updateTable(b -> change.accept(b.tableName(target)));
                break;
            } catch (ResourceInUseException e) {
                if (attempt >= 5) throw e;
            }
        }
        waiter.waitActive(target, Duration.ofHours(1), null, null);
    }

    private FixUpResult tags(TableSettings src, String targetArn) {
        RestorePlanner.TargetTags tt = RestorePlanner.targetTags(src);
        Map<String, String> tags = tt.tags();
        List<Tag> all = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        ddb().tagResource(r -> r.resourceArn(targetArn).tags(all));
        String notes = tt.notes();
        return FixUpResult.applied("tags", tags.size() + " tag(s): " + String.join(", ", tags.keySet()) + (notes.isEmpty() ? "" : "; " + notes));
    }

    /**
     * The restore sends BillingModeOverride; when the new table still differs (moto ignores the override), switch it
     * with UpdateTable, giving the table and each index the source's provisioned capacity when switching to PROVISIONED.
     */
    private FixUpResult billingMode(TableSettings src, String target) throws InterruptedException {
        TableDescription t = describe(target);
        String want = src.billingMode();
        String have = t.billingModeSummary() != null && t.billingModeSummary().billingMode() != null
                ? t.billingModeSummary().billingModeAsString() : "PROVISIONED";
        if (want.equals(have)) return FixUpResult.skipped("billingMode", "kept by the restore (" + want + ")");
        if (src.isProvisioned() && src.provisionedThroughput() == null) {
            return FixUpResult.failed("billingMode", "the new table is " + have + ", the source " + want
                    + ", but the source's provisioned capacity is unknown: set it with UpdateTable by hand");
        }
        List<GlobalSecondaryIndexUpdate> gsiUpdates = new ArrayList<>();
        if (src.isProvisioned()) {
            for (Gsi g : src.globalSecondaryIndexes()) {
                if (g.provisionedThroughput() == null) continue;
                TableSettings.Throughput fit = dev.ddbr.table.IndexCapacity.provisioned(g.provisionedThroughput());
                gsiUpdates.add(GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName(g.name()).provisionedThroughput(p -> p
                        .readCapacityUnits(fit.readCapacityUnits()).writeCapacityUnits(fit.writeCapacityUnits()))).build());
            }
        }
        update(target, b -> {
            b.billingMode(want);
            if (src.isProvisioned()) {
                b.provisionedThroughput(p -> p.readCapacityUnits(src.provisionedThroughput().readCapacityUnits())
                        .writeCapacityUnits(src.provisionedThroughput().writeCapacityUnits()));
                if (!gsiUpdates.isEmpty()) b.globalSecondaryIndexUpdates(gsiUpdates);
            }
        });
        return FixUpResult.applied("billingMode", "the restore did not keep it (the new table was " + have
                + "); UpdateTable BillingMode=" + want + (src.isProvisioned() ? " " + Drift.show(src.provisionedThroughput()) : ""));
    }

    private FixUpResult stream(TableSettings src, String target) throws InterruptedException {
        TableDescription t = describe(target);
        String view = src.stream().viewType();
        if (t.streamSpecification() != null && Boolean.TRUE.equals(t.streamSpecification().streamEnabled())) {
            if (view.equals(t.streamSpecification().streamViewTypeAsString())) {
                return FixUpResult.applied("stream", "already on (" + view + ")");
            }
            return FixUpResult.failed("stream", "the new table already has a " + t.streamSpecification().streamViewTypeAsString()
                    + " stream; the source's is " + view);
        }
        update(target, b -> b.streamSpecification(s -> s.streamEnabled(true).streamViewType(view)));
        return FixUpResult.applied("stream", "StreamViewType=" + view);
    }

    private FixUpResult ttl(TableSettings src, String target) {
        var d = ddb().describeTimeToLive(r -> r.tableName(target)).timeToLiveDescription();
        String attr = src.ttl().attributeName();
        if (d != null && ("ENABLED".equals(d.timeToLiveStatusAsString()) || "ENABLING".equals(d.timeToLiveStatusAsString()))) {
            return attr.equals(d.attributeName()) ? FixUpResult.applied("ttl", "already on (" + attr + ")")
                    : FixUpResult.failed("ttl", "TTL is already on for attribute " + d.attributeName() + "; the source uses " + attr);
        }
        ddb().updateTimeToLive(r -> r.tableName(target).timeToLiveSpecification(s -> s.enabled(true).attributeName(attr)));
        return FixUpResult.applied("ttl", "AttributeName=" + attr);
    }

    /** How long a new table may answer ContinuousBackupsUnavailableException before the fix-up gives up. */
    static final Duration PITR_UNAVAILABLE_FOR = Duration.ofMinutes(10);
    /** How long the fix-up waits for PITR to show ENABLED after the call; after that "ENABLING" is reported as such. */
    static final Duration PITR_ENABLING_FOR = Duration.ofMinutes(2);

    /**
     * UpdateContinuousBackups. Right after a table becomes ACTIVE AWS may still answer
     * ContinuousBackupsUnavailableException (backups are not yet ready on a new table): that is retried with a growing
     * pause for up to {@link #PITR_UNAVAILABLE_FOR}. Then PITR is given up to {@link #PITR_ENABLING_FOR} to show
     * ENABLED; still ENABLING is reported as it is, not as off.
     */
    private FixUpResult pitr(TableSettings src, String target) throws InterruptedException {
        Integer days = src.pointInTimeRecovery().recoveryPeriodDays();
        int d = days == null ? 35 : days;
        java.time.Clock clock = waiter.clock();
        java.time.Instant start = clock.instant();
        Duration pause = Duration.ofSeconds(5);
        int unavailable = 0;
        while (true) {
            try {
                ddb().updateContinuousBackups(r -> r.tableName(target)
                        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(d)));
                break;
            } catch (ContinuousBackupsUnavailableException e) {
                unavailable++;
                if (Duration.between(start, clock.instant()).compareTo(PITR_UNAVAILABLE_FOR) >= 0) {
                    return FixUpResult.failed("pitr", "AWS still answered ContinuousBackupsUnavailableException after "
                            + dev.ddbr.util.Durations.format(PITR_UNAVAILABLE_FOR) + " (" + unavailable + " tries); turn it on later with: ddbr pitr enable "
                            + target);
                }
                waiter.sleeper().sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : pause.multipliedBy(2);
            }
        }
        String retried = unavailable == 0 ? "" : " (after " + unavailable + " ContinuousBackupsUnavailableException answer(s) from the new table)";
        java.time.Instant enabling = clock.instant();
        Duration poll = Duration.ofSeconds(5);
        while (true) {
            var p = ddb().describeContinuousBackups(r -> r.tableName(target)).continuousBackupsDescription().pointInTimeRecoveryDescription();
            String status = p == null ? "DISABLED" : p.pointInTimeRecoveryStatusAsString();
            if ("ENABLED".equals(status)) return FixUpResult.applied("pitr", "enabled, RecoveryPeriodInDays=" + d + retried);
            if (!"ENABLING".equals(status)) {
                return FixUpResult.failed("pitr", "UpdateContinuousBackups was accepted, but PITR shows " + status + retried);
            }
            if (Duration.between(enabling, clock.instant()).compareTo(PITR_ENABLING_FOR) >= 0) {
                return FixUpResult.applied("pitr", "requested, RecoveryPeriodInDays=" + d + retried + "; still ENABLING after "
                        + dev.ddbr.util.Durations.format(PITR_ENABLING_FOR) + " (AWS finishes it on its own; check with: ddbr pitr status " + target + ")");
            }
            waiter.sleeper().sleep(poll);
        }
    }

    /** ENABLE on the table and on each index where the source has it, with the source's mode when it is known. */
    private FixUpResult contributorInsights(TableSettings src, String target) {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (TableSettings.IndexInsights i : RestorePlanner.insightsOn(src)) {
            String where = i.indexName() == null ? "table" : "index " + i.indexName();
            try {
                ddb().updateContributorInsights(r -> {
                    r.tableName(target).contributorInsightsAction("ENABLE");
                    if (i.indexName() != null) r.indexName(i.indexName());
                    if (i.mode() != null) r.contributorInsightsMode(i.mode());
                });
                done.add(where + (i.mode() == null ? "" : " " + i.mode()));
            } catch (SdkException e) {
                if (AwsErrors.kind(e) == AwsErrors.Kind.UNSUPPORTED) throw e;
                failed.add(where + " (" + AwsErrors.describe(e) + ")");
            }
        }
        if (!failed.isEmpty()) {
            return FixUpResult.failed("contributorInsights", "enabled " + done.size() + (done.isEmpty() ? "" : ": " + String.join(", ", done))
                    + "; failed: " + String.join(", ", failed));
        }
        return FixUpResult.applied("contributorInsights", "ENABLE " + String.join(", ", done));
    }

    private FixUpResult encryption(TableSettings src, String target) throws InterruptedException {
        RestoreRequest.Sse want = RestorePlanner.sse(src.encryption());
        var sse = describe(target).sseDescription();
        String haveKey = sse == null ? null : sse.kmsMasterKeyArn();
        boolean same = want.enabled() ? haveKey != null && (want.kmsMasterKeyId() == null || want.kmsMasterKeyId().equals(haveKey))
                : haveKey == null;
        if (same) return FixUpResult.skipped("encryption", "kept by the restore (" + want + ")");
        update(target, b -> b.sseSpecification(s -> {
            s.enabled(want.enabled());
            if (want.enabled()) s.sseType(SSEType.KMS);
            if (want.kmsMasterKeyId() != null) s.kmsMasterKeyId(want.kmsMasterKeyId());
        }));
        return FixUpResult.applied("encryption", "the restore did not keep the key; UpdateTable SSESpecification " + want);
    }

    private FixUpResult warm(TableSettings src, String target) throws InterruptedException {
        TableDescription t = describe(target);
        List<String> done = new ArrayList<>();
        TableSettings.Warm w = src.warmThroughput();
        if (w != null && t.warmThroughput() != null
                && (lower(t.warmThroughput().readUnitsPerSecond(), w.readUnitsPerSecond())
                || lower(t.warmThroughput().writeUnitsPerSecond(), w.writeUnitsPerSecond()))) {
            update(target, b -> b.warmThroughput(x -> x.readUnitsPerSecond(w.readUnitsPerSecond()).writeUnitsPerSecond(w.writeUnitsPerSecond())));
            done.add("table read " + w.readUnitsPerSecond() + "/s write " + w.writeUnitsPerSecond() + "/s");
        }
        for (Gsi g : src.globalSecondaryIndexes()) {
            if (g.warmThroughput() == null) continue;
            var have = t.globalSecondaryIndexes().stream().filter(x -> x.indexName().equals(g.name())).findFirst();
            if (have.isEmpty() || have.get().warmThroughput() == null) continue;
            var hw = have.get().warmThroughput();
            if (lower(hw.readUnitsPerSecond(), g.warmThroughput().readUnitsPerSecond())
                    || lower(hw.writeUnitsPerSecond(), g.warmThroughput().writeUnitsPerSecond())) {
                update(target, b -> b.globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().update(u -> u
                        .indexName(g.name()).warmThroughput(x -> x.readUnitsPerSecond(g.warmThroughput().readUnitsPerSecond())
                                .writeUnitsPerSecond(g.warmThroughput().writeUnitsPerSecond()))).build()));
                done.add(g.name() + " read " + g.warmThroughput().readUnitsPerSecond() + "/s write "
                        + g.warmThroughput().writeUnitsPerSecond() + "/s");
            }
        }
        if (done.isEmpty()) return FixUpResult.skipped("warmThroughput", "the new table is already at or above the source's");
        return FixUpResult.applied("warmThroughput", String.join("; ", done));
    }

    private static boolean lower(Long have, Long want) {
        return want != null && (have == null || have < want);
    }

    private ApplicationAutoScalingClient aas() { return aws.autoscaling(region); }

    private FixUpResult scalingTargets(TableSettings src, String target) {
        List<String> done = new ArrayList<>();
        for (ScalableTarget t : src.autoScaling().targets()) {
            String id = RestorePlanner.rewriteResource(t.resourceId(), src.name(), target);
            aas().registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(id)
                    .scalableDimension(t.dimension()).minCapacity(t.minCapacity()).maxCapacity(t.maxCapacity()));
            done.add(id + " " + RestorePlanner.shortDim(t.dimension()) + " " + t.minCapacity() + "-" + t.maxCapacity());
        }
        return FixUpResult.applied("autoScalingTargets", String.join(", ", done));
    }

    private FixUpResult scalingPolicies(TableSettings src, String target) {
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ScalingPolicy p : src.autoScaling().policies()) {
            String id = RestorePlanner.rewriteResource(p.resourceId(), src.name(), target);
            String name = RestorePlanner.rewritePolicyName(p.name(), src.name(), target);
            if (!"TargetTrackingScaling".equals(p.policyType()) || p.targetValue() == null || p.predefinedMetric() == null) {
                skipped.add(name + " (" + p.policyType() + " without a predefined metric: copy it by hand)");
                continue;
            }
            aas().putScalingPolicy(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(id)
                    .scalableDimension(p.dimension()).policyName(name).policyType(PolicyType.TARGET_TRACKING_SCALING)
                    .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(p.targetValue())
                            .predefinedMetricSpecification(m -> m.predefinedMetricType(p.predefinedMetric()))
                            .scaleInCooldown(p.scaleInCooldown()).scaleOutCooldown(p.scaleOutCooldown())
                            .disableScaleIn(p.disableScaleIn())));
            done.add(name);
        }
        if (!skipped.isEmpty()) {
            return FixUpResult.failed("autoScalingPolicies", "applied " + done.size() + "; not copied: " + String.join(", ", skipped));
        }
        return FixUpResult.applied("autoScalingPolicies", done.size() + " policy(ies): " + String.join(", ", done));
    }

    private FixUpResult resourcePolicy(TableSettings src, String targetArn) {
        String rewritten = src.resourcePolicy().policy().replace(src.arn(), targetArn);
        String existing = null;
        String revision = null;
        try {
            var r = ddb().getResourcePolicy(b -> b.resourceArn(targetArn));
            existing = r.policy();
            revision = r.revisionId();
        } catch (PolicyNotFoundException e) {
            // nothing there yet
        }
        String merged;
        int added;
        try {
            ObjectNode want = (ObjectNode) Journal.MAPPER.readTree(rewritten);
            if (existing == null) {
                merged = rewritten;
                added = statements(want).size();
            } else {
                ObjectNode have = (ObjectNode) Journal.MAPPER.readTree(existing);
                ArrayNode haveSt = statements(have);
                added = 0;
                for (JsonNode st : statements(want)) {
                    if (!contains(haveSt, st)) {
                        haveSt.add(st);
                        added++;
                    }
                }
                have.set("Statement", haveSt);
                if (added == 0) return FixUpResult.applied("resourcePolicy", "already present on the new table");
                merged = Journal.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(have);
            }
        } catch (java.io.IOException | ClassCastException e) {
            return FixUpResult.failed("resourcePolicy", "cannot parse the policy JSON: " + e.getMessage());
        }
        String rev = revision;
        String body = merged;
        ddb().putResourcePolicy(b -> {
            b.resourceArn(targetArn).policy(body);
            if (rev != null) b.expectedRevisionId(rev);
        });
        return FixUpResult.applied("resourcePolicy", added + " statement(s), source ARN rewritten to " + targetArn
                + (existing == null ? "" : ", merged into the existing policy"));
    }

    /**
     * --replace: the old stream's resource-based policy, its table and stream ARNs rewritten, put on the new table's
     * stream (read from the table now). Runs after the table's own policy, last of all.
     */
    FixUpResult streamPolicy(String policy, String oldTableArn, String oldStreamArn, String target, String targetArn) {
        try {
            String newStream = describe(target).latestStreamArn();
            if (newStream == null) return FixUpResult.failed(RestorePlanner.STREAM_POLICY, "the new table has no stream to put the policy on");
            String body = policy.replace(oldStreamArn, newStream).replace(oldTableArn + "/stream/", targetArn + "/stream/");
            ddb().putResourcePolicy(b -> b.resourceArn(newStream).policy(body));
            return FixUpResult.applied(RestorePlanner.STREAM_POLICY, "the old stream's policy put on " + newStream + " (ARNs rewritten)");
        } catch (SdkException e) {
            return FixUpResult.failed(RestorePlanner.STREAM_POLICY, AwsErrors.describe(e));
        }
    }

    private static ArrayNode statements(ObjectNode policy) {
        JsonNode st = policy.get("Statement");
        if (st instanceof ArrayNode a) return a;
        ArrayNode a = Journal.MAPPER.createArrayNode();
        if (st != null) a.add(st);
        return a;
    }

    private static boolean contains(ArrayNode have, JsonNode st) {
        JsonNode sid = st.get("Sid");
        for (JsonNode h : have) {
            if (h.equals(st)) return true;
            if (sid != null && sid.equals(h.get("Sid"))) return true;
        }
        return false;
    }

    private FixUpResult kinesis(TableSettings src, String target) {
        var have = ddb().describeKinesisStreamingDestination(r -> r.tableName(target)).kinesisDataStreamDestinations()
                .stream().map(k -> k.streamArn()).toList();
        List<String> done = new ArrayList<>();
        for (TableSettings.KinesisDestination k : src.kinesisDestinations()) {
            if (!RestorePlanner.activeKinesis(src).contains(k.streamArn()) || have.contains(k.streamArn())) continue;
            ddb().enableKinesisStreamingDestination(r -> {
                r.tableName(target).streamArn(k.streamArn());
                if (k.precision() != null) r.enableKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision(k.precision()));
            });
            done.add(k.streamArn());
        }
        return FixUpResult.applied("kinesisDestinations", done.isEmpty() ? "already present" : String.join(", ", done));
    }

    /**
     * Each alarm copied with every field PutMetricAlarm takes (percentile statistics, DatapointsToAlarm, Unit,
     * ActionsEnabled, TreatMissingData, EvaluateLowSampleCountPercentile, ThresholdMetricId, metric math, tags), its
     * TableName dimensions naming the new table. One alarm refused does not stop the others: each failure is listed.
     */
    private FixUpResult alarms(TableSettings src, String target) {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Alarm a : RestorePlanner.alarms(src)) {
            Alarm c = RestorePlanner.copyOf(a, src.name(), target);
            try {
                aws.cloudwatch(region).putMetricAlarm(r -> {
                    r.alarmName(c.name()).comparisonOperator(c.comparison()).evaluationPeriods(c.evaluationPeriods());
                    if (c.description() != null) r.alarmDescription(c.description());
                    if (c.actionsEnabled() != null) r.actionsEnabled(c.actionsEnabled());
                    if (c.alarmActions() != null && !c.alarmActions().isEmpty()) r.alarmActions(c.alarmActions());
                    if (c.okActions() != null && !c.okActions().isEmpty()) r.okActions(c.okActions());
                    if (c.insufficientDataActions() != null && !c.insufficientDataActions().isEmpty()) r.insufficientDataActions(c.insufficientDataActions());
                    if (c.threshold() != null) r.threshold(c.threshold());
                    if (c.thresholdMetricId() != null) r.thresholdMetricId(c.thresholdMetricId());
                    if (c.datapointsToAlarm() != null) r.datapointsToAlarm(c.datapointsToAlarm());
                    if (c.treatMissingData() != null) r.treatMissingData(c.treatMissingData());
                    if (c.evaluateLowSampleCountPercentile() != null) r.evaluateLowSampleCountPercentile(c.evaluateLowSampleCountPercentile());
                    if (c.metrics() != null && !c.metrics().isEmpty()) {
                        r.metrics(c.metrics().stream().map(FixUps::query).toList());
                    } else {
                        r.metricName(c.metricName()).namespace(c.namespace()).dimensions(dimensions(c.dimensions()));
                        if (c.period() != null) r.period(c.period());
                        if (c.statistic() != null) r.statistic(c.statistic());
                        if (c.extendedStatistic() != null) r.extendedStatistic(c.extendedStatistic());
                        if (c.unit() != null) r.unit(c.unit());
                    }
                    if (c.tags() != null && !c.tags().isEmpty()) {
                        r.tags(c.tags().entrySet().stream().map(e -> software.amazon.awssdk.services.cloudwatch.model.Tag.builder()
                                .key(e.getKey()).value(e.getValue()).build()).toList());
                    }
                });
                done.add(c.name());
            } catch (SdkException e) {
                failed.add("'" + c.name() + "' (" + AwsErrors.describe(e) + ")");
            }
        }
        if (!failed.isEmpty()) {
            return FixUpResult.failed("alarms", "copied " + done.size() + (done.isEmpty() ? "" : ": " + String.join(", ", done))
                    + "; failed " + failed.size() + ": " + String.join(", ", failed));
        }
        return FixUpResult.applied("alarms", done.size() + " alarm(s): " + String.join(", ", done));
    }

    private static List<Dimension> dimensions(Map<String, String> dims) {
        if (dims == null) return List.of();
        return dims.entrySet().stream().map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery query(TableSettings.AlarmQuery q) {
        var b = software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery.builder().id(q.id());
        if (q.expression() != null) b.expression(q.expression());
        if (q.label() != null) b.label(q.label());
        if (q.returnData() != null) b.returnData(q.returnData());
        if (q.period() != null) b.period(q.period());
        if (q.accountId() != null) b.accountId(q.accountId());
        if (q.metricName() != null) {
            b.metricStat(ms -> {
                ms.metric(m -> m.namespace(q.namespace()).metricName(q.metricName()).dimensions(dimensions(q.dimensions())));
                if (q.statPeriod() != null) ms.period(q.statPeriod());
                if (q.stat() != null) ms.stat(q.stat());
                if (q.unit() != null) ms.unit(q.unit());
            });
        }
        return b.build();
    }
}
