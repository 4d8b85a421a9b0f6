import dev.ddbr.Main;
import dev.ddbr.cli.Environment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The peer of scripts/bench/load.sh: a bare GetItem loop with the SDK and HTTP client ddbr uses (URLConnection), one
 * call at a time at RATE calls per second, timing each call, nothing else; against `ddbr load run --workers 1` at the
 * same rate on the same keys, run in-process (dev.ddbr.Main.run) in the same JVM, interleaved, best of ROUNDS.
 *
 * Both ask for ReturnConsumedCapacity=INDEXES (as ddbr does; dynalite spends time computing it), pick keys uniformly
 * from the same 1,000, and are measured both ways: from each call's intended start (what ddbr reports; it includes
 * the thread's late wake-ups on a busy host) and from the actual start (service time, ddbr's client.serviceP50Ms).
 *
 *   java -cp target/ddbr.jar:DIR BareGet ENDPOINT compare TABLE RATE SECONDS ROUNDS HOME
 *       → "bare_p50_ms bare_service_p50_ms ddbr_p50_ms ddbr_service_p50_ms"
 *   java -cp target/ddbr.jar:DIR BareGet ENDPOINT seed TABLE KEYS                          → PutItem k0..k(KEYS-1)
 */
public class BareGet {
    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    public static void main(String[] a) throws Exception {
        String endpoint = a[0];
        String table = a[2];
        if (a[1].equals("seed")) {
            try (DynamoDbClient ddb = client(endpoint)) {
                ddb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(d -> d.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH")));
                while (!"ACTIVE".equals(ddb.describeTable(r -> r.tableName(table)).table().tableStatusAsString())) {
                    LockSupport.parkNanos(50_000_000);
                }
                int keys = Integer.parseInt(a[3]);
                for (int i = 0; i < keys; i++) {
                    int k = i;
                    ddb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("k" + k),
                            "payload", AttributeValue.fromS("x".repeat(1000)))));
                }
            }
            return;
        }
        double rate = Double.parseDouble(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int rounds = Integer.parseInt(a[5]);
        String home = a[6];
        double[] bare = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] ddbr = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int r = 0; r < rounds; r++) {
            double[] b = bare(endpoint, table, rate, seconds);
            double[] d = ddbr(endpoint, table, rate, seconds, home);
            for (int i = 0; i < 2; i++) {
                bare[i] = Math.min(bare[i], b[i]);
                ddbr[i] = Math.min(ddbr[i], d[i]);
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%.3f %.3f %.3f %.3f%n", bare[0], bare[1], ddbr[0], ddbr[1]);
    }

    /** p50s (from the intended start, from the actual start) of GetItem calls, one at a time at {@code rate}, after one warm-up call (as ddbr does). */
    static double[] bare(String endpoint, String table, double rate, int seconds) {
        try (DynamoDbClient ddb = client(endpoint)) {
            ddb.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("k0"))));
            int n = (int) (rate * seconds);
            long[] lat = new long[n];
            long[] svc = new long[n];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                String k = "k" + rnd.nextInt(1000);
                long t0 = System.nanoTime();
                ddb.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(k)))
                        .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.INDEXES));
                long end = System.nanoTime();
                lat[i] = end - due;
                svc[i] = end - t0;
            }
            Arrays.sort(lat);
            Arrays.sort(svc);
            return new double[] {lat[n / 2] / 1e6, svc[n / 2] / 1e6};
        }
    }

    /** p50s (total from the intended start, client.serviceP50Ms) of `ddbr load run` with one worker at {@code rate}, in-process. */
    static double[] ddbr(String endpoint, String table, double rate, int seconds, String home) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment e = new Environment(env, false, false, false, new ByteArrayInputStream(new byte[0]));
        int code = Main.run(e, new PrintWriter(out, true), new PrintWriter(err, true), "load", "run", table,
                "--rate", Double.toString(rate), "--duration", seconds + "s", "--workers", "1", "--key-count", "1000", "-o", "json");
        if (code != 0) throw new IllegalStateException("ddbr load run exited " + code + ": " + err);
        String s = out.toString();
        return new double[] {number(s, s.indexOf("\"p50\"", s.indexOf("\"total\""))), number(s, s.indexOf("\"serviceP50Ms\""))};
    }

    static double number(String json, int at) {
        int colon = json.indexOf(':', at);
        int end = colon + 1;
        while (end < json.length() && ",}\n".indexOf(json.charAt(end)) < 0) end++;
        return Double.parseDouble(json.substring(colon + 1, end).strip());
    }
}
