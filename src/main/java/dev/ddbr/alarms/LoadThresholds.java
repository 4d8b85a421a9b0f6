package dev.ddbr.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import dev.ddbr.load.OpKind;
import dev.ddbr.load.ServerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency thresholds measured by {@code ddbr load run} ({@code -o json}, or {@code load merge -o json}): per
 * DynamoDB operation, the measured latency times {@link #MARGIN}, rounded up to a whole millisecond. Used by
 * {@code alarms plan|apply|prune --from-load} where the profile sets no {@code latency_ms} for the operation.
 *
 * @param source  the file, as given
 * @param table   the table the thresholds are for: {@code TABLE=} of the option, else the report's {@code table}
 * @param p99     per CloudWatch operation: the worst client-side p99 of the load operations that call it, in ms
 * @param average per CloudWatch operation: the server-side average SuccessfulRequestLatency, where the report has it
 */
public record LoadThresholds(String source, String table, Map<String, Double> p99, Map<String, Double> average) {
    /** Headroom over the measured latency: a threshold 50% above what the load test saw. */
    public static final double MARGIN = 1.5;
    /** The profile's range for latency_ms (Schema): 1 ms to 10 minutes. */
    static final int MAX_MS = 600_000;

    /**
     * What one operation's alarm uses: the measured figure, the statistic it came from, the threshold.
     *
     * @param measuredFrom {@code p99 (client)} or {@code average (server)}
     */
    public record Derived(double measuredMs, String measuredFrom, int thresholdMs) {}

    /** The threshold for one CloudWatch operation under the profile's latency statistic; null when not measured. */
    public Derived derive(String operation, String statistic) {
        Double m = null;
        String from = "p99 (client)";
        if ("average".equals(statistic) && average.containsKey(operation)) {
            m = average.get(operation);
            from = "average (server)";
        }
        if (m == null) m = p99.get(operation);
        if (m == null) return null;
        int ms = (int) Math.min(MAX_MS, Math.max(1, Math.ceil(m * MARGIN - 1e-9)));
        return new Derived(m, from, ms);
    }

    /** Parses {@code [TABLE=]REPORT.json}; a bad file is one line, exit 252. */
    public static LoadThresholds read(String option) {
        String table = null;
        String file = option;
        int eq = option.indexOf('=');
        if (eq > 0 && !option.substring(0, eq).contains("/")) {
            table = option.substring(0, eq);
            file = option.substring(eq + 1);
        }
        String hint = "pass the JSON report of 'ddbr load run -o json' or 'ddbr load merge -o json' (--from-load [TABLE=]REPORT.json)";
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(Path.of(file)));
        } catch (NoSuchFileException e) {
            throw DdbrException.invalid("load report '" + file + "' does not exist", hint);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
            throw DdbrException.invalid("load report '" + file + "' is not readable JSON: " + why, hint);
        }
        return parse(file, table, root, hint);
    }

    static LoadThresholds parse(String file, String table, JsonNode root, String hint) {
        String bad = "load report '" + file + "' ";
        if (root == null || !root.isObject() || !root.path("operations").isArray()) {
            throw DdbrException.invalid(bad + "has no 'operations' array: not a ddbr load report", hint);
        }
        if (table == null) {
            table = root.path("table").asText(null);
            if (table == null || table.isBlank()) {
                throw DdbrException.invalid(bad + "names no table", "say which table it measured: --from-load TABLE=" + file);
            }
        }
        Map<String, Double> p99 = new LinkedHashMap<>();
        JsonNode ops = root.get("operations");
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            String name = op.path("name").asText("");
            OpKind kind = OpKind.of(name);
            if (kind == null) {
                throw DdbrException.invalid(bad + "has an unknown operation '" + name + "' (operations[" + i + "].name)",
                        "expected one of " + String.join(", ", OpKind.keys()));
            }
            if (op.path("count").asLong(1) <= 0) continue;
            JsonNode v = op.path("latencyMs").path("p99");
            if (!v.isNumber() || v.asDouble() < 0 || Double.isNaN(v.asDouble())) {
                throw DdbrException.invalid(bad + "has no valid latencyMs.p99 for operation '" + name + "' (operations[" + i + "])", hint);
            }
            p99.merge(ServerMetrics.operation(kind), v.asDouble(), Math::max);
        }
        if (p99.isEmpty()) throw DdbrException.invalid(bad + "has no operation that ran", hint);
        Map<String, Double> avg = new LinkedHashMap<>();
        JsonNode server = root.path("serverSide").path("latencyMs");
        if (server.isArray()) {
            for (JsonNode s : server) {
                if (s.path("operation").isTextual() && s.path("average").isNumber() && s.path("requests").asLong(0) > 0) {
                    avg.put(s.get("operation").asText(), s.get("average").asDouble());
                }
            }
        }
        return new LoadThresholds(file, table, p99, avg);
    }
}
