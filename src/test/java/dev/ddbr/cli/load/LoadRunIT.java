package dev.ddbr.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import dev.ddbr.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * load run against dynalite through a fault-injecting proxy: the keys actually sent, a stall seen in the latencies,
 * throttles by reason (never errors), SLO exit codes, two workers merged against one process, Ctrl-C.
 */
@EmulatorTest
class LoadRunIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern KEY = Pattern.compile("\"pk\":\\{\"S\":\"k(\\d+)\"}");
    static String table;

    @TempDir
    Path home;

    @BeforeAll
    static void table(LocalAws aws) {
        table = LocalAws.uniqueName("load");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            awaitActive(ddb, table);
        }
    }

    /** An on-demand table keyed by {@code pk} with a KEYS_ONLY index {@code by-g} on {@code g}, ACTIVE. */
    static void tableWithGsi(LocalAws aws, String t) {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                            a -> a.attributeName("g").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .globalSecondaryIndexes(g -> g.indexName("by-g").keySchema(k -> k.attributeName("g").keyType("HASH"))
                            .projection(pr -> pr.projectionType("KEYS_ONLY"))));
            awaitActive(ddb, t);
        }
    }

    static void awaitActive(DynamoDbClient ddb, String t) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"ACTIVE".equals(ddb.describeTable(r -> r.tableName(t)).table().tableStatusAsString())) {
            assertThat(System.nanoTime()).as(t + " ACTIVE within 30 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    Cli cli(LocalAws aws, FaultProxy proxy) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
    }

    /** Key indexes of the GetItem calls the proxy saw. */
    static Map<Long, Long> keyCounter(FaultProxy proxy) {
        Map<Long, Long> keys = new ConcurrentHashMap<>();
        proxy.observe((op, body) -> {
            if (!op.equals("GetItem")) return;
            Matcher m = KEY.matcher(body);
            if (m.find()) keys.merge(Long.parseLong(m.group(1)), 1L, Long::sum);
        });
        return keys;
    }

    static JsonNode json(Cli.Result r) throws Exception {
        assertThat(r.out()).as(r.toString()).isNotBlank();
        return JSON.readTree(r.out());
    }

    static double chiSquare(Map<Long, Long> observed, double[] p, long n) {
        double chi = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] * n;
            double o = observed.getOrDefault((long) i, 0L);
            chi += (o - e) * (o - e) / e;
        }
        return chi;
    }

    @Test
    void theScheduleIsOfferedInFullAndTheKeysSentFollowTheDistribution(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<Long, Long> keys = keyCounter(proxy);
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100:1s,200:1s", "--workers", "8",
                    "--keys", "uniform", "--key-count", "20", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = json(r);
            assertThat(j.get("scheduled").asLong()).isEqualTo(300);
            assertThat(j.get("completed").asLong()).isEqualTo(300);
            assertThat(j.get("notStarted").asLong()).isZero();
            assertThat(j.get("offeredRate").asDouble()).isCloseTo(150, org.assertj.core.data.Percentage.withPercentage(2));
            JsonNode get = j.get("operations").get(0);
            assertThat(get.get("name").asText()).isEqualTo("get");
            assertThat(get.get("count").asLong()).isEqualTo(300);
            assertThat(get.get("latencyMs").fieldNames()).toIterable().containsExactly("p50", "p90", "p99", "p999", "max");
            assertThat(get.get("throttles").get("total").asLong()).isZero();
            assertThat(get.get("errors").get("total").asLong()).isZero();
            // every operation reached the table (and the one unmeasured warm-up GetItem before the schedule), and the keys
            // sent are uniform (chi-square, 19 df, p = 0.001: 43.8)
            assertThat(keys.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300 + 1);
            double[] p = new double[20];
            java.util.Arrays.fill(p, 1 / 20.0);
            assertThat(chiSquare(keys, p, 301)).isLessThan(43.8);

            keys.clear();
            Cli.Result hot = cli(aws, proxy).run("load", "run", table, "--rate", "400", "--duration", "1s",
                    "--keys", "hotkey:2:0.5", "--key-count", "20", "-o", "json");
            assertThat(hot.exitCode()).as(hot.toString()).isZero();
            double[] q = new double[20];
            for (int i = 0; i < 20; i++) q[i] = i < 2 ? 0.25 : 0.5 / 18;
            assertThat(chiSquare(keys, q, 401)).isLessThan(43.8);
        }
    }

    @Test
    void keysFromASkewReportSendItsTopKeysWithTheirShares(LocalAws aws) throws Exception {
        Path skew = home.resolve("skew.json");
        Files.writeString(skew, "{\"source\":\"scan\",\"table\":\"orders\",\"distinctKeys\":50,\"topKeys\":["
                + "{\"key\":\"tenant-hot\",\"items\":300,\"share\":0.3},{\"key\":\"tenant-warm\",\"items\":100,\"share\":0.1}]}");
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<String, Long> sent = new ConcurrentHashMap<>();
            Pattern any = Pattern.compile("\"pk\":\\{\"S\":\"([^\"]+)\"}");
            proxy.observe((op, body) -> {
                Matcher m = any.matcher(body);
                if (op.equals("GetItem") && m.find()) sent.merge(m.group(1), 1L, Long::sum);
            });
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "3s", "--keys-from", skew.toString(),
                    "--seed", "7", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            long n = sent.values().stream().mapToLong(Long::longValue).sum();
            assertThat(n).isEqualTo(json(r).get("completed").asLong() + 1).isGreaterThan(250);
            // about 300 draws: three standard deviations are 0.08 and 0.052 (the exact shares are checked on 200,000
            // draws in KeyDistributionTest)
            assertThat(sent.getOrDefault("tenant-hot", 0L) / (double) n).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.08));
            assertThat(sent.getOrDefault("tenant-warm", 0L) / (double) n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.052));
            assertThat(sent.keySet()).allMatch(k -> k.startsWith("tenant-") || k.matches("k\\d+"));
            assertThat(sent.keySet().stream().filter(k -> k.startsWith("k")).mapToLong(k -> Long.parseLong(k.substring(1))))
                    .allMatch(x -> x >= 2 && x < 50);
        }
    }

    @Test
    void theWarmupRunsFirstAtTheFirstRateAndIsMeasuredNowhere(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "2s", "--warmup", "1s", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = json(r);
            assertThat(j.get("warmupSeconds").asDouble()).isEqualTo(1.0);
            assertThat(j.get("scheduled").asLong()).isEqualTo(200);
            assertThat(j.get("completed").asLong()).isEqualTo(200);
            assertThat(j.get("total").get("count").asLong()).isEqualTo(200);
            // the warm-up's 100 GetItem calls went to the table too
            assertThat(proxy.calls("GetItem")).isGreaterThanOrEqualTo(300);
            Cli.Result plan = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "1m", "--dry-run", "-o", "json");
            assertThat(json(plan).get("warmupSeconds").asDouble()).as(plan.toString()).isEqualTo(6.0);
        }
    }

    @Test
    void aBadHdrLogPathIsRefusedBeforeAnythingIsSentEvenTheWarmup(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "1m",
                    "--hdr-log", home.resolve("no-such-dir").resolve("run.hlog").toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.errLine()).contains("--hdr-log").contains("does not exist");
            assertThat(proxy.calls("GetItem")).isZero();
        }
    }

    @Test
    void aOneSecondStallShowsInP99AndMax(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            proxy.policy((op, n) -> op.equals("GetItem") && n == 100 ? Fault.STALL : Fault.NONE);
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "3s", "--workers", "16", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(proxy.injected(Fault.STALL)).isEqualTo(1);
            JsonNode lat = json(r).get("total").get("latencyMs");
            // the stall held ~100 operations' start (a second at 100/s): a measure from the actual start would hide them
            assertThat(lat.get("max").asDouble()).isGreaterThanOrEqualTo(1000);
            assertThat(lat.get("p99").asDouble()).isGreaterThanOrEqualTo(900);
            assertThat(lat.get("p90").asDouble()).isGreaterThanOrEqualTo(lat.get("p50").asDouble());
        }
    }

    @Test
    void throttlesAreCountedByReasonRetriedOnesIncludedAndNeverAsErrors(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            // calls 2..40 only (1 is the unmeasured warm-up): the SDK backs off up to seconds after a throttle, and retries
            // must not be throttled again
            proxy.policy((op, n) -> !op.equals("GetItem") || n == 1 || n > 40 ? Fault.NONE : switch (n % 10) {
                case 3 -> Fault.THROTTLE;
                case 5 -> Fault.PROVISIONED_THROUGHPUT;
                case 6 -> Fault.THROTTLE_REASONS;
                case 8 -> Fault.PROVISIONED_THROUGHPUT_REASONS;
                default -> Fault.NONE;
            });
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "100", "--duration", "1s", "--workers", "32", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode total = json(r).get("total");
            int injected = proxy.injected();
            assertThat(injected).isEqualTo(16);
            assertThat(total.get("errors").get("total").asLong()).as(r.toString()).isZero();
            assertThat(total.get("throttles").get("total").asLong()).isEqualTo(injected);
            // every throttled attempt was retried, and the retry counted
            assertThat(total.get("retries").asLong()).isEqualTo(injected);
            assertThat(total.get("count").asLong()).isEqualTo(100);
            JsonNode byReason = total.get("throttles").get("byReason");
            assertThat(byReason.get("ThrottlingException").asLong()).isEqualTo(proxy.injected(Fault.THROTTLE));
            assertThat(byReason.get("ProvisionedThroughputExceededException").asLong()).isEqualTo(proxy.injected(Fault.PROVISIONED_THROUGHPUT));
            assertThat(byReason.get(FaultProxy.THROTTLE_REASON).asLong()).isEqualTo(proxy.injected(Fault.THROTTLE_REASONS));
            assertThat(byReason.get(FaultProxy.PROVISIONED_REASON).asLong()).isEqualTo(proxy.injected(Fault.PROVISIONED_THROUGHPUT_REASONS));
            JsonNode byResource = total.get("throttles").get("byResource");
            assertThat(byResource.get(FaultProxy.THROTTLED_RESOURCE).asLong())
                    .isEqualTo(proxy.injected(Fault.THROTTLE_REASONS) + proxy.injected(Fault.PROVISIONED_THROUGHPUT_REASONS));
            assertThat(byResource.get(table).asLong()).isEqualTo(proxy.injected(Fault.THROTTLE) + proxy.injected(Fault.PROVISIONED_THROUGHPUT));

            // with one attempt per call, each throttle ends its operation: still a throttle, not an error
            int base = proxy.calls("GetItem");
            proxy.policy((op, n) -> op.equals("GetItem") && n > base + 1 && n <= base + 40 && n % 10 == 3 ? Fault.THROTTLE_REASONS : Fault.NONE);
            Cli.Result once = cli(aws, proxy).withMaxAttempts(1).run("load", "run", table, "--rate", "100", "--duration", "1s", "-o", "json");
            assertThat(once.exitCode()).as(once.toString()).isZero();
            JsonNode t1 = json(once).get("total");
            assertThat(t1.get("errors").get("total").asLong()).isZero();
            assertThat(t1.get("throttles").get("total").asLong()).isEqualTo(proxy.injected() - injected).isEqualTo(4);
            assertThat(t1.get("retries").asLong()).isZero();
        }
    }

    /**
     * CloudWatch (moto) seeded with what DynamoDB would publish for the run's minute: the report puts the service's
     * SuccessfulRequestLatency beside the client's, and the throttle-reason metrics of the table and its GSI.
     */
    @Test
    void serverSideLatencyAndThrottleReasonsComeFromCloudWatchForTheRunsWindow(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("loadcw");
        tableWithGsi(aws, t);
        // the seeded points must fall in the run's minute(s): start early enough in a minute
        while (java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() > 45) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
        }
        java.time.Instant at = java.time.Instant.now();
        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            cw.putMetricData(p -> p.namespace("AWS/DynamoDB").metricData(
                    m -> m.metricName("SuccessfulRequestLatency").dimensions(d -> d.name("TableName").value(t), d -> d.name("Operation").value("GetItem"))
                            .timestamp(at).statisticValues(v -> v.sampleCount(40.0).sum(120.0).minimum(1.0).maximum(9.5)).unit(StandardUnit.MILLISECONDS),
                    m -> m.metricName("ReadKeyRangeThroughputThrottleEvents").dimensions(d -> d.name("TableName").value(t))
                            .timestamp(at).value(7.0).unit(StandardUnit.COUNT),
                    m -> m.metricName("WriteKeyRangeThroughputThrottleEvents").dimensions(d -> d.name("TableName").value(t),
                                    d -> d.name("GlobalSecondaryIndexName").value("by-g"))
                            .timestamp(at).value(3.0).unit(StandardUnit.COUNT)));
        }
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Cli.Result r = cli(aws, proxy).run("load", "run", t, "--rate", "20", "--duration", "1s", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode s = json(r).get("serverSide");
            assertThat(s.has("unavailable")).as(s.toString()).isFalse();
            JsonNode get = s.get("latencyMs").get(0);
            assertThat(get.get("name").asText()).isEqualTo("get");
            assertThat(get.get("operation").asText()).isEqualTo("GetItem");
            assertThat(get.get("requests").asLong()).isEqualTo(40);
            assertThat(get.get("average").asDouble()).isEqualTo(3.0);
            assertThat(get.get("max").asDouble()).isEqualTo(9.5);
            assertThat(s.at("/throttles/" + t + "/ReadKeyRangeThroughputThrottleEvents").asLong()).isEqualTo(7);
            assertThat(s.get("throttles").get(t + "/index/by-g").get("WriteKeyRangeThroughputThrottleEvents").asLong()).isEqualTo(3);
            assertThat(s.get("throttles").get(t).has("ReadProvisionedThroughputThrottleEvents")).isFalse();

            Cli.Result text = cli(aws, proxy).run("load", "run", t, "--rate", "20", "--duration", "3s", "--chart");
            // --chart: rate and p99 per second as sparklines, even to a pipe
            assertThat(text.out()).as(text.toString()).containsPattern("ops/s per second +[\u2581-\u2588]{2,}  max \\d")
                    .containsPattern("p99 ms per second +[\u2581-\u2588 ]{2,}  max \\d");
            assertThat(text.out()).as(text.toString()).contains("Service latency").contains("GetItem avg 3.00 ms, max 9.50 ms (40 requests)")
                    .contains(t + "/index/by-g WriteKeyRangeThroughputThrottleEvents 3");

            // CloudWatch out of reach: reported, never a failure
            Cli.Result off = cli(aws, proxy).env("AWS_ENDPOINT_URL_CLOUDWATCH", closedPort()).run("load", "run", t, "--rate", "20", "--duration", "1s", "-o", "json");
            assertThat(off.exitCode()).as(off.toString()).isZero();
            JsonNode u = json(off);
            assertThat(u.get("completed").asLong()).isEqualTo(20);
            assertThat(u.at("/serverSide/unavailable").asText()).startsWith("CloudWatch endpoint unreachable: ");
            assertThat(u.at("/serverSide/latencyMs").size()).isZero();
        }
    }

    /** --index-keys skews the GSI key values written, apart from the table's keys (chi-square on what was sent). */
    @Test
    void writesSkewAGsiKeyApartFromTheTableKey(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("loadgsi");
        tableWithGsi(aws, t);
        Pattern gsi = Pattern.compile("\"(?:g|:g0)\":\\{\"S\":\"k(\\d+)\"}");
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<Long, Long> table = new ConcurrentHashMap<>();
            Map<Long, Long> index = new ConcurrentHashMap<>();
            proxy.observe((op, body) -> {
                if (!op.equals("PutItem") && !op.equals("UpdateItem")) return;
                Matcher k = KEY.matcher(body);
                if (k.find()) table.merge(Long.parseLong(k.group(1)), 1L, Long::sum);
                Matcher g = gsi.matcher(body);
                if (g.find()) index.merge(Long.parseLong(g.group(1)), 1L, Long::sum);
            });
            Cli.Result r = cli(aws, proxy).run("load", "run", t, "--rate", "400", "--duration", "1s", "--mix", "put=50,update=50",
                    "--keys", "uniform", "--index-keys", "hotkey:2:0.5", "--key-count", "20", "--seed", "7", "--yes", "--confirm-table", t, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(json(r).get("completed").asLong()).isEqualTo(400);
            long n = index.values().stream().mapToLong(Long::longValue).sum();
            assertThat(n).as("every write sent (SDK retries of a few included)").isBetween(400L, 420L);
            double[] hot = new double[20];
            double[] flat = new double[20];
            for (int i = 0; i < 20; i++) {
                hot[i] = i < 2 ? 0.25 : 0.5 / 18;
                flat[i] = 1 / 20.0;
            }
            // chi-square, 19 df, p = 0.001: 43.8; the table's keys stay uniform, the GSI's carry the hot share
            assertThat(chiSquare(index, hot, n)).isLessThan(43.8);
            assertThat(chiSquare(table, flat, n)).isLessThan(43.8);
            assertThat(chiSquare(index, flat, n)).isGreaterThan(43.8);
        }
    }

    static String closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void sloGatesExitOneAndSayByHowMuch(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Cli.Result ok = cli(aws, proxy).run("load", "run", table, "--rate", "50", "--duration", "1s", "--slo", "errors==0", "--slo", "throttles<=0.1%");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("SLO met: errors==0");
            Cli.Result bad = cli(aws, proxy).run("load", "run", table, "--rate", "50", "--duration", "1s", "--slo", "p50<=0.001ms", "-o", "json");
            assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
            assertThat(bad.err()).containsPattern("ddbr: error: SLO breached: p50<=0.001ms: p50 was [0-9.]+ms, over the limit 0.001ms by [0-9.]+ms");
            JsonNode slo = json(bad).get("slo").get(0);
            assertThat(slo.get("expr").asText()).isEqualTo("p50<=0.001ms");
            assertThat(slo.get("met").asBoolean()).isFalse();
        }
    }

    @Test
    void twoWorkersMergedEqualOneProcessAndNeverShareAKey(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<Long, Long> keys = keyCounter(proxy);
            String[] common = {"load", "run", table, "--rate", "200", "--duration", "1s", "--key-count", "100", "--keys", "zipfian:0.9",
                    "--mix", "get=3,get-strong=1", "-o", "json"};
            Cli.Result one = cli(aws, proxy).run(concat(common, "--hdr-log", home.resolve("one.hlog").toString()));
            assertThat(one.exitCode()).as(one.toString()).isZero();
            List<Set<Long>> workerKeys = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                keys.clear();
                Cli.Result r = cli(aws, proxy).env("JOB_COMPLETION_INDEX", Integer.toString(w))
                        .run(concat(common, "--worker", "auto/2", "--hdr-log", home.resolve("w" + w + ".hlog").toString()));
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(json(r).get("worker").asText()).isEqualTo(w + "/2");
                workerKeys.add(new HashSet<>(keys.keySet()));
            }
            Set<Long> overlap = new HashSet<>(workerKeys.get(0));
            overlap.retainAll(workerKeys.get(1));
            assertThat(overlap).as("keys both workers sent").isEmpty();
            assertThat(workerKeys.get(0)).allMatch(k -> k % 2 == 0);

            Cli.Result merged = cli(aws, proxy).run("load", "merge", home.resolve("w0.hlog").toString(), home.resolve("w1.hlog").toString(), "-o", "json",
                    "--report", home.resolve("merged.html").toString());
            assertThat(merged.exitCode()).as(merged.toString()).isZero();
            assertThat(java.nio.file.Files.readString(home.resolve("merged.html"))).contains("Load test: ", "SLO met",
                    "Latency percentiles per operation", "<svg");
            JsonNode m = json(merged);
            JsonNode o = json(one);
            // the per-second series: the run's from its seconds, the merge's from the logs' interval histograms
            assertThat(o.get("intervals").size()).as(one.toString()).isBetween(1, 3);
            long seriesOps = 0;
            for (JsonNode i : m.get("intervals")) seriesOps += i.get("ops").asLong();
            assertThat(seriesOps).isEqualTo(200);
            long runOps = 0;
            for (JsonNode i : o.get("intervals")) runOps += i.get("ops").asLong();
            assertThat(runOps).isEqualTo(o.get("completed").asLong());
            assertThat(m.get("workers").asInt()).isEqualTo(2);
            for (String f : List.of("scheduled", "completed", "notStarted")) assertThat(m.get(f).asLong()).as(f).isEqualTo(o.get(f).asLong());
            assertThat(m.get("offeredRate").asDouble()).isCloseTo(o.get("offeredRate").asDouble(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(m.get("total").get("count").asLong()).isEqualTo(200);
            long perOp = 0;
            for (JsonNode op : m.get("operations")) perOp += op.get("count").asLong();
            assertThat(perOp).isEqualTo(200);
            assertThat(fields(m)).isEqualTo(fields(o));
            // a single log merges to the same report as the run printed
            Cli.Result self = cli(aws, proxy).run("load", "merge", home.resolve("one.hlog").toString(), "-o", "json");
            assertThat(json(self).get("total")).isEqualTo(o.get("total"));
            // a worker's log missing is refused
            Cli.Result missing = cli(aws, proxy).run("load", "merge", home.resolve("w1.hlog").toString());
            assertThat(missing.exitCode()).isEqualTo(252);
            assertThat(missing.errLine()).contains("the run had 2 workers but 1 log was given: worker 0 missing");
            assertThat(Files.readString(home.resolve("w0.hlog"))).contains("#[StartTime:").contains("Tag=get,");
        }
    }

    @Test
    void hdrLogsGoToS3AndMergeFromThere(LocalAws aws) throws Exception {
        String bucket = LocalAws.uniqueName("load-logs");
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint());
             var s3 = TestClients.of(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true), aws.motoEndpoint())) {
            s3.createBucket(b -> b.bucket(bucket));
            String log = "s3://" + bucket + "/run-1/w-0.hlog";
            Cli.Result r = cli(aws, proxy).run("load", "run", table, "--rate", "20", "--duration", "1s", "--hdr-log", log, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Cli.Result m = cli(aws, proxy).run("load", "merge", log, "-o", "json");
            assertThat(m.exitCode()).as(m.toString()).isZero();
            assertThat(json(m).get("total")).isEqualTo(json(r).get("total"));
            Cli.Result missing = cli(aws, proxy).run("load", "merge", "s3://" + bucket + "/run-1/none.hlog");
            assertThat(missing.exitCode()).isEqualTo(254);
        }
    }

    @Test
    void writingToATableDdbrDidNotCreateNeedsYesAndItsName(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String[] run = {"load", "run", table, "--rate", "20", "--duration", "1s", "--mix", "put=1,update=1"};
            Cli.Result no = cli(aws, proxy).run(run);
            assertThat(no.exitCode()).isEqualTo(252);
            assertThat(no.errLine()).startsWith("ddbr: error: refusing to write to '" + table + "' (put, update), which ddbr did not create")
                    .doesNotContain("\n");
            assertThat(proxy.calls("PutItem") + proxy.calls("UpdateItem")).isZero();
            Cli.Result wrong = cli(aws, proxy).run(concat(run, "--yes", "--confirm-table", "other"));
            assertThat(wrong.exitCode()).isEqualTo(252);
            assertThat(wrong.errLine()).contains("--confirm-table 'other' does not match");
            Cli.Result typedWrong = cli(aws, proxy).terminal(true, false, false).stdin("nope\n").run(concat(run, "--yes"));
            assertThat(typedWrong.exitCode()).isEqualTo(1);
            assertThat(proxy.calls("PutItem") + proxy.calls("UpdateItem")).isZero();
            Cli.Result typed = cli(aws, proxy).terminal(true, false, false).stdin(table + "\n").run(concat(run, "--yes"));
            assertThat(typed.exitCode()).as(typed.toString()).isZero();
            Cli.Result yes = cli(aws, proxy).run(concat(run, "--yes", "--confirm-table", table));
            assertThat(yes.exitCode()).as(yes.toString()).isZero();
            // two runs of 20 operations, each after one unmeasured warm-up PutItem and UpdateItem
            assertThat(proxy.calls("PutItem") + proxy.calls("UpdateItem")).isEqualTo(2 * (20 + 2));
        }
    }

    @Test
    void prepareCopiesTheSchemaAndCleanupDeletesOnlyTaggedTables(LocalAws aws) throws Exception {
        String scratch = table + "-scratch";
        Cli cli = Cli.local(home, aws);
        Cli.Result prep = cli.run("load", "prepare", table, "--name", scratch, "--items", "50", "--item-size", "200B");
        assertThat(prep.exitCode()).as(prep.toString()).isZero();
        assertThat(prep.out()).contains("Created " + scratch).contains("Wrote 50 items");
        Cli.Result again = cli.run("load", "prepare", table, "--name", scratch);
        assertThat(again.exitCode()).isEqualTo(252);
        assertThat(again.errLine()).contains("already exists; ddbr never overwrites a table");
        // the copy is ddbr's: load run writes to it without asking
        Cli.Result run = cli.run("load", "run", scratch, "--rate", "20", "--duration", "1s", "--mix", "put=1,get=1", "--key-count", "50");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // an untagged table is never deleted, named or not
        Cli.Result refuse = cli.run("load", "cleanup", table, "--yes");
        assertThat(refuse.exitCode()).isEqualTo(252);
        assertThat(refuse.errLine()).contains("refusing to delete '" + table + "'");
        Cli.Result plan = cli.run("load", "cleanup", "--dry-run", "-o", "json");
        List<String> planned = new ArrayList<>();
        json(plan).get("tables").forEach(t -> planned.add(t.get("table").asText()));
        assertThat(planned).contains(scratch).doesNotContain(table);
        Cli.Result clean = cli.run("load", "cleanup", "--yes");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            List<String> names = ddb.listTables().tableNames();
            assertThat(names).contains(table);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ddb.listTables().tableNames().contains(scratch)) {
                assertThat(System.nanoTime()).as(scratch + " deleted").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        }
    }

    @Test
    void ctrlCPrintsTheReportSoFarAndExits130(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<String, String> env = new HashMap<>(cli(aws, proxy).envMap());
            Sigint.Run run = Sigint.interrupt(env, home, Sigint.Ready.polling("30 GetItem calls", Duration.ofSeconds(60),
                    () -> proxy.calls("GetItem") >= 30), "load", "run", table, "--rate", "50", "--duration", "1m", "--warmup", "0s", "-o", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            JsonNode j = JSON.readTree(run.out());
            assertThat(j.get("interrupted").asBoolean()).isTrue();
            // 30 GetItem calls reached the proxy; the first is the unmeasured one before the schedule (docs/load.md), and
            // calls in flight at the SIGINT finish and count
            assertThat(j.get("completed").asLong()).isBetween(29L, 2999L);
            assertThat(j.get("notStarted").asLong()).isEqualTo(3000 - j.get("completed").asLong());
            assertThat(run.lastErrLine()).startsWith("ddbr: interrupted: the report covers the first");
        }
    }

    @Test
    void ctrlCDuringTheWarmupMeasuresNothing(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Map<String, String> env = new HashMap<>(cli(aws, proxy).envMap());
            Sigint.Run run = Sigint.interrupt(env, home, Sigint.Ready.polling("10 GetItem calls", Duration.ofSeconds(60),
                    () -> proxy.calls("GetItem") >= 10), "load", "run", table, "--rate", "50", "--duration", "1m", "--warmup", "1m", "-o", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            JsonNode j = JSON.readTree(run.out());
            assertThat(j.get("interrupted").asBoolean()).isTrue();
            assertThat(j.get("completed").asLong()).isZero();
            assertThat(j.get("notStarted").asLong()).isEqualTo(3000);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Set<String> fields(JsonNode n) {
        Set<String> out = new HashSet<>();
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) out.add(it.next());
        return out;
    }

}
