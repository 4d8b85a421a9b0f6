package dev.ddbr.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SloTest {
    /** A report of 1000 gets: latencies 1..1000 ms, 3 throttles, 1 error, 990 of 1000 ops/s achieved. */
    private static LoadReport report(List<Slo> slos) {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) h.recordValue(i * 1000L);
        OpCounts c = new OpCounts(1000, 3, 3, 1, Map.of("ThrottlingException", 3L), Map.of("t", 3L), Map.of("ValidationException", 1L));
        RunSummary s = new RunSummary("t", "w", 0, 1, Instant.EPOCH, "1000:1s", 1, 1.0101, 1000, 1000, 1000, 0, false,
                Map.of("get", c), Map.of(), null, List.of());
        return Reports.build(List.of(s), Map.of("get", h), slos);
    }

    private static Slo.Result check(String expr) {
        return report(List.of(Slo.parse(expr, "--slo"))).slo().get(0);
    }

    @Test
    void latencyGatesSayByHowMuchTheyMissed() {
        assertThat(check("p99<=1s").met()).isTrue();
        Slo.Result r = check("p99<=20ms");
        assertThat(r.met()).isFalse();
        assertThat(r.actual()).isBetween(989.0, 991.0);
        assertThat(r.detail()).startsWith("p99 was 99").contains("over the limit 20ms by 97");
        assertThat(check("max<1002ms").met()).isTrue();
        assertThat(check("max<999ms").met()).isFalse();
        assertThat(check("p50 <= 501 ms").met()).isTrue();
    }

    @Test
    void throttlesErrorsAndRateAsCountsOrPercentages() {
        assertThat(check("throttles<=0.3%").met()).isTrue();
        assertThat(check("throttles<=0.1%").met()).isFalse();
        assertThat(check("throttles<=0.1%").detail()).contains("throttles was 0.3%");
        assertThat(check("errors==0").met()).isFalse();
        assertThat(check("errors<=1").met()).isTrue();
        assertThat(check("rate>=98%").met()).isTrue();
        assertThat(check("rate>=99.5%").met()).isFalse();
        assertThat(check("rate>=99.5%").detail()).contains("under the limit");
    }

    @Test
    void badGatesGetOneClearLine() {
        for (String[] c : new String[][] {{"p99<=20", "needs a duration unit"}, {"latency<5ms", "unknown metric 'latency'"},
                {"p99 about 20ms", "not METRIC OP VALUE"}, {"errors<=5ms", "a count or a percentage"}}) {
            assertThatThrownBy(() -> Slo.parse(c[0], "--slo")).isInstanceOfSatisfying(DdbrException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(252);
                assertThat(e.getMessage()).contains(c[1]);
            });
        }
    }
}
