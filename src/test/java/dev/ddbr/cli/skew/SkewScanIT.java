package dev.ddbr.cli.skew;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.skew.ItemSize;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** skew scan on dynalite: exact counts for the table and its GSI, under injected faults, and sampling. */
@EmulatorTest
public class SkewScanIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static String table;
    static long tableBytes;
    static Map<String, Long> tableCounts = new HashMap<>();
    static Map<String, Long> indexCounts = new HashMap<>();

    @TempDir
    Path home;

    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    /** The SDK's default waiter polls every 20 s; the emulator is ready in well under a second. */
    public static void awaitActive(DynamoDbClient ddb, String t) {
        try (DynamoDbWaiter w = DynamoDbWaiter.builder().client(ddb)
                .overrideConfiguration(o -> o.maxAttempts(600).backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(50))))
                .build()) {
            w.waitUntilTableExists(r -> r.tableName(t));
        }
    }

    /** Writes the items 25 at a time, 8 batches at once, retrying unprocessed items. */
    /** An on-demand table keyed by {@code key} of {@code type} alone, ACTIVE. */
    static void onDemandTable(DynamoDbClient ddb, String t, String key, String type) {
        ddb.createTable(r -> r.tableName(t)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(type))
                .keySchema(k -> k.attributeName(key).keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
        awaitActive(ddb, t);
    }

    public static void write(DynamoDbClient ddb, String t, List<Map<String, AttributeValue>> items) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> b = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + 25))) {
                b.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            }
            batches.add(b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<WriteRequest> b : batches) {
                done.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> left = Map.of(t, b);
                    while (!left.isEmpty()) {
                        Map<String, List<WriteRequest>> now = left;
                        var resp = ddb.batchWriteItem(r -> r.requestItems(now));
                        left = resp.hasUnprocessedItems() ? resp.unprocessedItems() : Map.of();
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("seeding " + t + " failed", e);
        } finally {
            pool.shutdown();
        }
    }

    /** 800 items: tenant "hot" has 200, 60 others ~10 each; status has 3 values on 3 of 4 items. */
    @BeforeAll
    static void seed(LocalAws aws) {
        table = LocalAws.uniqueName("skew-scan");
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(table)
                    .attributeDefinitions(a -> a.attributeName("tenant").attributeType("S"),
                            a -> a.attributeName("id").attributeType("N"),
                            a -> a.attributeName("status").attributeType("S"))
                    .keySchema(k -> k.attributeName("tenant").keyType("HASH"), k -> k.attributeName("id").keyType("RANGE"))
                    .globalSecondaryIndexes(g -> g.indexName("by-status")
                            .keySchema(k -> k.attributeName("status").keyType("HASH"))
                            .projection(p -> p.projectionType("ALL"))
                            .provisionedThroughput(t -> t.readCapacityUnits(100L).writeCapacityUnits(100L)))
                    .provisionedThroughput(t -> t.readCapacityUnits(9000L).writeCapacityUnits(2000L)));
            awaitActive(ddb, table);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                Map<String, AttributeValue> item = new HashMap<>();
                String tenant = i < 200 ? "hot" : "t" + (i % 60);
                item.put("tenant", AttributeValue.fromS(tenant));
                item.put("id", AttributeValue.fromN(Integer.toString(i)));
                if (i % 4 != 0) item.put("status", AttributeValue.fromS(i % 4 == 1 ? "PENDING" : i % 4 == 2 ? "PENDING" : "DONE"));
                item.put("payload", AttributeValue.fromS("x".repeat(i % 300)));
                tableCounts.merge(tenant, 1L, Long::sum);
                tableBytes += ItemSize.of(item);
                items.add(item);
            }
            write(ddb, table, items);
            // the emulator's own index view is the expected figure (see ARCHITECTURE.md §7)
            ddb.scanPaginator(r -> r.tableName(table).indexName("by-status")).items()
                    .forEach(it -> indexCounts.merge(it.get("status").s(), 1L, Long::sum));
        }
    }

    /** The hot key's 25% of 2,000 WCU is 500 WCU, under a partition's 1,000: skewed, not hot, so exit 0. */
    JsonNode run(Cli cli, String... args) throws Exception {
        Cli.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("verdict").asText()).isEqualTo("skewed");
        return j;
    }

    void assertExact(JsonNode j) {
        assertThat(j.get("items").asLong()).isEqualTo(800);
        assertThat(j.get("bytes").asLong()).isEqualTo(tableBytes);
        assertThat(j.get("distinctKeys").asLong()).isEqualTo(tableCounts.size());
        assertThat(j.get("topKeys").get(0).get("key").asText()).isEqualTo("hot");
        assertThat(j.get("topKeys").get(0).get("items").asLong()).isEqualTo(200);
        assertThat(j.get("hottestKeyShare").asDouble()).isEqualTo(0.25);
        JsonNode ix = j.get("indexes").get(0);
        assertThat(ix.get("name").asText()).isEqualTo("by-status");
        assertThat(ix.get("items").asLong()).isEqualTo(indexCounts.values().stream().mapToLong(Long::longValue).sum());
        assertThat(ix.get("distinctKeys").asLong()).isEqualTo(2);
        assertThat(ix.get("topKeys").get(0).get("key").asText()).isEqualTo("PENDING");
        assertThat(ix.get("topKeys").get(0).get("items").asLong()).isEqualTo(indexCounts.get("PENDING"));
    }

    @Test
    void exactCountsForTableAndGsi(LocalAws aws) throws Exception {
        JsonNode j = run(Cli.local(home, aws), "skew", "scan", table, "--segments", "4", "-o", "json");
        assertExact(j);
        assertThat(j.get("source").asText()).isEqualTo("scan");
        // 9,000 RCU + 2,000 WCU provisioned: 3 + 2 = 5 partitions
        assertThat(j.get("partitions").get("estimated").asLong()).isEqualTo(5);
        // the hot key at a quarter of 2,000 WCU = 500 WCU: under the 1,000 ceiling
        assertThat(j.get("hotKeyLoad").get("writeUnits").asDouble()).isEqualTo(500.0);
        assertThat(j.get("hotKeyLoad").get("overCeiling").asBoolean()).isFalse();
        assertThat(j.get("measured").asText()).isEqualTo("storage");
        assertThat(j.get("keyVerdict").get("verdict").asText()).isEqualTo("skewed");
        assertThat(j.get("keyVerdict").get("mattersAtReadUnits").asDouble()).isEqualTo(12000.0);
        assertThat(j.get("keyVerdict").get("mattersAtWriteUnits").asDouble()).isEqualTo(4000.0);
        assertThat(j.get("indexes").get(0).get("keyVerdict").get("verdict").asText()).isEqualTo("skewed");
        // the default read budget: 25% of each target's provisioned read capacity, stated per target
        assertThat(j.get("readBudget").get(0).get("target").asText()).isEqualTo("table");
        assertThat(j.get("readBudget").get(0).get("unitsPerSecond").asDouble()).isEqualTo(2250.0);
        assertThat(j.get("readBudget").get(0).get("basis").asText()).contains("default", "25%", "9,000");
        assertThat(j.get("readBudget").get(1).get("target").asText()).isEqualTo("by-status");
        assertThat(j.get("readBudget").get(1).get("unitsPerSecond").asDouble()).isEqualTo(25.0);
        assertThat(j.get("partial").asBoolean()).isFalse();
        assertThat(j.get("advice").toString()).contains("ddbr skew insights " + table);
        Cli.Result text = Cli.local(home, aws).run("skew", "scan", table, "--max-key-share", "0.8");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Index by-status (partition key status)", "OK: no partition key above 80.0%");
    }

    @Test
    void exactUnderInjectedThrottlingAnd5xx(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            // every second Scan fails: DynamoDB's throttle, a 500, then the generic throttle, in turn
            Fault[] cycle = {Fault.PROVISIONED_THROUGHPUT, Fault.SERVER_ERROR, Fault.THROTTLE};
            proxy.policy((op, n) -> op.equals("Scan") && n % 2 == 0 ? cycle[(n / 2) % 3] : Fault.NONE);
            Cli cli = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
            // small pages (many requests) through a budget, so faults land mid-segment
            JsonNode j = run(cli, "skew", "scan", table, "--segments", "3", "--max-rcu", "100000", "-o", "json");
            assertThat(j.get("readBudget").get(0).get("basis").asText()).isEqualTo("--max-rcu 100000");
            assertExact(j);
            assertThat(proxy.injected()).isGreaterThanOrEqualTo(3);
        }
    }

    /**
     * 1,500 items over up to 300 keys with mild skew: many keys per segment. A 95% bound may miss now and then,
     * so ten seeded samples are drawn and at least eight must fall within their stated bound.
     */
    @Test
    void sampleStaysWithinItsStatedBound(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("skew-sample");
        Map<String, Long> counts = new HashMap<>();
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                    .billingMode("PAY_PER_REQUEST"));
            awaitActive(ddb, t);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            java.util.Random rnd = new java.util.Random(3);
            int n = 0;
            while (n < 1500) {
                int key = (int) Math.floor(300 * Math.pow(rnd.nextDouble(), 1.6));
                String pk = "k" + key;
                counts.merge(pk, 1L, Long::sum);
                items.add(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(n))));
                n++;
            }
            write(ddb, t, items);
        }
        int within = 0;
        List<String> misses = new ArrayList<>();
        for (int seed = 1; seed <= 10; seed++) {
            Cli.Result r = Cli.local(home, aws).run("skew", "scan", t, "--sample", "0.3", "--segments", "60",
                    "--seed", Integer.toString(seed), "--max-key-share", "1", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            JsonNode s = j.get("sample");
            assertThat(s.get("segmentsRead").asInt()).isEqualTo(18);
            assertThat(s.get("totalSegments").asInt()).isEqualTo(60);
            double bound = s.get("relativeErrorBound").asDouble();
            assertThat(bound).isBetween(0.0, 0.5);
            long est = j.get("items").asLong();
            if (Math.abs(est - 1500) <= bound * 1500 + 1) {
                within++;
            } else {
                misses.add(String.format("seed %d: estimate %d, bound %.3f", seed, est, bound));
            }
            assertThat(j.get("distinctKeysExact").asBoolean()).isFalse();
            // a key that was read is counted completely: it lives in one segment
            for (JsonNode k : j.get("topKeys")) {
                assertThat(k.get("items").asLong()).isEqualTo(counts.get(k.get("key").asText()));
            }
        }
        assertThat(within).as("samples within their stated 95%% bound; misses: %s", misses).isGreaterThanOrEqualTo(8);
    }

    /**
     * A GSI whose key has 3 values: its own Scan segments hold few keys each, so sampling its segments could
     * report 0 items. Sampled, it is counted from the sampled table items: never empty, and the hottest share
     * within its stated bound of the exact share.
     */
    @Test
    void sampledLowCardinalityGsiStaysWithinItsBound(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("skew-lowcard");
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"), a -> a.attributeName("status").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .globalSecondaryIndexes(g -> g.indexName("by-status")
                            .keySchema(k -> k.attributeName("status").keyType("HASH"))
                            .projection(p -> p.projectionType("KEYS_ONLY")))
                    .billingMode("PAY_PER_REQUEST"));
            awaitActive(ddb, t);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                String status = i % 10 < 5 ? "NEW" : i % 10 < 8 ? "SHIPPED" : "DONE";
                items.add(Map.of("id", AttributeValue.fromS("o" + i), "status", AttributeValue.fromS(status),
                        "payload", AttributeValue.fromS("x".repeat(i % 50))));
            }
            write(ddb, t, items);
        }
        Cli.Result full = Cli.local(home, aws).run("skew", "scan", t, "--max-key-share", "1", "-o", "json");
        assertThat(full.exitCode()).as(full.toString()).isZero();
        JsonNode exact = JSON.readTree(full.out()).get("indexes").get(0);
        assertThat(exact.get("items").asLong()).isEqualTo(1200);
        assertThat(exact.get("relativeErrorBound").isNull()).isTrue();
        double exactShare = exact.get("hottestKeyShare").asDouble();
        assertThat(exactShare).isEqualTo(0.5);
        for (int seed = 1; seed <= 6; seed++) {
            Cli.Result r = Cli.local(home, aws).run("skew", "scan", t, "--sample", "0.5", "--seed", Integer.toString(seed),
                    "--max-key-share", "1", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            JsonNode ix = j.get("indexes").get(0);
            assertThat(ix.get("name").asText()).isEqualTo("by-status");
            assertThat(ix.get("items").asLong()).as("seed %d", seed).isPositive();
            assertThat(ix.get("topKeys").get(0).get("key").asText()).as("seed %d", seed).isEqualTo("NEW");
            double bound = ix.get("relativeErrorBound").asDouble();
            double share = ix.get("hottestKeyShare").asDouble();
            assertThat(Math.abs(share - exactShare)).as("seed %d: share %.3f, bound %.3f", seed, share, bound)
                    .isLessThanOrEqualTo(bound * share);
            assertThat(Math.abs(ix.get("items").asLong() - 1200)).as("seed %d: items, bound %.3f", seed, bound)
                    .isLessThanOrEqualTo((long) Math.ceil(bound * 1200) + 1);
            // an estimate always states its bound, for the table and the index
            assertThat(ix.get("distinctKeysExact").asBoolean()).isFalse();
            assertThat(ix.get("distinctKeysBound").get("low").asLong()).isEqualTo(3);
            assertThat(ix.get("distinctKeys").asLong()).isEqualTo(3);
            assertThat(j.get("distinctKeysExact").asBoolean()).isFalse();
            assertThat(j.get("distinctKeysBound").isNull()).isFalse();
        }
    }

    @Test
    void emptyTableAndNumberKeys(LocalAws aws) throws Exception {
        String empty = LocalAws.uniqueName("skew-empty");
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            onDemandTable(ddb, empty, "n", "N");
            Cli.Result r = Cli.local(home, aws).run("skew", "scan", empty, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(JSON.readTree(r.out()).get("verdict").asText()).isEqualTo("empty");
            Cli.Result pct = Cli.local(home, aws).run("skew", "scan", empty, "--rcu-percent", "10");
            assertThat(pct.exitCode()).as(pct.toString()).isEqualTo(252);
            assertThat(pct.errLine()).contains("on-demand", "--max-rcu");
            for (String n : new String[] {"1.50", "2", "2.0", "3"}) {
                ddb.putItem(p -> p.tableName(empty).item(Map.of("n", AttributeValue.fromN(n))));
            }
            // 1.50 and 2 (= 2.0, one item) and 3: three keys, rendered canonically
            Cli.Result k = Cli.local(home, aws).run("skew", "scan", empty, "-o", "json", "--max-key-share", "1");
            JsonNode j = JSON.readTree(k.out());
            assertThat(j.get("items").asLong()).isEqualTo(3);
            assertThat(j.get("topKeys").findValuesAsText("key")).containsExactlyInAnyOrder("1.5", "2", "3");
        }
    }

    /**
     * A table of about one partition (500 RCU / 100 WCU, a few kB) whose hottest key holds 35% of the items: at its
     * capacity that key draws about 175 RCU / 35 WCU, far under a partition's 3,000 / 1,000. Skewed, not HOT: exit 0,
     * and the verdict says why and from what throughput it would matter.
     */
    @Test
    void onePartitionTableWithA35PercentKeyIsNotHot(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("skew-onepart");
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE"))
                    .provisionedThroughput(p -> p.readCapacityUnits(500L).writeCapacityUnits(100L)));
            awaitActive(ddb, t);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                items.add(Map.of("pk", AttributeValue.fromS(i < 35 ? "big" : "k" + i), "sk", AttributeValue.fromN(Integer.toString(i))));
            }
            write(ddb, t, items);
        }
        Cli.Result r = Cli.local(home, aws).run("skew", "scan", t);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("SKEWED, not hot: table key 'big' holds 35.0% of items",
                "would matter from about 8,571 RCU or 2,857 WCU (3 partitions' worth)",
                "Measured: storage (how items spread over keys), not traffic; for traffic: ddbr skew insights " + t,
                "Read budget (table): 125 RCU/s", "default: 25% of the table's 500 provisioned RCU",
                "Gini", "0: every key holds as many items")
                .doesNotContain("HOT:", "DAX", "write sharding");
        JsonNode j = JSON.readTree(Cli.local(home, aws).run("skew", "scan", t, "-o", "json").out());
        assertThat(j.get("verdict").asText()).isEqualTo("skewed");
        assertThat(j.get("exceedsMaxKeyShare").asBoolean()).isTrue();
        assertThat(j.get("partitions").get("estimated").asLong()).isEqualTo(1);
        assertThat(j.get("hotKeyLoad").get("readUnits").asDouble()).isEqualTo(175.0);
        assertThat(j.get("keyVerdict").get("reason").asText()).contains("about 1 partition", "no throttling risk at this size");
        assertThat(j.get("keyVerdict").get("mattersFromPartitions").asLong()).isEqualTo(3);
    }

    @Test
    void maxRcuIsANumberOrUnlimited(LocalAws aws) throws Exception {
        Cli.Result bad = Cli.local(home, aws).run("skew", "scan", table, "--max-rcu", "lots");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(252);
        assertThat(bad.errLine()).contains("--max-rcu", "'lots'", "unlimited");
        Cli.Result both = Cli.local(home, aws).run("skew", "scan", table, "--max-rcu", "unlimited", "--rcu-percent", "10");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(252);
        Cli.Result r = Cli.local(home, aws).run("skew", "scan", table, "--max-rcu", "unlimited", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode b = JSON.readTree(r.out()).get("readBudget").get(0);
        assertThat(b.get("unitsPerSecond").isNull()).isTrue();
        assertThat(b.get("basis").asText()).contains("unlimited");
        assertThat(b.get("consumedUnits").asDouble()).isPositive();
    }

    /**
     * A real Ctrl-C while the table is scanned (at 20 RCU/s, about ten seconds of pages): the partial report of what
     * was read on stdout, marked partial with what it covered, one line on stderr, exit 130.
     */
    @Test
    void ctrlCPrintsThePartialReport(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("skew-sigint");
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            onDemandTable(ddb, t, "pk", "S");
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 400; i++) items.add(Map.of("pk", AttributeValue.fromS("k" + (i % 50))));
            for (int i = 0; i < 400; i++) items.add(Map.of("pk", AttributeValue.fromS("u" + i)));
            write(ddb, t, items);
        }
        // the first Scan page (the one-item page that tells the cost per item) goes through; every later one is
        // held far longer than the test runs, so the scan cannot finish before the signal, however loaded the machine
        try (FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())
                .policy((op, n) -> "Scan".equals(op) && n >= 2 ? FaultProxy.Fault.STALL : FaultProxy.Fault.NONE)
                .stallMillis(120_000)) {
            Map<String, String> env = new HashMap<>(Cli.local(home, aws).envMap());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
            Sigint.Run run = Sigint.interrupt(env, home, Sigint.Ready.polling("a Scan page read and the next one held", Duration.ofSeconds(60),
                    () -> proxy.calls("Scan") >= 2), "skew", "scan", t, "--max-rcu", "20", "--segments", "4", "-o", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.lastErrLine()).startsWith("ddbr: interrupted; the report printed is partial");
            assertThat(run.err().strip().lines().filter(l -> l.startsWith("ddbr:")).count()).as(run.err()).isEqualTo(1);
            JsonNode j = JSON.readTree(run.out());
            assertThat(j.get("partial").asBoolean()).isTrue();
            assertThat(j.get("summary").asText()).startsWith("PARTIAL");
            long items = j.get("items").asLong();
            assertThat(items).isPositive().isLessThan(800);
            JsonNode c = j.get("coverage").get(0);
            assertThat(c.get("target").asText()).isEqualTo("table");
            assertThat(c.get("unit").asText()).isEqualTo("segments");
            assertThat(c.get("total").asLong()).isEqualTo(4);
            assertThat(c.get("itemsRead").asLong()).isEqualTo(items);
            assertThat(c.get("done").asLong()).isLessThan(4);
            assertThat(j.get("readBudget").get(0).get("consumedUnits").asDouble()).isPositive();
        }
    }

    @Test
    void missingTableIsAnAwsError(LocalAws aws) {
        Cli.Result r = Cli.local(home, aws).run("skew", "scan", "no-such-table-xyz");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.errLine()).contains("not found");
    }
}
