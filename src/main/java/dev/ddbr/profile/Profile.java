package dev.ddbr.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/**
 * A validated ddbr profile. Sections the file leaves out are present with their defaults; settings
 * without a default are {@code Optional}. Nothing here is null.
 *
 * @param aws    how ddbr reaches AWS (the profile's layer of it)
 * @param tables per-table settings, in file order, names distinct
 * @param audit  profile-wide audit settings
 * @param restore profile-wide restore settings
 * @param alarms the {@code alarms} section and each table's {@code alarms} overrides
 * @param capacity capacity advice settings
 * @param athena  where 'skew export --engine athena|auto' runs its queries
 * @param source the file it was loaded from; empty for {@link #empty()} and text parsed without a file
 */
public record Profile(AwsSettings aws, List<TableProfile> tables, AuditSettings audit, RestoreSettings restore,
                      AlarmSettings alarms, CapacitySettings capacity, AthenaSettings athena, Optional<Path> source) {

    /** Without restore, alarms or capacity settings: their defaults. */
    public Profile(AwsSettings aws, List<TableProfile> tables, AuditSettings audit, Optional<Path> source) {
        this(aws, tables, audit, null, null, null, null, source);
    }

    /** Without Athena settings: their defaults. */
    public Profile(AwsSettings aws, List<TableProfile> tables, AuditSettings audit, RestoreSettings restore,
                   AlarmSettings alarms, CapacitySettings capacity, Optional<Path> source) {
        this(aws, tables, audit, restore, alarms, capacity, null, source);
    }

    public Profile {
        restore = restore == null ? RestoreSettings.DEFAULTS : restore;
        alarms = alarms == null ? Binder.alarms(Binder.values(Schema.ALARMS, Map.of()), Map.of()) : alarms;
        aws = aws == null ? AwsSettings.NONE : aws;
        tables = tables == null ? List.of() : List.copyOf(tables);
        audit = audit == null ? Binder.audit(Binder.values(Schema.AUDIT, Map.of())) : audit;
        capacity = capacity == null ? Binder.capacity(Binder.values(Schema.CAPACITY, Map.of()), false) : capacity;
        athena = athena == null ? AthenaSettings.DEFAULTS : athena;
        source = source == null ? Optional.empty() : source;
    }

    private static final Profile EMPTY = Binder.profile(Map.of(), null);

    /** No profile: every default, no tables. What commands use when no {@code -p} and no DDBR_PROFILE is given. */
    public static Profile empty() { return EMPTY; }

    /** The table's entry, if the profile lists it. */
    public Optional<TableProfile> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The table's entry, or the defaults for a table the profile does not list. */
    public TableProfile tableOrDefaults(String name) {
        return table(name).orElseGet(() -> TableProfile.defaults(name));
    }

    /** Audit settings for a table: the profile-wide ones with the table's overrides applied. */
    public AuditSettings auditFor(String table) {
        return table(table).map(t -> audit.withOverrides(t.audit())).orElse(audit);
    }

    /**
     * The effective settings, for {@code ddbr profile show}: an ordered map using the profile's own
     * snake_case keys, defaults filled in, per-table audit thresholds merged with the global ones, and
     * settings that are neither set nor defaulted left out. It is itself a valid profile. Secrets never
     * appear: a profile cannot hold any. The source path is not included; see {@link #source()}.
     */
    public Map<String, Object> toResolvedMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        aws.profile().ifPresent(v -> a.put("profile", v));
        aws.region().ifPresent(v -> a.put("region", v));
        aws.roleArn().ifPresent(v -> a.put("role_arn", v));
        aws.externalId().ifPresent(v -> a.put("external_id", v));
        if (!aws.endpoints().isEmpty()) a.put("endpoints", aws.endpoints());
        if (!aws.regionEndpoints().isEmpty()) {
            Map<String, Object> regions = new LinkedHashMap<>();
            aws.regionEndpoints().forEach((r, e) -> regions.put(r, frozen(e.isEmpty() ? Map.of() : Map.of("endpoints", e))));
            a.put("regions", frozen(regions));
        }
        a.put("retry", ordered("mode", aws.retry().mode().key(), "max_attempts", aws.retry().maxAttempts()));
        out.put("aws", frozen(a));

        List<Object> ts = new ArrayList<>();
        for (TableProfile t : tables) ts.add(resolved(t));
        out.put("tables", Collections.unmodifiableList(ts));

        Map<String, Object> au = ordered("require_customer_managed_key", audit.requireCustomerManagedKey(),
                "fail_on", audit.failOn().key(), "min_pitr_days", audit.minPitrDays(),
                "max_backup_age_hours", audit.maxBackupAgeHours());
        Map<String, Object> auditMap = new LinkedHashMap<>(au);
        audit.backupRoleArn().ifPresent(v -> auditMap.put("backup_role_arn", v));
        if (!audit.vpcs().isEmpty()) auditMap.put("vpcs", audit.vpcs());
        out.put("audit", frozen(auditMap));
        out.put("restore", ordered("verify_items_max_gib", restore.verifyItemsMaxGib()));
        out.put("alarms", alarmsMap(alarms.topics(), alarms.values(), alarms.operations(), alarms.latencyMs(),
                Optional.of(alarms.latencyStatistic())));
        if (capacity.declared()) {
            Map<String, Object> cm = new LinkedHashMap<>(ordered("target_utilization", capacity.targetUtilization(),
                    "min_monthly_saving_usd", capacity.minMonthlySavingUsd(), "min_saving_share", capacity.minSavingShare(),
                    "max_throttled_minutes", capacity.maxThrottledMinutes()));
            Map<String, Object> pm = new LinkedHashMap<>(capacity.prices());
            capacity.pricesSource().ifPresent(s -> pm.put("source", s));
            if (!pm.isEmpty()) cm.put("prices", frozen(pm));
            out.put("capacity", frozen(cm));
        }
        if (athena.declared()) {
            Map<String, Object> am = new LinkedHashMap<>(ordered("workgroup", athena.workgroup(), "database", athena.database()));
            athena.output().ifPresent(o -> am.put("output", o));
            am.put("auto_threshold", athena.autoThreshold());
            out.put("athena", frozen(am));
        }
        return frozen(out);
    }

    private Map<String, Object> resolved(TableProfile t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("skew", ordered("max_key_share", t.skew().maxKeyShare(), "top", t.skew().top()));
        m.put("pitr", ordered("required", t.pitr().required(), "recovery_days", t.pitr().recoveryDays()));
        TableProfile.Backup b = t.backup();
        Map<String, Object> bm = new LinkedHashMap<>();
        b.keepLast().ifPresent(v -> bm.put("keep_last", v));
        b.maxAgeDays().ifPresent(v -> bm.put("max_age_days", v));
        bm.put("name_template", b.nameTemplate());
        b.schedule().ifPresent(v -> bm.put("schedule", v));
        b.copyTo().ifPresent(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("vault_arn", c.vaultArn());
            c.roleArn().ifPresent(v -> cm.put("role_arn", v));
            c.verifyRoleArn().ifPresent(v -> cm.put("verify_role_arn", v));
            c.deleteAfterDays().ifPresent(v -> cm.put("delete_after_days", v));
            bm.put("copy_to", frozen(cm));
        });
        bm.put("verify", ordered("enabled", b.verify().enabled(), "sample_items", b.verify().sampleItems()));
        // only where the file has a backup: section: 'backup run' acts on those alone, and this map is itself a profile
        if (t.backupDeclared()) m.put("backup", frozen(bm));
        t.failover().ifPresent(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("regions", f.regions());
            f.rpoSeconds().ifPresent(v -> fm.put("rpo_seconds", v));
            f.rtoSeconds().ifPresent(v -> fm.put("rto_seconds", v));
            fm.put("app_switch_seconds", f.appSwitchSeconds());
            f.route53().ifPresent(r -> fm.put("route53", ordered("hosted_zone_id", r.hostedZoneId(),
                    "record_name", r.recordName(), "health_check_ids", r.healthCheckIds())));
            f.fisTemplateId().ifPresent(v -> fm.put("fis_template_id", v));
            m.put("failover", frozen(fm));
        });
        if (!t.load().isEmpty()) {
            Map<String, Object> ws = new LinkedHashMap<>();
            t.load().forEach((name, w) -> {
                Map<String, Object> wm = new LinkedHashMap<>();
                w.rate().ifPresent(x -> wm.put("rate", x));
                w.duration().ifPresent(x -> wm.put("duration", x));
                w.workers().ifPresent(x -> wm.put("workers", x));
                if (!w.mix().isEmpty()) wm.put("mix", frozen(w.mix()));
                w.itemSize().ifPresent(x -> wm.put("item_size", x));
                w.keys().ifPresent(x -> wm.put("keys", x));
                w.keyCount().ifPresent(x -> wm.put("key_count", x));
                w.keysFrom().ifPresent(x -> wm.put("keys_from", x));
                w.indexKeys().ifPresent(x -> wm.put("index_keys", x));
                if (!w.slo().isEmpty()) wm.put("slo", w.slo());
                ws.put(name, frozen(wm));
            });
            m.put("load", ordered("workloads", frozen(ws)));
        }
        AuditSettings effective = audit.withOverrides(t.audit());
        m.put("audit", ordered("min_pitr_days", effective.minPitrDays(), "max_backup_age_hours", effective.maxBackupAgeHours()));
        AlarmSettings.Overrides o = alarms.tables().get(t.name());
        if (o != null) m.put("alarms", alarmsMap(o.topics(), o.values(), o.operations(), o.latencyMs(), o.latencyStatistic()));
        return frozen(m);
    }

    /** An alarms section in schema order: only what is set (a table's overrides) or defaulted (profile-wide). */
    private static Map<String, Object> alarmsMap(Map<String, String> topics, Map<String, Integer> values, List<String> operations,
                                                 Map<String, Integer> latencyMs, Optional<String> latencyStatistic) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Schema.Field f : Schema.ALARMS.fields()) {
            String k = f.key();
            switch (k) {
                case "topics" -> {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    for (String sev : List.of("page", "ticket")) if (topics.containsKey(sev)) tm.put(sev, topics.get(sev));
                    if (!tm.isEmpty()) m.put(k, frozen(tm));
                }
                case "operations" -> { if (!operations.isEmpty()) m.put(k, operations); }
                case "latency_ms" -> { if (!latencyMs.isEmpty()) m.put(k, latencyMs); }
                case "latency_statistic" -> latencyStatistic.ifPresent(v -> m.put(k, v));
                default -> { if (values.containsKey(k)) m.put(k, values.get(k)); }
            }
        }
        return frozen(m);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return frozen(m);
    }

    /** An unmodifiable copy that keeps iteration order (unlike {@code Map.copyOf}). */
    static <K, V> Map<K, V> frozen(Map<K, V> map) {
        Map<K, V> copy = new LinkedHashMap<>();
        for (Entry<K, V> e : map.entrySet()) copy.put(e.getKey(), e.getValue());
        return Collections.unmodifiableMap(copy);
    }
}
