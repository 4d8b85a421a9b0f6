package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void debtIsWaitedOffAtTheRate() throws Exception {
        long[] now = {0};
        List<Long> sleeps = new ArrayList<>();
        TokenBucket b = new TokenBucket(100, () -> now[0], n -> {
            sleeps.add(n);
            now[0] += n;
        });
        b.acquire();                 // full bucket: no wait
        assertThat(sleeps).isEmpty();
        b.consume(300);              // 100 in the bucket, 200 of debt
        b.acquire();                 // 2 seconds of refill at 100/s
        assertThat(sleeps).hasSize(1);
        assertThat(now[0]).isBetween(2_000_000_000L, 2_000_001_000L);
        // over a long run the spend rate is the budget
        for (int i = 0; i < 50; i++) {
            b.acquire();
            b.consume(128);
        }
        assertThat(b.consumed() / (now[0] / 1e9)).isBetween(90.0, 110.0 * 128 / 100);
    }

    @Test
    void sampleChoosesDistinctSegmentsDeterministically() {
        assertThat(ScanAnalyzer.chooseSegments(100, 0.1, 7)).hasSize(10).doesNotHaveDuplicates()
                .isEqualTo(ScanAnalyzer.chooseSegments(100, 0.1, 7));
        assertThat(ScanAnalyzer.chooseSegments(10, 0.01, 7)).hasSize(2);
        assertThat(ScanAnalyzer.chooseSegments(8, null, 7)).hasSize(8);
    }

    @Test
    void samplingBoundFromSegmentSpread() {
        SkewTarget t = new SkewTarget(null, "pk", "S", null);
        var even = new ScanAnalyzer.Result(t, new KeyStats(10), 4, 40, List.of(100L, 100L, 100L, 100L), List.of(), 0, 0, List.of());
        assertThat(even.relativeErrorBound()).isZero();
        var spread = new ScanAnalyzer.Result(t, new KeyStats(10), 4, 40, List.of(50L, 150L, 100L, 100L), List.of(), 0, 0, List.of());
        assertThat(spread.relativeErrorBound()).isBetween(0.3, 0.8);
        assertThat(spread.scale()).isEqualTo(10.0);
    }
}
