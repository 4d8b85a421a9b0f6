package dev.ddbr.report;

import dev.ddbr.audit.AuditReport;
import dev.ddbr.audit.Finding;
import dev.ddbr.profile.AuditSettings.Severity;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML report of an audit: findings by severity and rule, and by table. */
final class AuditPage {
    /** Rules (or tables) drawn per chart, most findings first; all are in the tables. */
    static final int CHART_ROWS = 25;

    private AuditPage() {}

    static String render(AuditReport r, ReportMeta meta) {
        Page p = new Page("Audit: " + r.summary().tables().size() + " table(s) in " + r.summary().region(), meta);
        Map<String, Integer> counts = r.summary().counts();
        StringBuilder c = new StringBuilder();
        for (var e : counts.entrySet()) {
            if (e.getValue() > 0) c.append(c.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        }
        String v = r.findings().isEmpty() ? "no findings" : r.findings().size() + " finding(s): " + c;
        p.verdict(r.summary().failed() ? Page.Tone.BAD : r.findings().isEmpty() ? Page.Tone.OK : Page.Tone.WARN,
                (r.summary().failed() ? "FAILED" : "PASSED") + " (fail on " + r.summary().failOn() + "): " + v);
        if (!r.summary().tables().isEmpty()) p.verdictLine("Tables: " + String.join(", ", r.summary().tables()));

        if (!r.findings().isEmpty()) {
            bySeverity(p, r, "rule", Finding::rule, "Findings by rule and severity");
            bySeverity(p, r, "table", f -> f.table() == null ? "(account)" : f.table(), "Findings by table and severity");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Finding f : r.findings()) {
            rows.add(List.of(f.severity().key(), f.rule() + (f.control() == null ? "" : " (" + f.control() + ")"),
                    f.table() == null ? "" : f.table(), f.message(), f.resource() == null ? "" : f.resource(),
                    f.remediation() == null ? "" : f.remediation()));
        }
        p.table("Findings, worst first", List.of("severity", "rule", "table", "finding", "resource", "fix"), rows, null);
        return p.render();
    }

    private static void bySeverity(Page p, AuditReport r, String what, java.util.function.Function<Finding, String> key,
                                   String heading) {
        Map<String, int[]> by = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            by.computeIfAbsent(key.apply(f), k -> new int[Severity.values().length])[f.severity().ordinal()]++;
        }
        List<Map.Entry<String, int[]>> es = new ArrayList<>(by.entrySet());
        es.sort((a, b) -> {
            for (int i = 0; i < Severity.values().length; i++) {
                if (a.getValue()[i] != b.getValue()[i]) return b.getValue()[i] - a.getValue()[i];
            }
            return a.getKey().compareTo(b.getKey());
        });
        List<Map.Entry<String, int[]>> shown = es.subList(0, Math.min(CHART_ROWS, es.size()));
        List<String> cats = shown.stream().map(e -> Reports.clip(e.getKey(), 28)).toList();
        List<Charts.Bars> series = new ArrayList<>();
        for (Severity s : Severity.values()) {
            List<Integer> vals = shown.stream().map(e -> e.getValue()[s.ordinal()]).toList();
            if (vals.stream().anyMatch(x -> x > 0)) series.add(new Charts.Bars(s.key(), cats, vals, colour(s)));
        }
        Map.Entry<String, int[]> worst = es.get(0);
        int top = 0;
        while (worst.getValue()[top] == 0) top++;
        String finding = heading + ": " + es.size() + " " + what + (es.size() == 1 ? "" : "s") + "; the most severe: "
                + worst.getKey() + " (" + worst.getValue()[top] + " " + Severity.values()[top].key() + ")";
        List<String> headers = new ArrayList<>();
        headers.add(what);
        boolean[] numeric = new boolean[Severity.values().length + 1];
        for (Severity s : Severity.values()) {
            headers.add(s.key());
            numeric[s.ordinal() + 1] = true;
        }
        List<List<String>> rows = new ArrayList<>();
        for (var e : es) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (int n : e.getValue()) row.add(String.valueOf(n));
            rows.add(row);
        }
        p.chart(finding, Charts.bars(finding, what, "findings (count)", series, List.of(), true), headers, rows, numeric);
    }

    static Color colour(Severity s) {
        return switch (s) {
            case CRITICAL -> Charts.PURPLE;
            case HIGH -> Charts.RED;
            case MEDIUM -> Charts.ORANGE;
            case LOW -> Charts.YELLOW;
            case INFO -> Charts.GREY;
        };
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
