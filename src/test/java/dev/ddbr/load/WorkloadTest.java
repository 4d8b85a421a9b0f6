package dev.ddbr.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {
    private static Workload.Spec spec(String rate, String mix, String worker) {
        return new Workload.Spec(null, rate, "10s", 8, mix, null, null, null, null, List.of(), worker, 1L);
    }

    @Test
    void commandLineOverridesTheProfileAndSlosAddUp() {
        Workload.Spec profile = new Workload.Spec("peak", "100", "1m", 4, "get=1", "2KB", "zipfian", 500L, null, List.of("p99<=5ms"), null, null);
        Workload.Spec flags = new Workload.Spec(null, "200", null, null, null, null, null, null, null, List.of("errors==0"), null, 7L);
        Workload w = Workload.resolve(profile.overriddenBy(flags), Map.of());
        assertThat(w.name()).isEqualTo("peak");
        assertThat(w.schedule().totalOps()).isEqualTo(200 * 60);
        assertThat(w.concurrency()).isEqualTo(4);
        assertThat(w.itemSize().min()).isEqualTo(2048);
        assertThat(w.keyCount()).isEqualTo(500);
        assertThat(w.slos()).extracting(Slo::expr).containsExactly("p99<=5ms", "errors==0");
    }

    @Test
    void mixesAndSizes() {
        Workload w = Workload.resolve(spec("10", "get=60,put=30,batch_write=10", null), Map.of());
        assertThat(w.mix()).containsEntry(OpKind.GET, 60).containsEntry(OpKind.PUT, 30).containsEntry(OpKind.BATCH_WRITE, 10);
        assertThat(w.writes()).isTrue();
        ItemSize s = ItemSize.parse("1KB:80,4KB:20", "--item-size");
        SplittableRandom rnd = new SplittableRandom(3);
        int big = 0;
        for (int i = 0; i < 10_000; i++) if (s.next(rnd) == 4096) big++;
        assertThat(big).isBetween(1800, 2200);
        assertThat(ItemSize.parse("900B..4KB", "--item-size").max()).isEqualTo(4096);
    }

    @Test
    void workerSlotsFromTheCommandLineOrTheJobIndex() {
        assertThat(Workload.slot("1/4", Map.of())).containsExactly(1, 4);
        assertThat(Workload.slot("auto/3", Map.of("JOB_COMPLETION_INDEX", "2"))).containsExactly(2, 3);
        assertThat(Workload.slot("/5", Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "4"))).containsExactly(4, 5);
        assertThatThrownBy(() -> Workload.slot("auto/3", Map.of())).hasMessageContaining("neither is set");
        assertThatThrownBy(() -> Workload.slot("3/3", Map.of())).hasMessageContaining("outside 0..2");
        assertThatThrownBy(() -> Workload.slot("auto/3", Map.of("JOB_COMPLETION_INDEX", "7"))).hasMessageContaining("from JOB_COMPLETION_INDEX is outside 0..2");
    }

    @Test
    void badWorkloadsGetOneClearLine() {
        assertBad(spec(null, null, null), "no rate: give --rate");
        assertBad(spec("10", "gte=5", null), "unknown operation 'gte'; did you mean 'get'?");
        assertBad(spec("10", "get=0", null), "every weight is 0");
        assertBad(spec("10", "get=x", null), "weight 'x' is not a whole number");
        assertBad(new Workload.Spec(null, "10", null, 0, null, null, null, null, null, null, null, null), "--workers must be between 1 and 4096");
        assertBad(new Workload.Spec(null, "10", null, null, null, "500KB", null, null, null, null, null, null), "must be between 1B and 400KB");
        assertBad(new Workload.Spec(null, "10", null, null, null, null, null, null, null, List.of("p99<20"), null, null), "needs a duration unit");
    }

    @Test
    void indexKeysAreSkewedApartAndValidatedLikeKeys() {
        Workload w = Workload.resolve(new Workload.Spec(null, "10", null, null, "get=50,put=50", null, null, 100L, null, null, "1/4", 1L,
                "hotkey:1:0.5"), Map.of());
        assertThat(w.indexKeys().describe()).contains("hot");
        assertThat(w.keys().describe()).startsWith("uniform");
        assertThat(Workload.resolve(spec("10", "put=1", null), Map.of()).indexKeys()).isNull();
        // the profile workload's value, overridden by the command line's
        Workload.Spec profile = new Workload.Spec("peak", "10", null, null, "put=1", null, null, null, null, null, null, null, "zipfian");
        Workload.Spec flags = new Workload.Spec(null, null, null, null, null, null, null, null, null, null, null, null, "uniform");
        assertThat(profile.overriddenBy(flags).indexKeys()).isEqualTo("uniform");
        assertBad(new Workload.Spec(null, "10", null, null, "put=1", null, null, null, null, null, null, null, "hot"), "invalid --index-keys 'hot'");
        assertBad(new Workload.Spec(null, "10", null, null, "put=1", null, null, 10L, null, null, null, null, "hotkey:10:0.5"), "must be less than the key count");
        assertBad(new Workload.Spec(null, "10", null, null, "get=1", null, null, null, null, null, null, null, "uniform"),
                "--index-keys needs a mix that writes items");
    }

    @Test
    void keysFromASkewReport(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("skew.json");
        Files.writeString(f, "{\"source\":\"scan\",\"distinctKeys\":400,\"topKeys\":[{\"key\":\"hot\",\"items\":30,\"share\":0.3},{\"key\":\"warm\",\"items\":10,\"share\":0.1}]}");
        Workload w = Workload.resolve(new Workload.Spec(null, "10", null, null, null, null, null, null, f.toString(), null, null, 1L), Map.of());
        assertThat(w.topKeys()).containsExactly("hot", "warm");
        assertThat(w.keyCount()).isEqualTo(400);
        Files.writeString(f, "{\"items\":3}");
        assertBad(new Workload.Spec(null, "10", null, null, null, null, null, null, f.toString(), null, null, null), "is not a skew report: it has no topKeys");
        assertBad(new Workload.Spec(null, "10", null, null, null, null, null, null, dir.resolve("none.json").toString(), null, null, null), "no such file");
    }

    private static void assertBad(Workload.Spec s, String fragment) {
        assertThatThrownBy(() -> Workload.resolve(s, Map.of())).isInstanceOfSatisfying(DdbrException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(252);
            assertThat(e.getMessage()).contains(fragment).doesNotContain("\n");
        });
    }

    @Test
    void warmupIsATenthOfTheScheduleAtMostTenSecondsAndNoneForSmokeTests() {
        assertThat(Workload.resolve(new Workload.Spec(null, "10", "5s", null, null, null, null, null, null, null, null, null), Map.of())
                .warmup("auto")).isZero();
        assertThat(Workload.resolve(new Workload.Spec(null, "10", "30s", null, null, null, null, null, null, null, null, null), Map.of())
                .warmup(null)).isEqualTo(java.time.Duration.ofSeconds(3));
        Workload hour = Workload.resolve(new Workload.Spec(null, "500:10m,ramp 500..900:50m", null, null, null, null, null, null, null, null, null, null), Map.of());
        assertThat(hour.warmup("auto")).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(hour.warmup("0s")).isZero();
        assertThat(hour.warmup("45s")).isEqualTo(java.time.Duration.ofSeconds(45));
        Workload warm = hour.warmupOf(java.time.Duration.ofSeconds(10));
        assertThat(warm.schedule().offeredRate()).isEqualTo(500.0);
        assertThat(warm.schedule().totalOps()).isEqualTo(5000);
        assertThat(warm.slos()).isEmpty();
        assertThat(warm.mix()).isEqualTo(hour.mix());
        assertThatThrownBy(() -> hour.warmup("45")).hasMessageContaining("--warmup");
        assertThatThrownBy(() -> hour.warmup("11m")).hasMessageContaining("longer than 10 minutes");
    }
}
