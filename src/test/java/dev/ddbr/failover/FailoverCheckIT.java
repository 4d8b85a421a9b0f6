package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeGlobalTable;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * {@code ddbr failover check}: replicas from {@link FakeGlobalTable} (DescribeTable with Replicas),
 * CloudWatch metrics and Route 53 records seeded in moto, through the real SDK.
 */
@EmulatorTest
class FailoverCheckIT {
    static final String A = "us-east-1";
    static final String B = "us-west-2";
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @TempDir
    Path home;

    FakeGlobalTable fake;
    String table;

    @BeforeEach
    void setUp(LocalAws aws) {
        fake = FakeGlobalTable.start(aws, A, B);
        table = LocalAws.uniqueName("gtc");
        for (String r : new String[] {A, B}) {
            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(fake.backend(r))).region(Region.of(r))
                    .credentialsProvider(CREDS).build()) {
                ddb.createTable(c -> c.tableName(table)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
                FailoverDrillIT.waitUntil(() -> "ACTIVE".equals(ddb.describeTable(d -> d.tableName(table)).table().tableStatusAsString()));
            }
            fake.pitr(table, r, true);
        }
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    CloudWatchClient cw(LocalAws aws, String region) {
        return CloudWatchClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.of(region)).credentialsProvider(CREDS).build();
    }

    /** Consumed capacity (Sum per minute) in each Region, and replication latency both ways. */
    void seedMetrics(LocalAws aws, double latencyMs) {
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES);
        for (String r : new String[] {A, B}) {
            String other = r.equals(A) ? B : A;
            try (CloudWatchClient cw = cw(aws, r)) {
                cw.putMetricData(p -> p.namespace("AWS/DynamoDB").metricData(
                        m -> m.metricName("ConsumedReadCapacityUnits").dimensions(d -> d.name("TableName").value(table))
                                .timestamp(at).value(600.0).unit(StandardUnit.COUNT),
                        m -> m.metricName("ConsumedWriteCapacityUnits").dimensions(d -> d.name("TableName").value(table))
                                .timestamp(at).value(120.0).unit(StandardUnit.COUNT),
                        m -> m.metricName("ReplicationLatency").dimensions(d -> d.name("TableName").value(table),
                                        d -> d.name("ReceivingRegion").value(other))
                                .timestamp(at).value(latencyMs).unit(StandardUnit.MILLISECONDS),
                        m -> m.metricName("PendingReplicationCount").dimensions(d -> d.name("TableName").value(table),
                                        d -> d.name("ReceivingRegion").value(other))
                                .timestamp(at).value(3.0).unit(StandardUnit.COUNT)));
            }
        }
    }

    /** A failover CNAME pair with a health check: returns the zone id and the health check id. */
    String[] seedRoute53(LocalAws aws, String record) {
        try (Route53Client r53 = Route53Client.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(CREDS).build()) {
            String zone = r53.createHostedZone(z -> z.name(record.substring(record.indexOf('.') + 1)).callerReference(LocalAws.uniqueName("ref")))
                    .hostedZone().id().replaceFirst("^/hostedzone/", "");
            String hc = r53.createHealthCheck(h -> h.callerReference(LocalAws.uniqueName("hc")).healthCheckConfig(c -> c
                    .type("HTTPS").fullyQualifiedDomainName("primary." + record).port(443).resourcePath("/health")
                    .requestInterval(10).failureThreshold(3))).healthCheck().id();
            r53.changeResourceRecordSets(c -> c.hostedZoneId(zone).changeBatch(b -> b.changes(
                    ch -> ch.action("CREATE").resourceRecordSet(rr -> rr.name(record).type(RRType.CNAME).setIdentifier("primary")
                            .failover("PRIMARY").ttl(60L).healthCheckId(hc).resourceRecords(v -> v.value("primary." + record))),
                    ch -> ch.action("CREATE").resourceRecordSet(rr -> rr.name(record).type(RRType.CNAME).setIdentifier("secondary")
                            .failover("SECONDARY").ttl(60L).resourceRecords(v -> v.value("secondary." + record))))));
            return new String[] {zone, hc};
        }
    }

    Path profile(LocalAws aws, String route53) throws Exception {
        Path p = home.resolve("check.yaml");
        Files.writeString(p, String.join("\n",
                "aws:",
                "  region: " + A,
                "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                fake.regionsYaml(),
                "tables:",
                "  - name: " + table,
                "    failover:",
                "      regions: [" + A + ", " + B + "]",
                "      rpo_seconds: 5",
                "      rto_seconds: 300",
                "      app_switch_seconds: 10",
                route53 == null ? "" : route53,
                ""));
        return p;
    }

    /** Only where the endpoints are: no failover settings, no Route 53, no app switch time. */
    Path endpointsOnly(LocalAws aws) throws Exception {
        Path p = home.resolve("endpoints.yaml");
        Files.writeString(p, String.join("\n",
                "aws:",
                "  region: " + A,
                "  retry: {max_attempts: 2}",
                "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                fake.regionsYaml(),
                ""));
        return p;
    }

    @Test
    void withoutRoute53OrAnAppSwitchTimeTheRtoIsUnknown(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        Path p = endpointsOnly(aws);
        Cli.Result r = cli().run("-p", p.toString(), "failover", "check", table);
        assertThat(r.out()).as(r.toString()).contains("RTO estimate  unknown (no Route 53 health check or app switch time configured)")
                .doesNotContain("0.0s");
        Path page = home.resolve("check.html");
        Cli.Result j = cli().run("-p", p.toString(), "failover", "check", table, "-o", "json", "--report", page.toString());
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.at("/rto/seconds").isNull()).as(j.toString()).isTrue();
        // --report: the verdict and the parts; stdout is still the JSON alone
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("Failover readiness: " + table,
                n.get("verdict").asText(), "no Route 53 health check or app switch time configured", "Replicas");
        assertThat(n.at("/rto/basis").asText()).isEqualTo("no Route 53 health check or app switch time configured");
    }

    @Test
    void aTableMissingInEveryRegionIsOneLineExit254(LocalAws aws) throws Exception {
        Cli.Result r = cli().run("-p", endpointsOnly(aws).toString(), "failover", "check", "nosuch", "--regions", A + "," + B);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("ddbr: error: table 'nosuch' not found in " + A + ", " + B + " (hint: check the name "
                + "and the Regions (--regions, failover.regions); 'ddbr table list' shows the tables there)");
        Cli.Result noFlag = cli().run("-p", endpointsOnly(aws).toString(), "failover", "check", "nosuch");
        assertThat(noFlag.exitCode()).as(noFlag.toString()).isEqualTo(254);
        assertThat(noFlag.out()).isEmpty();
        assertThat(noFlag.err().strip().lines()).hasSize(1);
    }

    @Test
    void aRegionNameThatIsNotOneIsABadValueWithoutRetries(LocalAws aws) throws Exception {
        Cli.Result r = cli().run("-p", endpointsOnly(aws).toString(), "failover", "check", table, "--regions", "mars-1," + A);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("ddbr: error: --regions: 'mars-1' is not a Region name "
                + "(hint: use names such as eu-west-1, us-east-1 or us-gov-west-1)");
        Cli.Result drill = cli().run("-p", endpointsOnly(aws).toString(), "failover", "drill", table, "--from", A, "--to", "Mars-1", "--dry-run");
        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(252);
        assertThat(drill.err()).contains("--to: 'Mars-1' is not a Region name");
    }

    Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
    }

    @Test
    void healthyPairWithMetricsAndDnsIsReady(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        String record = LocalAws.uniqueName("api") + ".example.com";
        String[] ids = seedRoute53(aws, record);
        Path p = profile(aws, "      route53: {hosted_zone_id: " + ids[0] + ", record_name: " + record + ", health_check_ids: [" + ids[1] + "]}");
        Cli.Result r = cli().run("-p", p.toString(), "failover", "check", table);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("READY").contains(A).contains(B).contains("ACTIVE/ACTIVE").contains("2019.11.21");
        Cli.Result j = cli().run("-p", p.toString(), "failover", "check", table, "-o", "json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("verdict").asText()).isEqualTo("READY");
        assertThat(n.at("/rpo/seconds").asDouble()).isEqualTo(0.25);
        // detection 10s x 3 + TTL 60s + app switch 10s
        assertThat(n.at("/rto/seconds").asDouble()).isEqualTo(100.0);
        // 600 read units per minute = 10/s in each Region: each needs 20, on-demand absorbs twice its peak
        assertThat(n.at("/replicas/1/peakRead").asDouble()).isEqualTo(10.0);
        assertThat(n.at("/replicas/1/neededRead").asDouble()).isEqualTo(20.0);
        assertThat(n.at("/replication/0/pendingMax").asDouble()).isEqualTo(3.0);
        assertThat(n.at("/route53/healthChecks/0/intervalSeconds").asInt()).isEqualTo(10);
    }

    @Test
    void anInaccessibleReplicaIsNotReadyWithExit1(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        fake.replicaStatus(table, B, "INACCESSIBLE_ENCRYPTION_CREDENTIALS");
        Cli.Result r = cli().run("-p", profile(aws, null).toString(), "failover", "check", table, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("NOT_READY");
        assertThat(n.get("reasons").findValuesAsText("text")).contains("replica status INACCESSIBLE_ENCRYPTION_CREDENTIALS");
    }

    @Test
    void noReplicationDataAndPitrMismatchAreAtRisk(LocalAws aws) throws Exception {
        fake.pitr(table, B, false);
        Cli.Result r = cli().run("-p", profile(aws, null).toString(), "failover", "check", table, "--regions", A + "," + B);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("AT RISK").contains("no ReplicationLatency data").contains("PITR is DISABLED here but ENABLED in " + A);
    }

    @Test
    void lagAboveTheRpoIsNotReady(LocalAws aws) throws Exception {
        seedMetrics(aws, 8000);
        Cli.Result r = cli().run("-p", profile(aws, null).toString(), "failover", "check", table, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        // one minute at 8 s: p99 of the minute maxima is 8 s too
        assertThat(n.get("verdict").asText()).isEqualTo("NOT_READY");
        assertThat(n.get("reasons").findValuesAsText("text")).anyMatch(t -> t.contains("exceeds rpo_seconds 5"));
    }

    @Test
    void whatIfTheSurvivorCanCarryTheLostRegion(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        Cli.Result r = cli().run("-p", profile(aws, null).toString(), "failover", "what-if", table, "--lose", A, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("OK");
        assertThat(n.at("/survivors/0/region").asText()).isEqualTo(B);
        // own 10 reads/s + all of A's 10: on-demand absorbs twice its previous peak, 20
        assertThat(n.at("/survivors/0/loadRead").asDouble()).isEqualTo(20.0);
        assertThat(n.at("/survivors/0/ceilingRead").asDouble()).isEqualTo(20.0);
        assertThat(n.get("stranded")).isEmpty();
    }

    /**
     * {@code capacity advise} on a global table gives, for each Region lost in turn, the survivors' load and ceiling:
     * the same figures as {@code failover what-if} (one shared computation, {@link SurvivorCapacity}).
     */
    @Test
    void capacityAdviseShowsTheSameSurvivorLoadAsWhatIf(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        Path p = profile(aws, null);
        Cli.Result w = cli().run("-p", p.toString(), "failover", "what-if", table, "--lose", A, "-o", "json");
        assertThat(w.exitCode()).as(w.toString()).isZero();
        JsonNode what = new ObjectMapper().readTree(w.out()).at("/survivors/0");
        Cli.Result c = cli().run("-p", p.toString(), "capacity", "advise", table, "--days", "1", "-o", "json");
        assertThat(c.exitCode()).as(c.toString()).isIn(0, 1);
        JsonNode failover = new ObjectMapper().readTree(c.out()).at("/tables/0/failover");
        assertThat(failover.findValuesAsText("lost")).containsExactly(A, B);
        JsonNode lostA = failover.get(0);
        assertThat(lostA.get("lostPeakRead").asDouble()).isEqualTo(10.0);
        JsonNode survivor = lostA.at("/survivors/0");
        assertThat(survivor.get("region").asText()).isEqualTo(B);
        for (String k : List.of("ownPeakRead", "ownPeakWrite", "loadRead", "loadWrite", "ceilingRead", "ceilingWrite", "overloaded")) {
            assertThat(survivor.get(k)).as(k).isEqualTo(what.get(k));
        }
        // own 10 reads/s + all of A's 10 = 20, on-demand's ceiling twice its peak: 20
        assertThat(survivor.get("loadRead").asDouble()).isEqualTo(20.0);
        Cli.Result text = cli().run("-p", p.toString(), "capacity", "advise", table, "--days", "1");
        assertThat(text.out()).contains("failover: " + A + " lost -> " + B + " carries 20/4 u/s, can take 20/4  ok");
    }

    @Test
    void whatIfOverloadAndATableOnlyInTheLostRegionExit1(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        try (CloudWatchClient cw = cw(aws, A)) { // A peaks at 6000 reads a minute = 100/s
            cw.putMetricData(p -> p.namespace("AWS/DynamoDB").metricData(m -> m.metricName("ConsumedReadCapacityUnits")
                    .dimensions(d -> d.name("TableName").value(table)).timestamp(Instant.now().minus(7, ChronoUnit.MINUTES))
                    .value(6000.0).unit(StandardUnit.COUNT)));
        }
        String solo = LocalAws.uniqueName("solo");
        fake.standalone(solo);
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(fake.backend(A))).region(Region.of(A))
                .credentialsProvider(CREDS).build()) {
            ddb.createTable(c -> c.tableName(solo).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
        }
        Path p = profile(aws, null);
        Files.writeString(p, Files.readString(p) + "  - name: " + solo + "\n");
        Cli.Result r = cli().run("-p", p.toString(), "failover", "what-if", table, "--lose", A);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("OVERLOADED").contains("110 / 20").contains(solo).contains("DATA LOST");
    }

    /** An endpoint nothing listens on: a port that was free a moment ago. */
    static String closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /**
     * As an operator tries it: a plain table in dynalite (the same table answers for both Regions), moto for the
     * rest, CloudWatch at a closed port. Each Region's capacity is listed unavailable with the call and the reason,
     * never left as "no CloudWatch data" with an empty list.
     */
    @Test
    void cloudWatchOutOfReachOnAPlainDynaliteTableListsEachRegionsCapacityUnavailable(LocalAws aws) throws Exception {
        String plain = LocalAws.uniqueName("fo-plain");
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb = dev.ddbr.testing.TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(c -> c.tableName(plain)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .billingMode("PAY_PER_REQUEST"));
        }
        Path p = home.resolve("plain.yaml");
        Files.writeString(p, String.join("\n",
                "aws:",
                "  region: " + A,
                "  endpoints: {dynamodb: \"" + aws.dynamodbEndpoint() + "\", default: \"" + aws.motoEndpoint() + "\"}",
                ""));
        Cli.Result r = cli().env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort())
                .run("-p", p.toString(), "failover", "check", plain, "--regions", A + "," + B, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        List<JsonNode> caps = new ArrayList<>();
        n.get("unavailable").forEach(u -> { if (u.get("part").asText().equals("capacity")) caps.add(u); });
        assertThat(caps).as(r.out()).hasSize(2);
        assertThat(caps.get(0).get("region").asText()).isEqualTo(A);
        assertThat(caps.get(1).get("region").asText()).isEqualTo(B);
        for (JsonNode c : caps) {
            assertThat(c.get("api").asText()).isEqualTo("cloudwatch:GetMetricData");
            assertThat(c.get("reason").asText()).startsWith("CloudWatch endpoint unreachable: ");
        }
        Cli.Result t = cli().env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort())
                .run("-p", p.toString(), "failover", "check", plain, "--regions", A + "," + B);
        assertThat(t.out()).doesNotContain("no CloudWatch data").contains("capacity (cloudwatch:GetMetricData): CloudWatch endpoint unreachable");
    }

    @Test
    void cloudWatchOutOfReachGivesAVerdictWithCapacityAndReplicationUnavailableExit1(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        Path p = profile(aws, null);
        Cli.Result r = cli().env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort()).run("-p", p.toString(), "failover", "check", table, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("AT_RISK");
        assertThat(n.get("unavailable").findValuesAsText("part")).contains("capacity", "replication");
        JsonNode cap = n.get("unavailable").get(0);
        assertThat(cap.get("part").asText()).isEqualTo("capacity");
        assertThat(cap.get("region").asText()).isEqualTo(A);
        assertThat(cap.get("api").asText()).isEqualTo("cloudwatch:GetMetricData");
        assertThat(cap.get("reason").asText()).startsWith("CloudWatch endpoint unreachable: ");
        assertThat(n.at("/replication/0/unavailable").asText()).startsWith("CloudWatch endpoint unreachable");
        assertThat(n.at("/rpo/seconds").isNull()).isTrue();
        // a verdict, not an error (the only stderr line is the warning that the variable overrides the profile)
        assertThat(r.err()).doesNotContain("error");

        Cli.Result t = cli().env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort()).run("-p", p.toString(), "failover", "check", table);
        assertThat(t.exitCode()).as(t.toString()).isEqualTo(1);
        assertThat(t.out()).contains("Unavailable (could not be read; never counted as good):")
                .contains(A + " capacity (cloudwatch:GetMetricData): CloudWatch endpoint unreachable")
                .contains("AT RISK: ");

        Cli.Result w = cli().env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort()).run("-p", p.toString(), "failover", "what-if", table,
                "--lose", A, "-o", "json");
        assertThat(w.exitCode()).as(w.toString()).isEqualTo(1);
        JsonNode wn = new ObjectMapper().readTree(w.out());
        assertThat(wn.get("verdict").asText()).isEqualTo("AT_RISK");
        assertThat(wn.get("unavailable").findValuesAsText("part")).containsExactly("capacity", "capacity");
        assertThat(wn.at("/survivors/0/note").asText()).startsWith("load unknown: consumed capacity unavailable");
    }

    @Test
    void aRegionWhoseDynamoDbIsOutOfReachIsNotReadyAndTheOthersAreStillChecked(LocalAws aws) throws Exception {
        seedMetrics(aws, 250);
        Path p = profile(aws, null);
        Files.writeString(p, Files.readString(p).replace(fake.endpoint(B), closedPort()));
        Cli.Result r = cli().run("-p", p.toString(), "failover", "check", table, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("NOT_READY");
        assertThat(n.at("/replicas/0/tableStatus").asText()).isEqualTo("ACTIVE");
        assertThat(n.at("/replicas/1/error").asText()).startsWith("cannot describe the table: ");
        assertThat(n.at("/unavailable/0/part").asText()).isEqualTo("table");
        assertThat(n.at("/unavailable/0/region").asText()).isEqualTo(B);

        // what-if B is lost while B cannot be reached: A still carries a verdict, B's table is unavailable, never OK
        Cli.Result w = cli().run("-p", p.toString(), "failover", "what-if", table, "--lose", B, "-o", "json");
        assertThat(w.exitCode()).as(w.toString()).isEqualTo(1);
        JsonNode wn = new ObjectMapper().readTree(w.out());
        assertThat(wn.get("verdict").asText()).isEqualTo("AT_RISK");
        assertThat(wn.at("/survivors/0/region").asText()).isEqualTo(A);
        assertThat(wn.at("/unavailable/0/part").asText()).isEqualTo("table");
        assertThat(wn.at("/unavailable/0/region").asText()).isEqualTo(B);

        // described nowhere: no verdict, one line, 254
        Files.writeString(p, Files.readString(p).replace(fake.endpoint(A), closedPort()));
        Cli.Result none = cli().run("-p", p.toString(), "failover", "check", table);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(254);
        assertThat(none.out()).isEmpty();
        assertThat(none.err().strip().lines()).hasSize(1);
    }
}
