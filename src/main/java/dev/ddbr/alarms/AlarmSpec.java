package dev.ddbr.alarms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One CloudWatch metric alarm as ddbr wants it (or as it exists): either one metric ({@code metricName} with
 * {@code statistic} or {@code extendedStatistic}) or metric math ({@code metrics}, one of which returns data).
 *
 * @param table    the table it watches; null for account-level alarms
 * @param index    the GSI it watches, or null
 * @param check    what it checks: read-throttles, system-errors, latency-getitem, ...
 * @param severity {@code page} or {@code ticket}: which SNS topic it notifies
 */
public record AlarmSpec(String name, String table, String index, String check, String severity, String description,
                        String namespace, String metricName, String statistic, String extendedStatistic,
                        Map<String, String> dimensions, Integer period, List<Query> metrics, int evaluationPeriods,
                        int datapointsToAlarm, double threshold, String comparisonOperator, String treatMissingData,
                        List<String> alarmActions) {

    public AlarmSpec {
        dimensions = dimensions == null ? Map.of() : new TreeMap<>(dimensions);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        alarmActions = alarmActions == null ? List.of() : List.copyOf(alarmActions);
    }

    /**
     * One entry of a metric-math alarm: a metric ({@code metricName}, {@code stat}, {@code period}) or an
     * {@code expression} over the others.
     */
    public record Query(String id, String expression, String label, String namespace, String metricName,
                        Map<String, String> dimensions, Integer period, String stat, boolean returnData) {
        public Query {
            dimensions = dimensions == null ? Map.of() : new TreeMap<>(dimensions);
        }

        static Query metric(String id, String metricName, Map<String, String> dims, String stat) {
            return new Query(id, null, null, AlarmSet.NAMESPACE, metricName, dims, 60, stat, false);
        }

        static Query expression(String id, String expression, String label) {
            return new Query(id, expression, label, null, null, null, null, null, true);
        }

        /**
         * A CloudWatch Metrics Insights query ({@code SELECT ... FROM SCHEMA(...)}): an expression that reads
         * metrics itself, so it needs its own period.
         */
        static Query insights(String id, String query, String label, int period) {
            return new Query(id, query, label, null, null, null, period, null, true);
        }

        @Override public String toString() {
            String body = expression != null ? expression + (period == null ? "" : " /" + period + "s")
                    : namespace + " " + metricName + dims(dimensions) + " " + stat + "/" + period + "s";
            return id + "=" + body + (returnData ? "" : " (hidden)");
        }
    }

    /** The fields compared between the wanted and the existing alarm, as text. */
    @JsonIgnore
    public Map<String, String> comparable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("description", description == null ? "" : description);
        m.put("metric", metricName == null ? "" : namespace + " " + metricName + dims(dimensions));
        m.put("statistic", extendedStatistic != null ? extendedStatistic : statistic == null ? "" : statistic);
        m.put("period", period == null ? "" : String.valueOf(period));
        List<String> q = new ArrayList<>();
        for (Query x : metrics) q.add(x.toString());
        m.put("metrics", String.join("; ", q));
        m.put("evaluationPeriods", String.valueOf(evaluationPeriods));
        m.put("datapointsToAlarm", String.valueOf(datapointsToAlarm));
        m.put("threshold", number(threshold));
        m.put("comparisonOperator", comparisonOperator);
        m.put("treatMissingData", treatMissingData == null ? "missing" : treatMissingData);
        m.put("alarmActions", String.join(",", alarmActions));
        return m;
    }

    /** One line for a person: what fires, when, who hears. */
    public String summary() {
        String what = metricName != null ? metricName + " " + (extendedStatistic != null ? extendedStatistic : statistic)
                : metrics.stream().filter(Query::returnData).map(Query::expression).findFirst().orElse("?");
        int p = period != null ? period : metrics.stream().filter(x -> x.period() != null).map(Query::period).findFirst().orElse(60);
        return what + " " + symbol(comparisonOperator) + " " + number(threshold) + ", " + datapointsToAlarm + " of "
                + evaluationPeriods + " x " + p + "s -> " + severity;
    }

    static String symbol(String op) {
        return switch (op == null ? "" : op) {
            case "GreaterThanThreshold" -> ">";
            case "GreaterThanOrEqualToThreshold" -> ">=";
            case "LessThanThreshold" -> "<";
            case "LessThanOrEqualToThreshold" -> "<=";
            default -> String.valueOf(op);
        };
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String dims(Map<String, String> d) {
        if (d.isEmpty()) return "";
        StringBuilder b = new StringBuilder("{");
        d.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }
}
