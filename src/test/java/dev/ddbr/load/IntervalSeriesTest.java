package dev.ddbr.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalSeriesTest {
    static LoadRunner.Interval sec(int t, long ops, double p99, double max) {
        return new LoadRunner.Interval(t, ops, ops, 100, 2.0, p99, max, t % 10 == 0 ? 1 : 0, 0);
    }

    @Test
    void aShortRunKeepsEverySecond() {
        IntervalSeries s = new IntervalSeries();
        for (int t = 1; t <= 3600; t++) s.add(sec(t, 100, 10, 20));
        assertThat(s.points()).hasSize(3600);
        assertThat(s.stride()).isEqualTo(1);
        assertThat(s.points().get(3599).t()).isEqualTo(3600);
    }

    @Test
    void aLongRunStaysUnderTheCapMergingNeighbours() {
        IntervalSeries s = new IntervalSeries();
        long ops = 0;
        long throttles = 0;
        for (int t = 1; t <= 3 * 3600 + 7; t++) {
            var i = sec(t, t % 50, t == 9_000 ? 900 : 10, t == 9_000 ? 1_500 : 20);
            ops += i.ops();
            throttles += i.throttles();
            s.add(i);
        }
        List<LoadRunner.Interval> p = s.points();
        assertThat(p.size()).isLessThanOrEqualTo(IntervalSeries.CAP + 1).isGreaterThan(IntervalSeries.CAP / 4);
        assertThat(s.stride()).isEqualTo(4);
        // nothing lost: operations and throttles add up; the worst second still shows
        assertThat(p.stream().mapToLong(LoadRunner.Interval::ops).sum()).isEqualTo(ops);
        assertThat(p.stream().mapToLong(LoadRunner.Interval::throttles).sum()).isEqualTo(throttles);
        assertThat(p.stream().mapToDouble(LoadRunner.Interval::p99Ms).max().orElseThrow()).isEqualTo(900);
        assertThat(p.stream().mapToDouble(LoadRunner.Interval::maxMs).max().orElseThrow()).isEqualTo(1_500);
        // in time order, ending at the last second
        for (int k = 1; k < p.size(); k++) assertThat(p.get(k).t()).isGreaterThan(p.get(k - 1).t());
        assertThat(p.get(p.size() - 1).t()).isEqualTo(3 * 3600 + 7);
    }

    @Test
    void aMergedPointAveragesRatesAndWeighsP50ByOperations() {
        var a = new LoadRunner.Interval(1, 100, 100, 120, 2.0, 10, 30, 1, 2);
        var b = new LoadRunner.Interval(2, 300, 300, 120, 4.0, 40, 50, 3, 0);
        var m = IntervalSeries.merge(a, 1, b, 1);
        assertThat(m.t()).isEqualTo(2);
        assertThat(m.ops()).isEqualTo(400);
        assertThat(m.rate()).isEqualTo(200);
        assertThat(m.offeredRate()).isEqualTo(120);
        assertThat(m.p50Ms()).isEqualTo(3.5);
        assertThat(m.p99Ms()).isEqualTo(40);
        assertThat(m.maxMs()).isEqualTo(50);
        assertThat(m.throttles()).isEqualTo(4);
        assertThat(m.errors()).isEqualTo(2);
    }
}
