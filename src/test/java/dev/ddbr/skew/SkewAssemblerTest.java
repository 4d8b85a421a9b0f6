package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.SkewReport.ThrottleEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict weighs the hottest key's share with the partition estimate and its load against a partition's ceiling. */
class SkewAssemblerTest {
    static final SkewTarget TABLE = new SkewTarget(null, "pk", "S", null);

    /** 100 items: one key with {@code hot} of them, the rest one each. */
    static KeyStats.Summary summary(int hot) {
        KeyStats s = new KeyStats(1000);
        for (int i = 0; i < 100; i++) s.add(i < hot ? "big" : "k" + i, 100);
        return s.summarize(10);
    }

    static SkewReport report(String source, int hot, Capacity cap, long sizeBytes, ThrottleEvents te) {
        List<Capacity> caps = new ArrayList<>();
        if (cap != null) caps.add(cap);
        var partitions = PartitionModel.estimate(sizeBytes, caps, null);
        var c = new SkewAssembler.Context(source, "orders", "orders", "insights".equals(source) ? "requests" : "items",
                0.10, 1.0, null, partitions, !"insights".equals(source));
        var part = new SkewAssembler.Part(TABLE, summary(hot), cap, null, te, null, null, null);
        return SkewAssembler.assemble(c, part, List.of(), List.of());
    }

    @Test
    void onePartitionTableWithA35PercentKeyIsSkewedNotHot() {
        SkewReport r = report("scan", 35, new Capacity("provisioned", 500L, 100L), 10_000, null);
        assertThat(r.partitions().estimated()).isEqualTo(1);
        assertThat(r.verdict()).isEqualTo("skewed");
        assertThat(r.hot()).isFalse();
        assertThat(r.exceedsMaxKeyShare()).isTrue();
        assertThat(r.hotKeyLoad().readUnits()).isEqualTo(175.0);
        assertThat(r.keyVerdict().mattersAtReadUnits()).isEqualTo(8571.0);
        assertThat(r.keyVerdict().mattersAtWriteUnits()).isEqualTo(2857.0);
        assertThat(r.keyVerdict().mattersFromPartitions()).isEqualTo(3);
        assertThat(r.summary()).startsWith("SKEWED, not hot: table key 'big' holds 35.0% of items")
                .contains("would matter from about 8,571 RCU or 2,857 WCU");
        assertThat(r.advice()).noneMatch(a -> a.contains("DAX") || a.contains("sharding"))
                .anyMatch(a -> a.contains("ddbr skew insights orders"));
        assertThat(r.measured()).isEqualTo("storage");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("measured: storage"));
    }

    @Test
    void aKeyWhoseShareOfTheThroughputPassesAPartitionCeilingIsHot() {
        // 35% of 20,000 RCU = 7,000 RCU on one key
        SkewReport r = report("scan", 35, new Capacity("provisioned", 20_000L, 1_000L), 10_000, null);
        assertThat(r.verdict()).isEqualTo("hot");
        assertThat(r.keyVerdict().reason()).contains("7,000 RCU", "over a partition's");
        assertThat(r.advice()).anyMatch(a -> a.contains("write sharding"));
        // over the ceiling even within the share limit: 8% of 40,000 RCU = 3,200
        SkewReport within = report("scan", 8, new Capacity("provisioned", 40_000L, 100L), 10_000, null);
        assertThat(within.exceedsMaxKeyShare()).isFalse();
        assertThat(within.verdict()).isEqualTo("hot");
    }

    @Test
    void withoutThroughputTheShareIsWeighedWithThePartitionEstimate() {
        // 35% of a table of about 5 partitions (50 GB): more than one partition's even share (20%)
        SkewReport many = report("export", 35, null, 50_000_000_000L, null);
        assertThat(many.partitions().estimated()).isEqualTo(5);
        assertThat(many.verdict()).isEqualTo("hot");
        // 35% of a table of about 2 partitions: under one partition's even share
        SkewReport two = report("export", 35, null, 20_000_000_000L, null);
        assertThat(two.verdict()).isEqualTo("skewed");
        assertThat(two.keyVerdict().reason()).contains("about 2 partitions");
    }

    @Test
    void trafficWithThrottlingIsHotWithoutItQuietTrafficIsSkewed() {
        SkewReport quiet = report("insights", 35, new Capacity("observed peak", 50L, 10L), 10_000, new ThrottleEvents(0L, 0L));
        assertThat(quiet.measured()).isEqualTo("traffic");
        assertThat(quiet.verdict()).isEqualTo("skewed");
        SkewReport throttled = report("insights", 35, new Capacity("observed peak", 50L, 10L), 10_000, new ThrottleEvents(12L, 0L));
        assertThat(throttled.verdict()).isEqualTo("hot");
        assertThat(throttled.keyVerdict().reason()).contains("12 throttle events");
    }

    @Test
    void withinTheLimitIsOk() {
        SkewReport r = report("scan", 5, new Capacity("provisioned", 500L, 100L), 10_000, null);
        assertThat(r.verdict()).isEqualTo("ok");
        assertThat(r.keyVerdict().verdict()).isEqualTo("ok");
    }
}
