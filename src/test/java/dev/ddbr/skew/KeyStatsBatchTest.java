package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** KeyStats past {@link KeyStats.Batch#FROM_KEYS} keys counts in batches: the counts must not change. */
class KeyStatsBatchTest {
    private static final int TOP = 25;

    /** Zipf-like keys of every length around the 16 bytes kept inline, some not ASCII, fed to two workers. */
    @Test
    void batchedCountsEqualAPlainMap() {
        Map<String, long[]> expected = new HashMap<>();
        KeyStats a = new KeyStats(1_000_000);
        KeyStats b = new KeyStats(1_000_000);
        Random rnd = new Random(7);
        byte[] buf = new byte[128];
        long seenMidway = -1;
        for (int i = 0; i < 900_000; i++) {
            int n = (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 160_000);
            String key = switch (n % 4) {
                case 0 -> "t" + n;
                case 1 -> "tenant-with-a-long-prefix-" + n;
                case 2 -> "tenant-" + n;
                default -> "ключ-" + n;   // two bytes a letter
            };
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int off = rnd.nextInt(16);   // keys anywhere in a larger, reused buffer
            System.arraycopy(k, 0, buf, off, k.length);
            long size = 1 + rnd.nextInt(300);
            (i % 3 == 0 ? b : a).add(buf, off, k.length, size);
            java.util.Arrays.fill(buf, (byte) 'x');   // the caller reuses its buffer
            long[] e = expected.computeIfAbsent(key, x -> new long[2]);
            e[0]++;
            e[1] += size;
            if (i == 600_000) {
                seenMidway = expected.size();
                KeyStats m = new KeyStats(1_000_000);
                expected.forEach((x, v) -> { for (long j = 0; j < v[0]; j++) m.add(x, 0); });
                assertThat(m.distinct()).isEqualTo(seenMidway);
            }
        }
        assertThat(seenMidway).isGreaterThan(KeyStats.Batch.FROM_KEYS);
        a.merge(b);
        KeyStats.Summary s = a.summarize(TOP);
        assertThat(s.exact()).isTrue();
        assertThat(s.distinctKeys()).isEqualTo(expected.size());
        assertThat(s.items()).isEqualTo(900_000);
        assertThat(s.bytes()).isEqualTo(expected.values().stream().mapToLong(v -> v[1]).sum());

        List<Map.Entry<String, long[]>> all = new ArrayList<>(expected.entrySet());
        all.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparingLong(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey));
        List<KeyStats.Count> top = new ArrayList<>();
        for (int i = 0; i < TOP; i++) top.add(new KeyStats.Count(all.get(i).getKey(), all.get(i).getValue()[0], all.get(i).getValue()[1]));
        assertThat(s.top()).containsExactlyElementsOf(top);
        long[] counts = expected.values().stream().mapToLong(v -> v[0]).toArray();
        assertThat(s.gini()).isEqualTo(KeyStats.gini(counts));
        assertThat(s.frequencyCounts()).containsExactly(
                expected.values().stream().filter(v -> v[0] == 1).count(),
                expected.values().stream().filter(v -> v[0] == 2).count());
    }

    /** Every distinct key once: the table passes the exact limit, which batching must not hide or delay. */
    @Test
    void switchesToSketchesPastTheLimitAsBefore() {
        int limit = KeyStats.Batch.FROM_KEYS + KeyStats.Batch.RECORDS + 1000;
        KeyStats s = new KeyStats(limit);
        int keys = limit + 50_000;
        for (int i = 0; i < keys; i++) {
            s.add("key-" + i, 10);
            if (i == limit - 1) assertThat(s.isExact()).as("at the limit").isTrue();
            if (i == limit) assertThat(s.isExact()).as("one key past the limit").isFalse();
        }
        KeyStats.Summary sum = s.summarize(5);
        assertThat(sum.exact()).isFalse();
        assertThat(sum.items()).isEqualTo(keys);
        assertThat(sum.bytes()).isEqualTo(10L * keys);
        assertThat(sum.distinctLow()).isLessThanOrEqualTo(keys);
        assertThat(sum.distinctHigh()).isGreaterThanOrEqualTo(keys);
    }
}
