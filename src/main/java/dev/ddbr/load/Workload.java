package dev.ddbr.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import dev.ddbr.util.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload ready to run: the rate schedule, the operation mix, item sizes, the key distribution, the SLO gates and
 * this process's worker slot.
 *
 * @param topKeys   with --keys-from: the skew report's top keys (as text), index i of the key space
 * @param indexKeys the distribution of the GSI key values written, over keyCount values shared by every worker; null:
 *                  an item's GSI keys follow its own key
 */
public record Workload(String name, RateSchedule schedule, int concurrency, Map<OpKind, Integer> mix, ItemSize itemSize,
                       KeyDistribution keys, long keyCount, List<String> topKeys, List<Slo> slos, int worker, int workers,
                       long seed, KeyDistribution indexKeys) {

    public static final int DEFAULT_CONCURRENCY = 32;
    public static final long DEFAULT_KEY_COUNT = 10_000;
    public static final String MIX_SYNTAX = "OP=WEIGHT pairs separated by commas, OP one of " + String.join(", ", OpKind.keys())
            + ", e.g. --mix get=80,put=15,query=5";

    /** The longest automatic warm-up. */
    public static final Duration MAX_AUTO_WARMUP = Duration.ofSeconds(10);

    /**
     * The warm-up {@code --warmup} asks for: {@code auto} (or null) is a tenth of the schedule, at most 10 seconds, and
     * none for a schedule shorter than 10 seconds (a smoke test); {@code 0s} is none; else the duration given.
     */
    public Duration warmup(String text) {
        if (text == null || text.strip().equalsIgnoreCase("auto")) {
            if (schedule.totalNanos() < Duration.ofSeconds(10).toNanos()) return Duration.ZERO;
            return Duration.ofNanos(Math.min(MAX_AUTO_WARMUP.toNanos(), schedule.totalNanos() / 10));
        }
        Duration d = Durations.parseZeroAllowed(text, "--warmup");
        if (d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw DdbrException.invalid("--warmup " + text + " is longer than 10 minutes", "auto, 0s to skip it, or e.g. 30s");
        }
        return d;
    }

    /**
     * The workload of the warm-up before the measured run: the same operations, keys and workers at the schedule's first
     * rate for {@code d}, with no SLO gates.
     */
    public Workload warmupOf(Duration d) {
        return new Workload(name, RateSchedule.constant(schedule.steps().get(0).from(), d), concurrency, mix, itemSize, keys, keyCount,
                topKeys, List.of(), worker, workers, seed ^ 0x5DEECE66DL, indexKeys);
    }

    /** Whether the mix writes. */
    public boolean writes() { return mix.keySet().stream().anyMatch(OpKind::write); }

    /**
     * The workload as given: a profile workload's values with the command line's on top. Nulls are "not given".
     *
     * @param mix     OP=WEIGHT pairs
     * @param worker  "I/N", "auto/N" or "/N" (I from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX)
     */
    public record Spec(String name, String rate, String duration, Integer concurrency, String mix, String itemSize, String keys,
                       Long keyCount, String keysFrom, List<String> slo, String worker, Long seed, String indexKeys) {

        public Spec(String name, String rate, String duration, Integer concurrency, String mix, String itemSize, String keys,
                    Long keyCount, String keysFrom, List<String> slo, String worker, Long seed) {
            this(name, rate, duration, concurrency, mix, itemSize, keys, keyCount, keysFrom, slo, worker, seed, null);
        }

        /** This spec with every value {@code over} gives taking its place. */
        public Spec overriddenBy(Spec over) {
            List<String> slos = new ArrayList<>(slo == null ? List.of() : slo);
            if (over.slo != null) slos.addAll(over.slo);
            return new Spec(over.name != null ? over.name : name, or(over.rate, rate), or(over.duration, duration),
                    or(over.concurrency, concurrency), or(over.mix, mix), or(over.itemSize, itemSize), or(over.keys, keys),
                    or(over.keyCount, keyCount), or(over.keysFrom, keysFrom), slos, or(over.worker, worker), or(over.seed, seed),
                    or(over.indexKeys, indexKeys));
        }

        private static <T> T or(T a, T b) { return a != null ? a : b; }
    }

    /** Validates and resolves a spec; every problem is one line and exit 252. */
    public static Workload resolve(Spec s, Map<String, String> env) {
        if (s.rate() == null) {
            throw DdbrException.invalid("no rate: give --rate or a --workload whose profile entry sets rate",
                    "e.g. --rate 1000 --duration 1m, or --rate '500:2m,2000:5m,ramp 2000..8000:10m'");
        }
        Duration duration = s.duration() == null ? null : Durations.parse(s.duration(), "--duration");
        RateSchedule schedule = RateSchedule.parse(s.rate(), duration, "--rate");
        int concurrency = s.concurrency() == null ? DEFAULT_CONCURRENCY : s.concurrency();
        if (concurrency < 1 || concurrency > 4096) {
            throw DdbrException.invalid("--workers must be between 1 and 4096, got " + concurrency, "the number of operations in flight at once");
        }
        Map<OpKind, Integer> mix = mix(s.mix() == null ? "get=100" : s.mix(), "--mix");
        ItemSize size = ItemSize.parse(s.itemSize() == null ? "1KB" : s.itemSize(), "--item-size");
        int[] slot = slot(s.worker(), env);
        List<String> topKeys = List.of();
        List<Double> topShares = List.of();
        long keyCount = s.keyCount() == null ? DEFAULT_KEY_COUNT : s.keyCount();
        if (s.keyCount() != null && (keyCount < 1 || keyCount > 1_000_000_000L)) {
            throw DdbrException.invalid("--key-count must be between 1 and 1000000000, got " + keyCount, "how many distinct partition keys the load uses");
        }
        KeyDistribution keys;
        if (s.keysFrom() != null) {
            if (s.keys() != null) throw DdbrException.invalid("--keys and --keys-from are exclusive", "--keys-from replays a skew report's distribution");
            SkewFile f = SkewFile.read(Path.of(s.keysFrom()));
            topKeys = f.keys();
            topShares = f.shares();
            if (s.keyCount() == null) keyCount = Math.max(f.distinctKeys(), topKeys.size() + 1);
            if (keyCount <= topKeys.size()) {
                throw DdbrException.invalid("--key-count " + keyCount + " must be more than the " + topKeys.size() + " top keys of " + s.keysFrom(), null);
            }
            try {
                keys = new KeyDistribution.Replayed(keyCount, topShares, slot[0], slot[1]);
            } catch (IllegalArgumentException e) {
                throw DdbrException.invalid("cannot replay " + s.keysFrom() + ": " + e.getMessage(), null);
            }
        } else {
            try {
                keys = KeyDistribution.parse(s.keys() == null ? "uniform" : s.keys(), keyCount, slot[0], slot[1], "--keys");
            } catch (IllegalArgumentException e) {
                throw DdbrException.invalid("invalid --keys '" + s.keys() + "': " + e.getMessage(), "expected " + KeyDistribution.SYNTAX);
            }
        }
        KeyDistribution indexKeys = s.indexKeys() == null ? null
                : KeyDistribution.parse(s.indexKeys(), keyCount, 0, 1, "--index-keys");
        if (indexKeys != null && !mix.keySet().stream().anyMatch(k -> k == OpKind.PUT || k == OpKind.UPDATE
                || k == OpKind.BATCH_WRITE || k == OpKind.TRANSACT_WRITE)) {
            throw DdbrException.invalid("--index-keys needs a mix that writes items (put, update, batch-write or transact-write)",
                    "e.g. --mix get=80,put=20 --index-keys hotkey:1:0.5");
        }
        List<Slo> slos = (s.slo() == null ? List.<String>of() : s.slo()).stream().map(x -> Slo.parse(x, "--slo")).toList();
        return new Workload(s.name() == null ? "command line" : s.name(), schedule, concurrency, mix, size, keys, keyCount, topKeys,
                slos, slot[0], slot[1], s.seed() == null ? System.nanoTime() : s.seed(), indexKeys);
    }

    /** {@code get=60,put=40}. */
    public static Map<OpKind, Integer> mix(String text, String option) {
        Map<OpKind, Integer> m = new EnumMap<>(OpKind.class);
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("[=:]");
            if (kv.length != 2) throw badMix(option, text, "'" + part.strip() + "' is not OP=WEIGHT");
            OpKind k = OpKind.of(kv[0]);
            if (k == null) {
                String hint = dev.ddbr.profile.Text.closest(kv[0].strip(), OpKind.keys()).map(c -> "; did you mean '" + c + "'?").orElse("");
                throw badMix(option, text, "unknown operation '" + kv[0].strip() + "'" + hint);
            }
            int w;
            try {
                w = Integer.parseInt(kv[1].strip());
            } catch (NumberFormatException e) {
                throw badMix(option, text, "weight '" + kv[1].strip() + "' is not a whole number");
            }
            if (w < 0 || w > 1_000_000) throw badMix(option, text, "weight " + w + " must be between 0 and 1000000");
            if (m.containsKey(k)) throw badMix(option, text, k.key() + " appears twice");
            if (w > 0) m.put(k, w);
        }
        if (m.isEmpty()) throw badMix(option, text, "every weight is 0");
        return m;
    }

    private static DdbrException badMix(String option, String text, String why) {
        return DdbrException.invalid("invalid " + option + " '" + text.strip() + "': " + why, "expected " + MIX_SYNTAX);
    }

    /** {@code [index, count]}. */
    static int[] slot(String text, Map<String, String> env) {
        if (text == null) return new int[] {0, 1};
        String t = text.strip();
        String hint = "--worker I/N with 0 <= I < N, or --worker auto/N to take I from JOB_COMPLETION_INDEX"
                + " (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job)";
        int slash = t.indexOf('/');
        if (slash < 0) throw DdbrException.invalid("invalid --worker '" + t + "': expected I/N", hint);
        String i = t.substring(0, slash).strip();
        int n;
        try {
            n = Integer.parseInt(t.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            throw DdbrException.invalid("invalid --worker '" + t + "': N is not a whole number", hint);
        }
        if (n < 1 || n > 100_000) throw DdbrException.invalid("invalid --worker '" + t + "': N must be between 1 and 100000", hint);
        String source = "--worker";
        if (i.isEmpty() || i.equalsIgnoreCase("auto")) {
            String k8s = env.get("JOB_COMPLETION_INDEX");
            String batch = env.get("AWS_BATCH_JOB_ARRAY_INDEX");
            i = k8s != null && !k8s.isBlank() ? k8s : batch;
            source = k8s != null && !k8s.isBlank() ? "JOB_COMPLETION_INDEX" : "AWS_BATCH_JOB_ARRAY_INDEX";
            if (i == null || i.isBlank()) {
                throw DdbrException.config("--worker " + t + " takes its index from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, and neither is set", hint);
            }
        }
        int idx;
        try {
            idx = Integer.parseInt(i.strip());
        } catch (NumberFormatException e) {
            throw DdbrException.invalid("invalid worker index '" + i + "' from " + source + ": not a whole number", hint);
        }
        if (idx < 0 || idx >= n) throw DdbrException.invalid("worker index " + idx + " from " + source + " is outside 0.." + (n - 1), hint);
        return new int[] {idx, n};
    }

    /** The top keys of a skew report ({@code ddbr skew scan|export -o json}). */
    record SkewFile(List<String> keys, List<Double> shares, long distinctKeys) {
        static SkewFile read(Path p) {
            JsonNode n;
            try {
                n = new ObjectMapper().readTree(Files.readString(p));
            } catch (IOException e) {
                throw DdbrException.invalid("cannot read --keys-from " + p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()),
                        "give the output of 'ddbr skew scan TABLE -o json > skew.json'");
            }
            JsonNode top = n == null ? null : n.get("topKeys");
            if (top == null || !top.isArray()) {
                throw DdbrException.invalid("--keys-from " + p + " is not a skew report: it has no topKeys",
                        "give the output of 'ddbr skew scan TABLE -o json' or 'ddbr skew export PATH -o json'");
            }
            Map<String, Double> shares = new LinkedHashMap<>();
            double sum = 0;
            for (JsonNode k : top) {
                String key = k.path("key").asText(null);
                double share = k.path("share").asDouble(-1);
                if (key == null || !(share >= 0 && share <= 1)) {
                    throw DdbrException.invalid("--keys-from " + p + ": a topKeys entry lacks key or a share between 0 and 1", null);
                }
                shares.put(key, share);
                sum += share;
            }
            if (shares.isEmpty()) throw DdbrException.invalid("--keys-from " + p + " lists no top keys (an empty table?)", "scan a table that has items");
            if (sum > 1 + 1e-6) throw DdbrException.invalid("--keys-from " + p + ": the top keys' shares add up to more than 1", null);
            long distinct = n.path("distinctKeys").asLong(0);
            return new SkewFile(List.copyOf(shares.keySet()), List.copyOf(shares.values()), distinct);
        }
    }
}
