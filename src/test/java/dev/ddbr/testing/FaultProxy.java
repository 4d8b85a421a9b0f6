package dev.ddbr.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 between the SDK and an emulator (DynamoDB JSON protocol) that injects faults:
 * throttling, 5xx, connection resets, all-unprocessed batch writes, or a hard access-denied "crash". The
 * {@link Policy} sees the operation (from X-Amz-Target) and its 1-based count, and picks the fault.
 */
public final class FaultProxy implements AutoCloseable {
    /**
     * {@code TRUNCATED}: the call reaches the emulator (it takes effect), and its response is cut short on the way
     * back: the body's second half is dropped, the headers (x-amz-crc32 included) kept, so the SDK reports a CRC32
     * mismatch (or a body it cannot parse), as after a connection cut mid-response.
     * THROTTLE_REASONS and PROVISIONED_THROUGHPUT_REASONS carry ThrottlingReasons as DynamoDB sends them (throttlingReasons
     * on ThrottlingException, ThrottlingReasons on ProvisionedThroughputExceededException); STALL holds every request,
     * this one included, for {@link #stallMillis} and then forwards them.
     */
    public enum Fault { NONE, THROTTLE, PROVISIONED_THROUGHPUT, SERVER_ERROR, RESET, UNPROCESSED, DENIED, TRUNCATED,
        THROTTLE_REASONS, PROVISIONED_THROUGHPUT_REASONS, STALL }

    /** The reason the *_REASONS faults send, and the resource. */
    public static final String THROTTLE_REASON = "TableReadKeyRangeThroughputExceeded";
    public static final String PROVISIONED_REASON = "TableReadProvisionedThroughputExceeded";
    public static final String THROTTLED_RESOURCE = "arn:aws:dynamodb:us-east-1:123456789012:table/throttled";

    @FunctionalInterface
    public interface Policy {
        Fault decide(String operation, int count);
    }

    private static final Set<String> SKIP_REQUEST = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final Set<String> SKIP_RESPONSE = Set.of("content-length", "transfer-encoding", "connection", ":status");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private volatile Policy policy = (op, n) -> Fault.NONE;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, String> observer = (op, body) -> { };
    private volatile long stallUntil;
    private volatile long stallMillis = 1000;

    public FaultProxy(String targetEndpoint) throws IOException {
        this.target = URI.create(targetEndpoint);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    public FaultProxy policy(Policy p) {
        this.policy = p;
        return this;
    }

    /** Sees every request's operation and body (e.g. to count the keys a load generator sent). */
    public FaultProxy observe(java.util.function.BiConsumer<String, String> o) {
        this.observer = o;
        return this;
    }

    /** How long a STALL holds requests. */
    public FaultProxy stallMillis(long ms) {
        this.stallMillis = ms;
        return this;
    }

    /** How many times a fault was injected. */
    public int injected(Fault f) { return injected.computeIfAbsent(f, k -> new AtomicInteger()).get(); }

    /** How many faults were injected, of every kind. */
    public int injected() { return injected.values().stream().mapToInt(AtomicInteger::get).sum(); }

    public int calls(String op) { return counts.computeIfAbsent(op, k -> new AtomicInteger()).get(); }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String targetHeader = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String op = targetHeader == null ? "?" : targetHeader.substring(targetHeader.indexOf('.') + 1);
        int n = counts.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        observer.accept(op, new String(body, StandardCharsets.UTF_8));
        Fault f = policy.decide(op, n);
        if (f != Fault.NONE) injected.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet();
        if (f == Fault.STALL) stallUntil = System.nanoTime() + stallMillis * 1_000_000L;
        long wait;
        while ((wait = stallUntil - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
        switch (f) {
            case THROTTLE -> error(ex, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
            case PROVISIONED_THROUGHPUT -> error(ex, 400, "ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded.");
            case SERVER_ERROR -> error(ex, 500, "InternalServerError", "Internal server error");
            case DENIED -> error(ex, 400, "AccessDeniedException", "User is not authorized to perform: dynamodb:" + op);
            case RESET -> ex.close(); // no status line: the client sees the connection drop
            case UNPROCESSED -> {
                String req = new String(body, StandardCharsets.UTF_8);
                String inner = req.substring(req.indexOf('{', req.indexOf("\"RequestItems\"")), req.lastIndexOf('}'));
                send(ex, 200, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                        ("{\"UnprocessedItems\":" + inner + "}").getBytes(StandardCharsets.UTF_8));
            }
            case THROTTLE_REASONS -> error(ex, 400, "ThrottlingException", "Throughput exceeds the current throughput limit for your table.",
                    ",\"throttlingReasons\":[{\"reason\":\"" + THROTTLE_REASON + "\",\"resource\":\"" + THROTTLED_RESOURCE + "\"}]");
            case PROVISIONED_THROUGHPUT_REASONS -> error(ex, 400, "ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded.",
                    ",\"ThrottlingReasons\":[{\"reason\":\"" + PROVISIONED_REASON + "\",\"resource\":\"" + THROTTLED_RESOURCE + "\"}]");
            case NONE, STALL -> forward(ex, body, false);
            case TRUNCATED -> forward(ex, body, true);
        }
    }

    private void forward(HttpExchange ex, byte[] body, boolean truncate) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!SKIP_REQUEST.contains(k.toLowerCase())) vs.forEach(v -> b.header(k, v));
        });
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = r.body();
            if (truncate) answer = java.util.Arrays.copyOf(answer, answer.length / 2);
            send(ex, r.statusCode(), r.headers().map(), answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (IOException e) {
            ex.close();
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        error(ex, status, code, message, "");
    }

    private static void error(HttpExchange ex, int status, String code, String message, String extra) throws IOException {
        String json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message + "\"" + extra + "}";
        send(ex, status, Map.of("Content-Type", List.of("application/x-amz-json-1.0")), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((k, vs) -> {
            if (!SKIP_RESPONSE.contains(k.toLowerCase())) ex.getResponseHeaders().put(k, vs);
        });
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
