package dev.ddbr.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy for fault tests: it sits on 127.0.0.1 between an SDK client and an emulator, forwards
 * every request, and fails every {@code n}-th request of a chosen operation (matched on the
 * {@code X-Amz-Target} header, e.g. "Scan") with an AWS-shaped error: 400
 * ProvisionedThroughputExceededException or ThrottlingException, or 500 InternalServerError, in turn.
 * Point the client's endpoint at {@link #endpoint()}.
 */
public final class FaultProxy implements AutoCloseable {
    /** A fault to inject: HTTP status and the AWS JSON error type. */
    public record Fault(int status, String type, String message) {
        public static final Fault THROTTLE = new Fault(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded (injected)");
        public static final Fault THROTTLING = new Fault(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded (injected)");
        public static final Fault SERVER_ERROR = new Fault(500, "com.amazon.coral.service#InternalFailure", "injected 500");
    }

    private static final Set<String> SKIP = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI upstream;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile String operation;
    private volatile int every;
    private volatile List<Fault> faults = List.of();

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static FaultProxy start(String upstream) {
        try {
            return new FaultProxy(URI.create(upstream));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e, e);
        }
    }

    public String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** Fail every {@code n}-th request whose X-Amz-Target ends with {@code "." + op}, cycling through {@code faults}. */
    public FaultProxy failEvery(String op, int n, Fault... faults) {
        this.operation = op;
        this.every = n;
        this.faults = List.of(faults);
        return this;
    }

    public int injected() { return injected.get(); }

    public int forwarded() { return forwarded.get(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String op = operation;
            if (op != null && target != null && target.endsWith("." + op) && every > 0
                    && matched.incrementAndGet() % every == 0) {
                Fault f = faults.get(injected.getAndIncrement() % faults.size());
                byte[] err = ("{\"__type\":\"" + f.type() + "\",\"message\":\"" + f.message() + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                ex.getResponseHeaders().set("x-amzn-RequestId", "injected-" + injected.get());
                ex.sendResponseHeaders(f.status(), err.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(err);
                }
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (SKIP.contains(h.getKey().toLowerCase())) continue;
                for (String v : h.getValue()) b.header(h.getKey(), v);
            }
            HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            resp.headers().map().forEach((k, vs) -> {
                if (!SKIP.contains(k.toLowerCase()) && !k.startsWith(":")) ex.getResponseHeaders().put(k, vs);
            });
            byte[] out = resp.body();
            ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { server.stop(0); }
}
