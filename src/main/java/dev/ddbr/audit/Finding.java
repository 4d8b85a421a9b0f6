package dev.ddbr.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ddbr.profile.AuditSettings.Severity;
import java.io.IOException;
import java.util.Comparator;

/**
 * One audit finding. JSON field names are a documented contract (docs/audit.md).
 *
 * @param rule        ddbr's rule id, see {@link Rule}
 * @param control     the Security Hub control id, or null
 * @param severity    critical, high, medium, low or info
 * @param resource    the ARN (or name) of what the finding is about
 * @param table       the table it is about, or null (IAM wildcard grants, DAX clusters)
 * @param message     what is wrong, one sentence or two
 * @param remediation the exact aws or ddbr command that fixes it, or null when none exists
 */
@JsonPropertyOrder({"rule", "control", "severity", "resource", "table", "message", "remediation"})
public record Finding(String rule, String control,
                      @JsonSerialize(using = SeverityKey.class) Severity severity,
                      String resource, String table, String message, String remediation) {

    public static Finding of(Rule rule, Severity severity, String resource, String table, String message, String remediation) {
        return new Finding(rule.id(), rule.control(), severity, resource, table, message, remediation);
    }

    public static Finding of(Rule rule, String resource, String table, String message, String remediation) {
        return of(rule, rule.severity(), resource, table, message, remediation);
    }

    /** An info finding: a check whose API was unavailable or denied. */
    public static Finding notEvaluated(String resource, String table, String what, String why) {
        return of(Rule.NOT_EVALUATED, resource, table, "could not evaluate " + what + ": " + why, null);
    }

    /** Worst first, then table, rule and resource: a stable order for output and golden files. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(f -> f.table() == null ? "" : f.table())
            .thenComparing(Finding::rule)
            .thenComparing(f -> f.resource() == null ? "" : f.resource())
            .thenComparing(Finding::message);

    /** Writes a severity as its lower-case key. */
    public static final class SeverityKey extends StdSerializer<Severity> {
        public SeverityKey() { super(Severity.class); }

        @Override
        public void serialize(Severity s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(s.key());
        }
    }
}
