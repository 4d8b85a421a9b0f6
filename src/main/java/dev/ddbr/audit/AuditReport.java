package dev.ddbr.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ddbr.output.SarifRenderable;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.AuditSettings.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@code ddbr audit} found. JSON: {@code {"findings": [...], "summary": {...}}} (docs/audit.md).
 */
public record AuditReport(List<Finding> findings, Summary summary) implements TextRenderable, SarifRenderable {

    /**
     * @param account    the AWS account audited, or null when it could not be told (no table read, STS unavailable)
     * @param region     the Region audited
     * @param tables     the tables audited, in order
     * @param principals IAM principals (roles, users, groups) evaluated, or null when IAM was not checked
     * @param counts     findings per severity, every severity present (zero included)
     * @param failOn     the threshold in effect
     * @param failed     whether a finding is at or above the threshold (exit 1)
     */
    public record Summary(String account, String region, List<String> tables, Integer principals, Map<String, Integer> counts,
                          String failOn, boolean failed) {}

    /** Build a report: findings sorted worst first, counts and verdict computed. */
    public static AuditReport of(String account, String region, List<String> tables, Integer principals, List<Finding> findings,
                                 Severity failOn) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Finding.ORDER);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Severity s : Severity.values()) counts.put(s.key(), 0);
        boolean failed = false;
        for (Finding f : sorted) {
            counts.merge(f.severity().key(), 1, Integer::sum);
            if (f.severity().atLeast(failOn)) failed = true;
        }
        return new AuditReport(List.copyOf(sorted),
                new Summary(account, region, List.copyOf(tables), principals, counts, failOn.key(), failed));
    }

    /** 0 when nothing reaches --fail-on, else 1. */
    @JsonIgnore
    public int exitCode() { return summary.failed() ? 1 : 0; }

    @Override
    public Object toSarif() { return Sarif.log(this); }

    @Override
    public void renderText(TextWriter out) {
        Style st = out.style();
        // Group by table; groups worst first, then by name; findings about no single table come last on a tie.
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) groups.computeIfAbsent(f.table() == null ? "" : f.table(), k -> new ArrayList<>()).add(f);
        List<Map.Entry<String, List<Finding>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.<Map.Entry<String, List<Finding>>, Severity>comparing(e -> e.getValue().get(0).severity())
                .thenComparing(e -> e.getKey().isEmpty() ? 1 : 0)
                .thenComparing(Map.Entry::getKey));
        boolean first = true;
        for (Map.Entry<String, List<Finding>> g : ordered) {
            if (!first) out.blank();
            first = false;
            String title = g.getKey().isEmpty() ? Character.toUpperCase(where().charAt(0)) + where().substring(1) : "Table " + g.getKey();
            out.heading(title + ": " + countsText(g.getValue()));
            for (Finding f : g.getValue()) {
                String sev = pad(f.severity().key().toUpperCase(), 8);
                String rule = f.rule() + (f.control() == null ? "" : " (" + f.control() + ")");
                out.line("  " + colour(st, f.severity(), sev) + "  " + rule + ": " + f.message());
                String indent = "  " + " ".repeat(8) + "  ";
                if (f.resource() != null && (f.table() == null || !f.resource().endsWith(":table/" + f.table()))) {
                    out.line(indent + st.dim("resource: " + f.resource()));
                }
                if (f.remediation() != null) {
                    // Several commands (and # notes) go one per line under "fix:", so the block pastes into a shell.
                    String[] lines = f.remediation().split("\n");
                    if (lines.length == 1) {
                        out.line(indent + "fix: " + lines[0]);
                    } else {
                        out.line(indent + "fix:");
                        for (String l : lines) out.line(indent + "  " + l);
                    }
                }
            }
        }
        // Tables with nothing to report are worth a line: silence should not look like "not audited".
        List<String> clean = summary.tables().stream().filter(t -> !groups.containsKey(t)).toList();
        if (!clean.isEmpty()) {
            if (!first) out.blank();
            out.line("No findings: " + String.join(", ", clean));
        }
        out.blank();
        int n = findings.size();
        String scope = summary.tables().size() + " table" + (summary.tables().size() == 1 ? "" : "s")
                + (summary.principals() == null ? "" : ", " + summary.principals() + " IAM principal"
                + (summary.principals() == 1 ? "" : "s"));
        long reaching = findings.stream().filter(f -> f.severity().atLeast(Severity.valueOf(summary.failOn().toUpperCase()))).count();
        if (summary.failed()) {
            out.verdict(Style.Tone.BAD, "FAIL: " + reaching + " of " + n + " finding" + (n == 1 ? "" : "s")
                    + " at or above " + summary.failOn() + " (" + countsText(findings) + "; audited " + scope + " in " + where() + ")");
        } else {
            out.verdict(Style.Tone.GOOD, "PASS: no finding at or above " + summary.failOn() + " ("
                    + (n == 0 ? "no findings" : countsText(findings)) + "; audited " + scope + " in " + where() + ")");
        }
    }

    /** "account 111122223333, Region us-east-1", or "Region us-east-1" when the account is unknown. */
    private String where() {
        return (summary.account() == null ? "" : "account " + summary.account() + ", ") + "Region " + summary.region();
    }

    static String countsText(List<Finding> fs) {
        Map<Severity, Long> c = fs.stream().collect(Collectors.groupingBy(Finding::severity, java.util.TreeMap::new, Collectors.counting()));
        return c.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().key()).collect(Collectors.joining(", "));
    }

    private static String colour(Style st, Severity s, String text) {
        return switch (s) {
            case CRITICAL, HIGH -> st.bad(text);
            case MEDIUM -> st.warn(text);
            case LOW, INFO -> st.dim(text);
        };
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }

    public AuditReport {
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(summary, "summary");
    }
}
