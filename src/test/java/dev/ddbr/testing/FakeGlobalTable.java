package dev.ddbr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST FIXTURE, NOT AWS: a fake DynamoDB global table made of two local "Regions".
 *
 * <p>No emulator replicates global tables (dynalite and moto have no replicas), so this class links two
 * dynalite instances, one per Region, each behind a small HTTP front that speaks the DynamoDB JSON
 * protocol to the real SDK:
 * <ul>
 *   <li>every call is proxied to that Region's dynalite;</li>
 *   <li>DescribeTable answers are decorated with {@code GlobalTableVersion 2019.11.21} and a
 *       {@code Replicas} list naming the other Region (status settable, REPLICATION_NOT_AUTHORIZED
 *       while replication into it is denied), and the ARNs carry the front's Region;</li>
 *   <li>successful PutItem, UpdateItem, DeleteItem and BatchWriteItem calls are replayed on the other
 *       Region's dynalite after a configurable {@linkplain #lag(Duration) lag}; replication into a
 *       Region can be {@linkplain #pause(String) paused} (writes are held and applied on resume) or
 *       switched {@linkplain #replicating(boolean) off} altogether (writes are dropped);</li>
 *   <li>DescribeContinuousBackups / UpdateContinuousBackups (PITR, which dynalite lacks) are answered in
 *       memory, per Region, so a check sees PITR like AWS reports it;</li>
 *   <li>GetResourcePolicy, PutResourcePolicy and DeleteResourcePolicy (which dynalite lacks) are kept in
 *       memory with revision ids and {@code ExpectedRevisionId} (including {@code NO_POLICY}) honoured;
 *       a Deny statement for the replication service-linked role whose {@code DateLessThan
 *       aws:CurrentTime} has not passed pauses replication into that Region, as AWS FIS does.</li>
 * </ul>
 * Region A uses the JVM's shared dynalite ({@link LocalAws}); Region B a second dynalite this class
 * starts once per JVM and stops at exit. Name tables with {@link LocalAws#uniqueName(String)}.
 */
public final class FakeGlobalTable implements AutoCloseable {
    public static final String GLOBAL_TABLE_VERSION = "2019.11.21";
    private static final String REPLICATION_ROLE = "AWSServiceRoleForDynamoDBReplication";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    private static SecondDynalite second;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Region> regions = new LinkedHashMap<>();
    private final List<Event> queue = new ArrayList<>();
    private final Thread replicator;
    private final AtomicLong revisions = new AtomicLong(1000);
    private final Set<String> standalone = ConcurrentHashMap.newKeySet();
    private volatile Duration lag = Duration.ZERO;
    private volatile boolean replicating = true;
    private volatile boolean closed;

    private final class Region {
        final String name;
        final String backend;
        final HttpServer server;
        final ExecutorService pool = Executors.newFixedThreadPool(8, r -> daemon(r, "fake-global-table-front"));
        final Map<String, Policy> policies = new ConcurrentHashMap<>(); // by table name
        final Map<String, String> statusOverride = new ConcurrentHashMap<>(); // table -> status shown to others
        final Map<String, Boolean> pitr = new ConcurrentHashMap<>(); // table -> PITR on (dynalite has no PITR API)
        final AtomicLong putsAllowed = new AtomicLong(Long.MAX_VALUE); // PutItem calls left before they fail
        volatile boolean paused;

        Region(String name, String backend) throws IOException {
            this.name = name;
            this.backend = backend;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(pool);
            server.createContext("/", this::handle);
            server.start();
        }

        String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

        void handle(HttpExchange ex) throws IOException {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
                String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
                JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                Reply reply = "PutItem".equals(op) && putsAllowed.getAndDecrement() <= 0
                        ? new Reply(400, error("ResourceNotFoundException", "Requested resource not found (fake: writes fail now)"))
                        : switch (op) {
                    case "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy" -> policyOp(this, op, req);
                    case "DescribeContinuousBackups", "UpdateContinuousBackups" -> pitrOp(this, op, req);
                    default -> forward(this, op, body, ex);
                };
                if (reply.status == 200 && "DescribeTable".equals(op)) reply = decorate(this, reply);
                if (reply.status == 200 && WRITES.contains(op)) replicateLater(this, op, req);
                byte[] out = reply.body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                ex.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
                ex.sendResponseHeaders(reply.status, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (RuntimeException e) {
                byte[] out = error("InternalServerError", "fake global table: " + e).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(500, out.length);
                ex.getResponseBody().write(out);
            }
        }
    }

    private record Reply(int status, String body) {}

    private record Policy(String document, String revisionId) {}

    /** One write to replay: on {@code into}, not before {@code dueNanos}. */
    private record Event(String from, String into, long dueNanos, String table, String kind, JsonNode payload) {}

    private FakeGlobalTable(String regionA, String backendA, String regionB, String backendB) throws IOException {
        regions.put(regionA, new Region(regionA, backendA));
        regions.put(regionB, new Region(regionB, backendB));
        replicator = new Thread(this::replicateLoop, "fake-global-table-replicator");
        replicator.setDaemon(true);
        replicator.start();
    }

    /** Two Regions: A on the shared dynalite, B on a second dynalite. */
    public static FakeGlobalTable start(LocalAws aws, String regionA, String regionB) {
        try {
            return new FakeGlobalTable(regionA, aws.dynamodbEndpoint(), regionB, secondDynalite(aws).endpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake global table fronts: " + e, e);
        }
    }

    /**
     * The profile lines that point ddbr's {@code aws.regions.<r>.endpoints.dynamodb} of both Regions at their fronts
     * ({@code "  regions:"} and one line per Region), joined with newlines, for the {@code aws:} section of a test profile.
     */
    public String regionsYaml() {
        StringBuilder yaml = new StringBuilder("  regions:");
        for (String r : regions.keySet()) yaml.append("\n    ").append(r).append(": {endpoints: {dynamodb: \"").append(endpoint(r)).append("\"}}");
        return yaml.toString();
    }

    /**
     * The Region's DynamoDB endpoint; in an emulator test, the API-model proxy in front of it, so requests are
     * checked against DynamoDB's model as they are for dynalite (see {@link ApiModelNet}).
     */
    public String endpoint(String region) {
        String direct = region(region).endpoint();
        return fronts.computeIfAbsent(region, r -> LocalAws.running()
                .map(aws -> aws.apiModel().front(direct, "fake-global-table-" + r)).orElse(direct));
    }

    private final Map<String, String> fronts = new java.util.concurrent.ConcurrentHashMap<>();

    /** The dynalite behind a Region's front (bypasses replication: for test set-up and checks). */
    public String backend(String region) { return region(region).backend; }

    /** Replication lag applied to every replayed write. */
    public FakeGlobalTable lag(Duration lag) {
        this.lag = lag;
        return this;
    }

    /** false: writes are not replicated at all (dropped), like a broken replica. */
    public FakeGlobalTable replicating(boolean on) {
        this.replicating = on;
        return this;
    }

    /** After {@code n} more PutItem calls through a Region's front, PutItem fails (ResourceNotFoundException): a drill failing mid-way. */
    public FakeGlobalTable failPutsAfter(String region, long n) {
        region(region).putsAllowed.set(n);
        return this;
    }

    /** Hold replication into a Region until {@link #resume(String)}. */
    public void pause(String into) { region(into).paused = true; }

    public void resume(String into) { region(into).paused = false; }

    /** The replica status other Regions report for {@code region} (default ACTIVE). */
    public FakeGlobalTable replicaStatus(String table, String region, String status) {
        region(region).statusOverride.put(table, status);
        return this;
    }

    /** A table that is NOT global: DescribeTable is passed through undecorated and writes are not replicated. */
    public FakeGlobalTable standalone(String table) {
        standalone.add(table);
        return this;
    }

    /** The resource policy document held for a table in a Region, or null. */
    public String policy(String region, String table) {
        Policy p = region(region).policies.get(table);
        return p == null ? null : p.document;
    }

    /** Writes waiting to be applied in {@code into} (delayed or held by a pause). */
    public int pending(String into) {
        synchronized (queue) {
            return (int) queue.stream().filter(e -> e.into.equals(into)).count();
        }
    }

    /** Is replication into this Region held now, by {@link #pause} or by a deny statement in its policy? */
    public boolean paused(String into, String table) {
        Region r = region(into);
        return r.paused || denies(r.policies.get(table));
    }

    private Region region(String name) {
        Region r = regions.get(name);
        if (r == null) throw new IllegalArgumentException("no fake region " + name + "; have " + regions.keySet());
        return r;
    }

    // --- proxying ---------------------------------------------------------------------------------

    private Reply forward(Region r, String op, byte[] body, HttpExchange ex) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.backend + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Content-Type", "X-Amz-Target", "Authorization", "X-Amz-Date", "X-Amz-Security-Token")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) b.header(h, v);
        }
        return send(b.build());
    }

    private Reply send(HttpRequest req) {
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(resp.statusCode(), resp.body());
        } catch (IOException e) {
            throw new IllegalStateException("backend unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A call straight to a Region's dynalite, signed with a well-formed fake header (dynalite checks the form). */
    private Reply direct(Region r, String op, JsonNode body) {
        String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        HttpRequest req = HttpRequest.newBuilder(URI.create(r.backend + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + op)
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/" + date.substring(0, 8) + "/" + r.name
                        + "/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(req);
    }

    private Reply decorate(Region r, Reply reply) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(reply.body);
            ObjectNode t = (ObjectNode) root.get("Table");
            String name = t.get("TableName").asText();
            if (standalone.contains(name)) return reply;
            t.put("GlobalTableVersion", GLOBAL_TABLE_VERSION);
            for (String f : List.of("TableArn", "LatestStreamArn")) {
                if (t.hasNonNull(f)) t.put(f, t.get(f).asText().replaceFirst("^arn:aws:dynamodb:[^:]+:", "arn:aws:dynamodb:" + r.name + ":"));
            }
            ArrayNode replicas = t.putArray("Replicas");
            for (Region other : regions.values()) {
                if (other == r) continue;
                ObjectNode rep = replicas.addObject();
                rep.put("RegionName", other.name);
                String status = other.statusOverride.get(name);
                if (status == null) status = paused(other.name, name) ? "REPLICATION_NOT_AUTHORIZED" : "ACTIVE";
                rep.put("ReplicaStatus", status);
            }
            return new Reply(200, root.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Point-in-time recovery as DescribeContinuousBackups reports it in that Region (default off). */
    public FakeGlobalTable pitr(String table, String region, boolean enabled) {
        region(region).pitr.put(table, enabled);
        return this;
    }

    private Reply pitrOp(Region r, String op, JsonNode req) {
        String table = req.path("TableName").asText();
        if ("UpdateContinuousBackups".equals(op)) {
            r.pitr.put(table, req.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean());
        }
        boolean on = r.pitr.getOrDefault(table, false);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode d = root.putObject("ContinuousBackupsDescription");
        d.put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode p = d.putObject("PointInTimeRecoveryDescription");
        p.put("PointInTimeRecoveryStatus", on ? "ENABLED" : "DISABLED");
        if (on) {
            long now = Instant.now().getEpochSecond();
            p.put("RecoveryPeriodInDays", 35);
            p.put("EarliestRestorableDateTime", now - 3600);
            p.put("LatestRestorableDateTime", now - 300);
        }
        return new Reply(200, root.toString());
    }

    // --- resource policies --------------------------------------------------------------------------

    private Reply policyOp(Region r, String op, JsonNode req) {
        String arn = req.path("ResourceArn").asText();
        String table = arn.substring(arn.lastIndexOf('/') + 1);
        String expected = req.hasNonNull("ExpectedRevisionId") ? req.get("ExpectedRevisionId").asText() : null;
        synchronized (r.policies) {
            Policy cur = r.policies.get(table);
            switch (op) {
                case "GetResourcePolicy" -> {
                    if (cur == null) return notFound("Resource-based policy not found for the provided ResourceArn: " + arn);
                    return new Reply(200, JSON.createObjectNode().put("Policy", cur.document).put("RevisionId", cur.revisionId).toString());
                }
                case "PutResourcePolicy" -> {
                    if (expected != null && (cur == null ? !"NO_POLICY".equals(expected) : !cur.revisionId.equals(expected))) {
                        return notFound("the policy's revision id does not match ExpectedRevisionId " + expected);
                    }
                    String doc = req.path("Policy").asText();
                    if (doc.length() > 20 * 1024) return new Reply(400, error("ValidationException", "policy is larger than 20 KB"));
                    Policy p = new Policy(doc, Long.toString(revisions.incrementAndGet()));
                    r.policies.put(table, p);
                    return new Reply(200, JSON.createObjectNode().put("RevisionId", p.revisionId).toString());
                }
                default -> {
                    if (cur == null || expected != null && !cur.revisionId.equals(expected)) {
                        return notFound("no policy with revision " + expected + " for " + arn);
                    }
                    r.policies.remove(table);
                    return new Reply(200, JSON.createObjectNode().put("RevisionId", cur.revisionId).toString());
                }
            }
        }
    }

    private static Reply notFound(String msg) {
        return new Reply(400, error("PolicyNotFoundException", msg));
    }

    private static String error(String type, String msg) {
        return JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#" + type).put("message", msg).toString();
    }

    /** A Deny for the replication service-linked role that has not expired yet. */
    static boolean denies(Policy p) {
        if (p == null) return false;
        try {
            JsonNode st = JSON.readTree(p.document).path("Statement");
            for (JsonNode s : st.isArray() ? st : JSON.createArrayNode().add(st)) {
                if (!"Deny".equals(s.path("Effect").asText())) continue;
                // the replication role named as the principal, or (as AWS FIS writes it) in an aws:PrincipalArn /
                // aws:PrincipalServiceName condition on Principal "*"
                String who = s.path("Principal").toString() + s.path("Condition").toString();
                if (!who.contains(REPLICATION_ROLE) && !who.contains("replication.dynamodb.amazonaws.com")) continue;
                JsonNode until = s.path("Condition").path("DateLessThan").path("aws:CurrentTime");
                if (!until.isMissingNode() && !Instant.now().isBefore(Instant.parse(until.asText()))) continue;
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // --- replication ----------------------------------------------------------------------------------

    private void replicateLater(Region from, String op, JsonNode req) {
        if (!replicating || standalone.contains(req.path("TableName").asText())) return;
        long due = System.nanoTime() + lag.toNanos();
        List<Event> events = new ArrayList<>();
        for (Region into : regions.values()) {
            if (into == from) continue;
            switch (op) {
                case "PutItem" -> events.add(new Event(from.name, into.name, due, req.get("TableName").asText(), "put", req.get("Item")));
                case "DeleteItem" -> events.add(new Event(from.name, into.name, due, req.get("TableName").asText(), "delete", req.get("Key")));
                case "UpdateItem" -> events.add(new Event(from.name, into.name, due, req.get("TableName").asText(), "copy", req.get("Key")));
                case "BatchWriteItem" -> req.path("RequestItems").fields().forEachRemaining(e -> {
                    for (JsonNode w : e.getValue()) {
                        if (w.has("PutRequest")) events.add(new Event(from.name, into.name, due, e.getKey(), "put", w.path("PutRequest").get("Item")));
                        if (w.has("DeleteRequest")) events.add(new Event(from.name, into.name, due, e.getKey(), "delete", w.path("DeleteRequest").get("Key")));
                    }
                });
                default -> { }
            }
        }
        synchronized (queue) {
            queue.addAll(events);
            queue.notifyAll();
        }
    }

    private void replicateLoop() {
        while (!closed) {
            List<Event> ready = new ArrayList<>();
            synchronized (queue) {
                long now = System.nanoTime();
                Set<String> held = new java.util.HashSet<>();
                for (Iterator<Event> it = queue.iterator(); it.hasNext(); ) {
                    Event e = it.next();
                    String key = e.into + "/" + e.table;
                    // keep per-target order: once one event is held, later ones wait behind it
                    if (held.contains(key) || e.dueNanos > now || paused(e.into, e.table)) {
                        held.add(key);
                        continue;
                    }
                    ready.add(e);
                    it.remove();
                }
                if (ready.isEmpty()) {
                    try {
                        queue.wait(2);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
            for (Event e : ready) {
                try {
                    apply(e);
                } catch (RuntimeException ex) {
                    System.err.println("FakeGlobalTable: replicating " + e + " failed: " + ex);
                }
            }
        }
    }

    private void apply(Event e) {
        Region into = region(e.into);
        ObjectNode body = JSON.createObjectNode().put("TableName", e.table);
        switch (e.kind) {
            case "put" -> direct(into, "PutItem", body.set("Item", e.payload));
            case "delete" -> direct(into, "DeleteItem", body.set("Key", e.payload));
            default -> {
                // UpdateItem: copy the item as it is now in the source (item-level last writer wins)
                ObjectNode get = JSON.createObjectNode().put("TableName", e.table).put("ConsistentRead", true);
                get.set("Key", e.payload);
                Reply r = direct(region(e.from), "GetItem", get);
                try {
                    JsonNode item = JSON.readTree(r.body).get("Item");
                    if (item == null) direct(into, "DeleteItem", body.set("Key", e.payload));
                    else direct(into, "PutItem", body.set("Item", item));
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        replicator.interrupt();
        for (Region r : regions.values()) {
            r.server.stop(0);
            r.pool.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // --- the second dynalite ----------------------------------------------------------------------------

    private static synchronized SecondDynalite secondDynalite(LocalAws aws) {
        if (second == null) second = SecondDynalite.start(aws);
        return second;
    }

    /** A second dynalite (in memory) for Region B, stopped when the JVM exits. */
    private static final class SecondDynalite {
        final Process process;
        final String endpoint;

        private SecondDynalite(Process process, String endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }

        static SecondDynalite start(LocalAws aws) {
            java.nio.file.Path cli = aws.repoRoot().resolve("scripts/dynalite/node_modules/dynalite/cli.js");
            String node = System.getenv().getOrDefault("DDBR_NODE", "node");
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                java.nio.file.Path log = aws.stateDir().resolve("dynalite-region-b.log");
                Process p = new ProcessBuilder(node, cli.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "fake-global-table-dynalite-stop"));
                String endpoint = "http://127.0.0.1:" + port;
                HttpClient c = HttpClient.newHttpClient();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (true) {
                    try {
                        c.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2)).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        return new SecondDynalite(p, endpoint);
                    } catch (IOException e) {
                        if (!p.isAlive() || System.nanoTime() > deadline) {
                            p.destroy();
                            throw new IllegalStateException("second dynalite did not start on " + endpoint + " (log " + log + ")", e);
                        }
                        // not listening yet: wait for the port to open (a condition, polled)
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a second dynalite with " + node + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
