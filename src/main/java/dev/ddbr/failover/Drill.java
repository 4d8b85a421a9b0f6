package dev.ddbr.failover;

import dev.ddbr.util.Durations;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * A live failover rehearsal: canary items written in one Region, timed until they are visible in the
 * other (the measured RPO); a read/write probe against the other Region (the measured switch time);
 * optionally replication into it paused for a while and the catch-up after resume measured; canaries
 * deleted at the end. Never prints: progress goes to the listener, the result is a {@link DrillReport}.
 */
public final class Drill {
    public static final String CANARY_PREFIX = "ddbr-canary#";
    public static final String DEFAULT_TTL_ATTRIBUTE = "ddbr_ttl";
    static final Duration CANARY_TTL = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientFactory aws;
    private final Consumer<String> progress;
    private final List<DrillReport.Event> timeline = new CopyOnWriteArrayList<>();
    private final List<DrillReport.Arrival> arrivals = new CopyOnWriteArrayList<>();
    private long startNanos;
    // --- Ctrl-C: the shutdown hook stops new writes, lifts the pause and deletes what was written ---
    private final Object writeLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger inflight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean aborted;
    private volatile Pauser activePauser;
    private Consumer<String> onInterrupt = ignored -> { };
    /** How long the Ctrl-C hook may spend deleting canaries before it gives up and says what is left. */
    static final Duration INTERRUPT_BUDGET = Duration.ofSeconds(20);

    public Drill(ClientFactory aws, Consumer<String> progress) {
        this.aws = aws;
        this.progress = progress;
    }

    /** Receives the one-line summary of what the Ctrl-C hook cleaned up (the caller prints it). */
    public Drill onInterrupt(Consumer<String> listener) {
        this.onInterrupt = listener;
        return this;
    }

    private DrillLoad load;

    /** Runs this load during the drill: against --from until the switch, against --to after it. */
    public Drill withLoad(DrillLoad load) {
        this.load = load;
        return this;
    }

    /** A short random run id: lower-case letters and digits. */
    public static String newRunId() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) b.append(chars.charAt(RANDOM.nextInt(chars.length())));
        return b.toString();
    }

    /** What is known before anything is written: both replicas, the key and the TTL attribute. */
    public record Target(TableSettings source, TableSettings target, String ttlAttribute) {}

    /** Describe both replicas and check the pair can be drilled. Read-only. */
    public Target prepare(DrillOptions o) {
        if (o.from().equals(o.to())) {
            throw DdbrException.invalid("--from and --to are the same Region (" + o.from() + ")", "name two Regions that hold replicas");
        }
        if (o.canaries() < 1 || o.canaries() > 1000) {
            throw DdbrException.invalid("--canaries must be between 1 and 1000, not " + o.canaries(), null);
        }
        SnapshotReader reader = new SnapshotReader(aws);
        TableSettings a = reader.read(o.table(), o.from(), EnumSet.of(SnapshotPart.TTL));
        if (!GlobalTables.regions(a).contains(o.to())) {
            throw DdbrException.invalid("table '" + o.table() + "' in " + o.from() + " has no replica in " + o.to(),
                    "its replicas: " + String.join(", ", GlobalTables.regions(a)) + "; 'ddbr failover check " + o.table() + "' shows them");
        }
        TableSettings b = reader.read(o.table(), o.to(), EnumSet.of(SnapshotPart.TTL));
        String pkType = a.partitionKey().type();
        if (!"S".equals(pkType) && !"B".equals(pkType)) {
            throw DdbrException.invalid("canary items need a string or binary partition key; '" + a.partitionKey().name()
                    + "' is a number", "drill a table with an S or B partition key");
        }
        String ttl = a.ttl() != null && a.ttl().attributeName() != null
                && ("ENABLED".equals(a.ttl().status()) || "ENABLING".equals(a.ttl().status()))
                ? a.ttl().attributeName() : DEFAULT_TTL_ATTRIBUTE;
        return new Target(a, b, ttl);
    }

    /** The plan, as --dry-run shows it. */
    public DrillReport plan(DrillOptions o, Target t, String runId) {
        List<String> steps = new ArrayList<>();
        steps.add("describe the replicas in " + o.from() + " and " + o.to());
        steps.add("write " + o.canaries() + " canary items in " + o.from() + " (" + t.source().partitionKey().name() + " = "
                + CANARY_PREFIX + runId + "#<n>, " + t.ttlAttribute() + " = now + 1h)");
        steps.add("read " + o.to() + " every " + o.pollInterval().toMillis() + "ms until each canary is visible (timeout "
                + o.timeout().toSeconds() + "s): the lag distribution is the measured RPO");
        steps.add("probe " + o.to() + " with a write, a read and a delete until one round trip succeeds: the measured switch time");
        if (o.pause().isPresent()) {
            steps.add(pauseMethod(o).equals("fis")
                    ? "start AWS FIS experiment template " + o.fisTemplateId().orElseThrow() + " in " + o.to()
                    + " (aws:dynamodb:global-table-pause-replication)"
                    : "merge a Deny statement (Sid " + ReplicationPause.sid(runId) + ") for the replication role into the resource policy of "
                    + t.target().arn() + ", expiring by itself at now + pause + 5m");
            steps.add("write " + o.canaries() + " more canaries in " + o.from() + " and hold the pause for "
                    + Durations.formatPrecise(o.pause().get()));
            steps.add("lift the pause (always: at the end, on Ctrl-C and on errors) and time the catch-up in " + o.to());
            steps.add("judge canaries seen in " + o.to() + " while paused: within the first " + Durations.formatPrecise(PauseJudgement.PROPAGATION)
                    + " of the pause they are expected (AWS: replication may go on that long), later they fail the drill"
                    + (o.pause().get().compareTo(PauseJudgement.PROPAGATION) > 0 ? ""
                    : "; this pause is not longer than that, so it cannot show that replication stops"));
        }
        steps.add("delete every canary and probe item in both Regions");
        if (load != null) {
            steps.add(0, "run workload " + load.workload().name() + " (" + load.workload().schedule() + ", mix "
                    + load.workload().mix().keySet().stream().map(k -> k.key()).toList() + ") against " + o.from()
                    + " from the start until the probe of " + o.to() + " begins (phase before), against " + o.to()
                    + " during the probe (phase during), then against " + o.to() + " for the whole schedule (phase after); the drill ends when that phase does");
        }
        DrillReport.Plan plan = new DrillReport.Plan(o.canaries(), t.source().partitionKey().name(), CANARY_PREFIX + runId + "#",
                t.ttlAttribute(), o.timeout().toSeconds(), o.pause().isPresent() ? pauseMethod(o) : null,
                o.pause().map(Duration::toSeconds).orElse(null), steps);
        return new DrillReport(runId, o.table(), o.from(), o.to(), true, null, null, plan, null, null, null, null, null,
                null, null, null, List.of(), "DRY_RUN", List.of(), List.of());
    }

    static String pauseMethod(DrillOptions o) { return o.fisTemplateId().isPresent() ? "fis" : "resource-policy"; }

    /** Run the drill. The pause, if any, is lifted before this returns or throws. */
    public DrillReport run(DrillOptions o, Target t, String runId) {
        DrillReport.Plan plan = plan(o, t, runId).plan();
        Instant started = Instant.now();
        startNanos = System.nanoTime();
        DynamoDbClient src = aws.dynamodb(o.from());
        DynamoDbClient dst = aws.dynamodb(o.to());
        Keys keys = new Keys(t.source(), runId);
        List<Map<String, AttributeValue>> written = new CopyOnWriteArrayList<>();
        List<String> reasons = new ArrayList<>();
        DrillReport.Canaries canaries;
        DrillReport.Lag lag;
        DrillReport.Rpo rpo;
        DrillReport.Probe probe = null;
        DrillReport.Rto rto = null;
        DrillReport.Pause pause = null;
        DrillReport.Cleanup cleanup;
        DrillReport.Load loadReport = null;
        Thread hook = new Thread(() -> interrupted(o, src, dst, keys, t.ttlAttribute(), written, runId), "ddbr-drill-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            event("drill " + runId + " started: " + o.table() + " " + o.from() + " -> " + o.to());
            if (load != null) {
                load.before();
                event("load " + load.workload().name() + " started against " + o.from());
            }
            // 1. canaries: the measured RPO
            Batch base = writeAndWatch(o, src, dst, keys, t.ttlAttribute(), "c", written, null);
            canaries = new DrillReport.Canaries(o.canaries(), base.seen(), o.canaries() - base.seen());
            lag = base.lag();
            Double measured = lag == null ? null : lag.maxMs() / 1000.0;
            Integer objective = o.rpoSeconds().orElse(null);
            String detail = null;
            if (canaries.missing() > 0) {
                detail = canaries.missing() + " of " + o.canaries() + " canaries never reached " + o.to() + " within " + Durations.formatPrecise(o.timeout());
            } else if (objective != null && measured != null && measured > objective) {
                detail = "max lag " + DrillReport.secs(measured) + " > rpo_seconds " + objective;
            }
            rpo = new DrillReport.Rpo(measured, objective, detail != null, detail);
            if (rpo.breached()) reasons.add("RPO breached: " + detail);
            // 2. probe: the measured switch time
            if (load != null) {
                load.during();
                event("load switched to " + o.to());
            }
            probe = probe(o, dst, keys, t.ttlAttribute(), written);
            if (load != null) load.after();
            Double estimate = probe.healthy() ? probe.switchSeconds() + o.appSwitchSeconds() : null;
            Integer rtoObjective = o.rtoSeconds().orElse(null);
            boolean rtoBreached = !probe.healthy() || rtoObjective != null && estimate > rtoObjective;
            rto = new DrillReport.Rto(estimate, rtoObjective, o.appSwitchSeconds(), rtoBreached);
            if (!probe.healthy()) reasons.add("probe in " + o.to() + " never succeeded: " + probe.lastError());
            else if (rtoBreached) reasons.add("RTO estimate " + DrillReport.secs(estimate) + " > rto_seconds " + rtoObjective);
            // 3. optional pause, lifted in every case
            if (o.pause().isPresent()) {
                pause = pausePhase(o, t, runId, src, dst, keys, written);
                if (!pause.removed()) reasons.add("the replication pause could not be removed; run 'ddbr failover drill --cleanup " + o.table() + "'");
                if (pause.catchUpSeconds() == null) reasons.add(pause.missingAfterResume() + " canaries did not catch up after resume");
                if (pause.visibleAfterWindow() > 0) {
                    reasons.add(pause.visibleAfterWindow() + " canaries reached " + o.to() + " more than " + pause.propagationWindowSeconds()
                            + "s into the pause: replication was not paused");
                }
            }
            if (load != null) {
                progress.accept("waiting for the load's phase after the switch to finish its schedule (" + load.workload().schedule() + ")");
                loadReport = load.finish();
                event("load finished against " + o.to());
            }
        } finally {
            if (load != null && loadReport == null) loadReport = load.stop();
            cleanup = cleanup(src, dst, keys, written);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs and reports
            }
        }
        event("drill finished");
        return new DrillReport(runId, o.table(), o.from(), o.to(), false, started, Instant.now(), plan, canaries, lag, rpo,
                probe, rto, pause, cleanup, loadReport, List.copyOf(timeline), reasons.isEmpty() ? "PASSED" : "FAILED", List.copyOf(reasons),
                arrivals.stream().sorted(java.util.Comparator.comparingLong(DrillReport.Arrival::writtenAtMs)).toList());
    }

    // --- canaries -----------------------------------------------------------------------------------

    /** Canary keys for one table: partition key prefixed, a fixed sort key when the table has one. */
    static final class Keys {
        final TableSettings t;
        final String runId;

        Keys(TableSettings t, String runId) {
            this.t = t;
            this.runId = runId;
        }

        Map<String, AttributeValue> key(String suffix) {
            Map<String, AttributeValue> k = new LinkedHashMap<>();
            String id = CANARY_PREFIX + runId + "#" + suffix;
            k.put(t.partitionKey().name(), value(t.partitionKey().type(), id));
            if (t.sortKey() != null) k.put(t.sortKey().name(), value(t.sortKey().type(), "ddbr-canary"));
            return k;
        }

        static AttributeValue value(String type, String s) {
            return switch (type) {
                case "N" -> AttributeValue.fromN("0");
                case "B" -> AttributeValue.fromB(SdkBytes.fromString(s, StandardCharsets.UTF_8));
                default -> AttributeValue.fromS(s);
            };
        }

        String id(Map<String, AttributeValue> key) {
            AttributeValue v = key.get(t.partitionKey().name());
            return v.s() != null ? v.s() : v.b().asUtf8String();
        }
    }

    private record Batch(int seen, DrillReport.Lag lag, Map<String, Long> visibleAtNanos) {}

    /**
     * Write canaries in {@code src} while a watcher reads {@code dst}. With {@code holdUntilNanos}, keep
     * watching at least until then (for the pause phase), and report what arrived before it.
     */
    private Batch writeAndWatch(DrillOptions o, DynamoDbClient src, DynamoDbClient dst, Keys keys, String ttlAttr,
                                String tag, List<Map<String, AttributeValue>> written, Long watchFromNanos) {
        Map<String, Long> ackNanos = new ConcurrentHashMap<>();
        Map<String, Long> seenNanos = new ConcurrentHashMap<>();
        Map<String, Map<String, AttributeValue>> pending = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watch(o, dst, keys, pending, seenNanos, writing), "ddbr-drill-watch");
        watcher.setDaemon(true);
        watcher.start();
        long epochTtl = Instant.now().plus(CANARY_TTL).getEpochSecond();
        try {
            for (int i = 0; i < o.canaries(); i++) {
                Map<String, AttributeValue> key = keys.key(tag + i);
                Map<String, AttributeValue> item = new HashMap<>(key);
                item.put("ddbr_canary", AttributeValue.fromS(keys.runId));
                item.put("ddbr_written_at", AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
                item.put(ttlAttr, AttributeValue.fromN(Long.toString(epochTtl)));
                String id = keys.id(key);
                beginWrite(key, written);
                try {
                    call(() -> src.putItem(r -> r.tableName(o.table()).item(item)), "write canary " + id + " in " + o.from());
                } finally {
                    inflight.decrementAndGet();
                }
                ackNanos.put(id, System.nanoTime());
                pending.put(id, key);
                if (i == 0) event("first canary written in " + o.from());
                if (i + 1 < o.canaries()) sleep(o.writeInterval());
            }
            event(o.canaries() + " canaries written in " + o.from());
            progress.accept("wrote " + o.canaries() + " canaries in " + o.from() + "; waiting for them in " + o.to());
        } finally {
            writing.set(false);
        }
        join(watcher);
        Histogram h = new Histogram(3_600_000_000L, 3); // microseconds, up to an hour
        for (Map.Entry<String, Long> e : seenNanos.entrySet()) {
            long from = watchFromNanos != null ? watchFromNanos : ackNanos.get(e.getKey());
            h.recordValue(Math.max(0, (e.getValue() - from) / 1000));
        }
        for (Map.Entry<String, Long> e : ackNanos.entrySet()) {
            Long seenAt = seenNanos.get(e.getKey());
            long w = (e.getValue() - startNanos) / 1_000_000;
            Long s = seenAt == null ? null : (seenAt - startNanos) / 1_000_000;
            arrivals.add(new DrillReport.Arrival(e.getKey(), "c".equals(tag) ? "baseline" : "pause", w, s, s == null ? null : Math.max(0, s - w)));
        }
        int seen = seenNanos.size();
        if (seen > 0) event(seen + " of " + o.canaries() + " canaries visible in " + o.to());
        if (seen < o.canaries()) event((o.canaries() - seen) + " canaries still missing in " + o.to() + " at the timeout");
        DrillReport.Lag lag = seen == 0 ? null : new DrillReport.Lag(seen, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getMean() / 1000.0);
        return new Batch(seen, lag, seenNanos);
    }

    /** Poll {@code dst} with consistent BatchGetItem until every written canary is seen, or the timeout. */
    private void watch(DrillOptions o, DynamoDbClient dst, Keys keys, Map<String, Map<String, AttributeValue>> pending,
                       Map<String, Long> seen, AtomicBoolean writing) {
        long deadline = Long.MAX_VALUE;
        while (!Thread.currentThread().isInterrupted()) {
            if (!writing.get() && deadline == Long.MAX_VALUE) deadline = System.nanoTime() + o.timeout().toNanos();
            if (!writing.get() && pending.isEmpty()) return;
            if (System.nanoTime() > deadline) return;
            List<Map<String, AttributeValue>> batch = pending.values().stream().limit(100).toList();
            if (!batch.isEmpty()) {
                try {
                    BatchGetItemResponse r = dst.batchGetItem(b -> b.requestItems(Map.of(o.table(),
                            KeysAndAttributes.builder().keys(batch).consistentRead(true).build())));
                    long now = System.nanoTime();
                    for (Map<String, AttributeValue> item : r.responses().getOrDefault(o.table(), List.of())) {
                        String id = keys.id(item);
                        if (pending.remove(id) != null) seen.putIfAbsent(id, now);
                    }
                } catch (SdkException e) {
                    // a failed read is retried on the next round; the timeout bounds it
                    progress.accept("read in " + o.to() + " failed, retrying: " + AwsErrors.describe(e));
                }
            }
            sleepQuietly(o.pollInterval());
        }
    }

    // --- probe ---------------------------------------------------------------------------------------

    private DrillReport.Probe probe(DrillOptions o, DynamoDbClient dst, Keys keys, String ttlAttr,
                                    List<Map<String, AttributeValue>> written) {
        event("probe of " + o.to() + " started");
        long start = System.nanoTime();
        long deadline = start + o.timeout().toNanos();
        int attempts = 0;
        String lastError = null;
        long epochTtl = Instant.now().plus(CANARY_TTL).getEpochSecond();
        while (true) {
            attempts++;
            Map<String, AttributeValue> key = keys.key("probe" + attempts);
            beginWrite(key, written);
            Map<String, AttributeValue> item = new HashMap<>(key);
            String token = Drill.newRunId();
            item.put("ddbr_probe", AttributeValue.fromS(token));
            item.put(ttlAttr, AttributeValue.fromN(Long.toString(epochTtl)));
            try {
                try {
                    dst.putItem(r -> r.tableName(o.table()).item(item));
                } finally {
                    inflight.decrementAndGet();
                }
                var got = dst.getItem(r -> r.tableName(o.table()).key(key).consistentRead(true));
                if (!got.hasItem() || !got.item().containsKey("ddbr_probe") || !token.equals(got.item().get("ddbr_probe").s())) {
                    throw new IllegalStateException("the probe item written in " + o.to() + " did not read back");
                }
                dst.deleteItem(r -> r.tableName(o.table()).key(key));
                double secs = (System.nanoTime() - start) / 1e9;
                event("probe of " + o.to() + " healthy (write, read, delete)");
                return new DrillReport.Probe(true, secs, attempts, lastError);
            } catch (SdkException | IllegalStateException e) {
                lastError = e instanceof SdkException s ? AwsErrors.describe(s) : e.getMessage();
                if (System.nanoTime() > deadline) {
                    event("probe of " + o.to() + " gave up: " + lastError);
                    return new DrillReport.Probe(false, null, attempts, lastError);
                }
                sleep(Duration.ofMillis(Math.min(2000, 100L * attempts)));
            }
        }
    }

    // --- pause ---------------------------------------------------------------------------------------

    private DrillReport.Pause pausePhase(DrillOptions o, Target t, String runId, DynamoDbClient src, DynamoDbClient dst,
                                         Keys keys, List<Map<String, AttributeValue>> written) {
        Duration length = o.pause().orElseThrow();
        Pauser pauser = "fis".equals(pauseMethod(o))
                ? new FisPauser(aws.fis(o.to()), o.fisTemplateId().orElseThrow(), runId, o.timeout(),
                Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()))
                : new PolicyPauser(new ReplicationPause(dst, t.target().arn(), d -> Thread.sleep(d.toMillis())),
                ReplicationPause.sid(runId), Instant.now().plus(length).plus(Duration.ofMinutes(5)));
        activePauser = pauser;
        boolean removed = false;
        int visibleDuringPause;
        PauseJudgement.Verdict judged;
        Double catchUp;
        int missing;
        try {
            pauser.start();
            event("replication into " + o.to() + " paused (" + pauser.describe() + ")");
            progress.accept("replication into " + o.to() + " paused for " + Durations.formatPrecise(length) + " (" + pauser.describe() + ")");
            long pausedAt = System.nanoTime();
            long resumeAt = pausedAt + length.toNanos();
            // canaries written during the pause; the watcher keeps going across the resume
            DrillOptions during = new DrillOptions(o.table(), o.from(), o.to(), o.canaries(),
                    o.timeout().plus(length), o.pause(), o.rpoSeconds(), o.rtoSeconds(), o.appSwitchSeconds(),
                    o.fisTemplateId(), o.writeInterval(), o.pollInterval());
            Map<String, Long> seenAt = new ConcurrentHashMap<>();
            long[] resumedAt = {0};
            Thread resumer = new Thread(() -> {
                sleepQuietly(Duration.ofNanos(Math.max(0, resumeAt - System.nanoTime())));
                pauser.lift();
                resumedAt[0] = System.nanoTime();
                event("replication into " + o.to() + " resumed (pause removed)");
            }, "ddbr-drill-resume");
            resumer.setDaemon(true);
            resumer.start();
            Batch b;
            try {
                b = writeAndWatch(during, src, dst, keys, t.ttlAttribute(), "p", written, null);
            } catch (RuntimeException e) {
                resumer.interrupt(); // lift now, not at the end of the pause
                throw e;
            } finally {
                join(resumer);
            }
            removed = pauser.lifted();
            seenAt.putAll(b.visibleAtNanos());
            long resumed = resumedAt[0] == 0 ? resumeAt : resumedAt[0];
            judged = PauseJudgement.judge(seenAt, pausedAt, resumed, PauseJudgement.PROPAGATION);
            visibleDuringPause = judged.visibleDuringPause();
            if (judged.withinWindow() > 0) {
                event(judged.withinWindow() + " pause canaries reached " + o.to() + " within the first "
                        + Durations.formatPrecise(PauseJudgement.PROPAGATION) + " of the pause (AWS: replication may go on that long)");
            }
            if (judged.failed()) event(judged.afterWindow() + " pause canaries reached " + o.to() + " after that: the pause did not hold");
            missing = o.canaries() - seenAt.size();
            catchUp = missing > 0 ? null : Math.max(0, (seenAt.values().stream().mapToLong(Long::longValue).max().orElse(resumed) - resumed) / 1e9);
            if (catchUp != null) event("all pause canaries caught up in " + o.to());
        } finally {
            pauser.lift();
            removed = pauser.lifted();
        }
        return new DrillReport.Pause(pauseMethod(o), pauser.reference(), length.toMillis() / 1000.0, o.canaries(),
                visibleDuringPause, catchUp, missing, removed, judged.withinWindow(), judged.afterWindow(),
                PauseJudgement.PROPAGATION.toSeconds(), judged.conclusive());
    }

    /** One way of pausing replication into the target Region; {@link #lift()} is idempotent and thread-safe. */
    interface Pauser {
        void start();

        void lift();

        boolean lifted();

        String reference();

        String describe();
    }

    static final class PolicyPauser implements Pauser {
        private final ReplicationPause pause;
        private final String sid;
        private final Instant until;
        private boolean started;
        private boolean lifted;

        PolicyPauser(ReplicationPause pause, String sid, Instant until) {
            this.pause = pause;
            this.sid = sid;
            this.until = until;
        }

        @Override
        public synchronized void start() {
            started = true; // before the call: if it half-succeeds, lift() still looks
            pause.add(sid, until);
        }

        @Override
        public synchronized void lift() {
            if (!started || lifted) return;
            pause.remove(candidate -> ReplicationPause.ofPause(sid, candidate));
            lifted = true;
        }

        @Override
        public synchronized boolean lifted() { return lifted || !started; }

        @Override
        public String reference() { return sid; }

        @Override
        public String describe() { return "resource-policy statement " + sid + ", expires by itself at " + until; }
    }

    // --- Ctrl-C ------------------------------------------------------------------------------------------

    /** Record a key before its write is sent, unless the drill is being interrupted; counts the write in flight. */
    private void beginWrite(Map<String, AttributeValue> key, List<Map<String, AttributeValue>> written) {
        synchronized (writeLock) {
            while (aborted) {
                // Ctrl-C: the JVM is exiting and the shutdown hook owns the clean-up and the message; this thread
                // must not write more, nor print an error of its own, so it waits for the JVM to halt.
                java.util.concurrent.locks.LockSupport.park(this);
            }
            written.add(key);
            inflight.incrementAndGet();
        }
    }

    /**
     * The shutdown hook of a running drill (Ctrl-C): no new writes, wait briefly for writes in flight, lift the
     * pause, delete every canary and probe item written so far in both Regions within {@link #INTERRUPT_BUDGET},
     * and hand one line saying what was done (and what is left, with the command that removes it) to the listener.
     */
    private void interrupted(DrillOptions o, DynamoDbClient src, DynamoDbClient dst, Keys keys, String ttlAttr,
                             List<Map<String, AttributeValue>> written, String runId) {
        long deadline = System.nanoTime() + INTERRUPT_BUDGET.toNanos();
        List<Map<String, AttributeValue>> toDelete;
        synchronized (writeLock) {
            aborted = true;
            toDelete = List.copyOf(written);
        }
        while (inflight.get() > 0 && System.nanoTime() < deadline - INTERRUPT_BUDGET.toNanos() / 2) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        StringBuilder msg = new StringBuilder("ddbr: interrupted; drill " + runId + " stopped");

        Pauser p = activePauser;
        if (p != null) {
            try {
                p.lift();
                msg.append(", replication pause lifted (").append(p.reference()).append(')');
            } catch (RuntimeException e) {
                msg.append(", the replication pause could NOT be lifted (").append(p.reference()).append(
                        "): run 'ddbr failover drill --cleanup ").append(o.table()).append(" --to ").append(o.to()).append("'");
            }
        }
        // after the pause is lifted: the pause matters more than the load
        if (load != null) {
            try {
                load.stop();
                msg.append(", load stopped");
            } catch (RuntimeException e) {
                msg.append(", load stopping failed (").append(e.getMessage()).append(')');
            }
        }
        int deleted = 0;
        int left = 0;
        for (Map<String, AttributeValue> key : toDelete) {
            if (System.nanoTime() > deadline) {
                left++;
                continue;
            }
            boolean ok = true;
            for (DynamoDbClient c : List.of(src, dst)) {
                try {
                    c.deleteItem(r -> r.tableName(o.table()).key(key));
                } catch (SdkException e) {
                    ok = false;
                }
            }
            if (ok) deleted++; else left++;
        }
        msg.append(", ").append(deleted).append(" canary item(s) deleted in ").append(o.from()).append(" and ").append(o.to());
        if (left > 0) {
            msg.append("; ").append(left).append(" NOT deleted: items whose ").append(keys.t.partitionKey().name())
                    .append(" starts with ").append(CANARY_PREFIX).append(runId).append("# (TTL attribute ")
                    .append(ttlAttr).append(" set to expire one hour after the write)");
        }
        onInterrupt.accept(msg.toString());
    }

    // --- cleanup -------------------------------------------------------------------------------------

    private DrillReport.Cleanup cleanup(DynamoDbClient src, DynamoDbClient dst, Keys keys, List<Map<String, AttributeValue>> written) {
        int deleted = 0;
        int failed = 0;
        for (Map<String, AttributeValue> key : written) {
            boolean ok = true;
            for (DynamoDbClient c : List.of(src, dst)) {
                try {
                    c.deleteItem(r -> r.tableName(keys.t.name()).key(key));
                } catch (SdkException e) {
                    ok = false;
                }
            }
            if (ok) deleted++; else failed++;
        }
        event("canaries deleted in both Regions: " + deleted + (failed > 0 ? ", " + failed + " failed" : ""));
        return new DrillReport.Cleanup(deleted, failed);
    }

    // --- helpers -------------------------------------------------------------------------------------

    private void event(String what) {
        timeline.add(new DrillReport.Event((System.nanoTime() - startNanos) / 1_000_000, what));
    }

    private static void call(Runnable r, String what) {
        try {
            r.run();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, what);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("drill interrupted", null);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("drill interrupted", null);
        }
    }
}
