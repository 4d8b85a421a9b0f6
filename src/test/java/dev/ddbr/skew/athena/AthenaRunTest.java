package dev.ddbr.skew.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.KeyStats;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.skew.export.LocalExportStore;
import dev.ddbr.skew.export.NativeExport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of the Athena engine: assembled like the local one, checked against the manifest's item count. */
class AthenaRunTest {
    @TempDir
    Path dir;

    NativeExport export(long items) {
        return new NativeExport(new LocalExportStore(dir), "arn:aws:dynamodb:us-east-1:1:table/orders/export/01-ab",
                "arn:aws:dynamodb:us-east-1:1:table/orders", "orders", "DYNAMODB_JSON", "FULL_EXPORT", items, null,
                List.of(new NativeExport.DataFile("data/f0.json.gz", "p/data/f0.json.gz", items, null)));
    }

    static AthenaEngine.Result result(long counted, boolean dropped) {
        KeyStats.Summary t = new KeyStats.Summary(counted, 0, 50, false, 48L, 52L,
                List.of(new KeyStats.Count("hot", 40, 0), new KeyStats.Count("a", 2, 0)), 0L, null);
        return new AthenaEngine.Result(List.of(t), counted, new SkewReport.Athena("primary", "default", "ddbr_skew_01_ab_00ff00ff",
                12_345, List.of("q0", "q1", "q2", "q3"), dropped));
    }

    static final List<SkewTarget> TARGETS = List.of(new SkewTarget(null, "pk", "S", null));

    @Test
    void matchingCountsGiveTheLocalShapeWithExactTopKeysAndApproximateDistinct() {
        AthenaRun.Outcome o = AthenaRun.assemble(result(100, true), export(100), TARGETS, null,
                new TableProfile.Skew(0.10, 10), "orders", null, 60_000_000_000L);
        SkewReport r = o.report();
        assertThat(o.itemsMismatch()).isNull();
        assertThat(r.items()).isEqualTo(100);
        assertThat(r.bytes()).isNull();
        assertThat(r.topKeysExact()).isTrue();
        assertThat(r.topKeysMaxError()).isNull();
        assertThat(r.distinctKeysExact()).isFalse();
        assertThat(r.distinctKeysBound()).isEqualTo(new SkewReport.Bound(48, 52L));
        assertThat(r.hottestKeyShare()).isEqualTo(0.4);
        assertThat(r.partitions().estimated()).isEqualTo(6); // from the manifest's billed size
        assertThat(r.athena().bytesScanned()).isEqualTo(12_345);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("the 100 items counted match the manifest"))
                .anySatisfy(n -> assertThat(n).contains("approx_distinct"));
    }

    @Test
    void aCountThatDiffersFromTheManifestIsAFindingThatSaysBoth() {
        AthenaRun.Outcome o = AthenaRun.assemble(result(99, true), export(100), TARGETS, null,
                new TableProfile.Skew(0.10, 10), "orders", null, null);
        assertThat(o.itemsMismatch()).contains("Athena counted 99 items", "its manifest says 100");
        assertThat(o.report().notes().get(0)).contains("ITEM COUNT MISMATCH");
    }

    @Test
    void aTableLeftBehindIsSaidWithTheStatementToDropIt() {
        AthenaRun.Outcome o = AthenaRun.assemble(result(100, false), export(100), TARGETS, null,
                new TableProfile.Skew(0.10, 10), "orders", null, null);
        assertThat(o.report().athena().tableDropped()).isFalse();
        assertThat(o.report().notes()).anySatisfy(n -> assertThat(n).contains("NOT dropped: drop it with DROP TABLE `default`.`ddbr_skew_01_ab_00ff00ff`"));
    }
}
