package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PauseJudgementTest {
    static final long S = 1_000_000_000L;

    @Test
    void aCanarySeenShortlyAfterThePauseBeganIsNotAFailureOfThePause() {
        // paused at t=100s for 10 minutes; canaries seen 30 s and 4 min into the pause, one after the resume
        PauseJudgement.Verdict v = PauseJudgement.judge(Map.of("a", 130 * S, "b", 340 * S, "c", 701 * S), 100 * S, 700 * S,
                PauseJudgement.PROPAGATION);
        assertThat(v.visibleDuringPause()).isEqualTo(2);
        assertThat(v.withinWindow()).isEqualTo(2);
        assertThat(v.afterWindow()).isZero();
        assertThat(v.failed()).isFalse();
        assertThat(v.conclusive()).isTrue();
    }

    @Test
    void aCanarySeenLaterWhileStillPausedMeansThePauseDidNotHold() {
        PauseJudgement.Verdict v = PauseJudgement.judge(Map.of("a", 130 * S, "b", 401 * S), 100 * S, 700 * S, PauseJudgement.PROPAGATION);
        assertThat(v.afterWindow()).isEqualTo(1);
        assertThat(v.failed()).isTrue();
    }

    @Test
    void aPauseNoLongerThanTheWindowCannotShowThatReplicationStops() {
        PauseJudgement.Verdict v = PauseJudgement.judge(Map.of("a", 110 * S), 100 * S, 220 * S, PauseJudgement.PROPAGATION);
        assertThat(v.conclusive()).isFalse();
        assertThat(v.failed()).isFalse();
        assertThat(v.withinWindow()).isEqualTo(1);
        assertThat(PauseJudgement.judge(Map.of(), 0, Duration.ofMinutes(5).toNanos(), PauseJudgement.PROPAGATION).conclusive()).isFalse();
    }
}
