package dev.ddbr.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Builds a {@link LoadReport} from one or several workers' summaries and latency histograms (microseconds). */
public final class Reports {
    private Reports() {}

    public static LoadReport build(List<RunSummary> runs, Map<String, Histogram> latency, List<Slo> slos) {
        RunSummary first = runs.get(0);
        Map<String, OpCounts> counts = new TreeMap<>();
        Map<String, LoadReport.Capacity> capacity = new TreeMap<>();
        long scheduled = 0;
        long completed = 0;
        long notStarted = 0;
        double offered = 0;
        double duration = 0;
        double elapsed = 0;
        boolean interrupted = false;
        for (RunSummary r : runs) {
            r.operations().forEach((k, v) -> counts.merge(k, v, OpCounts::plus));
            r.consumedCapacity().forEach((k, v) -> capacity.merge(k, v,
                    (a, b) -> new LoadReport.Capacity(a.read() + b.read(), a.write() + b.write())));
            scheduled += r.scheduled();
            completed += r.completed();
            notStarted += r.notStarted();
            offered += r.offeredRate();
            duration = Math.max(duration, r.durationSeconds());
            elapsed = Math.max(elapsed, r.elapsedSeconds());
            interrupted |= r.interrupted();
        }
        double secs = Math.max(elapsed, 1e-9);
        List<LoadReport.OpReport> ops = new ArrayList<>();
        Histogram all = new Histogram(3);
        OpCounts sum = OpCounts.ZERO;
        for (OpKind k : OpKind.values()) {
            OpCounts c = counts.get(k.key());
            if (c == null || c.count() == 0) continue;
            Histogram h = latency.getOrDefault(k.key(), new Histogram(3));
            all.add(h);
            sum = sum.plus(c);
            ops.add(op(k.key(), c, h, secs));
        }
        LoadReport.OpReport total = op("total", sum, all, secs);
        double achieved = completed / Math.max(secs, duration);
        LoadReport.Client client = client(runs);
        String worker = runs.size() == 1 && first.workers() > 1 ? first.worker() + "/" + first.workers() : null;
        LoadReport partial = new LoadReport(first.table(), first.workload(), runs.size(), worker, first.startedAt(), first.schedule(),
                r3(duration), r3(elapsed), r3(offered), r3(achieved), scheduled, completed, notStarted, interrupted, ops, total,
                client, capacity, List.of(), null, List.of());
        List<Slo.Result> results = slos.stream().map(s -> s.check(partial)).toList();
        return new LoadReport(partial.table(), partial.workload(), partial.workers(), partial.worker(), partial.startedAt(),
                partial.schedule(), partial.durationSeconds(), partial.elapsedSeconds(), partial.offeredRate(), partial.achievedRate(),
                scheduled, completed, notStarted, interrupted, ops, total, client, capacity, results, null, List.of());
    }

    static LoadReport.OpReport op(String name, OpCounts c, Histogram h, double secs) {
        LoadReport.Latency l = new LoadReport.Latency(ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : r3(h.getMaxValue() / 1000.0));
        return new LoadReport.OpReport(name, c.count(), r3(c.count() / secs), l,
                new LoadReport.Throttles(c.throttles(), sorted(c.throttlesByReason()), sorted(c.throttlesByResource())),
                new LoadReport.Errors(c.errors(), sorted(c.errorsByKind())), c.retries());
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : r3(h.getValueAtPercentile(p) / 1000.0);
    }

    /** Largest first. */
    private static Map<String, Long> sorted(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static LoadReport.Client client(List<RunSummary> runs) {
        if (runs.size() == 1) return runs.get(0).client();
        LoadReport.Client worst = null;
        int workers = 0;
        double cpu = 0;
        double late = 0;
        long n = 0;
        double lag = 0;
        double p50 = 0;
        double p99 = 0;
        for (RunSummary r : runs) {
            LoadReport.Client c = r.client();
            if (c == null) continue;
            workers += c.workers();
            cpu = Math.max(cpu, c.cpuPercent());
            late += c.lateStartShare() * r.completed();
            n += r.completed();
            lag = Math.max(lag, c.startLagP99Ms());
            p50 = Math.max(p50, c.serviceP50Ms());
            p99 = Math.max(p99, c.serviceP99Ms());
            if (c.saturated() && worst == null) worst = c;
        }
        String verdict = worst == null ? "ok" : worst.verdict();
        String detail = worst == null ? "every worker process started its operations on time"
                : "at least one worker process fell behind: " + worst.detail();
        return new LoadReport.Client(worst != null, verdict, detail, workers, r3(cpu),
                runs.get(0).client() == null ? 0 : runs.get(0).client().cores(), n == 0 ? 0 : r3(late / n), lag, p50, p99);
    }

    static double r3(double d) { return Math.round(d * 1000) / 1000.0; }
}
