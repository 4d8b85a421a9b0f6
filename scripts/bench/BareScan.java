import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The peer of scripts/bench/skew-scan.sh: a bare parallel Scan loop with the SDK and HTTP client ddbr
 * uses (URLConnection), counting items and nothing else. Also seeds the table.
 *
 *   java -cp target/ddbr.jar:DIR BareScan ENDPOINT compare TABLE SEGMENTS THREADS ROUNDS
 *       → "items bare_seconds ddbr_seconds": best of ROUNDS of the bare loop and of `ddbr skew scan` run
 *         in-process (dev.ddbr.Main.run), interleaved in one JVM
 *   java -cp target/ddbr.jar:DIR BareScan ENDPOINT seed TABLE ITEMS KEYS         → BatchWriteItem, 8 at once
 */
public class BareScan {
    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    public static void main(String[] a) throws Exception {
        String table = a[2];
        if (a[1].equals("seed")) {
            seed(client(a[0]), table, Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            return;
        }
        int segments = Integer.parseInt(a[3]);
        int threads = Integer.parseInt(a[4]);
        int rounds = Integer.parseInt(a[5]);
        // both in this JVM, interleaved, best of the rounds: neither pays for JVM start-up
        double bestBare = Double.MAX_VALUE;
        double bestDdbr = Double.MAX_VALUE;
        long items = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            items = bare(a[0], table, segments, threads);
            double bare = (System.nanoTime() - t0) / 1e9;
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            long t1 = System.nanoTime();
            int code = dev.ddbr.Main.run(dev.ddbr.cli.Environment.system(), new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                    "skew", "scan", table, "--segments", Integer.toString(segments), "--threads", Integer.toString(threads),
                    "--skip-indexes", "--max-key-share", "1", "--max-rcu", "unlimited", "-o", "json");
            double ddbr = (System.nanoTime() - t1) / 1e9;
            if (code != 0 || !out.toString().contains("\"items\" : " + items + ",")) {
                throw new IllegalStateException("ddbr exited " + code + " or counted other than " + items + " items: " + err + out);
            }
            System.err.printf("round %d: bare %.3f s, ddbr %.3f s%n", r + 1, bare, ddbr);
            bestBare = Math.min(bestBare, bare);
            bestDdbr = Math.min(bestDdbr, ddbr);
        }
        System.out.printf("%d %.3f %.3f%n", items, bestBare, bestDdbr);
    }

    /** Scans every segment, counting items: nothing else. */
    static long bare(String endpoint, String table, int segments, int threads) throws Exception {
        DynamoDbClient ddb = client(endpoint);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> fs = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int seg = s;
            fs.add(pool.submit(() -> {
                long n = 0;
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    ScanResponse r = ddb.scan(b -> {
                        b.tableName(table).segment(seg).totalSegments(segments);
                        if (from != null) b.exclusiveStartKey(from);
                    });
                    n += r.items().size();
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
                return n;
            }));
        }
        long items = 0;
        for (Future<Long> f : fs) items += f.get();
        pool.shutdown();
        ddb.close();
        return items;
    }

    /** Items like an orders table: skewed tenants, a few attributes, ~300 bytes. */
    static void seed(DynamoDbClient ddb, String table, int items, int keys) throws Exception {
        ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("tenant").keyType("HASH"), k -> k.attributeName("order_id").keyType("RANGE"))
                .attributeDefinitions(d -> d.attributeName("tenant").attributeType("S"),
                        d -> d.attributeName("order_id").attributeType("N")));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            int k = (int) (keys * Math.pow(r.nextDouble(), 3));
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("tenant", AttributeValue.fromS("tenant-" + k));
            item.put("order_id", AttributeValue.fromN(Integer.toString(i)));
            item.put("status", AttributeValue.fromS(List.of("PENDING", "SHIPPED", "DELIVERED", "CANCELLED").get(i % 4)));
            item.put("amount", AttributeValue.fromN(Double.toString(r.nextInt(100000) / 100.0)));
            item.put("customer", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("Customer " + (i % 50000)),
                    "city", AttributeValue.fromS("City " + (i % 900)))));
            item.put("note", AttributeValue.fromS("x".repeat(150)));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == items - 1) {
                List<WriteRequest> mine = batch;
                batch = new ArrayList<>();
                fs.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> left = Map.of(table, mine);
                    while (!left.isEmpty()) {
                        Map<String, List<WriteRequest>> now = left;
                        BatchWriteItemResponse resp = ddb.batchWriteItem(b -> b.requestItems(now));
                        left = resp.hasUnprocessedItems() ? resp.unprocessedItems() : Map.of();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
    }
}
