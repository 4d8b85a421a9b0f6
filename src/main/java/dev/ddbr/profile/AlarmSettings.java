package dev.ddbr.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile's {@code alarms} section (profile-wide, defaults filled in) and each table's overrides.
 * {@link #forTable(String, Optional)} merges them into the values one table's alarms use.
 *
 * @param topics    SNS topic ARN by severity ({@code page}, {@code ticket}), profile-wide
 * @param values    the profile-wide integer thresholds by profile key, defaults filled in
 * @param operations profile-wide operations for SystemErrors; empty means the default set
 * @param latencyMs profile-wide latency thresholds by operation
 * @param latencyStatistic {@code p99} or {@code average}
 * @param tables    per-table overrides by table name (only tables whose entry has an {@code alarms} section)
 */
public record AlarmSettings(Map<String, String> topics, Map<String, Integer> values, List<String> operations,
                            Map<String, Integer> latencyMs, String latencyStatistic, Map<String, Overrides> tables) {

    public AlarmSettings {
        topics = Map.copyOf(topics);
        values = Map.copyOf(values);
        operations = List.copyOf(operations);
        latencyMs = Profile.frozen(latencyMs);
        tables = Profile.frozen(tables);
    }

    /** A table's {@code alarms} section: only what it sets. */
    public record Overrides(Map<String, String> topics, Map<String, Integer> values, List<String> operations,
                            Map<String, Integer> latencyMs, Optional<String> latencyStatistic) {
        public static final Overrides NONE = new Overrides(Map.of(), Map.of(), List.of(), Map.of(), Optional.empty());

        public Overrides {
            topics = Map.copyOf(topics);
            values = Map.copyOf(values);
            operations = List.copyOf(operations);
            latencyMs = Profile.frozen(latencyMs);
            latencyStatistic = latencyStatistic == null ? Optional.empty() : latencyStatistic;
        }
    }

    /**
     * The settings one table's alarms use: the table's overrides over the profile-wide values.
     *
     * @param rpoSeconds the table's {@code failover.rpo_seconds}, the default replication-latency threshold
     */
    public Effective forTable(String table, Optional<Integer> rpoSeconds) {
        Overrides o = tables.getOrDefault(table, Overrides.NONE);
        Map<String, String> t = new LinkedHashMap<>(topics);
        t.putAll(o.topics());
        Map<String, Integer> v = new LinkedHashMap<>(values);
        v.putAll(o.values());
        if (!v.containsKey("replication_latency_seconds")) v.put("replication_latency_seconds", rpoSeconds.orElse(180));
        Map<String, Integer> lat = new LinkedHashMap<>(latencyMs);
        lat.putAll(o.latencyMs());
        List<String> ops = !o.operations().isEmpty() ? o.operations() : operations;
        return new Effective(t, v, ops.isEmpty() ? DEFAULT_OPERATIONS : ops, lat,
                o.latencyStatistic().orElse(latencyStatistic));
    }

    /** The profile-wide settings alone (account-level alarms). */
    public Effective global() {
        Map<String, Integer> v = new LinkedHashMap<>(values);
        v.putIfAbsent("replication_latency_seconds", 180);
        return new Effective(topics, v, operations.isEmpty() ? DEFAULT_OPERATIONS : operations, latencyMs, latencyStatistic);
    }

    /** SystemErrors covers these when the profile names no operations. */
    public static final List<String> DEFAULT_OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");

    /** Merged settings for one table. */
    public record Effective(Map<String, String> topics, Map<String, Integer> values, List<String> operations,
                            Map<String, Integer> latencyMs, String latencyStatistic) {
        public int value(String key) {
            Integer v = values.get(key);
            if (v == null) throw new IllegalArgumentException("no alarms value " + key);
            return v;
        }

        public Optional<String> topic(String severity) { return Optional.ofNullable(topics.get(severity)); }
    }

    /** The integer keys of the section. */
    static final List<String> INTEGER_KEYS = List.of("throttle_events", "key_range_throttle_events", "system_errors",
            "utilization_percent", "on_demand_percent", "account_utilization_percent", "replication_latency_seconds",
            "kinesis_age_seconds");
}
