package dev.ddbr.skew;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Items and bytes per partition key. Exact (a hash map) while the distinct keys are at most
 * {@code exactLimit}; past that, Apache DataSketches: frequent-items sketches (items and bytes) for the
 * heavy hitters and an HLL sketch for the distinct count, each with its error bound. Totals (items,
 * bytes) are always exact. Not thread-safe: one per worker, then {@link #merge}.
 */
public final class KeyStats {
    /** Frequent-items map size: the item-count error is at most about 3.5/MAP_SIZE of the total. */
    static final int MAP_SIZE = 1 << 16;
    static final int HLL_LG_K = 14;

    private final int exactLimit;
    private HashMap<String, long[]> exact = new HashMap<>();
    private ItemsSketch<String> itemSketch;
    private ItemsSketch<String> byteSketch;
    private HllSketch hll;
    private long items;
    private long bytes;

    public KeyStats(int exactLimit) {
        this.exactLimit = Math.max(1, exactLimit);
    }

    public void add(String key, long size) {
        items++;
        bytes += size;
        if (exact != null) {
            long[] c = exact.get(key);
            if (c == null) {
                exact.put(key, new long[] {1, size});
                if (exact.size() > exactLimit) toSketch();
            } else {
                c[0]++;
                c[1] += size;
            }
        } else {
            itemSketch.update(key, 1);
            if (size > 0) byteSketch.update(key, size);
            hll.update(key);
        }
    }

    public long items() { return items; }

    public long bytes() { return bytes; }

    public boolean isExact() { return exact != null; }

    /** Distinct keys seen so far: exact, or the sketch's estimate. */
    public long distinct() { return exact != null ? exact.size() : Math.round(hll.getEstimate()); }

    private void toSketch() {
        itemSketch = new ItemsSketch<>(MAP_SIZE);
        byteSketch = new ItemsSketch<>(MAP_SIZE);
        hll = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
        for (Map.Entry<String, long[]> e : exact.entrySet()) {
            itemSketch.update(e.getKey(), e.getValue()[0]);
            if (e.getValue()[1] > 0) byteSketch.update(e.getKey(), e.getValue()[1]);
            hll.update(e.getKey());
        }
        exact = null;
    }

    /** Fold {@code other} into this one. */
    public void merge(KeyStats other) {
        items += other.items;
        bytes += other.bytes;
        if (exact != null && other.exact != null) {
            for (Map.Entry<String, long[]> e : other.exact.entrySet()) {
                long[] c = exact.get(e.getKey());
                if (c == null) {
                    exact.put(e.getKey(), e.getValue());
                } else {
                    c[0] += e.getValue()[0];
                    c[1] += e.getValue()[1];
                }
            }
            if (exact.size() > exactLimit) toSketch();
            return;
        }
        if (exact != null) toSketch();
        if (other.exact != null) {
            for (Map.Entry<String, long[]> e : other.exact.entrySet()) {
                itemSketch.update(e.getKey(), e.getValue()[0]);
                if (e.getValue()[1] > 0) byteSketch.update(e.getKey(), e.getValue()[1]);
                hll.update(e.getKey());
            }
        } else {
            itemSketch.merge(other.itemSketch);
            byteSketch.merge(other.byteSketch);
            Union u = new Union(HLL_LG_K);
            u.update(hll);
            u.update(other.hll);
            hll = u.getResult(TgtHllType.HLL_8);
        }
    }

    /** A key with its items and bytes (estimates when the stats are sketched). */
    public record Count(String key, long items, long bytes) {}

    /**
     * What the stats say: totals, distinct keys, the {@code top} heaviest keys, and the Gini coefficient of
     * the items-per-key distribution (exact mode only).
     */
    public record Summary(long items, long bytes, long distinctKeys, boolean exact, Long distinctLow,
                          Long distinctHigh, List<Count> top, Long topItemsMaxError, Double gini) {}

    public Summary summarize(int top) {
        if (exact != null) {
            List<Map.Entry<String, long[]>> all = new ArrayList<>(exact.entrySet());
            all.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                    .thenComparingLong(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey));
            List<Count> t = new ArrayList<>();
            for (int i = 0; i < Math.min(top, all.size()); i++) {
                var e = all.get(i);
                t.add(new Count(e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
            long[] counts = new long[exact.size()];
            int i = 0;
            for (long[] c : exact.values()) counts[i++] = c[0];
            return new Summary(items, bytes, exact.size(), true, null, null, List.copyOf(t), 0L, gini(counts));
        }
        ItemsSketch.Row<String>[] rows = itemSketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, Comparator.<ItemsSketch.Row<String>>comparingLong(r -> -r.getEstimate())
                .thenComparing(ItemsSketch.Row::getItem));
        List<Count> t = new ArrayList<>();
        for (int i = 0; i < Math.min(top, rows.length); i++) {
            String k = rows[i].getItem();
            t.add(new Count(k, rows[i].getEstimate(), byteSketch.getEstimate(k)));
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
}
