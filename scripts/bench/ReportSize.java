import dev.ddbr.report.ReportMeta;
import dev.ddbr.report.Reports;
import dev.ddbr.skew.PartitionModel.Partitions;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewReport.TopKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer of scripts/bench/report.sh: writes the HTML report of a skew result listing KEYS keys (a Zipf-like
 * tail behind one hot key) to OUT, and prints "keys bytes render_ms" on stdout.
 *
 *   java -cp target/ddbr.jar scripts/bench/ReportSize.java KEYS OUT.html
 */
public class ReportSize {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        long items = 10_000_000;
        List<TopKey> keys = new ArrayList<>();
        double h = 0;
        for (int i = 1; i <= n; i++) h += 1.0 / i;
        for (int i = 1; i <= n; i++) {
            long c = Math.max(1, Math.round(items * 0.9 / (i * h)));
            keys.add(new TopKey("customer#" + String.format("%08d", i), c, c * 120, (double) c / items));
        }
        var kv = new SkewReport.KeyVerdict("hot", "bench", 12500.0, 4166.7, 5L);
        SkewReport r = new SkewReport("scan", "orders", "orders", "pk", "storage", "items", items, items * 120, n * 3L, true,
                null, keys, true, null, keys.get(0).share(), 0.8, true, null, kv, null, null, null, null, List.of(),
                new Partitions(12, List.of("bench")), 0.1, null, null, false, null, "hot", "HOT: bench", List.of(), List.of());
        ReportMeta meta = new ReportMeta("ddbr skew scan orders --report bench.html", null, Instant.now(), "111111111111",
                "eu-west-1", "bench");
        long t0 = System.nanoTime();
        String html = Reports.of(r, meta);
        Reports.write(Path.of(a[1]), html);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(n + " " + html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " " + ms);
    }
}
