package dev.ddbr.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The counters of one operation kind (everything but the latencies), as written into a worker's HDR log summary and
 * added up by {@code load merge}.
 */
public record OpCounts(long count, long throttles, long retries, long errors, Map<String, Long> throttlesByReason,
                       Map<String, Long> throttlesByResource, Map<String, Long> errorsByKind) {
    public OpCounts {
        throttlesByReason = new TreeMap<>(throttlesByReason);
        throttlesByResource = new TreeMap<>(throttlesByResource);
        errorsByKind = new TreeMap<>(errorsByKind);
    }

    public static final OpCounts ZERO = new OpCounts(0, 0, 0, 0, Map.of(), Map.of(), Map.of());

    public OpCounts plus(OpCounts o) {
        return new OpCounts(count + o.count, throttles + o.throttles, retries + o.retries, errors + o.errors,
                sum(throttlesByReason, o.throttlesByReason), sum(throttlesByResource, o.throttlesByResource),
                sum(errorsByKind, o.errorsByKind));
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Long::sum));
        return m;
    }

    /** The live, thread-safe counters and latency recorder of one operation kind during a run. */
    static final class Live {
        final OpKind kind;
        /** Latency from the intended start, in microseconds. */
        final Recorder latency = new Recorder(3);
        final LongAdder count = new LongAdder();
        final LongAdder throttles = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
        final Map<String, LongAdder> byResource = new ConcurrentHashMap<>();
        final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

        Live(OpKind kind) {
            this.kind = kind;
        }

        /** One reason of a throttled attempt (the attempt itself is counted in {@link #throttles}). */
        void throttle(String reason, String resource) {
            byReason.computeIfAbsent(reason, k -> new LongAdder()).increment();
            byResource.computeIfAbsent(resource, k -> new LongAdder()).increment();
        }

        void error(String kind) {
            errors.increment();
            byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        OpCounts snapshot() {
            return new OpCounts(count.sum(), throttles.sum(), retries.sum(), errors.sum(), sums(byReason), sums(byResource), sums(byKind));
        }

        private static Map<String, Long> sums(Map<String, LongAdder> m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }
}
