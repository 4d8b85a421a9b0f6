package dev.ddbr.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionHeadroomTest {
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    /** An on-demand table with one GSI: table reads steady at {@code tableReads}/s, GSI reads at 100/s, writes at 10/s. */
    static List<Entry> entries(double tableReads) {
        TableShape.Dim od = new TableShape.Dim(null, null, null, null, null, null);
        TableShape t = new TableShape("orders", "us-east-1", false, "STANDARD", START.minusSeconds(86400L * 30),
                List.of(new TableShape.Part(null, 0L, od, od), new TableShape.Part("byStatus", 0L, od, od)));
        int n = 1440;
        Map<MetricHistory.Key, double[]> s = Map.of(
                new MetricHistory.Key("orders", null, true), fill(n, tableReads),
                new MetricHistory.Key("orders", null, false), fill(n, 10),
                new MetricHistory.Key("orders", "byStatus", true), fill(n, 100),
                new MetricHistory.Key("orders", "byStatus", false), fill(n, 10));
        return Advice.analyse(t, s, START, START, Profile.empty().capacity(), Prices.BUILT_IN, 0).entries();
    }

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static JsonNode report(double tableShare, double gsiShare) throws Exception {
        return new ObjectMapper().readTree("""
                {"table": "orders", "measured": "requests", "hottestKeyShare": %s, "topKeys": [{"key": "customer#42", "share": %s}],
                 "indexes": [{"name": "byStatus", "hottestKeyShare": %s, "topKeys": [{"key": "PENDING"}]}]}
                """.formatted(tableShare, tableShare, gsiShare));
    }

    @Test
    void hotKeyAbovePartitionLimitIsARisk() throws Exception {
        // 4,000 reads/s, 90% on one key: 3,600 > 3,000 per partition
        List<Entry> out = PartitionHeadroom.apply(entries(4000), report(0.9, 0.5), "r.json");
        PartitionHeadroom.Partitions p = out.get(0).partitions();
        assertThat(p.hotKey()).isEqualTo("customer#42");
        assertThat(p.readUnits()).isEqualTo(3600.0);
        assertThat(p.readLimitShare()).isEqualTo(1.2);
        assertThat(p.writeUnits()).isEqualTo(9.0);
        assertThat(p.overLimit()).isTrue();
        assertThat(out.get(0).recommended().reasons()).anyMatch(r -> r.contains("hot key customer#42") && r.contains("throttles whatever"));
        // the GSI: 50% of 100/s
        assertThat(out.get(1).partitions().hotKey()).isEqualTo("PENDING");
        assertThat(out.get(1).partitions().readUnits()).isEqualTo(50.0);
        assertThat(out.get(1).partitions().overLimit()).isFalse();
    }

    @Test
    void busyReadKeyBelowTheLimitSuggestsACacheWithItsOffload() throws Exception {
        // 2,000 reads/s, 90% on one key: 1,800/s, 60% of a partition: a cache would take 1,800 reads/s
        List<Entry> out = PartitionHeadroom.apply(entries(2000), report(0.9, 0.01), "r.json");
        PartitionHeadroom.Partitions p = out.get(0).partitions();
        assertThat(p.overLimit()).isFalse();
        assertThat(p.cacheOffloadReadUnits()).isEqualTo(1800.0);
        // steady: provisioned is recommended; the read share of its cost is 2,000 / (2,000 + 5 x 10), times 0.9
        assertThat(out.get(0).recommended().mode()).isEqualTo("provisioned");
        double expected = out.get(0).monthlyCost().provisionedAutoScaling() * 2000 / 2050 * 0.9;
        assertThat(p.cacheOffloadMonthlyUsd()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.02));
        assertThat(out.get(0).recommended().reasons()).anyMatch(r -> r.contains("a cache (DAX or ElastiCache)"));
    }

    @Test
    void otherTablesAreLeftAloneAndBadFilesRefused(@TempDir Path dir) throws Exception {
        JsonNode other = new ObjectMapper().readTree("{\"table\": \"payments\", \"hottestKeyShare\": 1}");
        List<Entry> in = entries(100);
        assertThat(PartitionHeadroom.apply(in, other, "r.json")).isEqualTo(in);
        Path bad = Files.writeString(dir.resolve("bad.json"), "not json");
        assertThatThrownBy(() -> PartitionHeadroom.read(bad)).isInstanceOf(DdbrException.class).hasMessageContaining("--skew");
    }
}
