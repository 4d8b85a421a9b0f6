package dev.ddbr.restore;

import dev.ddbr.table.IndexCapacity;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Gsi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns a source's settings snapshot into the restore call and the list of settings to re-apply. Pure. */
public final class RestorePlanner {
    /**
     * The tag that lets ddbr delete a table ({@link dev.ddbr.table.OwnedTables}). Only scratch tables ddbr deletes
     * itself get it (the --replace staging table, backup verify's drill table); never a restore target.
     */
    public static final String TAG_CREATED_BY = dev.ddbr.table.OwnedTables.TAG_CREATED_BY;
    /** Marks a restored table with its source; informational, never a licence to delete. */
    public static final String TAG_RESTORE_OF = "ddbr:restore-of";
    /** Informational: ddbr restored this table. Deliberately not {@link #TAG_CREATED_BY}. */
    public static final String TAG_RESTORED_BY = "ddbr:restored-by";
    public static final String TAG_PREFIX = "ddbr:";

    /**
     * The order fix-ups run in; tags first, so an interrupted restore's table is already marked as a restore of its
     * source; the resource-based policy last, so a Deny in it cannot stop ddbr's own fix-ups half-way.
     */
    public static final List<String> FIX_UPS = List.of("tags", "billingMode", "stream", "ttl", "pitr", "deletionProtection",
            "tableClass", "encryption", "warmThroughput", "autoScalingTargets", "autoScalingPolicies",
            "contributorInsights", "kinesisDestinations", "alarms", "resourcePolicy");

    /** --replace only: the old stream's resource-based policy put on the new stream, after the table's. */
    public static final String STREAM_POLICY = "streamResourcePolicy";

    /** The fix-ups a restore into a new table leaves out unless asked (--with-integrations). */
    public static final List<String> INTEGRATIONS = List.of("kinesisDestinations", "alarms");

    private RestorePlanner() {}

    /**
     * The RestoreTableToPointInTime call that keeps the source's billing, capacity, indexes and key. Index capacity
     * goes through {@link IndexCapacity}: provisioned figures only on a provisioned table, on-demand maximums only on
     * an on-demand one (DescribeTable's 0/0 on an on-demand table's index is never sent back).
     */
    public static RestoreRequest pitrRequest(TableSettings src, String target, Instant restoreTo, boolean byArn) {
        return new RestoreRequest("RestoreTableToPointInTime",
                byArn ? null : src.name(), byArn ? src.arn() : null, null, target,
                restoreTo == null ? Boolean.TRUE : null, restoreTo,
                src.billingMode(),
                src.isProvisioned() ? IndexCapacity.provisioned(src.provisionedThroughput()) : null,
                src.isProvisioned() ? null : IndexCapacity.onDemand(src.onDemandThroughput()),
                IndexCapacity.forTable(src.globalSecondaryIndexes(), src.isProvisioned()),
                sse(src.encryption()));
    }

    /** The RestoreTableFromBackup call, with the same overrides taken from the settings we have. */
    public static RestoreRequest backupRequest(TableSettings src, String backupArn, String target) {
        return new RestoreRequest("RestoreTableFromBackup", null, null, backupArn, target, null, null,
                src.billingMode(),
                src.isProvisioned() ? IndexCapacity.provisioned(src.provisionedThroughput()) : null,
                src.isProvisioned() ? null : IndexCapacity.onDemand(src.onDemandThroughput()),
                IndexCapacity.forTable(src.globalSecondaryIndexes(), src.isProvisioned()),
                sse(src.encryption()));
    }

    static RestoreRequest.Sse sse(TableSettings.Encryption e) {
        if (e == null || "AWS_OWNED".equals(e.keyType()) || e.kmsKeyArn() == null) return new RestoreRequest.Sse(false, null, null);
        if ("AWS_MANAGED".equals(e.keyType())) return new RestoreRequest.Sse(true, "KMS", null);
        // customer-managed, or not resolvable: name the key explicitly, never trust the default
        return new RestoreRequest.Sse(true, "KMS", e.kmsKeyArn());
    }

    /** The ARN of a table named {@code target} next to the source. */
    public static String targetArn(String sourceArn, String target) {
        return dev.ddbr.table.TableArns.sibling(sourceArn, target);
    }

    /** Every setting the restore drops, with what will be done about it. */
    public static List<PlannedFixUp> fixUps(TableSettings s, String target) {
        return fixUps(s, target, false);
    }

    /** @param skipIntegrations a restore into a new table without --with-integrations: no Kinesis destinations, no alarms */
    public static List<PlannedFixUp> fixUps(TableSettings s, String target, boolean skipIntegrations) {
        List<PlannedFixUp> out = new ArrayList<>();
        for (String name : FIX_UPS) out.add(plan(name, s, target, skipIntegrations));
        return out;
    }

    static PlannedFixUp plan(String name, TableSettings s, String target) {
        return plan(name, s, target, false);
    }

    static PlannedFixUp plan(String name, TableSettings s, String target, boolean skipIntegrations) {
        PlannedFixUp p = planOne(name, s, target);
        if (skipIntegrations && INTEGRATIONS.contains(name) && p.skip() == null) {
            return new PlannedFixUp(name, null, "not copied to a new table by default: a restored copy must not feed the source's "
                    + "stream consumers or page its on-call; add --with-integrations to copy " + (name.equals("alarms") ? "alarms" : "Kinesis destinations"));
        }
        return p;
    }

    private static PlannedFixUp planOne(String name, TableSettings s, String target) {
        String unread = unreadable(s, name);
        return switch (name) {
            case "tags" -> {
                TargetTags tt = targetTags(s);
                List<String> own = tt.tags().keySet().stream().filter(k -> k.equals(TAG_RESTORE_OF) || k.equals(TAG_RESTORED_BY))
                        .map(k -> k + "=" + tt.tags().get(k)).toList();
                int n = tt.tags().size() - own.size();
                String src = s.tags() == null ? "(source tags unreadable: " + unreadable(s, "tags") + ")" : n + " source tag(s)";
                String notes = tt.notes();
                yield new PlannedFixUp(name, "TagResource " + src + (own.isEmpty() ? "" : " + " + String.join(", ", own))
                        + (notes.isEmpty() ? "" : " (" + notes + ")"), null);
            }
            case "billingMode" -> s.billingMode() == null ? new PlannedFixUp(name, null, "billing mode unknown on the source")
                    : new PlannedFixUp(name, "kept by the restore's BillingModeOverride=" + s.billingMode()
                            + "; UpdateTable BillingMode=" + s.billingMode() + (s.isProvisioned() ? " with the source's capacity" : "")
                            + " only if the new table differs", null);
            case "stream" -> s.stream() != null && s.stream().enabled()
                    ? new PlannedFixUp(name, "UpdateTable StreamSpecification StreamEnabled=true StreamViewType=" + s.stream().viewType(), null)
                    : new PlannedFixUp(name, null, "no stream on the source");
            case "ttl" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.ttl() != null && ("ENABLED".equals(s.ttl().status()) || "ENABLING".equals(s.ttl().status()))
                    ? new PlannedFixUp(name, "UpdateTimeToLive Enabled=true AttributeName=" + s.ttl().attributeName(), null)
                    : new PlannedFixUp(name, null, "TTL is off on the source");
            case "pitr" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.pointInTimeRecovery() != null && s.pointInTimeRecovery().enabled()
                    ? new PlannedFixUp(name, "UpdateContinuousBackups PointInTimeRecoveryEnabled=true RecoveryPeriodInDays="
                            + (s.pointInTimeRecovery().recoveryPeriodDays() == null ? 35 : s.pointInTimeRecovery().recoveryPeriodDays()), null)
                    : new PlannedFixUp(name, null, "PITR is off on the source");
            case "deletionProtection" -> Boolean.TRUE.equals(s.deletionProtection())
                    ? new PlannedFixUp(name, "UpdateTable DeletionProtectionEnabled=true", null)
                    : new PlannedFixUp(name, null, "off on the source");
            case "tableClass" -> s.tableClass() == null || "STANDARD".equals(s.tableClass())
                    ? new PlannedFixUp(name, null, "STANDARD on the source, as every restored table")
                    : new PlannedFixUp(name, "UpdateTable TableClass=" + s.tableClass(), null);
            case "encryption" -> new PlannedFixUp(name, "kept by the restore's SSESpecificationOverride ("
                    + sse(s.encryption()) + "); UpdateTable SSESpecification only if the new table differs", null);
            case "warmThroughput" -> s.warmThroughput() == null && s.globalSecondaryIndexes().stream().allMatch(g -> g.warmThroughput() == null)
                    ? new PlannedFixUp(name, null, "no warm throughput on the source")
                    : new PlannedFixUp(name, "UpdateTable WarmThroughput " + warm(s) + " where the new table is lower", null);
            case "autoScalingTargets" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.autoScaling() == null || s.autoScaling().targets().isEmpty()
                    ? new PlannedFixUp(name, null, "no auto scaling on the source")
                    : new PlannedFixUp(name, "RegisterScalableTarget " + s.autoScaling().targets().stream()
                            .map(t -> rewriteResource(t.resourceId(), s.name(), target) + " " + shortDim(t.dimension())
                                    + " " + t.minCapacity() + "-" + t.maxCapacity())
                            .collect(Collectors.joining(", ")), null);
            case "autoScalingPolicies" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.autoScaling() == null || s.autoScaling().policies().isEmpty()
                    ? new PlannedFixUp(name, null, "no scaling policies on the source")
                    : new PlannedFixUp(name, "PutScalingPolicy " + s.autoScaling().policies().stream()
                            .map(p -> rewriteResource(p.resourceId(), s.name(), target) + " " + shortDim(p.dimension()) + " "
                                    + p.policyType() + (p.targetValue() == null ? "" : " " + p.targetValue() + "% " + p.predefinedMetric()))
                            .collect(Collectors.joining(", ")), null);
            case "contributorInsights" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : insightsOn(s).isEmpty() ? new PlannedFixUp(name, null, "off on the source and on each of its indexes")
                    : new PlannedFixUp(name, "UpdateContributorInsights ContributorInsightsAction=ENABLE for " + insightsOn(s).stream()
                            .map(i -> (i.indexName() == null ? "the table" : "index " + i.indexName())
                                    + (i.mode() == null ? "" : " (ContributorInsightsMode=" + i.mode() + ")"))
                            .collect(Collectors.joining(", ")), null);
            case "resourcePolicy" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.resourcePolicy() == null ? new PlannedFixUp(name, null, "no resource-based policy on the source")
                    : new PlannedFixUp(name, "PutResourcePolicy: the source's statements with its ARN rewritten to the "
                            + "new table's, merged into any policy already there (ExpectedRevisionId)", null);
            case "kinesisDestinations" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.kinesisDestinations() == null || activeKinesis(s).isEmpty()
                    ? new PlannedFixUp(name, null, "no Kinesis streaming destination on the source")
                    : new PlannedFixUp(name, "EnableKinesisStreamingDestination " + String.join(", ", activeKinesis(s)), null);
            case "alarms" -> unread != null ? new PlannedFixUp(name, null, unread)
                    : s.alarms() == null || alarms(s).isEmpty()
                    ? new PlannedFixUp(name, null, "no CloudWatch alarm watches the source (auto scaling's own alarms come with its policies)")
                    : new PlannedFixUp(name, "PutMetricAlarm " + alarms(s).stream()
                            .map(a -> "'" + alarmName(a.name(), s.name(), target) + "'").collect(Collectors.joining(", "))
                            + " (copies watching TableName=" + target + ")", null);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The source's alarms worth copying: not those Application Auto Scaling creates and owns for its target-tracking
     * policies ("TargetTracking-table/..."), which come back with the policies.
     */
    public static List<TableSettings.Alarm> alarms(TableSettings s) {
        if (s.alarms() == null) return List.of();
        return s.alarms().stream().filter(a -> !isAutoScalingAlarm(a.name())).toList();
    }

    public static boolean isAutoScalingAlarm(String name) {
        return name != null && name.startsWith("TargetTracking-table/");
    }

    /**
     * Where Contributor Insights is on (or turning on) in a snapshot: the table (indexName null) and each index, with
     * its mode.
     */
    public static List<TableSettings.IndexInsights> insightsOn(TableSettings s) {
        List<TableSettings.IndexInsights> on = new ArrayList<>();
        if (isOn(s.contributorInsights())) on.add(new TableSettings.IndexInsights(null, s.contributorInsights(), s.contributorInsightsMode()));
        if (s.indexContributorInsights() != null) {
            for (TableSettings.IndexInsights i : s.indexContributorInsights()) if (isOn(i.status())) on.add(i);
        }
        return on;
    }

    static boolean isOn(String status) {
        return "ENABLED".equals(status) || "ENABLING".equals(status);
    }

    static List<String> activeKinesis(TableSettings s) {
        return s.kinesisDestinations().stream()
                .filter(k -> "ACTIVE".equals(k.status()) || "ENABLING".equals(k.status()))
                .map(TableSettings.KinesisDestination::streamArn).toList();
    }

    /** Why a part of the source's snapshot is missing, as a skip reason; null when it was read. */
    static String unreadable(TableSettings s, String fixUp) {
        String field = switch (fixUp) {
            case "ttl" -> "ttl";
            case "pitr" -> "pointInTimeRecovery";
            case "tags" -> "tags";
            case "autoScalingTargets", "autoScalingPolicies" -> "autoScaling";
            case "contributorInsights" -> "contributorInsights";
            case "resourcePolicy" -> "resourcePolicy";
            case "kinesisDestinations" -> "kinesisDestinations";
            case "alarms" -> "alarms";
            default -> null;
        };
        if (field == null || s.unavailable() == null) return null;
        return s.unavailable().stream().filter(u -> u.field().equals(field)).findFirst()
                .map(u -> "could not read it on the source (" + u.api() + ": " + u.reason()
                        + (u.detail() == null ? "" : ", " + u.detail()) + ")")
                .orElse(null);
    }

    static String warm(TableSettings s) {
        StringBuilder b = new StringBuilder();
        if (s.warmThroughput() != null) {
            b.append("table read ").append(s.warmThroughput().readUnitsPerSecond()).append("/s write ")
                    .append(s.warmThroughput().writeUnitsPerSecond()).append("/s");
        }
        for (Gsi g : s.globalSecondaryIndexes()) {
            if (g.warmThroughput() == null) continue;
            if (b.length() > 0) b.append("; ");
            b.append(g.name()).append(" read ").append(g.warmThroughput().readUnitsPerSecond()).append("/s write ")
                    .append(g.warmThroughput().writeUnitsPerSecond()).append("/s");
        }
        return b.toString();
    }

    /** {@code table/src[/index/x]} to {@code table/target[/index/x]}. */
    public static String rewriteResource(String resourceId, String source, String target) {
        String p = "table/" + source;
        if (resourceId.equals(p)) return "table/" + target;
        if (resourceId.startsWith(p + "/")) return "table/" + target + resourceId.substring(p.length());
        return resourceId;
    }

    /** A scaling policy's name with the source's resource replaced (AWS's own names embed it). */
    public static String rewritePolicyName(String name, String source, String target) {
        return name.replace("table/" + source, "table/" + target);
    }

    /**
     * The alarm as it should be on the new table: every field of the source's, the name and each TableName dimension
     * (of the alarm and of each metric-math query) naming the new table. The ARN is left out: CloudWatch assigns it.
     */
    public static TableSettings.Alarm copyOf(TableSettings.Alarm a, String source, String target) {
        List<TableSettings.AlarmQuery> metrics = a.metrics() == null ? List.of() : a.metrics().stream()
                .map(q -> new TableSettings.AlarmQuery(q.id(), q.expression(), q.label(), q.returnData(), q.period(), q.accountId(),
                        q.namespace(), q.metricName(), tableDims(q.dimensions(), source, target), q.statPeriod(), q.stat(), q.unit()))
                .toList();
        return new TableSettings.Alarm(alarmName(a.name(), source, target), a.metricName(), a.namespace(), a.statistic(),
                a.threshold(), a.comparison(), a.evaluationPeriods(), a.period(), tableDims(a.dimensions(), source, target),
                a.alarmActions(), a.okActions(), a.insufficientDataActions(), a.description(), a.treatMissingData(),
                a.extendedStatistic(), a.datapointsToAlarm(), a.unit(), a.actionsEnabled(), a.evaluateLowSampleCountPercentile(),
                a.thresholdMetricId(), metrics, null, a.tags());
    }

    private static Map<String, String> tableDims(Map<String, String> dims, String source, String target) {
        if (dims == null) return null;
        Map<String, String> out = new java.util.TreeMap<>();
        dims.forEach((k, v) -> out.put(k, "TableName".equals(k) && source.equals(v) ? target : v));
        return out;
    }

    /** Every field of an alarm that PutMetricAlarm sets, by name, for the drift check (name and ARN aside). */
    public static Map<String, Object> alarmFields(TableSettings.Alarm a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("metricName", a.metricName());
        m.put("namespace", a.namespace());
        m.put("statistic", a.statistic());
        m.put("extendedStatistic", a.extendedStatistic());
        m.put("dimensions", a.dimensions() == null || a.dimensions().isEmpty() ? null : new java.util.TreeMap<>(a.dimensions()));
        m.put("period", a.period());
        m.put("unit", a.unit());
        m.put("evaluationPeriods", a.evaluationPeriods());
        m.put("datapointsToAlarm", a.datapointsToAlarm());
        m.put("threshold", a.threshold());
        m.put("thresholdMetricId", a.thresholdMetricId());
        m.put("comparisonOperator", a.comparison());
        m.put("treatMissingData", a.treatMissingData());
        m.put("evaluateLowSampleCountPercentile", a.evaluateLowSampleCountPercentile());
        m.put("actionsEnabled", a.actionsEnabled());
        m.put("alarmActions", sorted(a.alarmActions()));
        m.put("okActions", sorted(a.okActions()));
        m.put("insufficientDataActions", sorted(a.insufficientDataActions()));
        m.put("description", a.description());
        m.put("metrics", a.metrics() == null || a.metrics().isEmpty() ? null : a.metrics());
        return m;
    }

    private static List<String> sorted(List<String> l) {
        return l == null || l.isEmpty() ? null : l.stream().sorted().toList();
    }

    /** The copy's alarm name: the source's name with the table's name replaced, or suffixed with it. */
    public static String alarmName(String name, String source, String target) {
        return name.contains(source) ? name.replace(source, target) : name + " (" + target + ")";
    }

    static String shortDim(String dimension) {
        return dimension == null ? "?" : dimension.replace("dynamodb:table:", "").replace("dynamodb:index:", "index ");
    }

    /** DynamoDB's limit of tags per table. */
    public static final int MAX_TAGS = 50;

    /**
     * The tags a new table gets.
     *
     * @param tags        what TagResource sends: at most {@link #MAX_TAGS}
     * @param ddbrLeftOut ddbr's own informational tags that did not fit: the source's tags come first
     * @param notCopied   source tags that are never copied, each with why
     */
    public record TargetTags(Map<String, String> tags, List<String> ddbrLeftOut, List<String> notCopied) {
        /** One sentence on what was left out, or "" when nothing was. */
        public String notes() {
            List<String> n = new ArrayList<>();
            if (!ddbrLeftOut.isEmpty()) {
                n.add("ddbr's own tag(s) " + String.join(", ", ddbrLeftOut) + " left out: the source's tags come first and DynamoDB allows "
                        + MAX_TAGS + " per table");
            }
            if (!notCopied.isEmpty()) n.add("not copied: " + String.join(", ", notCopied));
            return String.join("; ", n);
        }
    }

    /**
     * The tags the new table gets: the source's, and ddbr's informational marks while they fit in DynamoDB's
     * {@link #MAX_TAGS} per table (the source's tags win; the report says which of ddbr's were left out). Never
     * {@link #TAG_CREATED_BY}: a restore target (and the --replace final table, which becomes the production table)
     * must not count as deletable by ddbr, so a created-by tag carried over from the source is dropped too; nor tags
     * under the "aws:" prefix, which only AWS may set.
     */
    public static TargetTags targetTags(TableSettings s) {
        Map<String, String> tags = new java.util.TreeMap<>();
        List<String> notCopied = new ArrayList<>();
        if (s.tags() != null) {
            s.tags().forEach((k, v) -> {
                if (k.equals(TAG_CREATED_BY)) notCopied.add(k + " (it would let ddbr delete the new table)");
                else if (k.startsWith("aws:")) notCopied.add(k + " (the aws: prefix is reserved for AWS)");
                else tags.put(k, v);
            });
        }
        Map<String, String> own = new java.util.LinkedHashMap<>();
        own.put(TAG_RESTORE_OF, s.name());
        own.put(TAG_RESTORED_BY, "ddbr");
        List<String> leftOut = new ArrayList<>();
        own.forEach((k, v) -> {
            if (tags.containsKey(k) || tags.size() < MAX_TAGS) tags.put(k, v);
            else leftOut.add(k);
        });
        return new TargetTags(tags, List.copyOf(leftOut), List.copyOf(notCopied));
    }

    private static String max(Long units) {
        return units == null || units < 1 ? "unlimited" : units.toString();
    }

    public static String describeGsi(Gsi g) {
        StringBuilder b = new StringBuilder(g.name()).append(" (").append(g.partitionKey());
        if (g.sortKey() != null) b.append(", ").append(g.sortKey());
        b.append(") ").append(g.projection());
        if (g.provisionedThroughput() != null) {
            b.append(" read ").append(g.provisionedThroughput().readCapacityUnits())
                    .append(" write ").append(g.provisionedThroughput().writeCapacityUnits());
        }
        if (g.onDemandThroughput() != null) {
            b.append(" max read ").append(max(g.onDemandThroughput().maxReadRequestUnits()))
                    .append(" max write ").append(max(g.onDemandThroughput().maxWriteRequestUnits()));
        }
        return b.toString();
    }
}
