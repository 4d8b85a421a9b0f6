package dev.ddbr.alarms;

import dev.ddbr.profile.AlarmSettings;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of the profile's CloudWatch dashboard: per table, a row of graphs (consumed vs provisioned capacity,
 * throttles by reason, latency per operation, system errors, replication latency per Region), then the alarms.
 * Pure: plain maps for Jackson, in the dashboard body structure CloudWatch documents.
 */
public final class DashboardBody {
    private DashboardBody() {}

    static final int WIDTH = 24;
    static final List<String> THROTTLE_METRICS = List.of("ReadThrottleEvents", "WriteThrottleEvents",
            "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
            "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
            "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",
            "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents");
    static final List<String> DEFAULT_LATENCY_OPS = List.of("GetItem", "PutItem", "Query");

    /**
     * @param alarmArns ARNs of the alarms to show (CloudWatch's alarm widget takes at most 100)
     */
    public static Map<String, Object> build(String profile, String region, List<TableSettings> tables,
                                            AlarmSettings settings, List<String> alarmArns) {
        return build(profile, region, Map.of(region, tables), settings, Map.of(region, alarmArns));
    }

    /**
     * One dashboard for every Region the profile involves (a dashboard is global; each graph names its Region):
     * the tables of {@code region} first, then each replica Region's, each replica graphed from its own Region's
     * metrics; one alarm widget per Region.
     *
     * @param byRegion     the tables by Region, {@code region} first
     * @param arnsByRegion ARNs of the alarms to show, by Region (at most 100 per widget)
     */
    public static Map<String, Object> build(String profile, String region, Map<String, List<TableSettings>> byRegion,
                                            AlarmSettings settings, Map<String, List<String>> arnsByRegion) {
        List<Object> widgets = new ArrayList<>();
        int y = 0;
        String regions = String.join(", ", byRegion.keySet());
        widgets.add(text(0, y, WIDTH, 1, "# DynamoDB: profile " + profile + " (" + regions + "), managed by ddbr"));
        y += 1;
        for (Map.Entry<String, List<TableSettings>> in : byRegion.entrySet()) {
            String r0 = in.getKey();
            boolean home = r0.equals(region);
            for (TableSettings t : in.getValue()) {
                String label = home ? t.name() : t.name() + " in " + r0;
                AlarmSettings.Effective e = settings.forTable(t.name(), Optional.empty());
                widgets.add(text(0, y, WIDTH, 1, "## " + label + " (" + (t.isProvisioned() ? "provisioned" : "on-demand") + ")"));
                y += 1;
                widgets.add(metric(0, y, 8, 6, label + ": consumed vs provisioned (units/s)", r0, capacity(t)));
                widgets.add(metric(8, y, 8, 6, label + ": throttles by reason", r0, sums(t.name(), THROTTLE_METRICS)));
                List<String> ops = e.latencyMs().isEmpty() ? DEFAULT_LATENCY_OPS : List.copyOf(e.latencyMs().keySet());
                widgets.add(metric(16, y, 8, 6, label + ": latency per operation (" + e.latencyStatistic() + ", ms)", r0,
                        perOperation(t.name(), "SuccessfulRequestLatency", ops, "p99".equals(e.latencyStatistic()) ? "p99" : "Average")));
                y += 6;
                widgets.add(metric(0, y, 12, 6, label + ": system errors per operation", r0,
                        perOperation(t.name(), "SystemErrors", e.operations(), "Sum")));
                List<Object> repl = new ArrayList<>();
                if (t.replicas() != null) {
                    for (TableSettings.Replica r : t.replicas()) {
                        if (r.region() == null || r.region().equals(r0)) continue;
                        repl.add(List.of(AlarmSet.NAMESPACE, "ReplicationLatency", "TableName", t.name(), "ReceivingRegion", r.region(),
                                Map.of("stat", "Average", "label", "to " + r.region())));
                    }
                }
                if (!repl.isEmpty()) widgets.add(metric(12, y, 12, 6, label + ": replication latency per Region (ms)", r0, repl));
                y += 6;
            }
        }
        for (Map.Entry<String, List<String>> a : arnsByRegion.entrySet()) {
            List<String> arns = a.getValue();
            if (arns.isEmpty()) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("title", a.getKey().equals(region) ? "ddbr alarms" : "ddbr alarms in " + a.getKey());
            p.put("alarms", arns.subList(0, Math.min(100, arns.size())));
            int h = Math.max(3, Math.min(12, 2 + arns.size() / 4));
            widgets.add(widget("alarm", 0, y, WIDTH, h, p));
            y += h;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("widgets", widgets);
        return body;
    }

    static List<Object> capacity(TableSettings t) {
        List<Object> m = new ArrayList<>();
        for (String rw : List.of("Read", "Write")) {
            String id = rw.toLowerCase(java.util.Locale.ROOT).charAt(0) + "c";
            m.add(List.of(Map.of("expression", id + "/PERIOD(" + id + ")", "label", "consumed " + rw.toLowerCase(java.util.Locale.ROOT), "id", "e" + id)));
            m.add(List.of(AlarmSet.NAMESPACE, "Consumed" + rw + "CapacityUnits", "TableName", t.name(),
                    Map.of("id", id, "stat", "Sum", "visible", false)));
            if (t.isProvisioned()) {
                m.add(List.of(AlarmSet.NAMESPACE, "Provisioned" + rw + "CapacityUnits", "TableName", t.name(),
                        Map.of("stat", "Average", "label", "provisioned " + rw.toLowerCase(java.util.Locale.ROOT))));
            }
        }
        return m;
    }

    static List<Object> sums(String table, List<String> metrics) {
        List<Object> m = new ArrayList<>();
        for (String name : metrics) m.add(List.of(AlarmSet.NAMESPACE, name, "TableName", table, Map.of("stat", "Sum")));
        return m;
    }

    static List<Object> perOperation(String table, String metric, List<String> ops, String stat) {
        List<Object> m = new ArrayList<>();
        for (String op : ops) m.add(List.of(AlarmSet.NAMESPACE, metric, "TableName", table, "Operation", op, Map.of("stat", stat, "label", op)));
        return m;
    }

    static Map<String, Object> text(int x, int y, int w, int h, String markdown) {
        return widget("text", x, y, w, h, Map.of("markdown", markdown));
    }

    static Map<String, Object> metric(int x, int y, int w, int h, String title, String region, List<Object> metrics) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", title);
        p.put("region", region);
        p.put("view", "timeSeries");
        p.put("period", 60);
        p.put("metrics", metrics);
        return widget("metric", x, y, w, h, p);
    }

    static Map<String, Object> widget(String type, int x, int y, int w, int h, Map<String, Object> properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("x", x);
        m.put("y", y);
        m.put("width", w);
        m.put("height", h);
        m.put("properties", properties);
        return m;
    }
}
