package dev.ddbr.alarms;

import dev.ddbr.alarms.AlarmSpec.Query;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.AlarmSettings;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.OnDemand;
import dev.ddbr.table.TableSettings.ScalableTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The recommended alarm set, computed from each table's settings snapshot and the profile's {@code alarms}
 * settings. Pure: no AWS calls. Every choice (statistic, period, datapoints, missing data) is documented in
 * docs/alarms.md; change both together.
 */
public final class AlarmSet {
    private AlarmSet() {}

    public static final String NAMESPACE = "AWS/DynamoDB";
    public static final String PREFIX = "ddbr-";
    /** CloudWatch's limit of metrics in one metric-math alarm. */
    static final int MAX_METRICS = 10;
    static final int MAX_NAME = 255;

    static final String GT = "GreaterThanThreshold";
    static final String GE = "GreaterThanOrEqualToThreshold";
    static final String NOT_BREACHING = "notBreaching";

    /**
     * @param tables        snapshots of the profile's tables (auto scaling and Kinesis parts read)
     * @param settings      the profile's alarms settings
     * @param rpoSeconds    each table's failover.rpo_seconds, where set
     * @param region        the Region the alarms live in (replication latency is per receiving Region)
     * @param topicOverride {@code --topic ARN}: replaces every topic; null for the profile's
     */
    public static List<AlarmSpec> compute(List<TableSettings> tables, AlarmSettings settings,
                                          Map<String, Integer> rpoSeconds, String region, String topicOverride) {
        return compute(tables, settings, rpoSeconds, region, topicOverride, List.of(), new ArrayList<>());
    }

    /**
     * As above, with latency thresholds from load reports ({@code --from-load}) for the operations whose
     * {@code latency_ms} the profile does not set; {@code notes} receives one entry per measured operation
     * saying which threshold is used (the profile's wins).
     */
    public static List<AlarmSpec> compute(List<TableSettings> tables, AlarmSettings settings,
                                          Map<String, Integer> rpoSeconds, String region, String topicOverride,
                                          List<LoadThresholds> loads, List<AlarmPlan.LoadNote> notes) {
        List<AlarmSpec> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LoadThresholds l : loads) {
            if (!seen.add(l.table())) {
                throw DdbrException.invalid("two load reports for table '" + l.table() + "'", "pass one --from-load per table ('ddbr load merge' combines runs)");
            }
            if (tables.stream().noneMatch(t -> t.name().equals(l.table()))) {
                throw DdbrException.invalid("load report '" + l.source() + "' is for table '" + l.table()
                        + "', which the profile does not list", "name the profile table it measured: --from-load TABLE=" + l.source());
            }
        }
        for (TableSettings t : tables) {
            AlarmSettings.Effective e = settings.forTable(t.name(), Optional.ofNullable(rpoSeconds.get(t.name())));
            Builder b = new Builder(t, e, region, topicOverride, out);
            for (LoadThresholds l : loads) if (l.table().equals(t.name())) b.load(l, notes);
            b.table();
        }
        account(settings.global(), topicOverride, out);
        out.sort(Comparator.comparing(AlarmSpec::name));
        for (AlarmSpec a : out) {
            if (a.name().length() > MAX_NAME) {
                throw DdbrException.invalid("alarm name '" + a.name().substring(0, 60) + "...' is longer than CloudWatch's "
                        + MAX_NAME + " characters", "the table or index name is too long for ddbr's alarm names");
            }
        }
        return out;
    }

    private static void account(AlarmSettings.Effective e, String topicOverride, List<AlarmSpec> out) {
        int pct = e.value("account_utilization_percent");
        for (String rw : List.of("Read", "Write")) {
            String lower = rw.toLowerCase(Locale.ROOT);
            out.add(new AlarmSpec(PREFIX + "account-" + lower + "-capacity-utilization", null, null,
                    lower + "-capacity-utilization", "page",
                    "The account's provisioned " + lower + " capacity in this Region is at " + pct
                            + "% of its quota or more; raise the quota (Service Quotas) before tables are refused capacity. Managed by ddbr.",
                    NAMESPACE, "AccountProvisioned" + rw + "CapacityUtilization", "Maximum", null, Map.of(), 300, null,
                    2, 2, pct, GE, NOT_BREACHING, actions(e, "page", topicOverride)));
        }
    }

    static List<String> actions(AlarmSettings.Effective e, String severity, String topicOverride) {
        if (topicOverride != null) return List.of(topicOverride);
        return e.topic(severity).map(List::of).orElse(List.of());
    }

    private static final class Builder {
        final TableSettings t;
        final AlarmSettings.Effective e;
        final String region;
        final String topic;
        final List<AlarmSpec> out;

        Builder(TableSettings t, AlarmSettings.Effective e, String region, String topic, List<AlarmSpec> out) {
            this.t = t;
            this.e = e;
            this.region = region;
            this.topic = topic;
            this.out = out;
        }

        void table() {
            target(null, t.onDemandThroughput());
            for (Gsi g : t.globalSecondaryIndexes() == null ? List.<Gsi>of() : t.globalSecondaryIndexes()) {
                target(g.name(), g.onDemandThroughput());
            }
            systemErrors();
            latency();
            replication();
            kinesis();
        }

        Map<String, String> dims(String index) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("TableName", t.name());
            if (index != null) d.put("GlobalSecondaryIndexName", index);
            return d;
        }

        String name(String index, String check) {
            return PREFIX + t.name() + (index == null ? "" : "-" + index) + "-" + check;
        }

        String what(String index) { return index == null ? "table " + t.name() : "index " + index + " of table " + t.name(); }

        void add(String index, String check, String severity, String description, String metric, String statistic,
                 String extended, Map<String, String> dims, Integer period, List<Query> metrics, int evaluation,
                 int datapoints, double threshold, String comparison) {
            out.add(new AlarmSpec(name(index, check), t.name(), index, check, severity, description + " Managed by ddbr.",
                    metric == null ? null : NAMESPACE, metric, statistic, extended, metric == null ? Map.of() : dims,
                    period, metrics, evaluation, datapoints, threshold, comparison, NOT_BREACHING,
                    actions(e, severity, topic)));
        }

        /** Throttling, key-range throttling and utilization of the table (index null) or one GSI. */
        void target(String index, OnDemand onDemand) {
            int throttles = e.value("throttle_events");
            for (String rw : List.of("Read", "Write")) {
                String lower = rw.toLowerCase(Locale.ROOT);
                add(index, lower + "-throttles", "page",
                        rw + " requests to " + what(index) + " are throttled (" + rw + "ThrottleEvents above " + throttles
                                + " per minute for 5 minutes).",
                        rw + "ThrottleEvents", "Sum", null, dims(index), 60, null, 5, 5, throttles, GT);
            }
            int keyRange = e.value("key_range_throttle_events");
            add(index, "key-range-throttles", "ticket",
                    "Hot partition: " + what(index) + " throttles requests above the per-partition limit (key range). "
                            + "Find the hot keys: ddbr skew scan " + t.name() + ".",
                    null, null, null, null, null, List.of(
                            Query.metric("r", "ReadKeyRangeThroughputThrottleEvents", dims(index), "Sum"),
                            Query.metric("w", "WriteKeyRangeThroughputThrottleEvents", dims(index), "Sum"),
                            Query.expression("e", "FILL(r,0)+FILL(w,0)", "key-range throttle events")),
                    5, 3, keyRange, GT);
            if (t.isProvisioned()) {
                int pct = e.value("utilization_percent");
                for (String rw : List.of("Read", "Write")) {
                    String lower = rw.toLowerCase(Locale.ROOT);
                    Optional<ScalableTarget> scaling = scalableTarget(index, rw);
                    List<Query> q = new ArrayList<>();
                    q.add(Query.metric("c", "Consumed" + rw + "CapacityUnits", dims(index), "Sum"));
                    String against;
                    if (scaling.isPresent()) {
                        int max = scaling.get().maxCapacity();
                        q.add(Query.expression("u", "100*(c/60)/" + max, lower + " utilization of the auto scaling maximum"));
                        against = "the auto scaling maximum (" + max + ")";
                    } else {
                        q.add(Query.metric("p", "Provisioned" + rw + "CapacityUnits", dims(index), "Average"));
                        q.add(Query.expression("u", "100*(c/60)/p", lower + " utilization of provisioned capacity"));
                        against = "provisioned capacity";
                    }
                    add(index, lower + "-utilization", "ticket",
                            "Consumed " + lower + " capacity of " + what(index) + " is above " + pct + "% of " + against
                                    + "; raise the capacity or the auto scaling maximum (ddbr capacity advise).",
                            null, null, null, null, null, q, 5, 5, pct, GT);
                }
            } else if (onDemand != null) {
                int pct = e.value("on_demand_percent");
                Long[] max = {onDemand.maxReadRequestUnits(), onDemand.maxWriteRequestUnits()};
                String[] rws = {"Read", "Write"};
                for (int i = 0; i < 2; i++) {
                    if (max[i] == null || max[i] <= 0) continue;
                    String lower = rws[i].toLowerCase(Locale.ROOT);
                    add(index, lower + "-on-demand-maximum", "ticket",
                            "Consumed " + lower + " request units of " + what(index) + " are above " + pct
                                    + "% of its on-demand maximum throughput (" + max[i] + "/s); requests beyond it are throttled.",
                            null, null, null, null, null, List.of(
                                    Query.metric("c", "Consumed" + rws[i] + "CapacityUnits", dims(index), "Sum"),
                                    Query.expression("u", "100*(c/60)/" + max[i], lower + " share of the on-demand maximum")),
                            5, 5, pct, GT);
                }
            }
        }

        Optional<ScalableTarget> scalableTarget(String index, String rw) {
            if (t.autoScaling() == null) return Optional.empty();
            String id = "table/" + t.name() + (index == null ? "" : "/index/" + index);
            String dim = "dynamodb:" + (index == null ? "table" : "index") + ":" + rw + "CapacityUnits";
            return t.autoScaling().targets().stream()
                    .filter(s -> s.resourceId().equals(id) && s.dimension().equals(dim)).findFirst();
        }

        /** SystemErrors summed over the operations, at most ten metrics per alarm. */
        void systemErrors() {
            int threshold = e.value("system_errors");
            List<String> ops = e.operations();
            int chunks = (ops.size() + MAX_METRICS - 1) / MAX_METRICS;
            for (int c = 0; c < chunks; c++) {
                List<String> part = ops.subList(c * MAX_METRICS, Math.min(ops.size(), (c + 1) * MAX_METRICS));
                List<Query> q = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    Map<String, String> d = dims(null);
                    d.put("Operation", part.get(i));
                    q.add(Query.metric("m" + (i + 1), "SystemErrors", d, "Sum"));
                }
                q.add(Query.expression("e", "SUM(FILL(METRICS(),0))", "system errors"));
                add(null, "system-errors" + (chunks == 1 ? "" : "-" + (c + 1)), "page",
                        "DynamoDB answers requests to table " + t.name() + " with HTTP 500 (SystemErrors of "
                                + String.join(", ", part) + " above " + threshold + " per minute).",
                        null, null, null, null, null, q, 5, 3, threshold, GT);
            }
        }

        /** Latency thresholds by operation: the profile's, then those measured by load reports. */
        final Map<String, Integer> latencyMs = new LinkedHashMap<>();
        final Map<String, String> latencySource = new LinkedHashMap<>();

        void load(LoadThresholds l, List<AlarmPlan.LoadNote> notes) {
            for (String op : l.p99().keySet()) {
                LoadThresholds.Derived d = l.derive(op, e.latencyStatistic());
                Integer profile = e.latencyMs().get(op);
                boolean use = profile == null;
                notes.add(new AlarmPlan.LoadNote(t.name(), op, l.source(), d.measuredFrom(), d.measuredMs(),
                        d.thresholdMs(), profile, use ? "load" : "profile"));
                if (use) {
                    latencyMs.put(op, d.thresholdMs());
                    latencySource.put(op, " Threshold from load report " + l.source() + ": " + d.measuredFrom() + " "
                            + AlarmSpec.number(d.measuredMs()) + " ms x " + LoadThresholds.MARGIN + ".");
                }
            }
        }

        void latency() {
            boolean p99 = "p99".equals(e.latencyStatistic());
            Map<String, Integer> all = new LinkedHashMap<>(e.latencyMs());
            latencyMs.forEach(all::putIfAbsent);
            all.forEach((op, ms) -> {
                Map<String, String> d = dims(null);
                d.put("Operation", op);
                add(null, "latency-" + op.toLowerCase(Locale.ROOT), "ticket",
                        op + " latency on table " + t.name() + " (" + (p99 ? "p99" : "average") + " SuccessfulRequestLatency) is above "
                                + ms + " ms for 5 minutes." + (e.latencyMs().containsKey(op) ? "" : latencySource.getOrDefault(op, "")),
                        "SuccessfulRequestLatency", p99 ? null : "Average", p99 ? "p99" : null, d, 60, null, 5, 5, ms, GT);
            });
        }

        void replication() {
            if (t.replicas() == null) return;
            int seconds = e.value("replication_latency_seconds");
            for (TableSettings.Replica r : t.replicas()) {
                if (r.region() == null || r.region().equals(region)) continue;
                Map<String, String> d = dims(null);
                d.put("ReceivingRegion", r.region());
                add(null, "replication-latency-" + r.region(), "page",
                        "Replication from " + region + " to " + r.region() + " for table " + t.name() + " lags more than "
                                + seconds + " s on average for 15 minutes (the recovery point objective).",
                        "ReplicationLatency", "Average", null, d, 60, null, 15, 15, seconds * 1000.0, GT);
            }
        }

        void kinesis() {
            if (t.kinesisDestinations() == null || t.kinesisDestinations().stream()
                    .noneMatch(k -> List.of("ACTIVE", "ENABLING", "UPDATING").contains(k.status()))) {
                return;
            }
            // Source: DynamoDB Developer Guide, "DynamoDB metrics and dimensions" (metrics-dimensions.html): both
            // metrics have the dimensions TableName AND DelegatedOperation; valid statistics are Minimum, Maximum,
            // Average, SampleCount for FailedToReplicateRecordCount (no Sum) and Minimum, Maximum, Average for
            // AgeOfOldestUnreplicatedRecord (milliseconds). The guide does not give DelegatedOperation's value, and a
            // metric alarm on a guessed value would see no data and stay OK forever, so each alarm is a CloudWatch
            // Metrics Insights query that takes the MAX over every DelegatedOperation of the table (docs/alarms.md).
            add(null, "kinesis-failed-records", "page",
                    "Changes of table " + t.name() + " fail to reach its Kinesis data stream (FailedToReplicateRecordCount above 0).",
                    null, null, null, null, null, List.of(Query.insights("f", kinesisQuery("FailedToReplicateRecordCount"),
                            "records not replicated to Kinesis", 60)), 1, 1, 0, GT);
            int age = e.value("kinesis_age_seconds");
            add(null, "kinesis-replication-age", "ticket",
                    "The oldest change of table " + t.name() + " not yet in its Kinesis data stream is older than " + age + " s.",
                    null, null, null, null, null, List.of(Query.insights("a", kinesisQuery("AgeOfOldestUnreplicatedRecord"),
                            "age of the oldest unreplicated record (ms)", 60)), 5, 5, age * 1000.0, GT);
        }

        /** Metrics Insights: the Maximum of {@code metric} over all DelegatedOperation values of this table. */
        String kinesisQuery(String metric) {
            return "SELECT MAX(" + metric + ") FROM SCHEMA(\"" + NAMESPACE + "\", DelegatedOperation, TableName) WHERE TableName = '"
                    + t.name() + "'";
        }
    }
}
