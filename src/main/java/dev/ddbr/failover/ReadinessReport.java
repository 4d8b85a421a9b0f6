package dev.ddbr.failover;

import static dev.ddbr.output.TextWriter.kv;
import static dev.ddbr.output.TextWriter.row;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code ddbr failover check}. JSON field names are a documented contract (docs/failover.md).
 *
 * @param verdict READY, AT_RISK or NOT_READY
 */
public record ReadinessReport(String table, List<String> regions, Instant generatedAt, long windowSeconds,
                              List<Replica> replicas, List<Metrics.Replication> replication, Route53Info route53,
                              Estimate rpo, Estimate rto, String verdict, List<Reason> reasons,
                              List<Unavailable> unavailable) implements TextRenderable {

    public static final String READY = "READY";
    public static final String AT_RISK = "AT_RISK";
    public static final String NOT_READY = "NOT_READY";

    /**
     * One replica as ddbr sees it.
     *
     * @param replicaStatus the status the other Regions report for this replica (DescribeTable Replicas)
     * @param ceilingRead   the most read units/s it can take now (auto scaling max, provisioned, or on-demand
     *                      warm throughput / twice the previous peak)
     * @param neededRead    its own peak plus the largest peak of another Region
     * @param error         why it could not be described, if it could not
     */
    public record Replica(String region, String tableStatus, String replicaStatus, String globalTableVersion,
                          String billingMode, Long provisionedRead, Long provisionedWrite, Integer autoScalingMaxRead,
                          Integer autoScalingMaxWrite, List<String> gsis, String pitr, Boolean deletionProtection,
                          String ttl, String stream, String keyType, String keyState, Long warmRead, Long warmWrite,
                          Double peakRead, Double peakWrite, Double ceilingRead, Double ceilingWrite,
                          Double neededRead, Double neededWrite, String error) {}

    /**
     * A part of the check that could not be read. It never counts as good: a Region whose table cannot be described
     * is NOT_READY; any other unavailable part makes the verdict at least AT_RISK (a reason says so).
     *
     * @param part   table, capacity, replication, route53, or a settings-snapshot field (pitr, ttl, kms, autoScaling ...)
     * @param region the Region it belongs to (for replication: the sending Region), null for Route 53
     * @param api    the call that failed
     * @param reason why: the endpoint unreachable, the error code and message
     */
    public record Unavailable(String part, String region, String api, String reason) {}

    /** @param severity AT_RISK or NOT_READY */
    public record Reason(String severity, String region, String text) {}

    /**
     * @param seconds the estimate, or null when it is unknown (no data, or nothing configured to add up)
     * @param basis   how the estimate was reached, or why it is unknown
     */
    public record Estimate(Double seconds, Integer objectiveSeconds, String basis) {}

    public record HealthCheck(String id, Integer intervalSeconds, Integer failureThreshold, String error) {}

    public record DnsRecord(String name, String type, String setIdentifier, String failover, Long ttl,
                            String healthCheckId, boolean alias) {}

    public record Route53Info(String hostedZoneId, String recordName, List<HealthCheck> healthChecks,
                              List<DnsRecord> records, String error) {}

    public boolean ready() { return READY.equals(verdict); }

    @Override
    public void renderText(TextWriter out) {
        out.heading("Failover readiness: " + table + "  (" + String.join(", ", regions) + ")");
        List<List<String>> rows = new ArrayList<>();
        for (Replica r : replicas) {
            if (r.error() != null) {
                boolean unread = r.error().startsWith(Readiness.UNREADABLE_TABLE);
                rows.add(row(r.region(), unread ? "UNAVAILABLE" : "MISSING", "-", "-", "-", "-", "-", "-", r.error()));
                continue;
            }
            rows.add(row(r.region(), r.tableStatus() + "/" + (r.replicaStatus() == null ? "-" : r.replicaStatus()),
                    r.globalTableVersion() == null ? "none" : r.globalTableVersion(),
                    capacity(r), r.pitr(), Boolean.TRUE.equals(r.deletionProtection()) ? "on" : "off",
                    r.ttl(), keyText(r), headroom(r)));
        }
        out.table(List.of("region", "status", "version", "capacity", "pitr", "del.prot", "ttl", "kms", "read/write: ceiling vs needed (units/s)"), rows);
        if (!replication.isEmpty()) {
            out.blank();
            List<List<String>> rr = new ArrayList<>();
            for (Metrics.Replication r : replication) {
                if (r.unavailable() != null) {
                    rr.add(row(r.from() + " -> " + r.to(), "unavailable", "unavailable", "unavailable"));
                } else {
                    rr.add(row(r.from() + " -> " + r.to(), ms(r.p99Ms()), ms(r.maxMs()), num(r.pendingMax())));
                }
            }
            out.table(List.of("replication (last " + windowSeconds / 60 + "m)", "latency p99", "latency max", "pending max"), rr);
        }
        if (route53 != null) {
            out.blank();
            List<String[]> kv = new ArrayList<>();
            kv.add(kv("Route 53 record", route53.recordName() + " in " + route53.hostedZoneId()
                    + (route53.error() != null ? " (" + route53.error() + ")" : "")));
            for (DnsRecord d : route53.records()) {
                kv.add(kv("  " + d.type() + " " + (d.failover() == null ? "(no failover routing)" : d.failover()),
                        (d.alias() ? "alias" : "TTL " + d.ttl() + "s") + (d.healthCheckId() == null ? ", no health check" : ", health check " + d.healthCheckId())));
            }
            for (HealthCheck h : route53.healthChecks()) {
                kv.add(kv("  health check " + h.id(), h.error() != null ? h.error()
                        : "every " + h.intervalSeconds() + "s, " + h.failureThreshold() + " failures"));
            }
            out.keyValues(kv);
        }
        out.blank();
        List<String[]> est = new ArrayList<>();
        est.add(kv("RPO estimate", estimate(rpo)));
        est.add(kv("RTO estimate", estimate(rto)));
        out.keyValues(est);
        if (!unavailable.isEmpty()) {
            out.blank();
            out.line("Unavailable (could not be read; never counted as good):");
            for (Unavailable u : unavailable) {
                out.line("  " + (u.region() == null ? "" : u.region() + " ") + u.part() + " (" + u.api() + "): " + u.reason());
            }
        }
        out.blank();
        for (Reason r : reasons) {
            out.line((NOT_READY.equals(r.severity()) ? "  NOT READY  " : "  AT RISK    ") + (r.region() == null ? "" : r.region() + ": ") + r.text());
        }
        if (!reasons.isEmpty()) out.blank();
        Style.Tone tone = switch (verdict) {
            case READY -> Style.Tone.GOOD;
            case AT_RISK -> Style.Tone.WARN;
            default -> Style.Tone.BAD;
        };
        out.verdict(tone, verdict.replace('_', ' ') + (reasons.isEmpty() ? ": every replica can take over within the objectives"
                : ": " + reasons.size() + " reason" + (reasons.size() == 1 ? "" : "s")));
    }

    private static String capacity(Replica r) {
        if ("PAY_PER_REQUEST".equals(r.billingMode())) {
            return "on-demand" + (r.warmRead() == null ? "" : " warm " + r.warmRead() + "/" + r.warmWrite());
        }
        String s = "prov " + r.provisionedRead() + "/" + r.provisionedWrite();
        if (r.autoScalingMaxRead() != null || r.autoScalingMaxWrite() != null) {
            s += " as max " + (r.autoScalingMaxRead() == null ? "-" : r.autoScalingMaxRead()) + "/"
                    + (r.autoScalingMaxWrite() == null ? "-" : r.autoScalingMaxWrite());
        }
        return s;
    }

    private static String keyText(Replica r) {
        if (r.keyType() == null) return "-";
        String s = switch (r.keyType()) {
            case "AWS_OWNED" -> "owned";
            case "AWS_MANAGED" -> "aws-managed";
            case "CUSTOMER_MANAGED" -> "customer";
            default -> "unresolved";
        };
        return r.keyState() == null || "Enabled".equals(r.keyState()) ? s : s + " [" + r.keyState() + "]";
    }

    private String headroom(Replica r) {
        if (unavailable.stream().anyMatch(u -> u.part().equals("capacity"))) return "unavailable";
        if (r.neededRead() == null && r.neededWrite() == null) return "no CloudWatch data";
        return num(r.ceilingRead()) + " vs " + num(r.neededRead()) + " / " + num(r.ceilingWrite()) + " vs " + num(r.neededWrite());
    }

    private static String estimate(Estimate e) {
        String objective = e.objectiveSeconds() == null ? "" : ", objective " + e.objectiveSeconds() + "s";
        if (e.seconds() == null) return "unknown (" + e.basis() + objective + ")";
        String s = String.format(Locale.ROOT, "%.1fs", e.seconds());
        if (e.objectiveSeconds() != null) s += " (objective " + e.objectiveSeconds() + "s)";
        return s + ": " + e.basis();
    }

    static String ms(Double v) { return v == null ? "no data" : String.format(Locale.ROOT, "%.0fms", v); }

    static String num(Double v) {
        if (v == null) return "-";
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
