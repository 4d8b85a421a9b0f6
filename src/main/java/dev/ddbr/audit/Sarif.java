package dev.ddbr.audit;

import dev.ddbr.Version;
import dev.ddbr.profile.AuditSettings.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards. Every rule of {@link Rule} is listed in the driver (so rule
 * indexes are stable); each finding is a result whose location is the resource ARN, as an artifact URI and
 * as a logical location. {@code security-severity} follows GitHub's scale (critical 9.5, high 8.0, ...).
 */
final class Sarif {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private Sarif() {}

    static Map<String, Object> log(AuditReport report) {
        List<Object> rules = new ArrayList<>();
        for (Rule r : Rule.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("name", camel(r.id()));
            m.put("shortDescription", Map.of("text", r.title()));
            m.put("fullDescription", Map.of("text", r.title() + (r.control() == null ? "." : " (Security Hub " + r.control() + ").")));
            m.put("help", Map.of("text", "See docs/audit.md, rule " + r.id() + ", in the ddbr source tree."));
            m.put("defaultConfiguration", Map.of("level", level(r.severity())));
            Map<String, Object> props = new LinkedHashMap<>();
            List<String> tags = new ArrayList<>(List.of("dynamodb", r.id().startsWith("iam-") ? "security" : "resilience"));
            if (r.control() != null) tags.add("security-hub:" + r.control());
            props.put("tags", tags);
            props.put("security-severity", securitySeverity(r.severity()));
            m.put("properties", props);
            rules.add(m);
        }
        List<Object> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            Rule rule = byId(f.rule());
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("ruleId", f.rule());
            res.put("ruleIndex", rule.ordinal());
            res.put("level", level(f.severity()));
            String text = f.message() + (f.remediation() == null ? "" : " Fix: " + f.remediation());
            res.put("message", Map.of("text", text));
            String resource = f.resource() == null ? "dynamodb/" + report.summary().region() : f.resource();
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("physicalLocation", Map.of("artifactLocation", Map.of("uri", resource)));
            Map<String, Object> logical = new LinkedHashMap<>();
            logical.put("name", f.table() == null ? resource : f.table());
            logical.put("fullyQualifiedName", resource);
            logical.put("kind", "resource");
            loc.put("logicalLocations", List.of(logical));
            res.put("locations", List.of(loc));
            res.put("partialFingerprints", Map.of("ddbrFinding/v1", fingerprint(f)));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("severity", f.severity().key());
            if (f.control() != null) props.put("control", f.control());
            if (f.table() != null) props.put("table", f.table());
            if (f.remediation() != null) props.put("remediation", f.remediation());
            res.put("properties", props);
            results.add(res);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "ddbr");
        driver.put("semanticVersion", Version.VERSION);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("automationDetails", Map.of("id", "ddbr-audit/" + report.summary().region() + "/"));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return log;
    }

    static Rule byId(String id) {
        for (Rule r : Rule.values()) if (r.id().equals(id)) return r;
        throw new IllegalArgumentException("unknown rule " + id);
    }

    /** error for critical and high, warning for medium, note for the rest. */
    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }

    private static String camel(String id) {
        StringBuilder b = new StringBuilder();
        for (String p : id.split("-")) b.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
        return b.toString();
    }

    /**
     * Stable across runs: the rule, resource and table, not the message (which may carry figures such as a
     * backup's age); "could not evaluate" findings also need their message to be told apart.
     */
    private static String fingerprint(Finding f) {
        String key = f.rule() + "|" + f.resource() + "|" + f.table()
                + (Rule.NOT_EVALUATED.id().equals(f.rule()) ? "|" + f.message() : "");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
