package dev.ddbr.skew;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.LongsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Items and bytes per partition key. Exact (a {@link KeyTable} of the keys' UTF-8 bytes) while the
 * distinct keys are at most {@code exactLimit}; past that, Apache DataSketches over 64-bit hashes of the
 * keys: frequent-items sketches (items and bytes) for the heavy hitters, with the key text kept only for
 * the hashes the sketches still track, and an HLL sketch for the distinct count, each with its error
 * bound. Totals (items, bytes) are always exact. Not thread-safe: one per worker, then {@link #merge}.
 */
public final class KeyStats {
    /** Frequent-items map size: the item-count error is at most about 3.5/MAP_SIZE of the total. */
    static final int MAP_SIZE = 1 << 16;
    static final int HLL_LG_K = 14;
    /** Key texts kept in sketch mode before the ones no sketch tracks any more are dropped. */
    private static final int TEXTS_MAX = 4 * MAP_SIZE;

    private final int exactLimit;
    private KeyTable exact = new KeyTable();
    private LongsSketch itemSketch;
    private LongsSketch byteSketch;
    private HllSketch hll;
    private KeyTable texts;
    private KeyTable spareTexts;
    private long items;
    private long bytes;
    private final Batch batch = new Batch();

    public KeyStats(int exactLimit) {
        this.exactLimit = Math.max(1, exactLimit);
    }

    public void add(String key, long size) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        add(k, 0, k.length, size);
    }

    /** Count one item of {@code size} bytes under the key whose UTF-8 text is {@code k[off, off+len)}. */
    public void add(byte[] k, int off, int len, long size) {
        items++;
        bytes += size;
        long h = KeyTable.hash(k, off, len);
        if (exact == null) {
            sketch(k, off, len, h, 1, size);
        } else if (batch.on) {
            if (batch.put(exact, k, off, len, h, size)) flush();
        } else if (exact.add(k, off, len, h, 1, size)) {
            if (exact.size() > exactLimit) toSketch();
            else if (exact.size() >= Batch.FROM_KEYS) batch.start(exact, exactLimit);
        }
    }

    /** Count the items a batch holds, bucket by bucket (see {@link Batch}). */
    private void flush() {
        if (!batch.on || batch.count == 0) return;
        batch.drain(exact);
        batch.start(exact, exactLimit);
    }

    private void sketch(byte[] k, int off, int len, long h, long n, long size) {
        itemSketch.update(h, n);
        if (size > 0) byteSketch.update(h, size);
        hll.update(h);
        if (texts.add(k, off, len, h, 0, 0) && texts.size() > TEXTS_MAX) pruneTexts();
    }

    /** Keep the texts of the hashes a sketch still tracks (every tracked hash keeps its text). */
    private void pruneTexts() {
        // two tables used in turn: pruning allocates nothing once both have grown
        KeyTable kept = spareTexts;
        kept.clear();
        texts.forEach((a, off, len, h, n, b) -> {
            if (itemSketch.getEstimate(h) > 0 || byteSketch.getEstimate(h) > 0) kept.add(a, off, len, h, 0, 0);
        });
        spareTexts = texts;
        texts = kept;
    }

    public long items() { return items; }

    public long bytes() { return bytes; }

    public boolean isExact() { return exact != null; }

    /** Distinct keys seen so far: exact, or the sketch's estimate. */
    public long distinct() {
        flush();
        return exact != null ? exact.size() : Math.round(hll.getEstimate());
    }

    private void toSketch() {
        batch.stop();
        itemSketch = new LongsSketch(MAP_SIZE);
        byteSketch = new LongsSketch(MAP_SIZE);
        hll = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
        texts = new KeyTable(TEXTS_MAX);
        spareTexts = new KeyTable(TEXTS_MAX);
        KeyTable e = exact;
        exact = null;
        e.forEach(this::sketch);
    }

    /** Fold {@code other} into this one. */
    public void merge(KeyStats other) {
        flush();
        other.flush();
        batch.stop();
        other.batch.stop();
        items += other.items;
        bytes += other.bytes;
        if (exact != null && other.exact != null) {
            other.exact.forEach((a, off, len, h, n, b) -> exact.add(a, off, len, h, n, b));
            if (exact.size() > exactLimit) toSketch();
            return;
        }
        if (exact != null) toSketch();
        if (other.exact != null) {
            other.exact.forEach(this::sketch);
        } else {
            itemSketch.merge(other.itemSketch);
            byteSketch.merge(other.byteSketch);
            Union u = new Union(HLL_LG_K);
            u.update(hll);
            u.update(other.hll);
            hll = u.getResult(TgtHllType.HLL_8);
            other.texts.forEach((a, off, len, h, n, b) -> texts.add(a, off, len, h, 0, 0));
            pruneTexts();
        }
    }

    /** A key with its items and bytes (estimates when the stats are sketched). */
    public record Count(String key, long items, long bytes) {}

    /**
     * What the stats say: totals, distinct keys, the {@code top} heaviest keys, and the Gini coefficient of
     * the items-per-key distribution (exact mode only), and {@code frequencyCounts}: the keys with one item
     * and with two items (exact mode only; for estimating the keys a sample missed).
     */
    public record Summary(long items, long bytes, long distinctKeys, boolean exact, Long distinctLow,
                          Long distinctHigh, List<Count> top, Long topItemsMaxError, Double gini, long[] frequencyCounts) {
        /** Without the frequency counts. */
        public Summary(long items, long bytes, long distinctKeys, boolean exact, Long distinctLow, Long distinctHigh,
                       List<Count> top, Long topItemsMaxError, Double gini) {
            this(items, bytes, distinctKeys, exact, distinctLow, distinctHigh, top, topItemsMaxError, gini, null);
        }
    }

    public Summary summarize(int top) {
        flush();
        if (exact != null) {
            KeyTable t = exact;
            int[] slots = t.slots();
            Comparator<Integer> heavierFirst = Comparator.<Integer>comparingLong(i -> -t.items(i))
                    .thenComparingLong(i -> -t.bytes(i)).thenComparing(t::key);
            // the top keys without sorting them all: a bounded heap, lightest on top
            PriorityQueue<Integer> heap = new PriorityQueue<>(heavierFirst.reversed());
            long[] counts = new long[slots.length];
            for (int k = 0; k < slots.length; k++) {
                int slot = slots[k];
                counts[k] = t.items(slot);
                if (top <= 0) continue;
                if (heap.size() < top) {
                    heap.add(slot);
                } else if (heavierFirst.compare(slot, heap.peek()) < 0) {
                    heap.poll();
                    heap.add(slot);
                }
            }
            List<Integer> best = new ArrayList<>(heap);
            best.sort(heavierFirst);
            List<Count> out = new ArrayList<>();
            for (int slot : best) out.add(new Count(t.key(slot), t.items(slot), t.bytes(slot)));
            long f1 = 0;
            long f2 = 0;
            for (long n : counts) {
                if (n == 1) f1++;
                else if (n == 2) f2++;
            }
            return new Summary(items, bytes, slots.length, true, null, null, List.copyOf(out), 0L, gini(counts),
                    new long[] {f1, f2});
        }
        LongsSketch.Row[] rows = itemSketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
        record Row(String key, long items, long hash) {}
        List<Row> all = new ArrayList<>();
        for (LongsSketch.Row r : rows) {
            String k = texts.text(r.getItem());
            if (k != null) all.add(new Row(k, r.getEstimate(), r.getItem()));
        }
        all.sort(Comparator.<Row>comparingLong(r -> -r.items()).thenComparing(Row::key));
        List<Count> t = new ArrayList<>();
        for (int i = 0; i < Math.min(top, all.size()); i++) {
            Row r = all.get(i);
            t.add(new Count(r.key(), r.items(), byteSketch.getEstimate(r.hash())));
        }
        return new Summary(items, bytes, Math.round(hll.getEstimate()), false,
                (long) Math.floor(hll.getLowerBound(2)), (long) Math.ceil(hll.getUpperBound(2)),
                List.copyOf(t), itemSketch.getMaximumError(), null);
    }

    /** Gini coefficient of non-negative counts: 0 when all keys are equal, towards 1 when one key has all. */
    public static double gini(long[] counts) {
        int n = counts.length;
        if (n <= 1) return 0.0;
        long[] c = counts.clone();
        Arrays.sort(c);
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += c[i];
            weighted += (double) (i + 1) * c[i];
        }
        if (sum == 0) return 0.0;
        return (2 * weighted) / (n * sum) - (double) (n + 1) / n;
    }

    /**
     * Items waiting to be counted, in buckets by the region of the exact table they fall in. With hundreds
     * of thousands of keys the table is tens of MB, and counting each item as it comes costs a cache and
     * TLB miss into it; a batch instead writes small records one after the other, then counts them region
     * by region, each region small enough to stay in the cache while its bucket is counted (a
     * radix-partitioned count). Counts are the same: only their order changes. Batching runs only while
     * the table cannot pass the exact limit within a batch, so the switch to sketches happens at the same
     * key as without it.
     */
    static final class Batch {
        /** Keys the table holds before items are batched: below that it fits in the cache. */
        static final int FROM_KEYS = 1 << 15;
        /** Records a batch holds. */
        static final int RECORDS = 1 << 17;
        /** Bytes of the table one bucket covers, at most. */
        private static final long REGION_BYTES = 1 << 19;
        private static final int MAX_BUCKETS = 1 << 10;
        /** Longs a record: hash, the key's first 16 bytes, its length << 32 | the offset of the rest, size. */
        private static final int R = 5;

        boolean on;
        int count;
        private long[] records;
        private int[] fill;
        private byte[] tails = new byte[1 << 12];
        private int tailsUsed;
        private int shift;
        private int buckets;
        private int perBucket;

        void start(KeyTable t, int exactLimit) {
            if ((long) t.size() + RECORDS > exactLimit) {
                stop();
                return;
            }
            int cap = t.capacity();
            long b = Math.max(1, (long) cap * KeyTable.slotBytes() / REGION_BYTES);
            buckets = (int) Math.min(MAX_BUCKETS, Math.min(cap, Long.highestOneBit(b) << (Long.bitCount(b) > 1 ? 1 : 0)));
            shift = Integer.numberOfTrailingZeros(cap) - Integer.numberOfTrailingZeros(buckets);
            perBucket = RECORDS / buckets;
            if (records == null) records = new long[RECORDS * R];
            if (fill == null || fill.length < buckets) fill = new int[MAX_BUCKETS];
            on = true;
        }

        void stop() {
            on = false;
            records = null;
            fill = null;
            tails = new byte[0];
            count = 0;
        }

        /** @return true when the bucket is full and the batch must be drained */
        boolean put(KeyTable t, byte[] k, int off, int len, long h, long size) {
            int b = t.home(h) >>> shift;
            int f = fill[b]++;
            int x = (b * perBucket + f) * R;
            long[] r = records;
            r[x] = h;
            r[x + 1] = KeyTable.word(k, off, len, 0);
            r[x + 2] = KeyTable.word(k, off, len, 8);
            int tail = 0;
            if (len > KeyTable.INLINE) {
                if (tailsUsed + len > tails.length) tails = Arrays.copyOf(tails, Math.max(tailsUsed + len, tails.length * 2));
                System.arraycopy(k, off, tails, tailsUsed, len);
                tail = tailsUsed;
                tailsUsed += len;
            }
            r[x + 3] = (long) len << 32 | tail;
            r[x + 4] = size;
            count++;
            return f + 1 == perBucket;
        }

        void drain(KeyTable t) {
            long[] r = records;
            byte[] tl = tails;
            for (int b = 0; b < buckets; b++) {
                for (int x = b * perBucket * R, end = x + fill[b] * R; x < end; x += R) {
                    long ref = r[x + 3];
                    int len = (int) (ref >>> 32);
                    t.add(len > KeyTable.INLINE ? tl : null, (int) ref, len, r[x + 1], r[x + 2], r[x], 1, r[x + 4]);
                }
                fill[b] = 0;
            }
            count = 0;
            tailsUsed = 0;
        }
    }
}
