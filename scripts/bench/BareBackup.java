import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The peer of scripts/bench/backup-logical.sh: a bare parallel Scan loop and a bare parallel BatchWriteItem
 * loop (with retries of unprocessed items) with the SDK and HTTP client ddbr uses (BareScan.client:
 * URLConnection), the same segments and the same parallelism, doing nothing else; and `ddbr backup export`
 * / `ddbr backup import` run in-process (dev.ddbr.Main.run) in the same JVM, interleaved, best of ROUNDS.
 *
 *   java -cp target/ddbr.jar:DIR BareBackup ENDPOINT compare TABLE SEGMENTS PARALLELISM ROUNDS WORKDIR
 *       → "items bare_scan_s ddbr_export_s bare_write_s ddbr_import_s" on stdout, rounds on stderr
 *
 * The import targets are empty tables created (and waited for) before the clock starts, so neither side
 * pays for CreateTable; ddbr pays for its whole command (DescribeTable, checksum and count verification of
 * every file, the emptiness check, parsing, the journal).
 */
public class BareBackup {
    public static void main(String[] a) throws Exception {
        String endpoint = a[0];
        String table = a[2];
        int segments = Integer.parseInt(a[3]);
        int par = Integer.parseInt(a[4]);
        int rounds = Integer.parseInt(a[5]);
        Path work = Path.of(a[6]);
        DynamoDbClient admin = BareScan.client(endpoint);
        double bs = Double.MAX_VALUE, de = Double.MAX_VALUE, bw = Double.MAX_VALUE, di = Double.MAX_VALUE;
        long items = 0;
        for (int r = 1; r <= rounds; r++) {
            // export: bare scan, then ddbr
            long t0 = System.nanoTime();
            items = BareScan.bare(endpoint, table, segments, segments);
            double bare = (System.nanoTime() - t0) / 1e9;
            Path dir = work.resolve("export-" + r);
            long t1 = System.nanoTime();
            String out = ddbr("backup", "export", table, "--to", dir.toString(), "--segments", Integer.toString(segments), "-o", "json");
            double ddbrExport = (System.nanoTime() - t1) / 1e9;
            if (!out.contains("\"itemCount\" : " + items + ",")) throw new IllegalStateException("export counted other than " + items + ": " + out);

            // import: the items of that export (parsed before the clock starts) through a bare BatchWriteItem loop
            List<Map<String, AttributeValue>> all = read(dir);
            if (all.size() != items) throw new IllegalStateException("read " + all.size() + " items, expected " + items);
            String bareDst = table + "-bare-" + r;
            String ddbrDst = table + "-ddbr-" + r;
            create(admin, bareDst);
            create(admin, ddbrDst);
            long t2 = System.nanoTime();
            batchWrite(endpoint, bareDst, all, par);
            double bareWrite = (System.nanoTime() - t2) / 1e9;
            long t3 = System.nanoTime();
            out = ddbr("backup", "import", dir.toString(), "--table", ddbrDst, "--parallelism", Integer.toString(par),
                    "--state-dir", work.resolve("state").toString(), "-o", "json");
            double ddbrImport = (System.nanoTime() - t3) / 1e9;
            if (!out.contains("\"itemsWritten\" : " + items + ",")) throw new IllegalStateException("import wrote other than " + items + ": " + out);
            long n1 = count(admin, bareDst), n2 = count(admin, ddbrDst);
            if (n1 != items || n2 != items) throw new IllegalStateException("tables hold " + n1 + " and " + n2 + ", expected " + items);
            admin.deleteTable(b -> b.tableName(bareDst));
            admin.deleteTable(b -> b.tableName(ddbrDst));
            System.err.printf("round %d: export bare %.3f s, ddbr %.3f s; import bare %.3f s, ddbr %.3f s%n",
                    r, bare, ddbrExport, bareWrite, ddbrImport);
            bs = Math.min(bs, bare);
            de = Math.min(de, ddbrExport);
            bw = Math.min(bw, bareWrite);
            di = Math.min(di, ddbrImport);
        }
        System.out.printf("%d %.3f %.3f %.3f %.3f%n", items, bs, de, bw, di);
    }

    static String ddbr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.ddbr.Main.run(dev.ddbr.cli.Environment.system(), new PrintWriter(out), new PrintWriter(err), args);
        if (code != 0) throw new IllegalStateException("ddbr " + String.join(" ", args) + " exited " + code + ": " + err);
        return out.toString();
    }

    static List<Map<String, AttributeValue>> read(Path dir) throws Exception {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.sorted().toList()) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) if (!line.isEmpty()) items.add(dev.ddbr.backup.codec.ItemCodec.fromLine(line));
                }
            }
        }
        return items;
    }

    static void create(DynamoDbClient ddb, String table) {
        ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("tenant").keyType("HASH"), k -> k.attributeName("order_id").keyType("RANGE"))
                .attributeDefinitions(d -> d.attributeName("tenant").attributeType("S"),
                        d -> d.attributeName("order_id").attributeType("N")));
        // the SDK's waiter polls every 20 s; the emulator makes a table ACTIVE in about half a second
        while (ddb.describeTable(b -> b.tableName(table)).table().tableStatus() != software.amazon.awssdk.services.dynamodb.model.TableStatus.ACTIVE) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static long count(DynamoDbClient ddb, String table) throws Exception {
        return BareScan.bare(ddb.serviceClientConfiguration().endpointOverride().get().toString(), table, 4, 4);
    }

    /** BatchWriteItem of 25 items, PAR threads taking the next batch, unprocessed items retried: nothing else. */
    static void batchWrite(String endpoint, String table, List<Map<String, AttributeValue>> items, int par) throws Exception {
        DynamoDbClient ddb = BareScan.client(endpoint);
        ExecutorService pool = Executors.newFixedThreadPool(par);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < par; t++) {
            fs.add(pool.submit(() -> {
                int from;
                while ((from = next.getAndAdd(25)) < items.size()) {
                    List<WriteRequest> batch = new ArrayList<>(25);
                    for (int i = from; i < Math.min(from + 25, items.size()); i++) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(items.get(i)).build()).build());
                    }
                    Map<String, List<WriteRequest>> left = Map.of(table, batch);
                    while (!left.isEmpty()) {
                        Map<String, List<WriteRequest>> now = left;
                        BatchWriteItemResponse resp = ddb.batchWriteItem(b -> b.requestItems(now));
                        left = resp.hasUnprocessedItems() ? resp.unprocessedItems() : Map.of();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        ddb.close();
    }
}
