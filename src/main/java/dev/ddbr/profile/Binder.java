package dev.ddbr.profile;

import dev.ddbr.profile.Schema.Field;
import dev.ddbr.profile.Schema.ListOf;
import dev.ddbr.profile.Schema.MapOf;
import dev.ddbr.profile.Schema.Section;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns validated values into the profile records, taking defaults from {@link Schema}. */
final class Binder {
    private Binder() {}

    /** Validated values of one section, with the section's defaults behind them. */
    record V(Section schema, Map<String, Object> map) {
        private Field field(String key) {
            return schema.field(key).orElseThrow(() -> new IllegalArgumentException("not in the schema: " + key));
        }

        private Object get(String key) {
            Object v = map.get(key);
            return v != null ? v : field(key).defaultValue();
        }

        private <T> T must(String key, Class<T> type) {
            Object v = get(key);
            if (v == null) throw new IllegalStateException("no value and no default for " + key);
            return type.cast(v);
        }

        String text(String key) { return must(key, String.class); }

        int integer(String key) { return must(key, Integer.class); }

        double number(String key) { return must(key, Double.class); }

        boolean bool(String key) { return must(key, Boolean.class); }

        Optional<String> optText(String key) { return Optional.ofNullable((String) get(key)); }

        Optional<Double> optNumber(String key) { return Optional.ofNullable((Double) get(key)); }

        Optional<Integer> optInteger(String key) { return Optional.ofNullable((Integer) get(key)); }

        @SuppressWarnings("unchecked")
        List<String> texts(String key) { return map.containsKey(key) ? (List<String>) map.get(key) : List.of(); }

        /** A nested section; absent means all defaults. */
        V section(String key) { return optSection(key).orElseGet(() -> values((Section) field(key).node(), Map.of())); }

        @SuppressWarnings("unchecked")
        Optional<V> optSection(String key) {
            return Optional.ofNullable((Map<String, Object>) map.get(key)).map(m -> values((Section) field(key).node(), m));
        }

        @SuppressWarnings("unchecked")
        List<V> sections(String key) {
            Section item = (Section) ((ListOf) field(key).node()).item();
            List<Map<String, Object>> list = (List<Map<String, Object>>) map.getOrDefault(key, List.of());
            return list.stream().map(m -> values(item, m)).toList();
        }

        @SuppressWarnings("unchecked")
        Map<String, V> sectionsByKey(String key) {
            Section item = (Section) ((MapOf) field(key).node()).value();
            Map<String, V> out = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) map.getOrDefault(key, Map.of())).forEach((k, m) -> out.put(k, values(item, m)));
            return out;
        }

        /** The present values of a section of strings, in schema order. */
        Map<String, String> textMap(String key) {
            V s = section(key);
            Map<String, String> out = new LinkedHashMap<>();
            for (Field f : s.schema().fields()) s.optText(f.key()).ifPresent(v -> out.put(f.key(), v));
            return out;
        }
    }

    static V values(Section schema, Map<String, Object> map) { return new V(schema, map); }

    /** The default of a key by dotted path, e.g. {@code aws.retry.mode}; list items are stepped into. */
    static Object defaultOf(String dottedPath) {
        Schema.Node node = Schema.PROFILE;
        Field field = null;
        for (String key : dottedPath.split("\\.")) {
            if (node instanceof ListOf l) node = l.item();
            field = ((Section) node).field(key).orElseThrow(() -> new IllegalArgumentException(dottedPath));
            node = field.node();
        }
        return field == null ? null : field.defaultValue();
    }

    static Profile profile(Map<String, Object> root, Path source) {
        V v = values(Schema.PROFILE, root);
        Map<String, AlarmSettings.Overrides> alarmOverrides = new LinkedHashMap<>();
        for (V t : v.sections("tables")) {
            t.optSection("alarms").ifPresent(a -> alarmOverrides.put(t.text("name"), alarmOverrides(a)));
        }
        return new Profile(aws(v.section("aws")), v.sections("tables").stream().map(Binder::table).toList(),
                audit(v.section("audit")), new RestoreSettings(v.section("restore").integer("verify_items_max_gib")),
                alarms(v.section("alarms"), alarmOverrides), capacity(v.section("capacity"), v.optSection("capacity").isPresent()),
                athena(v.section("athena"), v.optSection("athena").isPresent()), Optional.ofNullable(source));
    }

    static AthenaSettings athena(V v, boolean declared) {
        return new AthenaSettings(v.text("workgroup"), v.text("database"), v.optText("output"), v.text("auto_threshold"), declared);
    }

    static AwsSettings aws(V v) {
        Map<String, Map<String, String>> regions = new LinkedHashMap<>();
        v.sectionsByKey("regions").forEach((region, r) -> regions.put(region, r.textMap("endpoints")));
        V retry = v.section("retry");
        return new AwsSettings(v.optText("profile"), v.optText("region"), v.optText("role_arn"), v.optText("external_id"),
                v.textMap("endpoints"), regions,
                new AwsSettings.Retry(AwsSettings.RetryMode.of(retry.text("mode")), retry.integer("max_attempts")));
    }

    static TableProfile table(V v) {
        V skew = v.section("skew");
        V pitr = v.section("pitr");
        V backup = v.section("backup");
        V verify = backup.section("verify");
        V audit = v.section("audit");
        return new TableProfile(v.text("name"),
                new TableProfile.Skew(skew.number("max_key_share"), skew.integer("top")),
                new TableProfile.Pitr(pitr.bool("required"), pitr.integer("recovery_days")),
                new TableProfile.Backup(backup.optInteger("keep_last"), backup.optInteger("max_age_days"),
                        backup.text("name_template"), backup.optText("schedule"),
                        backup.optSection("copy_to").map(c -> new TableProfile.CopyTo(
                                c.text("vault_arn"), c.optText("role_arn"), c.optText("verify_role_arn"), c.optInteger("delete_after_days"))),
                        new TableProfile.Verify(verify.bool("enabled"), verify.integer("sample_items"))),
                v.optSection("failover").map(f -> new TableProfile.Failover(f.texts("regions"),
                        f.optInteger("rpo_seconds"), f.optInteger("rto_seconds"), f.integer("app_switch_seconds"),
                        f.optSection("route53").map(r -> new TableProfile.Route53(
                                r.text("hosted_zone_id"), r.text("record_name"), r.texts("health_check_ids"))),
                        f.optText("fis_template_id"))),
                new TableProfile.Audit(audit.optInteger("min_pitr_days"), audit.optInteger("max_backup_age_hours")),
                v.optSection("backup").isPresent(), load(v.section("load")));
    }

    static Map<String, TableProfile.LoadWorkload> load(V v) {
        Map<String, TableProfile.LoadWorkload> out = new LinkedHashMap<>();
        v.sectionsByKey("workloads").forEach((name, w) -> {
            Map<String, Integer> mix = new LinkedHashMap<>();
            V m = w.section("mix");
            for (Field f : m.schema().fields()) m.optInteger(f.key()).ifPresent(n -> mix.put(f.key(), n));
            out.put(name, new TableProfile.LoadWorkload(w.optText("rate"), w.optText("duration"), w.optInteger("workers"), mix,
                    w.optText("item_size"), w.optText("keys"), w.optInteger("key_count"), w.optText("keys_from"), w.texts("slo"),
                    w.optText("index_keys")));
        });
        return out;
    }

    static AlarmSettings alarms(V v, Map<String, AlarmSettings.Overrides> tables) {
        AlarmSettings.Overrides o = alarmOverrides(v);
        return new AlarmSettings(o.topics(), o.values(), o.operations(), o.latencyMs(),
                v.text("latency_statistic"), tables);
    }

    @SuppressWarnings("unchecked")
    static AlarmSettings.Overrides alarmOverrides(V v) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String k : AlarmSettings.INTEGER_KEYS) {
            if (v.schema().field(k).isPresent()) v.optInteger(k).ifPresent(i -> values.put(k, i));
        }
        Map<String, Integer> latency = new LinkedHashMap<>((Map<String, Integer>) v.map().getOrDefault("latency_ms", Map.of()));
        return new AlarmSettings.Overrides(v.textMap("topics"), values, v.texts("operations"), latency,
                v.optText("latency_statistic"));
    }

    static CapacitySettings capacity(V v, boolean declared) {
        V prices = v.section("prices");
        Map<String, Double> p = new LinkedHashMap<>();
        for (String k : CapacitySettings.PRICE_KEYS) prices.optNumber(k).ifPresent(x -> p.put(k, x));
        return new CapacitySettings(v.number("target_utilization"), v.number("min_monthly_saving_usd"),
                v.number("min_saving_share"), v.integer("max_throttled_minutes"), p, prices.optText("source"), declared);
    }

    static AuditSettings audit(V v) {
        return new AuditSettings(v.bool("require_customer_managed_key"),
                AuditSettings.Severity.of(v.text("fail_on")), v.integer("min_pitr_days"),
                v.integer("max_backup_age_hours"), v.optText("backup_role_arn"), v.texts("vpcs"));
    }
}
