package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one survivor-load computation shared by failover what-if and capacity advise, on hand-computed cases. */
class SurvivorCapacityTest {

    static TableSettings table(String region, String billing, Long rcu, Long wcu) {
        return new TableSettings("t", "arn:aws:dynamodb:" + region + ":111111111111:table/t", region, "ACTIVE", null, null, null,
                billing, rcu == null ? null : new TableSettings.Throughput(rcu, wcu), null, null, List.of(), List.of(), null, null,
                null, null, null, null, null, List.of(), null, null, null, null, null, null, List.of(), List.of(), List.of());
    }

    @Test
    void aSurvivorCarriesItsOwnPeakPlusAnEqualShareOfTheLostRegionsCappedByItsQuota() {
        var own = new SurvivorCapacity.Replica("us-west-2", table("us-west-2", "PROVISIONED", 100L, 50L), new Metrics.Peak(40.0, 10.0), 80L, null);
        // two survivors share the lost Region's 120 reads/s and 30 writes/s
        WhatIf.Survivor s = SurvivorCapacity.survivor(own, new Metrics.Peak(120.0, 30.0), "us-east-1", 2);
        assertThat(s.loadRead()).isEqualTo(40.0 + 60.0);
        assertThat(s.loadWrite()).isEqualTo(10.0 + 15.0);
        // provisioned 100 reads, capped by the account's per-table quota 80; writes 50, no quota known
        assertThat(s.ceilingRead()).isEqualTo(80.0);
        assertThat(s.ceilingWrite()).isEqualTo(50.0);
        assertThat(s.overloaded()).isTrue();
        assertThat(s.note()).isEmpty();
    }

    @Test
    void onDemandTakesTwiceItsPreviousPeakAndUnknownPeaksAreNeverCountedAsFit() {
        var od = new SurvivorCapacity.Replica("eu-west-1", table("eu-west-1", "PAY_PER_REQUEST", null, null), new Metrics.Peak(10.0, 5.0), null, null);
        WhatIf.Survivor s = SurvivorCapacity.survivor(od, new Metrics.Peak(10.0, 5.0), "us-east-1", 1);
        assertThat(s.loadRead()).isEqualTo(20.0);
        assertThat(s.ceilingRead()).isEqualTo(20.0);
        assertThat(s.overloaded()).isFalse();
        WhatIf.Survivor unknown = SurvivorCapacity.survivor(od, Metrics.Peak.unavailable("throttled"), "us-east-1", 1);
        assertThat(unknown.note()).isEqualTo("load unknown: consumed capacity unavailable in us-east-1");
    }

    @Test
    void everyLossListsEachRegionLostInTurnWithTheOthersAsSurvivors() {
        Map<String, SurvivorCapacity.Replica> reps = new LinkedHashMap<>();
        reps.put("a", new SurvivorCapacity.Replica("a", table("a", "PROVISIONED", 100L, 100L), new Metrics.Peak(60.0, 10.0), null, null));
        reps.put("b", new SurvivorCapacity.Replica("b", table("b", "PROVISIONED", 100L, 100L), new Metrics.Peak(30.0, 10.0), null, null));
        reps.put("c", new SurvivorCapacity.Replica("c", table("c", "PROVISIONED", 50L, 100L), new Metrics.Peak(30.0, 10.0), null, null));
        List<SurvivorCapacity.Loss> losses = SurvivorCapacity.everyLoss(reps);
        assertThat(losses).extracting(SurvivorCapacity.Loss::lost).containsExactly("a", "b", "c");
        SurvivorCapacity.Loss lostA = losses.get(0);
        assertThat(lostA.survivors()).extracting(WhatIf.Survivor::region).containsExactly("b", "c");
        // c: 30 + 60 / 2 = 60 reads/s against 50 provisioned
        assertThat(lostA.survivors().get(1).loadRead()).isEqualTo(60.0);
        assertThat(lostA.overloaded()).isTrue();
        // losing b: c carries 30 + 15 = 45 < 50
        assertThat(losses.get(1).overloaded()).isFalse();
    }
}
