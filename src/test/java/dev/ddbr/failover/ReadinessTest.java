package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.failover.ReadinessReport.Reason;
import dev.ddbr.table.TableSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readiness rules, on hand-built snapshots and metrics. */
class ReadinessTest {
    static final String A = "eu-west-1";
    static final String B = "us-east-1";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** A mutable stand-in for a snapshot, turned into the record by {@link #build()}. */
    static final class T {
        String region;
        String status = "ACTIVE";
        String billing = "PAY_PER_REQUEST";
        TableSettings.Throughput prov;
        TableSettings.Warm warm;
        List<TableSettings.Gsi> gsis = new ArrayList<>();
        TableSettings.Pitr pitr = new TableSettings.Pitr("ENABLED", 35, null, null);
        TableSettings.Ttl ttl = new TableSettings.Ttl("ENABLED", "exp");
        TableSettings.Encryption enc = new TableSettings.Encryption("AWS_OWNED", null, null, null, "AWS", null, null);
        Boolean deletionProtection = true;
        String version = "2019.11.21";
        List<TableSettings.Replica> replicas = new ArrayList<>();
        TableSettings.AutoScaling autoScaling = new TableSettings.AutoScaling(List.of(), List.of());

        T(String region, String other, String otherStatus) {
            this.region = region;
            if (other != null) replicas.add(new TableSettings.Replica(other, otherStatus, null, "STANDARD", null, null));
        }

        TableSettings build() {
            return new TableSettings("orders", "arn:aws:dynamodb:" + region + ":111111111111:table/orders", region, status, NOW,
                    new TableSettings.KeyAttr("pk", "S"), null, billing, prov, null, warm, gsis, List.of(),
                    new TableSettings.Stream(true, "NEW_AND_OLD_IMAGES", null), ttl, pitr, enc, deletionProtection,
                    "STANDARD", version, replicas, Map.of(), 0L, 0L, autoScaling, null, null, List.of(), null, List.of());
        }
    }

    static Readiness.Inputs inputs(T a, T b, Double latencyMaxMs, Double p99Ms, Optional<Integer> rpo,
                                   Map<String, Metrics.Peak> peaks) {
        Map<String, TableSettings> snaps = new LinkedHashMap<>();
        snaps.put(A, a.build());
        snaps.put(B, b.build());
        List<Metrics.Replication> repl = List.of(new Metrics.Replication(A, B, p99Ms, latencyMaxMs, 0.0),
                new Metrics.Replication(B, A, p99Ms, latencyMaxMs, 0.0));
        return new Readiness.Inputs("orders", List.of(A, B), snaps, Map.of(), peaks, repl, null, rpo, Optional.of(300), 30,
                Duration.ofHours(1), NOW);
    }

    static ReadinessReport judge(T a, T b) {
        return Readiness.judge(inputs(a, b, 800.0, 400.0, Optional.of(5), Map.of()));
    }

    @Test
    void twoHealthyReplicasAreReady() {
        ReadinessReport r = judge(new T(A, B, "ACTIVE"), new T(B, A, "ACTIVE"));
        assertThat(r.reasons()).isEmpty();
        assertThat(r.verdict()).isEqualTo("READY");
        assertThat(r.rpo().seconds()).isEqualTo(0.8);
        assertThat(r.rto().seconds()).isEqualTo(30.0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ACTIVE, READY",
        "CREATING, AT_RISK",
        "UPDATING, AT_RISK",
        "CREATION_FAILED, NOT_READY",
        "DELETING, NOT_READY",
        "REGION_DISABLED, NOT_READY",
        "INACCESSIBLE_ENCRYPTION_CREDENTIALS, NOT_READY",
        "ARCHIVING, NOT_READY",
        "ARCHIVED, NOT_READY",
        "REPLICATION_NOT_AUTHORIZED, NOT_READY",
        "SOMETHING_NEW, AT_RISK",
    })
    void everyReplicaStatusHasAVerdict(String status, String verdict) {
        ReadinessReport r = judge(new T(A, B, status), new T(B, A, "ACTIVE"));
        assertThat(r.verdict()).isEqualTo(verdict);
        if (!"ACTIVE".equals(status)) {
            assertThat(r.reasons()).extracting(Reason::region, Reason::text).anyMatch(t -> t.toList().get(0).equals(B)
                    && t.toList().get(1).toString().contains(status));
        }
        assertThat(r.replicas().get(1).replicaStatus()).isEqualTo(status);
    }

    @Test
    void aReplicaNotListedByTheOtherIsNotReady() {
        ReadinessReport r = judge(new T(A, null, null), new T(B, A, "ACTIVE"));
        assertThat(r.verdict()).isEqualTo("NOT_READY");
        assertThat(r.reasons()).extracting(Reason::text).anyMatch(t -> t.contains("does not list " + B));
    }

    @Test
    void parityDifferencesAreAtRiskAndAMissingGsiIsNotReady() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        b.pitr = new TableSettings.Pitr("DISABLED", null, null, null);
        b.deletionProtection = false;
        b.ttl = new TableSettings.Ttl("DISABLED", null);
        ReadinessReport r = judge(a, b);
        assertThat(r.verdict()).isEqualTo("AT_RISK");
        assertThat(r.reasons()).extracting(Reason::text)
                .anyMatch(t -> t.startsWith("PITR is DISABLED"))
                .anyMatch(t -> t.startsWith("deletion protection is off"))
                .anyMatch(t -> t.startsWith("TTL is disabled"));
        a.gsis.add(new TableSettings.Gsi("by-status", new TableSettings.KeyAttr("status", "S"), null,
                new TableSettings.Projection("ALL", List.of()), "ACTIVE", null, null, null, 0L, 0L));
        assertThat(judge(a, b).verdict()).isEqualTo("NOT_READY");
    }

    @Test
    void aDisabledKeyIsNotReady() {
        T b = new T(B, A, "ACTIVE");
        b.enc = new TableSettings.Encryption("CUSTOMER_MANAGED", "KMS", "ENABLED", "arn:aws:kms:us-east-1:1:key/x", "CUSTOMER", "PendingDeletion", true);
        T a = new T(A, B, "ACTIVE");
        a.enc = new TableSettings.Encryption("CUSTOMER_MANAGED", "KMS", "ENABLED", "arn:aws:kms:eu-west-1:1:key/y", "CUSTOMER", "Enabled", true);
        ReadinessReport r = judge(a, b);
        assertThat(r.verdict()).isEqualTo("NOT_READY");
        assertThat(r.reasons()).extracting(Reason::text).anyMatch(t -> t.contains("PendingDeletion"));
    }

    @Test
    void replicationLagAgainstTheRpo() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        ReadinessReport maxOver = Readiness.judge(inputs(a, b, 9000.0, 1000.0, Optional.of(5), Map.of()));
        assertThat(maxOver.verdict()).isEqualTo("AT_RISK");
        ReadinessReport p99Over = Readiness.judge(inputs(a, b, 9000.0, 6000.0, Optional.of(5), Map.of()));
        assertThat(p99Over.verdict()).isEqualTo("NOT_READY");
        assertThat(p99Over.reasons()).extracting(Reason::text).anyMatch(t -> t.contains("exceeds rpo_seconds 5"));
        ReadinessReport noData = Readiness.judge(inputs(a, b, null, null, Optional.of(5), Map.of()));
        assertThat(noData.verdict()).isEqualTo("AT_RISK");
        assertThat(noData.rpo().seconds()).isNull();
    }

    @Test
    void onDemandReplicaMustAbsorbTheOtherRegionsPeak() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        // B peaks at 100 reads/s itself (absorbs 200 at once); A peaks at 500: B would need 600
        Map<String, Metrics.Peak> peaks = Map.of(A, new Metrics.Peak(500.0, 10.0), B, new Metrics.Peak(100.0, 10.0));
        ReadinessReport r = Readiness.judge(inputs(a, b, 500.0, 300.0, Optional.of(5), peaks));
        assertThat(r.verdict()).isEqualTo("AT_RISK");
        assertThat(r.replicas().get(1).neededRead()).isEqualTo(600.0);
        assertThat(r.replicas().get(1).ceilingRead()).isEqualTo(200.0);
        assertThat(r.reasons()).extracting(Reason::text).anyMatch(t -> t.contains("warm throughput"));
        // warm throughput raised to 1000 reads/s: fine
        b.warm = new TableSettings.Warm(1000L, 100L, "ACTIVE");
        a.warm = new TableSettings.Warm(1000L, 100L, "ACTIVE");
        assertThat(Readiness.judge(inputs(a, b, 500.0, 300.0, Optional.of(5), peaks)).verdict()).isEqualTo("READY");
    }

    @Test
    void anUnavailableCapacityIsNeverGreenAndIsListedWithItsReason() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        Map<String, Metrics.Peak> peaks = Map.of(A, Metrics.Peak.unavailable("CloudWatch endpoint unreachable: Connection refused"),
                B, new Metrics.Peak(1.0, 1.0));
        ReadinessReport r = Readiness.judge(inputs(a, b, 500.0, 300.0, Optional.of(5), peaks));
        assertThat(r.verdict()).isEqualTo("AT_RISK");
        assertThat(r.unavailable()).containsExactly(new ReadinessReport.Unavailable("capacity", A, "cloudwatch:GetMetricData",
                "CloudWatch endpoint unreachable: Connection refused"));
        // B's own peak is known, but not what A would bring: its need is unknown, not 1 unit/s
        assertThat(r.replicas().get(1).neededRead()).isNull();
        assertThat(r.reasons()).extracting(Reason::text)
                .anyMatch(t -> t.startsWith("capacity unknown: consumed capacity unavailable (CloudWatch endpoint unreachable"))
                .anyMatch(t -> t.contains("the consumed capacity of " + A + " is unavailable"));
        assertThat(render(r)).contains("Unavailable (could not be read; never counted as good):")
                .contains(A + " capacity (cloudwatch:GetMetricData): CloudWatch endpoint unreachable: Connection refused");
    }

    @Test
    void unavailableReplicationMetricsLeaveTheRpoUnknownAndAtRisk() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        Readiness.Inputs in = inputs(a, b, 500.0, 300.0, Optional.of(5), Map.of());
        List<Metrics.Replication> repl = List.of(new Metrics.Replication(A, B, null, null, null, "ThrottlingException: slow down"),
                new Metrics.Replication(B, A, null, null, null, "ThrottlingException: slow down"));
        ReadinessReport r = Readiness.judge(new Readiness.Inputs(in.table(), in.regions(), in.snapshots(), in.errors(), in.peaks(),
                repl, null, in.rpoSeconds(), Optional.empty(), 30, in.window(), NOW));
        assertThat(r.verdict()).isEqualTo("AT_RISK");
        assertThat(r.rpo().seconds()).isNull();
        assertThat(r.rpo().basis()).isEqualTo("replication metrics unavailable");
        assertThat(r.unavailable()).extracting(ReadinessReport.Unavailable::part).containsExactly("replication", "replication");
        assertThat(render(r)).contains("unavailable");
    }

    @Test
    void route53OutOfReachIsListedAsUnavailableAndAtRisk() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        Readiness.Inputs in = inputs(a, b, 500.0, 300.0, Optional.of(5), Map.of());
        ReadinessReport.Route53Info r53 = new ReadinessReport.Route53Info("Z1", "api.example.com.",
                List.of(new ReadinessReport.HealthCheck("hc1", null, null, "Unable to execute HTTP request: Connection refused")),
                List.of(), "Unable to execute HTTP request: Connection refused");
        ReadinessReport r = Readiness.judge(new Readiness.Inputs(in.table(), in.regions(), in.snapshots(), in.errors(), in.peaks(),
                in.replication(), r53, in.rpoSeconds(), Optional.empty(), 30, in.window(), NOW));
        assertThat(r.verdict()).isEqualTo("AT_RISK");
        assertThat(r.unavailable()).extracting(ReadinessReport.Unavailable::api)
                .containsExactly("route53:ListResourceRecordSets", "route53:GetHealthCheck");
    }

    @Test
    void aRegionWhoseTableCannotBeDescribedIsNotReadyAndUnavailable() {
        T a = new T(A, B, "ACTIVE");
        Map<String, TableSettings> snaps = new LinkedHashMap<>();
        snaps.put(A, a.build());
        Readiness.Inputs in = new Readiness.Inputs("orders", List.of(A, B), snaps,
                Map.of(B, Readiness.UNREADABLE_TABLE + "Unable to execute HTTP request: Connection refused"), Map.of(), List.of(), null,
                Optional.empty(), Optional.empty(), 30, Duration.ofHours(1), NOW);
        ReadinessReport r = Readiness.judge(in);
        assertThat(r.verdict()).isEqualTo("NOT_READY");
        assertThat(r.unavailable()).containsExactly(new ReadinessReport.Unavailable("table", B, "DescribeTable",
                "Unable to execute HTTP request: Connection refused"));
        assertThat(render(r)).contains("UNAVAILABLE");
    }

    @Test
    void rtoWithRoute53CountsDetectionAndTtl() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        Readiness.Inputs in = inputs(a, b, 500.0, 300.0, Optional.of(5), Map.of());
        ReadinessReport.Route53Info r53 = new ReadinessReport.Route53Info("Z1", "api.example.com.",
                List.of(new ReadinessReport.HealthCheck("hc1", 30, 3, null)),
                List.of(new ReadinessReport.DnsRecord("api.example.com.", "CNAME", "primary", "PRIMARY", 60L, "hc1", false),
                        new ReadinessReport.DnsRecord("api.example.com.", "CNAME", "secondary", "SECONDARY", 60L, null, false)), null);
        Readiness.Inputs with = new Readiness.Inputs(in.table(), in.regions(), in.snapshots(), in.errors(), in.peaks(),
                in.replication(), r53, in.rpoSeconds(), Optional.of(120), 30, in.window(), NOW);
        ReadinessReport r = Readiness.judge(with);
        assertThat(r.rto().seconds()).isEqualTo(90.0 + 60 + 30);
        assertThat(r.verdict()).isEqualTo("NOT_READY");
        assertThat(r.reasons()).extracting(Reason::text).anyMatch(t -> t.contains("exceeds rto_seconds 120"));
    }

    @Test
    void withoutRoute53OrAnAppSwitchTimeTheRtoIsUnknownNotZero() {
        T a = new T(A, B, "ACTIVE");
        T b = new T(B, A, "ACTIVE");
        Readiness.Inputs in = inputs(a, b, 500.0, 300.0, Optional.of(5), Map.of());
        Readiness.Inputs noObjective = new Readiness.Inputs(in.table(), in.regions(), in.snapshots(), in.errors(), in.peaks(),
                in.replication(), null, in.rpoSeconds(), Optional.empty(), 0, in.window(), NOW);
        ReadinessReport r = Readiness.judge(noObjective);
        assertThat(r.rto().seconds()).isNull();
        assertThat(r.rto().basis()).isEqualTo("no Route 53 health check or app switch time configured");
        assertThat(r.verdict()).isEqualTo("READY");
        String text = render(r);
        assertThat(text).contains("RTO estimate  unknown (no Route 53 health check or app switch time configured)")
                .doesNotContain("0.0s");

        // with rto_seconds set, an unknown estimate does not count as meeting it
        Readiness.Inputs withObjective = new Readiness.Inputs(in.table(), in.regions(), in.snapshots(), in.errors(), in.peaks(),
                in.replication(), null, in.rpoSeconds(), Optional.of(300), 0, in.window(), NOW);
        ReadinessReport o = Readiness.judge(withObjective);
        assertThat(o.rto().seconds()).isNull();
        assertThat(o.verdict()).isEqualTo("AT_RISK");
        assertThat(o.reasons()).extracting(Reason::text).anyMatch(t -> t.startsWith("RTO unknown") && t.contains("rto_seconds 300"));
        assertThat(render(o)).contains("unknown (no Route 53 health check or app switch time configured, objective 300s)");
    }

    static String render(ReadinessReport r) {
        java.io.StringWriter s = new java.io.StringWriter();
        r.renderText(new dev.ddbr.output.TextWriter(new java.io.PrintWriter(s), new dev.ddbr.output.Style(false)));
        return s.toString();
    }
}
