package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrillLoadPhaseTest {
    /** A phase cut before its generator reported (stopped during warm-up) is an empty phase, not a failure. */
    @Test
    void aPhaseWithoutReportIsEmptyWithNullLatencies() {
        DrillReport.LoadPhase p = DrillReport.LoadPhase.of("during", "us-east-1", 0.1234567, null);
        assertThat(p.operations()).isZero();
        assertThat(p.rate()).isZero();
        assertThat(p.latencyMs()).isNull();
        assertThat(p.errors().total()).isZero();
        assertThat(p.throttles().total()).isZero();
        assertThat(p.seconds()).isEqualTo(0.123);
    }
}
