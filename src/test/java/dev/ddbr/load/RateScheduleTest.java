package dev.ddbr.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aConstantRateOffersRateTimesDurationEvenlySpaced() {
        RateSchedule s = RateSchedule.parse("2000", Duration.ofSeconds(10), "--rate");
        assertThat(s.totalOps()).isEqualTo(20_000);
        assertThat(s.offeredRate()).isEqualTo(2000.0);
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(1)).isEqualTo(500_000);
        assertThat(s.offsetNanos(19_999)).isEqualTo(9_999_500_000L);
    }

    @Test
    void stepsAndRampsAreHonoured() {
        RateSchedule s = RateSchedule.parse("500:2m,2000:5m,ramp 2000..8000:10m", null, "--rate");
        assertThat(s.steps()).hasSize(3);
        assertThat(s.totalNanos()).isEqualTo(17 * 60 * S);
        assertThat(s.totalOps()).isEqualTo(500 * 120 + 2000 * 300 + 5000 * 600);
        // ops of the first step start within its two minutes, the next one right after
        assertThat(s.offsetNanos(500 * 120 - 1)).isLessThan(120 * S);
        assertThat(s.offsetNanos(500 * 120)).isEqualTo(120 * S);
        // the ramp: the integral of the rate reaches i at offsetNanos(i)
        long first = 500 * 120 + 2000 * 300;
        for (long i : new long[] {first, first + 1000, first + 1_000_000, s.totalOps() - 1}) {
            assertThat(s.opsBefore(s.offsetNanos(i))).isCloseTo(i, within(1.0));
        }
        // in a ramp the gaps shrink as the rate rises
        long early = s.offsetNanos(first + 1) - s.offsetNanos(first);
        long late = s.offsetNanos(s.totalOps() - 1) - s.offsetNanos(s.totalOps() - 2);
        assertThat(early).isGreaterThan(late * 3);
    }

    @Test
    void countsPerSecondFollowTheSteps() {
        RateSchedule s = RateSchedule.parse("100:1s,300:1s,0:1s,50:1s", null, "--rate");
        int[] perSecond = new int[4];
        for (long i = 0; i < s.totalOps(); i++) perSecond[(int) (s.offsetNanos(i) / S)]++;
        assertThat(perSecond).containsExactly(100, 300, 0, 50);
    }

    @Test
    void theLastPartTakesTheRestOfDurationAndDurationCutsALongerSchedule() {
        assertThat(RateSchedule.parse("100:2s,200", Duration.ofSeconds(5), "--rate").totalOps()).isEqualTo(200 + 600);
        RateSchedule cut = RateSchedule.parse("100:2s,ramp 100..300:2s", Duration.ofSeconds(3), "--rate");
        assertThat(cut.totalNanos()).isEqualTo(3 * S);
        assertThat(cut.totalOps()).isEqualTo(200 + 150);
        assertThat(RateSchedule.parse("10", null, "--rate").duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badSchedulesGetOneClearLine() {
        assertBad("fast", "invalid --rate 'fast': it is not a rate");
        assertBad("500:2m,2000,100:1m", "part 2 '2000' has no duration; only the last part may leave it out");
        assertBad("500:2m,ramp 10..:1m", "part 2 'ramp 10..:1m' is neither RATE:DURATION nor a ramp");
        assertBad("500:2x", "part 1 '500:2x' has an invalid duration '2x'");
        assertBad("0", "every rate is 0");
        assertBad("500:1m,100", "its last part '100' has no duration and no --duration is given");
        assertBad("99999999999", "must be between 0 and 10000000");
    }

    private static void assertBad(String text, String fragment) {
        assertThatThrownBy(() -> RateSchedule.parse(text, null, "--rate"))
                .isInstanceOfSatisfying(DdbrException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(252);
                    assertThat(e.getMessage()).contains(fragment).doesNotContain("\n");
                    assertThat(e.hint()).contains("ramp FROM..TO:DURATION");
                });
    }
}
