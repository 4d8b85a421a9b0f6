package dev.ddbr.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Gsi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares the settings snapshots of a source and its restored table, field by field, with the table's own
 * name and ARN rewritten. What a restore is meant to change (name, ARN, creation time, item counts, stream ARN,
 * the PITR window, ddbr's own tags) is not drift. A field that could not be read on either side is listed as
 * unverified rather than guessed.
 */
public final class Drift {
    public record Result(List<DriftItem> items, List<String> unverified) {}

    private Drift() {}

    public static Result compare(TableSettings src, TableSettings tgt) {
        List<DriftItem> d = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        String s = src.name();
        String t = tgt.name();
        eq(d, "billingMode", src.billingMode(), tgt.billingMode());
        eq(d, "provisionedThroughput", src.provisionedThroughput(), tgt.provisionedThroughput());
        eq(d, "onDemandThroughput", src.onDemandThroughput(), tgt.onDemandThroughput());
        eq(d, "partitionKey", src.partitionKey(), tgt.partitionKey());
        eq(d, "sortKey", src.sortKey(), tgt.sortKey());
        Map<String, String> sg = gsis(src.globalSecondaryIndexes());
        Map<String, String> tg = gsis(tgt.globalSecondaryIndexes());
        for (String n : union(sg.keySet(), tg.keySet())) eq(d, "globalSecondaryIndexes." + n, sg.get(n), tg.get(n));
        Map<String, String> sl = new TreeMap<>();
        src.localSecondaryIndexes().forEach(l -> sl.put(l.name(), l.sortKey() + " " + l.projection()));
        Map<String, String> tl = new TreeMap<>();
        tgt.localSecondaryIndexes().forEach(l -> tl.put(l.name(), l.sortKey() + " " + l.projection()));
        for (String n : union(sl.keySet(), tl.keySet())) eq(d, "localSecondaryIndexes." + n, sl.get(n), tl.get(n));
        eq(d, "stream", stream(src.stream()), stream(tgt.stream()));
        if (both(src, tgt, "ttl", unverified)) {
            eq(d, "ttl", ttl(src.ttl()), ttl(tgt.ttl()));
        }
        boolean enabling = tgt.pointInTimeRecovery() != null && "ENABLING".equals(tgt.pointInTimeRecovery().status())
                && "ENABLED".equals(pitrOn(src.pointInTimeRecovery()));
        if (enabling && src.isAvailable("pointInTimeRecovery")) {
            // on its way, not off: neither drift nor a failed fix-up
            unverified.add("pointInTimeRecovery (still ENABLING on '" + t + "'; 'ddbr pitr status " + t + "' shows when it is ENABLED)");
        } else if (both(src, tgt, "pointInTimeRecovery", unverified)) {
            eq(d, "pointInTimeRecovery.status", pitrOn(src.pointInTimeRecovery()), pitrOn(tgt.pointInTimeRecovery()));
            if ("ENABLED".equals(pitrOn(src.pointInTimeRecovery()))) {
                eq(d, "pointInTimeRecovery.recoveryPeriodDays", src.pointInTimeRecovery().recoveryPeriodDays(),
                        tgt.pointInTimeRecovery() == null ? null : tgt.pointInTimeRecovery().recoveryPeriodDays());
            }
        }
        eq(d, "encryption.keyType", keyType(src.encryption()), keyType(tgt.encryption()));
        eq(d, "encryption.kmsKeyArn", src.encryption() == null ? null : src.encryption().kmsKeyArn(),
                tgt.encryption() == null ? null : tgt.encryption().kmsKeyArn());
        eq(d, "deletionProtection", src.deletionProtection(), tgt.deletionProtection());
        eq(d, "tableClass", src.tableClass(), tgt.tableClass());
        if (src.warmThroughput() != null) {
            TableSettings.Warm w = tgt.warmThroughput();
            boolean lower = w == null || less(w.readUnitsPerSecond(), src.warmThroughput().readUnitsPerSecond())
                    || less(w.writeUnitsPerSecond(), src.warmThroughput().writeUnitsPerSecond());
            if (lower) d.add(new DriftItem("warmThroughput", warm(src.warmThroughput()), warm(w)));
        }
        if (both(src, tgt, "tags", unverified)) {
            Map<String, String> st = userTags(src.tags());
            Map<String, String> tt = userTags(tgt.tags());
            for (String k : union(st.keySet(), tt.keySet())) eq(d, "tags." + k, st.get(k), tt.get(k));
        }
        if (both(src, tgt, "autoScaling", unverified)) {
            Set<String> sa = new java.util.TreeSet<>();
            src.autoScaling().targets().forEach(x -> sa.add(RestorePlanner.rewriteResource(x.resourceId(), s, t) + " "
                    + x.dimension() + " " + x.minCapacity() + "-" + x.maxCapacity()));
            Set<String> ta = new java.util.TreeSet<>();
            tgt.autoScaling().targets().forEach(x -> ta.add(x.resourceId() + " " + x.dimension() + " " + x.minCapacity() + "-" + x.maxCapacity()));
            setEq(d, "autoScaling.targets", sa, ta);
            Set<String> sp = new java.util.TreeSet<>();
            src.autoScaling().policies().forEach(x -> sp.add(policy(x, RestorePlanner.rewriteResource(x.resourceId(), s, t),
                    RestorePlanner.rewritePolicyName(x.name(), s, t))));
            Set<String> tp = new java.util.TreeSet<>();
            tgt.autoScaling().policies().forEach(x -> tp.add(policy(x, x.resourceId(), x.name())));
            setEq(d, "autoScaling.policies", sp, tp);
        }
        if (both(src, tgt, "contributorInsights", unverified)) {
            eq(d, "contributorInsights", on(src.contributorInsights()), on(tgt.contributorInsights()));
            if (RestorePlanner.isOn(src.contributorInsights()) && src.contributorInsightsMode() != null && tgt.contributorInsightsMode() != null) {
                eq(d, "contributorInsights.mode", src.contributorInsightsMode(), tgt.contributorInsightsMode());
            }
            if (src.indexContributorInsights() != null && tgt.indexContributorInsights() != null) {
                Map<String, TableSettings.IndexInsights> si = new TreeMap<>();
                src.indexContributorInsights().forEach(i -> si.put(i.indexName(), i));
                Map<String, TableSettings.IndexInsights> ti = new TreeMap<>();
                tgt.indexContributorInsights().forEach(i -> ti.put(i.indexName(), i));
                for (String n : union(si.keySet(), ti.keySet())) {
                    TableSettings.IndexInsights a = si.get(n);
                    TableSettings.IndexInsights b = ti.get(n);
                    eq(d, "contributorInsights." + n, on(a == null ? null : a.status()), on(b == null ? null : b.status()));
                    if (a != null && b != null && RestorePlanner.isOn(a.status()) && a.mode() != null && b.mode() != null) {
                        eq(d, "contributorInsights." + n + ".mode", a.mode(), b.mode());
                    }
                }
            }
        }
        if (both(src, tgt, "resourcePolicy", unverified) && src.resourcePolicy() != null) {
            String missing = missingStatements(src.resourcePolicy().policy().replace(src.arn(), tgt.arn()),
                    tgt.resourcePolicy() == null ? null : tgt.resourcePolicy().policy());
            if (missing != null) d.add(new DriftItem("resourcePolicy", "statements " + missing, "missing on the target"));
        }
        if (both(src, tgt, "kinesisDestinations", unverified)) {
            setEq(d, "kinesisDestinations", new HashSet<>(RestorePlanner.activeKinesis(src)), new HashSet<>(RestorePlanner.activeKinesis(tgt)));
        }
        if (src.alarms() != null || tgt.alarms() != null) {
            if (src.alarms() == null || tgt.alarms() == null) {
                unverified.add("alarms");
            } else {
                alarms(d, src, tgt);
            }
        }
        return new Result(List.copyOf(d), List.copyOf(unverified));
    }

    /**
     * Each source alarm (as its copy should be) against the target's alarm of that name, field by field; an alarm
     * only on one side is one item. Alarm tags are compared when both sides could be read.
     */
    private static void alarms(List<DriftItem> d, TableSettings src, TableSettings tgt) {
        Map<String, TableSettings.Alarm> want = new TreeMap<>();
        for (TableSettings.Alarm a : RestorePlanner.alarms(src)) {
            TableSettings.Alarm c = RestorePlanner.copyOf(a, src.name(), tgt.name());
            want.put(c.name(), c);
        }
        Map<String, TableSettings.Alarm> have = new TreeMap<>();
        for (TableSettings.Alarm a : RestorePlanner.alarms(tgt)) have.put(a.name(), a);
        for (String n : union(want.keySet(), have.keySet())) {
            TableSettings.Alarm w = want.get(n);
            TableSettings.Alarm h = have.get(n);
            if (w == null || h == null) {
                d.add(new DriftItem("alarms." + n, w == null ? null : "present", h == null ? null : "present"));
                continue;
            }
            Map<String, Object> wf = RestorePlanner.alarmFields(w);
            Map<String, Object> hf = RestorePlanner.alarmFields(h);
            for (String f : wf.keySet()) eq(d, "alarms." + n + "." + f, wf.get(f), hf.get(f));
            if (w.tags() != null && h.tags() != null) eq(d, "alarms." + n + ".tags", new TreeMap<>(w.tags()), new TreeMap<>(h.tags()));
        }
    }

    private static boolean both(TableSettings a, TableSettings b, String field, List<String> unverified) {
        if (a.isAvailable(field) && b.isAvailable(field)) return true;
        unverified.add(field);
        return false;
    }

    private static void eq(List<DriftItem> d, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) d.add(new DriftItem(field, show(a), show(b)));
    }

    /** A snapshot value for people: capacity as "5 RCU / 5 WCU", never a Java record's toString. */
    public static String show(Object v) {
        if (v == null) return null;
        if (v instanceof TableSettings.Throughput t) return t.readCapacityUnits() + " RCU / " + t.writeCapacityUnits() + " WCU";
        if (v instanceof TableSettings.OnDemand o) {
            return "max " + (o.maxReadRequestUnits() == null ? "unlimited" : o.maxReadRequestUnits()) + " RRU / max "
                    + (o.maxWriteRequestUnits() == null ? "unlimited" : o.maxWriteRequestUnits()) + " WRU";
        }
        return v.toString();
    }

    /** The drift fields each fix-up is responsible for. */
    static boolean covers(String fixUp, String field) {
        return switch (fixUp) {
            case "tags" -> field.startsWith("tags.");
            case "billingMode" -> field.equals("billingMode") || field.equals("provisionedThroughput")
                    || field.equals("onDemandThroughput");
            case "stream" -> field.equals("stream");
            case "ttl" -> field.equals("ttl");
            case "pitr" -> field.startsWith("pointInTimeRecovery.");
            case "deletionProtection", "tableClass", "warmThroughput", "resourcePolicy",
                 "kinesisDestinations" -> field.equals(fixUp);
            case "alarms", "contributorInsights" -> field.equals(fixUp) || field.startsWith(fixUp + ".");
            case "encryption" -> field.startsWith("encryption.");
            case "autoScalingTargets" -> field.equals("autoScaling.targets");
            case "autoScalingPolicies" -> field.equals("autoScaling.policies");
            default -> false;
        };
    }

    /**
     * A fix-up's status checked against the target's snapshot read afterwards: an APPLIED (or "kept by the restore")
     * setting that the drift check still finds different is FAILED, "requested, but the table still shows ...", so
     * the report's exit 1 is explained by the fix-up table too.
     */
    public static FixUpResult verify(FixUpResult r, List<DriftItem> drift) {
        boolean claimed = FixUpResult.APPLIED.equals(r.status())
                || (FixUpResult.SKIPPED.equals(r.status()) && r.detail() != null && r.detail().startsWith("kept by the restore"));
        if (!claimed) return r;
        List<String> still = drift.stream().filter(i -> covers(r.name(), i.field()))
                .map(i -> i.field() + " " + (i.target() == null ? "(none)" : i.target()) + " (source: "
                        + (i.source() == null ? "(none)" : i.source()) + ")")
                .toList();
        if (still.isEmpty()) return r;
        return FixUpResult.failed(r.name(), "requested, but the table still shows " + String.join("; ", still)
                + " [" + r.detail() + "]");
    }

    private static void setEq(List<DriftItem> d, String field, Set<String> a, Set<String> b) {
        Set<String> missing = new java.util.TreeSet<>(a);
        missing.removeAll(b);
        Set<String> extra = new java.util.TreeSet<>(b);
        extra.removeAll(a);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            d.add(new DriftItem(field, missing.isEmpty() ? null : "only on source: " + String.join("; ", missing),
                    extra.isEmpty() ? null : "only on target: " + String.join("; ", extra)));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static Map<String, String> gsis(List<Gsi> list) {
        Map<String, String> m = new TreeMap<>();
        for (Gsi g : list) m.put(g.name(), RestorePlanner.describeGsi(g));
        return m;
    }

    private static String stream(TableSettings.Stream s) {
        return s == null || !s.enabled() ? "off" : s.viewType();
    }

    private static String ttl(TableSettings.Ttl t) {
        if (t == null) return "off";
        return "ENABLED".equals(t.status()) || "ENABLING".equals(t.status()) ? "on (" + t.attributeName() + ")" : "off";
    }

    private static String pitrOn(TableSettings.Pitr p) {
        return p != null && p.enabled() ? "ENABLED" : "DISABLED";
    }

    private static String on(String status) {
        return "ENABLED".equals(status) || "ENABLING".equals(status) ? "ENABLED" : "DISABLED";
    }

    private static String keyType(TableSettings.Encryption e) {
        return e == null ? "AWS_OWNED" : e.keyType();
    }

    private static boolean less(Long have, Long want) {
        return want != null && (have == null || have < want);
    }

    private static String warm(TableSettings.Warm w) {
        return w == null ? null : "read " + w.readUnitsPerSecond() + "/s write " + w.writeUnitsPerSecond() + "/s";
    }

    private static Map<String, String> userTags(Map<String, String> tags) {
        Map<String, String> m = new TreeMap<>();
        if (tags != null) tags.forEach((k, v) -> { if (!k.startsWith(RestorePlanner.TAG_PREFIX) && !k.startsWith("aws:")) m.put(k, v); });
        return m;
    }

    private static String policy(TableSettings.ScalingPolicy p, String resource, String name) {
        return name + " " + resource + " " + p.dimension() + " " + p.policyType() + " " + p.targetValue() + " " + p.predefinedMetric();
    }

    /** The Sids (or the count) of source statements not in the target's policy; null when all are there. */
    static String missingStatements(String want, String have) {
        try {
            JsonNode w = Journal.MAPPER.readTree(want);
            JsonNode h = have == null ? null : Journal.MAPPER.readTree(have);
            List<String> missing = new ArrayList<>();
            JsonNode ws = w.get("Statement");
            List<JsonNode> wl = new ArrayList<>();
            if (ws != null && ws.isArray()) ws.forEach(wl::add); else if (ws != null) wl.add(ws);
            List<JsonNode> hl = new ArrayList<>();
            JsonNode hs = h == null ? null : h.get("Statement");
            if (hs != null && hs.isArray()) hs.forEach(hl::add); else if (hs != null) hl.add(hs);
            int i = 0;
            for (JsonNode st : wl) {
                i++;
                if (!hl.contains(st)) missing.add(st.has("Sid") ? st.get("Sid").asText() : "#" + i);
            }
            return missing.isEmpty() ? null : String.join(", ", missing);
        } catch (java.io.IOException e) {
            return "(unparseable policy)";
        }
    }
}
