package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyStatsTest {
    @Test
    void exactCountsAndMerge() {
        KeyStats a = new KeyStats(100);
        KeyStats b = new KeyStats(100);
        for (int i = 0; i < 50; i++) a.add("hot", 10);
        for (int i = 0; i < 10; i++) b.add("hot", 10);
        for (int i = 0; i < 40; i++) b.add("k" + i, 5);
        a.merge(b);
        KeyStats.Summary s = a.summarize(3);
        assertThat(s.exact()).isTrue();
        assertThat(s.items()).isEqualTo(100);
        assertThat(s.bytes()).isEqualTo(800);
        assertThat(s.distinctKeys()).isEqualTo(41);
        assertThat(s.top()).hasSize(3);
        assertThat(s.top().get(0)).isEqualTo(new KeyStats.Count("hot", 60, 600));
        assertThat(s.gini()).isBetween(0.5, 1.0);
    }

    @Test
    void giniIsZeroWhenEvenAndHighWhenConcentrated() {
        assertThat(KeyStats.gini(new long[] {5, 5, 5, 5})).isZero();
        assertThat(KeyStats.gini(new long[] {0, 0, 0, 100})).isEqualTo(0.75);
        assertThat(KeyStats.gini(new long[] {7})).isZero();
    }

    @Test
    void switchesToSketchesWithStatedBounds() {
        KeyStats a = new KeyStats(1000);
        KeyStats b = new KeyStats(1000);
        Random r = new Random(1);
        long hot = 0;
        for (int i = 0; i < 200_000; i++) {
            KeyStats s = i % 2 == 0 ? a : b;
            if (r.nextInt(10) == 0) {
                s.add("HOT", 100);
                hot++;
            } else {
                s.add("key-" + r.nextInt(50_000), 100);
            }
        }
        assertThat(a.isExact()).isFalse();
        a.merge(b);
        KeyStats.Summary s = a.summarize(5);
        assertThat(s.exact()).isFalse();
        assertThat(s.items()).isEqualTo(200_000);
        assertThat(s.bytes()).isEqualTo(20_000_000);
        assertThat(s.top().get(0).key()).isEqualTo("HOT");
        assertThat(Math.abs(s.top().get(0).items() - hot)).isLessThanOrEqualTo(s.topItemsMaxError());
        // HLL: the true distinct count (about 49,000 of 50,000 drawn) lies in the 95% bound
        java.util.Set<String> seen = new java.util.HashSet<>();
        Random r2 = new Random(1);
        for (int i = 0; i < 200_000; i++) if (r2.nextInt(10) == 0) seen.add("HOT"); else seen.add("key-" + r2.nextInt(50_000));
        assertThat(seen.size()).isBetween((int) (long) s.distinctLow(), (int) (long) s.distinctHigh());
        assertThat(s.gini()).isNull();
    }

    @Test
    void partitionEstimateShowsItsBasis() {
        var p = PartitionModel.estimate(25_000_000_000L,
                java.util.List.of(new PartitionModel.Capacity("provisioned", 6000L, 2000L)), 4);
        assertThat(p.estimated()).isEqualTo(4);
        assertThat(p.basis()).hasSize(3);
        assertThat(p.basis().get(0)).contains("= 3");
        assertThat(p.basis().get(1)).contains("= 4");
        assertThat(PartitionModel.estimate(null, java.util.List.of(), null).estimated()).isEqualTo(1);
    }
}
