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

    /** Reservations before each request: what is handed out never passes the rate times the time plus one burst. */
    @Test
    void reservationsKeepWhatIsGrantedWithinTheRate() throws Exception {
        long[] now = {0};
        TokenBucket b = new TokenBucket(10, () -> now[0], n -> now[0] += n);
        for (int i = 0; i < 200; i++) {
            double estimate = 2.5;
            b.reserve(estimate);
            assertThat(b.granted()).isLessThanOrEqualTo(10 * now[0] / 1e9 + b.burst() + 1e-9);
            b.settle(estimate, i % 3 == 0 ? 2.0 : 2.5); // the response costs the estimate or less
        }
        assertThat(b.consumed()).isGreaterThan(400);
        assertThat(b.granted()).isLessThanOrEqualTo(10 * now[0] / 1e9 + b.burst() + 1e-9);
        // items per page under the budget: a second's budget over the threads, from the cost per item
        assertThat(ScanAnalyzer.pageLimit(b, 4, 0)).isEqualTo(1);
        assertThat(ScanAnalyzer.pageLimit(b, 1, 0.5)).isEqualTo(20);
        // never below 4 units' worth (32 kB): the half-unit minimum per request stays a small overhead
        assertThat(ScanAnalyzer.pageLimit(b, 4, 0.5)).isEqualTo(8);
        assertThat(ScanAnalyzer.pageLimit(new TokenBucket(2, () -> now[0], n -> now[0] += n), 8, 0.01)).isEqualTo(400);
        assertThat(ScanAnalyzer.pageLimit(null, 4, 0.5)).isNull();
    }

    /** A one-item page is charged the half-unit minimum: the items' size, not that minimum, is their cost. */
    @Test
    void costPerItemFromAPageAtTheMinimumChargeComesFromTheItemsSize() {
        assertThat(ScanAnalyzer.unitsPerItem(0.5, 1, 100)).isEqualTo(100 / 8192.0);
        assertThat(ScanAnalyzer.unitsPerItem(0.5, 40, 40 * 100)).isEqualTo(0.5 / 40 < 100 / 8192.0 ? 0.5 / 40 : 100 / 8192.0);
        // a page well above the minimum: what it cost per item
        assertThat(ScanAnalyzer.unitsPerItem(6.0, 12, 12 * 4000)).isEqualTo(0.5);
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
