import dev.ddbr.capacity.Advice;
import dev.ddbr.capacity.MetricHistory;
import dev.ddbr.capacity.Prices;
import dev.ddbr.capacity.TableShape;
import dev.ddbr.profile.Profile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The peer-less benchmark of scripts/bench/capacity.sh: TABLES tables with GSIS GSIs each, DAYS days of 1-minute
 * consumption (diurnal with noise and random spikes) per table/GSI and dimension, analysed by Advice.analyse
 * (every simulation: recommended and today's settings; every price), best of ROUNDS, thread CPU time.
 *
 *   java -cp target/ddbr.jar scripts/bench/CapacityBench.java TABLES GSIS DAYS ROUNDS
 *     -> "tables table_days cpu_ms cpu_ms_per_table_day getmetricdata_calls" on stdout
 *
 * The GetMetricData call count is what AWS needs for the same fetch (the CloudWatch side is not run here):
 * queries batched 500 a call, each call paged at 100,800 data points.
 */
public class CapacityBench {
    public static void main(String[] a) {
        int tables = Integer.parseInt(a[0]);
        int gsis = Integer.parseInt(a[1]);
        int days = Integer.parseInt(a[2]);
        int rounds = Integer.parseInt(a[3]);
        int minutes = days * 1440;
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Random rnd = new Random(7);
        List<TableShape> shapes = new ArrayList<>();
        Map<MetricHistory.Key, double[]> series = new HashMap<>();
        for (int t = 0; t < tables; t++) {
            String name = "t" + t;
            List<TableShape.Part> parts = new ArrayList<>();
            TableShape.Dim d = new TableShape.Dim(200, 50, 2000, 0.7, null, null);
            parts.add(new TableShape.Part(null, 5L << 30, d, d));
            for (int g = 0; g < gsis; g++) parts.add(new TableShape.Part("g" + g, 1L << 30, d, d));
            shapes.add(new TableShape(name, "us-east-1", t % 2 == 0, "STANDARD", start.minusSeconds(86400L * 365), parts));
            for (TableShape.Part p : parts) {
                for (boolean read : new boolean[] {true, false}) {
                    double base = 20 + rnd.nextDouble() * 500;
                    double[] c = new double[minutes];
                    for (int i = 0; i < minutes; i++) {
                        double diurnal = 0.6 + 0.4 * Math.sin(2 * Math.PI * (i % 1440) / 1440.0);
                        c[i] = base * diurnal * (0.9 + 0.2 * rnd.nextDouble()) * (rnd.nextInt(2000) == 0 ? 4 : 1);
                    }
                    series.put(new MetricHistory.Key(name, p.index(), read), c);
                }
            }
        }
        var settings = Profile.empty().capacity();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        int entries = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            entries = 0;
            for (TableShape s : shapes) entries += Advice.analyse(s, series, start, start, settings, Prices.BUILT_IN, 0).entries().size();
            long c1 = mx.getCurrentThreadCpuTime();
            System.err.printf("round %d: %.1f ms CPU, %d entries%n", r + 1, (c1 - c0) / 1e6, entries);
            best = Math.min(best, c1 - c0);
        }
        int queries = tables * (1 + gsis) * 2;
        long calls = 0;
        for (int i = 0; i < queries; i += 500) {
            long points = (long) Math.min(500, queries - i) * minutes;
            calls += (points + 100_799) / 100_800;
        }
        double tableDays = (double) tables * days;
        System.out.printf("%d %.0f %.1f %.4f %d%n", tables, tableDays, best / 1e6, best / 1e6 / tableDays, calls);
    }
}
