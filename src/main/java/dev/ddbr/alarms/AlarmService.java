package dev.ddbr.alarms;

import dev.ddbr.alarms.AlarmPlan.Action;
import dev.ddbr.alarms.AlarmPlan.Change;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.Schema;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * Plans, applies and prunes the profile's alarms, and lists the alarms that watch tables. The only class of
 * the package that calls AWS.
 */
public final class AlarmService {
    public static final String TAG_MANAGED = "ddbr:managed";
    public static final String TAG_PROFILE = "ddbr:profile";

    private final ClientFactory aws;
    private final String region;

    public AlarmService(ClientFactory aws, String region) {
        this.aws = aws;
        this.region = region;
    }

    /** The profile's name, as the {@code ddbr:profile} tag carries it: the file name without its extension. */
    public static String profileName(Profile p) {
        return p.source().map(s -> s.getFileName().toString().replaceFirst("\\.(ya?ml)$", "")).orElse("default");
    }

    /** {@code --topic}: a well-formed SNS topic ARN, checked before any call. */
    public static void checkTopicArn(String arn) {
        if (!Schema.SNS_ARN.matcher(arn).matches()) {
            throw DdbrException.invalid("invalid SNS topic ARN '" + arn + "' for --topic",
                    "expected arn:aws:sns:<region>:<12-digit account>:<topic>");
        }
    }

    /**
     * The alarms the profile wants in its own Region (what {@code -o cloudformation} prints: a stack is one Region):
     * each table's snapshot read (a table that does not exist stops here), the set computed, every SNS topic it
     * notifies checked to exist.
     */
    public List<AlarmSpec> desired(Profile profile, String topicOverride) {
        return desired(profile, topicOverride, List.of(), new ArrayList<>());
    }

    /** As above, with latency thresholds from load reports; {@code notes} says which threshold each operation uses. */
    public List<AlarmSpec> desired(Profile profile, String topicOverride, List<LoadThresholds> loads,
                                   List<AlarmPlan.LoadNote> notes) {
        return desiredByRegion(profile, topicOverride, loads, notes, false).get(region);
    }

    /**
     * The alarms the profile wants in every Region it involves: its own, then the Regions of its global tables'
     * replicas. In a replica's Region: the per-table set from the replica's own settings (billing mode, capacity,
     * auto scaling, GSIs, Kinesis), ReplicationLatency towards every other replica, and the account alarms once.
     * Load reports measure the profile's Region, so their thresholds apply there only.
     */
    public Map<String, List<AlarmSpec>> desiredByRegion(Profile profile, String topicOverride, List<LoadThresholds> loads,
                                                        List<AlarmPlan.LoadNote> notes) {
        return desiredByRegion(profile, topicOverride, loads, notes, true);
    }

    private Map<String, List<AlarmSpec>> desiredByRegion(Profile profile, String topicOverride, List<LoadThresholds> loads,
                                                         List<AlarmPlan.LoadNote> notes, boolean replicas) {
        if (topicOverride != null) checkTopicArn(topicOverride);
        for (LoadThresholds l : loads) {
            if (profile.tables().stream().noneMatch(t -> t.name().equals(l.table()))) {
                throw DdbrException.invalid("load report '" + l.source() + "' is for table '" + l.table()
                        + "', which the profile does not list", "name the profile table it measured: --from-load TABLE=" + l.source());
            }
        }
        Map<String, List<TableSettings>> tables = replicas ? snapshotsByRegion(profile) : Map.of(region, snapshots(profile));
        Map<String, Integer> rpo = new HashMap<>();
        for (TableProfile t : profile.tables()) {
            t.failover().flatMap(TableProfile.Failover::rpoSeconds).ifPresent(s -> rpo.put(t.name(), s));
        }
        Map<String, List<AlarmSpec>> out = new LinkedHashMap<>();
        Set<String> topics = new LinkedHashSet<>();
        tables.forEach((r, ts) -> {
            boolean home = r.equals(region);
            List<AlarmSpec> wanted = AlarmSet.compute(ts, profile.alarms(), rpo, r, topicOverride,
                    home ? loads : List.of(), home ? notes : new ArrayList<>());
            if (!home) wanted = wanted.stream().map(a -> inRegion(a, r)).toList();
            wanted.forEach(a -> topics.addAll(a.alarmActions()));
            out.put(r, wanted);
        });
        for (String topic : topics) checkTopicExists(topic);
        return out;
    }

    /**
     * The alarm with its SNS topics moved to {@code r}: CloudWatch alarm actions must be topics of the alarm's own
     * Region, so a replica Region's alarms notify the topic of the same account and name in that Region.
     */
    static AlarmSpec inRegion(AlarmSpec a, String r) {
        List<String> actions = a.alarmActions().stream().map(arn -> {
            String[] f = arn.split(":", 6);
            return f.length == 6 && "sns".equals(f[2]) ? String.join(":", f[0], f[1], f[2], r, f[4], f[5]) : arn;
        }).toList();
        return new AlarmSpec(a.name(), a.table(), a.index(), a.check(), a.severity(), a.description(), a.namespace(),
                a.metricName(), a.statistic(), a.extendedStatistic(), a.dimensions(), a.period(), a.metrics(),
                a.evaluationPeriods(), a.datapointsToAlarm(), a.threshold(), a.comparisonOperator(), a.treatMissingData(),
                actions);
    }

    private static final EnumSet<SnapshotPart> PARTS = EnumSet.of(SnapshotPart.AUTO_SCALING, SnapshotPart.KINESIS);
    /** Replica states in which the replica table exists and has its own metrics. */
    private static final Set<String> LIVE_REPLICA = Set.of("ACTIVE", "UPDATING", "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
            "REPLICATION_NOT_AUTHORIZED");

    /** The profile's tables as the alarms need them (auto scaling, Kinesis); a table that does not exist stops here. */
    List<TableSettings> snapshots(Profile profile) {
        SnapshotReader reader = new SnapshotReader(aws);
        List<TableSettings> tables = new ArrayList<>();
        for (TableProfile t : profile.tables()) tables.add(reader.read(t.name(), region, PARTS));
        return tables;
    }

    /**
     * The profile's tables by Region: each as read in the profile's Region, then each live replica as read in its
     * own Region. The profile's Region first, the others by name.
     */
    Map<String, List<TableSettings>> snapshotsByRegion(Profile profile) {
        SnapshotReader reader = new SnapshotReader(aws);
        List<TableSettings> home = snapshots(profile);
        Map<String, List<TableSettings>> others = new TreeMap<>();
        for (TableSettings t : home) {
            if (t.replicas() == null) continue;
            for (TableSettings.Replica r : t.replicas()) {
                if (r.region() == null || r.region().equals(region) || !LIVE_REPLICA.contains(String.valueOf(r.status()))) continue;
                others.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(reader.read(t.name(), r.region(), PARTS));
            }
        }
        Map<String, List<TableSettings>> out = new LinkedHashMap<>();
        out.put(region, home);
        out.putAll(others);
        return out;
    }

    private void checkTopicExists(String arn) {
        String topicRegion = arn.split(":")[3];
        try {
            aws.sns(topicRegion).getTopicAttributes(r -> r.topicArn(arn));
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                String name = arn.substring(arn.lastIndexOf(':') + 1);
                throw DdbrException.invalid("SNS topic '" + arn + "' does not exist; nothing was changed",
                        topicRegion.equals(region)
                                ? "create it (aws sns create-topic) or fix alarms.topics in the profile / --topic"
                                : "a replica Region's alarms notify the topic of the same name in that Region: "
                                        + "aws sns create-topic --name " + name + " --region " + topicRegion);
            }
            throw AwsErrors.translate(e, "check SNS topic '" + arn + "'");
        }
    }

    /** An existing alarm with its tags. */
    record Existing(AlarmSpec spec, String arn, Map<String, String> tags) {}

    /** The alarms of the profile's Region whose names start with {@code ddbr-}, with their tags. */
    Map<String, Existing> existing() {
        return existing(region);
    }

    /** The alarms of Region {@code region} whose names start with {@code ddbr-}, with their tags. */
    Map<String, Existing> existing(String region) {
        CloudWatchClient cw = aws.cloudwatch(region);
        Map<String, Existing> out = new TreeMap<>();
        try {
            for (MetricAlarm a : cw.describeAlarmsPaginator(r -> r.alarmNamePrefix(AlarmSet.PREFIX).maxRecords(100)).metricAlarms()) {
                out.put(a.alarmName(), new Existing(spec(a), a.alarmArn(), tags(cw, a.alarmArn())));
            }
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list CloudWatch alarms in " + region);
        }
        return out;
    }

    private static Map<String, String> tags(CloudWatchClient cw, String arn) {
        Map<String, String> m = new TreeMap<>();
        cw.listTagsForResource(r -> r.resourceARN(arn)).tags().forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    /** The plan: what apply would create and update, and the extra alarms prune would delete. */
    public AlarmPlan plan(Profile profile, String topicOverride) {
        return plan(profile, topicOverride, List.of());
    }

    /**
     * The plan in every Region the profile involves (its own and its global tables' replica Regions), latency
     * thresholds from {@code loads} where the profile sets none. Extra alarms are found Region by Region.
     */
    public AlarmPlan plan(Profile profile, String topicOverride, List<LoadThresholds> loads) {
        List<AlarmPlan.LoadNote> notes = new ArrayList<>();
        Map<String, List<AlarmSpec>> wanted = desiredByRegion(profile, topicOverride, loads, notes);
        String name = profileName(profile);
        List<AlarmPlan> parts = new ArrayList<>();
        wanted.forEach((r, w) -> {
            Map<String, Existing> existing = existing(r);
            Map<String, AlarmSpec> specs = new LinkedHashMap<>();
            existing.forEach((n, e) -> specs.put(n, e.spec()));
            parts.add(AlarmPlan.diff(name, r, w, specs, owned(existing, name).keySet()));
        });
        return AlarmPlan.merge(parts).withFromLoad(notes);
    }

    /** Of {@code existing}, the alarms ddbr manages for {@code profile} (plan's extras, the dashboard's alarm widget). */
    Map<String, Existing> owned(Map<String, Existing> existing, String profile) {
        Map<String, Existing> out = new TreeMap<>();
        existing.forEach((n, e) -> { if (owns(e.tags(), profile)) out.put(n, e); });
        return out;
    }

    static boolean owns(Map<String, String> tags, String profile) {
        return "true".equals(tags.get(TAG_MANAGED)) && profile.equals(tags.get(TAG_PROFILE));
    }

    /** Puts every create and update of the plan, each in its Region; one failure does not stop the others. */
    public ApplyResult apply(AlarmPlan plan) {
        List<ApplyResult.Outcome> results = new ArrayList<>();
        List<Tag> tags = List.of(Tag.builder().key(TAG_MANAGED).value("true").build(),
                Tag.builder().key(TAG_PROFILE).value(plan.profile()).build());
        for (String r : plan.regions()) {
            CloudWatchClient cw = aws.cloudwatch(r);
            for (Change c : plan.in(r)) {
                if (c.action() == Action.extra) continue;
                try {
                    cw.putMetricAlarm(request(c.desired(), tags));
                    if (c.action() == Action.update) {
                        // PutMetricAlarm ignores tags for an alarm that exists
                        String arn = cw.describeAlarms(q -> q.alarmNames(c.alarm())).metricAlarms().get(0).alarmArn();
                        cw.tagResource(q -> q.resourceARN(arn).tags(tags));
                    }
                    results.add(new ApplyResult.Outcome(c.alarm(), r, c.action().name(), "applied", null));
                } catch (SdkException e) {
                    results.add(new ApplyResult.Outcome(c.alarm(), r, c.action().name(), "failed", AwsErrors.describe(e)));
                }
            }
        }
        return new ApplyResult(plan.profile(), plan.region(), plan.regions(), results, plan.summary().unchanged(),
                plan.summary().extra());
    }

    /**
     * Deletes the plan's extra alarms, Region by Region, each only if its tags, read again right before, still say
     * ddbr manages it for this profile.
     */
    public PruneResult prune(AlarmPlan plan) {
        List<PruneResult.Pruned> deleted = new ArrayList<>();
        List<PruneResult.Pruned> skipped = new ArrayList<>();
        for (String r : plan.regions()) {
            CloudWatchClient cw = aws.cloudwatch(r);
            List<String> delete = new ArrayList<>();
            try {
                for (Change c : plan.of(Action.extra, r)) {
                    List<MetricAlarm> found = cw.describeAlarms(q -> q.alarmNames(c.alarm())).metricAlarms();
                    if (found.isEmpty()) continue;
                    if (owns(tags(cw, found.get(0).alarmArn()), plan.profile())) delete.add(c.alarm());
                    else skipped.add(new PruneResult.Pruned(c.alarm(), r));
                }
                for (int i = 0; i < delete.size(); i += 100) {
                    List<String> batch = delete.subList(i, Math.min(delete.size(), i + 100));
                    cw.deleteAlarms(q -> q.alarmNames(batch));
                    batch.forEach(a -> deleted.add(new PruneResult.Pruned(a, r)));
                }
            } catch (SdkException e) {
                throw AwsErrors.translate(e, "delete CloudWatch alarms in " + r
                        + (deleted.isEmpty() ? "" : " (" + deleted.size() + " already deleted: run prune again)"));
            }
        }
        return new PruneResult(plan.profile(), plan.region(), plan.regions(), deleted, skipped);
    }

    /**
     * Every alarm (ddbr's or not) watching each of {@code tables}, with its state: in the profile's Region, then, for
     * a global table, in each live replica's Region. One DescribeAlarms scan per Region; tags read only for the
     * {@code ddbr-} alarms (whose owner is shown).
     */
    public AlarmList list(List<String> tables) {
        Map<String, List<String>> byRegion = new LinkedHashMap<>();
        byRegion.put(region, new ArrayList<>(tables));
        Map<String, List<String>> others = new TreeMap<>();
        for (String t : tables) {
            for (String r : replicaRegions(t)) others.computeIfAbsent(r, k -> new ArrayList<>()).add(t);
        }
        byRegion.putAll(others);
        List<AlarmList.TableAlarms> out = new ArrayList<>();
        byRegion.forEach((r, ts) -> out.addAll(list(r, ts)));
        return new AlarmList(region, out);
    }

    /** The Regions of the table's live replicas other than the profile's; none for a table that does not exist. */
    private List<String> replicaRegions(String table) {
        try {
            var t = aws.dynamodb(region).describeTable(q -> q.tableName(table)).table();
            if (!t.hasReplicas()) return List.of();
            return t.replicas().stream().filter(r -> r.regionName() != null && !r.regionName().equals(region)
                    && LIVE_REPLICA.contains(String.valueOf(r.replicaStatusAsString()))).map(r -> r.regionName()).toList();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return List.of();
            throw AwsErrors.translate(e, "describe table '" + table + "' in " + region);
        }
    }

    private List<AlarmList.TableAlarms> list(String r, List<String> tables) {
        CloudWatchClient cw = aws.cloudwatch(r);
        Map<String, List<AlarmList.Entry>> by = new LinkedHashMap<>();
        tables.forEach(t -> by.put(t, new ArrayList<>()));
        try {
            for (MetricAlarm a : cw.describeAlarmsPaginator(q -> q.maxRecords(100)).metricAlarms()) {
                String owner = null;
                boolean tagsRead = false;
                for (String t : tables) {
                    if (!SnapshotReader.watches(a, t)) continue;
                    if (!tagsRead && a.alarmName().startsWith(AlarmSet.PREFIX)) {
                        Map<String, String> tags = tags(cw, a.alarmArn());
                        if ("true".equals(tags.get(TAG_MANAGED))) owner = "ddbr:" + tags.getOrDefault(TAG_PROFILE, "?");
                    }
                    tagsRead = true;
                    AlarmSpec s = spec(a);
                    by.get(t).add(new AlarmList.Entry(a.alarmName(), a.stateValueAsString(),
                            s.metricName() != null ? s.metricName() : "metric math", s.summary().replace(" -> " + s.severity(), ""),
                            owner, a.stateUpdatedTimestamp()));
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list CloudWatch alarms in " + r);
        }
        List<AlarmList.TableAlarms> out = new ArrayList<>();
        by.forEach((t, l) -> out.add(new AlarmList.TableAlarms(t, r, l)));
        return out;
    }

    // ---------------------------------------------------------------- SDK mapping

    static PutMetricAlarmRequest request(AlarmSpec s, List<Tag> tags) {
        PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder()
                .alarmName(s.name()).alarmDescription(s.description()).actionsEnabled(true)
                .alarmActions(s.alarmActions())
                .evaluationPeriods(s.evaluationPeriods()).datapointsToAlarm(s.datapointsToAlarm())
                .threshold(s.threshold()).comparisonOperator(s.comparisonOperator())
                .treatMissingData(s.treatMissingData()).tags(tags);
        if (s.metricName() != null) {
            b.namespace(s.namespace()).metricName(s.metricName()).period(s.period()).dimensions(dimensions(s.dimensions()));
            if (s.extendedStatistic() != null) b.extendedStatistic(s.extendedStatistic());
            else b.statistic(s.statistic());
        } else {
            List<MetricDataQuery> q = new ArrayList<>();
            for (AlarmSpec.Query x : s.metrics()) {
                MetricDataQuery.Builder m = MetricDataQuery.builder().id(x.id()).returnData(x.returnData());
                if (x.expression() != null) {
                    m.expression(x.expression()).label(x.label());
                    if (x.period() != null) m.period(x.period()); // a Metrics Insights query
                } else m.metricStat(MetricStat.builder().period(x.period()).stat(x.stat())
                        .metric(Metric.builder().namespace(x.namespace()).metricName(x.metricName())
                                .dimensions(dimensions(x.dimensions())).build()).build());
                q.add(m.build());
            }
            b.metrics(q);
        }
        return b.build();
    }

    private static List<Dimension> dimensions(Map<String, String> d) {
        List<Dimension> out = new ArrayList<>();
        d.forEach((k, v) -> out.add(Dimension.builder().name(k).value(v).build()));
        return out;
    }

    private static Map<String, String> dims(List<Dimension> d) {
        Map<String, String> m = new TreeMap<>();
        if (d != null) d.forEach(x -> m.put(x.name(), x.value()));
        return m;
    }

    /** An existing alarm in the same shape as a wanted one, for the comparison. */
    static AlarmSpec spec(MetricAlarm a) {
        List<AlarmSpec.Query> q = new ArrayList<>();
        if (a.hasMetrics()) {
            for (MetricDataQuery m : a.metrics()) {
                MetricStat ms = m.metricStat();
                q.add(ms == null
                        ? new AlarmSpec.Query(m.id(), m.expression(), m.label(), null, null, null, m.period(), null, !Boolean.FALSE.equals(m.returnData()))
                        : new AlarmSpec.Query(m.id(), null, null, ms.metric().namespace(), ms.metric().metricName(),
                                dims(ms.metric().dimensions()), ms.period(), ms.stat(), !Boolean.FALSE.equals(m.returnData())));
            }
        }
        return new AlarmSpec(a.alarmName(), null, null, null, null, a.alarmDescription(), a.namespace(), a.metricName(),
                a.statisticAsString(), a.extendedStatistic(), dims(a.dimensions()), a.period(), q,
                a.evaluationPeriods() == null ? 0 : a.evaluationPeriods(),
                a.datapointsToAlarm() == null ? (a.evaluationPeriods() == null ? 0 : a.evaluationPeriods()) : a.datapointsToAlarm(),
                a.threshold() == null ? 0 : a.threshold(), a.comparisonOperatorAsString(), a.treatMissingData(),
                a.hasAlarmActions() ? a.alarmActions() : List.of());
    }
}
