package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeGlobalTable;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddbr failover drill} end to end against {@link FakeGlobalTable}: two dynalite "Regions"
 * replicating with a configured lag.
 */
@EmulatorTest
class FailoverDrillIT {
    static final String A = "us-east-1";
    static final String B = "us-west-2";
    /**
     * The stated tolerance: the measured lag may be below the configured lag by at most 50 ms (the
     * fixture starts the clock before the acknowledgement reaches ddbr) and above it by at most 600 ms
     * (10 ms polling, HTTP round trips, and a loaded 2-core CI machine).
     */
    static final long BELOW_MS = 50;
    static final long ABOVE_MS = 600;

    @TempDir
    Path home;

    FakeGlobalTable fake;
    String table;
    Path profile;

    static DynamoDbClient client(String endpoint, String region) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @BeforeEach
    void setUp(LocalAws aws) throws Exception {
        fake = FakeGlobalTable.start(aws, A, B);
        table = LocalAws.uniqueName("gt");
        for (String r : new String[] {A, B}) {
            try (DynamoDbClient ddb = client(fake.backend(r), r)) {
                ddb.createTable(c -> c.tableName(table)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                        .billingMode("PAY_PER_REQUEST"));
                // dynalite keeps a new table CREATING for 500 ms; the SDK waiter would then sleep 20 s
                waitUntil(() -> "ACTIVE".equals(ddb.describeTable(d -> d.tableName(table)).table().tableStatusAsString()));
            }
        }
        profile = writeProfile(aws, 5);
    }

    Path writeProfile(LocalAws aws, int rpoSeconds) throws Exception {
        Path p = home.resolve("gt.yaml");
        Files.writeString(p, String.join("\n",
                "aws:",
                "  region: " + A,
                "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                fake.regionsYaml(),
                "tables:",
                "  - name: " + table,
                "    failover: {regions: [" + A + ", " + B + "], rpo_seconds: " + rpoSeconds + ", rto_seconds: 60, app_switch_seconds: 10}",
                ""));
        return p;
    }

    @AfterEach
    void tearDown() {
        if (fake != null) fake.close();
    }

    /** Credentials and Region only: every endpoint comes from the profile, per Region. */
    Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
    }

    long count(String region) {
        try (DynamoDbClient ddb = client(fake.backend(region), region)) {
            return ddb.scan(s -> s.tableName(table)).items().stream()
                    .filter(i -> i.get("pk").s().startsWith("ddbr-canary#")).count();
        }
    }

    @Test
    void measuredLagMatchesTheConfiguredLagAndTheCanariesAreGone() throws Exception {
        fake.lag(Duration.ofMillis(400));
        Path page = Files.createTempDirectory("drill-report").resolve("drill.html");
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", B,
                "--canaries", "8", "--timeout", "20s", "--yes", "-o", "json", "--report", page.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        // every canary's write and arrival, its lag near the configured 400 ms
        assertThat(j.get("arrivals")).hasSize(8);
        for (JsonNode a : j.get("arrivals")) {
            assertThat(a.get("phase").asText()).isEqualTo("baseline");
            assertThat(a.get("lagMs").asLong()).isBetween((long) (400 - BELOW_MS), (long) (400 + ABOVE_MS));
            assertThat(a.get("seenAtMs").asLong() - a.get("writtenAtMs").asLong()).isEqualTo(a.get("lagMs").asLong());
        }
        assertThat(Files.readString(page)).contains("Failover drill: " + table, "Measured RPO ", "within the target of 5s", "<svg ");
        assertThat(j.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(j.at("/canaries/seen").asInt()).isEqualTo(8);
        assertThat(j.at("/canaries/missing").asInt()).isZero();
        double p50 = j.at("/lag/p50Ms").asDouble();
        double max = j.at("/lag/maxMs").asDouble();
        assertThat(p50).as("p50 vs configured 400 ms").isBetween(400.0 - BELOW_MS, 400.0 + ABOVE_MS);
        assertThat(max).as("max vs configured 400 ms").isBetween(400.0 - BELOW_MS, 400.0 + ABOVE_MS);
        assertThat(j.at("/rpo/breached").asBoolean()).isFalse();
        assertThat(j.at("/rpo/objectiveSeconds").asInt()).isEqualTo(5);
        assertThat(j.at("/probe/healthy").asBoolean()).isTrue();
        assertThat(j.at("/rto/estimateSeconds").asDouble()).isGreaterThanOrEqualTo(10.0);
        assertThat(j.at("/cleanup/deleted").asInt()).isEqualTo(9); // 8 canaries + 1 probe
        assertThat(j.get("timeline").findValuesAsText("event")).anyMatch(e -> e.contains("canaries written"));
        // deletes replicate too: wait for the fixture's queue to drain, then nothing is left anywhere
        waitUntil(() -> fake.pending(A) == 0 && fake.pending(B) == 0);
        assertThat(count(A)).isZero();
        assertThat(count(B)).isZero();
    }

    @Test
    void aPairThatDoesNotReplicateIsRpoBreachedWithExit1() {
        fake.replicating(false);
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", B,
                "--canaries", "3", "--timeout", "1s", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("3 MISSING").contains("RPO breached").contains("FAILED");
        assertThat(count(A)).isZero();
    }

    @Test
    void lagAboveTheObjectiveIsRpoBreached(LocalAws aws) throws Exception {
        fake.lag(Duration.ofMillis(1500));
        Path p = writeProfile(aws, 1);
        Cli.Result r = cli().run("-p", p.toString(), "failover", "drill", table, "--canaries", "2", "--timeout", "10s",
                "--yes", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/rpo/breached").asBoolean()).isTrue();
        assertThat(j.at("/rpo/detail").asText()).contains("rpo_seconds 1");
        assertThat(j.at("/canaries/missing").asInt()).isZero();

        // --chart: the text gains a sparkline of each canary's lag, even to a pipe
        Cli.Result text = cli().run("-p", p.toString(), "failover", "drill", table, "--canaries", "3", "--timeout", "10s",
                "--yes", "--chart");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).containsPattern("Lag per canary +[\u2581-\u2588 ]{3}  max \\d+\\.\\d\\ds");
        Cli.Result plain = cli().run("-p", p.toString(), "failover", "drill", table, "--canaries", "2", "--timeout", "10s", "--yes");
        assertThat(plain.out()).as("no chart to a pipe without --chart").doesNotContain("Lag per canary");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", B,
                "--dry-run", "--pause-replication", "5s");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Plan:").contains("ddbr-canary#").contains("resource-policy").contains("DRY RUN");
        assertThat(count(A)).isZero();
        assertThat(fake.policy(B, table)).isNull();
    }

    @Test
    void withoutATerminalAndWithoutYesItRefuses() {
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.err()).contains("--yes");
        assertThat(count(A)).isZero();
    }

    @Test
    void aRegionWithoutReplicaIsRefused() {
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", "eu-west-1", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.err()).contains("has no replica in eu-west-1");
    }

    @Test
    void pauseByResourcePolicyHoldsReplicationAndIsAlwaysRemoved() throws Exception {
        fake.lag(Duration.ofMillis(50));
        // a statement somebody else owns: it must survive the drill
        String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"keep-me\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}";
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            String arn = ddb.describeTable(d -> d.tableName(table)).table().tableArn();
            ddb.putResourcePolicy(p -> p.resourceArn(arn).policy(other));
        }
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", B,
                "--canaries", "3", "--timeout", "10s", "--pause-replication", "2s", "--yes", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/pause/method").asText()).isEqualTo("resource-policy");
        assertThat(j.at("/pause/reference").asText()).startsWith("ddbr-drill-pause-");
        assertThat(j.at("/pause/visibleDuringPause").asInt()).isZero();
        assertThat(j.at("/pause/visibleAfterWindow").asInt()).isZero();
        assertThat(j.at("/pause/propagationWindowSeconds").asLong()).isEqualTo(300);
        // a 2 s pause is inside the 5 minutes AWS allows replication to go on: it cannot prove the pause holds
        assertThat(j.at("/pause/conclusive").asBoolean()).isFalse();
        assertThat(j.at("/plan/steps").toString()).contains("cannot show that replication stops");
        assertThat(j.at("/pause/missingAfterResume").asInt()).isZero();
        assertThat(j.at("/pause/catchUpSeconds").asDouble()).isLessThan(5.0);
        assertThat(j.at("/pause/removed").asBoolean()).isTrue();
        String after = fake.policy(B, table);
        assertThat(after).contains("keep-me").doesNotContain("ddbr-drill-pause-");
        assertThat(fake.paused(B, table)).isFalse();
    }

    @Test
    void cleanupRemovesLeftoverPauseStatementsOnly() throws Exception {
        String arn;
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            arn = ddb.describeTable(d -> d.tableName(table)).table().tableArn();
            ReplicationPause p = new ReplicationPause(ddb, arn, d -> { });
            ddb.putResourcePolicy(x -> x.resourceArn(arn).policy("{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "{\"Sid\":\"keep-me\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
                    + "\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}}"));
            p.add(ReplicationPause.sid("leftover1"), java.time.Instant.now().plusSeconds(600));
        }
        assertThat(fake.paused(B, table)).isTrue();
        // the replica status other Regions report follows the pause
        try (DynamoDbClient ddb = client(fake.endpoint(A), A)) {
            assertThat(ddb.describeTable(d -> d.tableName(table)).table().replicas().get(0).replicaStatusAsString())
                    .isEqualTo("REPLICATION_NOT_AUTHORIZED");
        }
        Cli.Result dry = cli().run("-p", profile.toString(), "failover", "drill", "--cleanup", table, "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("ddbr-drill-pause-leftover1").contains("would remove");
        assertThat(fake.paused(B, table)).isTrue();

        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", "--cleanup", table, "--yes", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("regions").findValuesAsText("region")).containsExactly(A, B);
        assertThat(r.out()).contains("ddbr-drill-pause-leftover1");
        assertThat(fake.paused(B, table)).isFalse();
        assertThat(fake.policy(B, table)).contains("keep-me");
    }

    /**
     * A real Ctrl-C: the packaged jar runs a drill with a 5-minute pause; SIGINT as soon as the pause statement is in
     * the policy. ddbr exits 130, the pause statements are gone (the other statement kept), the canaries are deleted
     * in both Regions, and stderr ends with one line saying so.
     */
    @Test
    void ctrlCDuringThePauseLiftsItDeletesTheCanariesAndExits130() throws Exception {
        fake.lag(Duration.ofMillis(20));
        String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"keep-me\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}";
        String arn;
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            arn = ddb.describeTable(d -> d.tableName(table)).table().tableArn();
            ddb.putResourcePolicy(p -> p.resourceArn(arn).policy(other));
        }
        Sigint.Run run;
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            // poll GetResourcePolicy through the fixture until the pause statement is there
            run = Sigint.interrupt(cli().envMap(), home, Sigint.Ready.polling("pause statement", Duration.ofSeconds(60), () -> {
                if (!ddb.getResourcePolicy(g -> g.resourceArn(arn)).policy().contains("ddbr-drill-pause-")) return false;
                assertThat(fake.paused(B, table)).isTrue();
                return true;
            }), "-p", profile.toString(), "failover", "drill", table, "--from", A, "--to", B, "--canaries", "3",
                    "--timeout", "10m", "--pause-replication", "5m", "--yes");
        }
        String err = run.err();
        assertThat(run.exitCode()).as(err).isEqualTo(130);
        assertThat(run.out()).as("stdout carries data only; no report on Ctrl-C").isEmpty();
        String after = fake.policy(B, table);
        assertThat(after).contains("keep-me").doesNotContain("ddbr-drill-pause-");
        assertThat(fake.paused(B, table)).isFalse();
        java.util.List<String> lines = err.lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(lines.stream().filter(l -> l.startsWith("ddbr: interrupted;"))).as(err).containsExactly(last);
        assertThat(last).contains("replication pause lifted (ddbr-drill-pause-")
                .contains("canary item(s) deleted in " + A + " and " + B).doesNotContain("NOT deleted");
        // every canary and probe item is gone in both Regions once the replication queue has drained
        waitUntil(() -> fake.pending(A) == 0 && fake.pending(B) == 0);
        assertThat(count(A)).isZero();
        assertThat(count(B)).isZero();
    }

    Path loadProfile(LocalAws aws) throws Exception {
        Path p = writeProfile(aws, 5);
        Files.writeString(p, Files.readString(p) + String.join("\n",
                "    load:",
                "      workloads:",
                "        trickle: {rate: \"20\", duration: 3s, workers: 4, mix: {get: 50, put: 50}, key_count: 100, item_size: 200B}",
                ""));
        return p;
    }

    long loadItems(String region) {
        try (DynamoDbClient ddb = client(fake.backend(region), region)) {
            return ddb.scan(s -> s.tableName(table)).items().stream().filter(i -> i.get("pk").s().matches("k[0-9]+")).count();
        }
    }

    /**
     * --load: a small writing workload (20 ops/s, 3 s) runs against A until the switch and against B after it; the
     * report has the three phases with their Regions, operations, latencies, no errors, beside RPO and RTO.
     */
    @Test
    void drillUnderLoadReportsLatencyErrorsAndThrottlesBeforeDuringAndAfterTheSwitch(LocalAws aws) throws Exception {
        fake.lag(Duration.ofMillis(100));
        Path p = loadProfile(aws);
        Cli.Result r = cli().run("-p", p.toString(), "failover", "drill", table, "--canaries", "5", "--timeout", "20s",
                "--load", "trickle", "--yes", "--confirm-table", table, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(j.at("/rpo/measuredSeconds").asDouble()).isPositive();
        assertThat(j.at("/rto/estimateSeconds").asDouble()).isGreaterThanOrEqualTo(10.0);
        assertThat(j.at("/load/workload").asText()).isEqualTo("trickle");
        JsonNode phases = j.at("/load/phases");
        assertThat(phases.findValuesAsText("phase")).containsExactly("before", "during", "after");
        assertThat(phases.findValuesAsText("region")).containsExactly(A, B, B);
        JsonNode before = phases.get(0);
        JsonNode after = phases.get(2);
        assertThat(before.get("operations").asLong()).as(before.toString()).isPositive();
        // the phase after the switch runs the whole schedule: 3 s at 20 ops/s
        assertThat(after.get("operations").asLong()).as(after.toString()).isBetween(50L, 60L);
        assertThat(after.at("/latencyMs/p99").asDouble()).isPositive();
        assertThat(after.at("/latencyMs/max").asDouble()).isGreaterThanOrEqualTo(after.at("/latencyMs/p50").asDouble());
        // the phase second by second: its operations add up to the phase's
        long perSecond = 0;
        for (JsonNode i : after.get("intervals")) perSecond += i.get("ops").asLong();
        assertThat(after.get("intervals").size()).isBetween(2, 5);
        assertThat(perSecond).isEqualTo(after.get("operations").asLong());
        for (JsonNode ph : phases) {
            assertThat(ph.at("/errors/total").asLong()).as(ph.toString()).isZero();
            assertThat(ph.at("/throttles/total").asLong()).as(ph.toString()).isZero();
        }
        assertThat(j.get("timeline").findValuesAsText("event")).anyMatch(e -> e.contains("load switched to " + B));
        // the workload wrote in both Regions (its puts are real items k<N>)
        waitUntil(() -> fake.pending(A) == 0 && fake.pending(B) == 0);
        assertThat(loadItems(A)).isPositive();
        assertThat(loadItems(B)).isPositive();

        Cli.Result text = cli().run("-p", p.toString(), "failover", "drill", table, "--canaries", "2", "--timeout", "20s",
                "--load", "trickle", "--yes", "--confirm-table", table);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Load (workload trickle").contains("P99 MS").containsPattern("(?m)^\\s*before\\s+" + A)
                .containsPattern("(?m)^\\s*after\\s+" + B).contains("Measured RPO");
    }

    /** A writing workload against a table ddbr did not create needs --confirm-table (as load run): exit 252, nothing sent. */
    @Test
    void aWritingLoadOnATableDdbrDidNotCreateNeedsItsNameAgain(LocalAws aws) throws Exception {
        Path p = loadProfile(aws);
        Cli.Result r = cli().run("-p", p.toString(), "failover", "drill", table, "--load", "trickle", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.err()).contains("--confirm-table " + table).contains("ddbr did not create");
        Cli.Result wrong = cli().run("-p", p.toString(), "failover", "drill", table, "--load", "trickle", "--yes", "--confirm-table", "other");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(252);
        Cli.Result unknown = cli().run("-p", p.toString(), "failover", "drill", table, "--load", "tricle", "--yes", "--confirm-table", table);
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(253);
        assertThat(unknown.err()).contains("did you mean 'trickle'");
        assertThat(count(A) + loadItems(A) + count(B) + loadItems(B)).isZero();
    }

    /** Ctrl-C during a drill under load: the pause is lifted, the load stopped, exit 130. */
    @Test
    void ctrlCUnderLoadLiftsThePauseAndStopsTheLoad(LocalAws aws) throws Exception {
        fake.lag(Duration.ofMillis(20));
        Path p = loadProfile(aws);
        String arn;
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            arn = ddb.describeTable(d -> d.tableName(table)).table().tableArn();
        }
        Sigint.Run run;
        try (DynamoDbClient ddb = client(fake.endpoint(B), B)) {
            run = Sigint.interrupt(cli().envMap(), home, Sigint.Ready.polling("pause statement", Duration.ofSeconds(60), () -> {
                try {
                    return ddb.getResourcePolicy(g -> g.resourceArn(arn)).policy().contains("ddbr-drill-pause-");
                } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException | software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException e) {
                    return false;
                }
            }), "-p", p.toString(), "failover", "drill", table, "--canaries", "3", "--timeout", "10m",
                    "--pause-replication", "5m", "--load", "trickle", "--yes", "--confirm-table", table);
        }
        String err = run.err();
        assertThat(run.exitCode()).as(err).isEqualTo(130);
        assertThat(fake.paused(B, table)).isFalse();
        String last = err.lines().reduce((x, y) -> y).orElse("");
        assertThat(last).contains("replication pause lifted").contains("load stopped");
        // the load is stopped: the items it wrote no longer change
        waitUntil(() -> fake.pending(A) == 0 && fake.pending(B) == 0);
        long n = loadItems(A) + loadItems(B);
        Cli.Result describe = cli().run("-p", p.toString(), "table", "describe", table);
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(loadItems(A) + loadItems(B)).isEqualTo(n);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
