package dev.ddbr.load;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code load run} (or of {@code load merge} over workers' logs: the same shape). A documented
 * contract: docs/load.md.
 *
 * @param table         the table the load went to
 * @param workload      the profile workload's name, or "command line"
 * @param workers       how many worker processes the report covers (1 for one process, N for a merge)
 * @param worker        this process's slot "I/N" when it ran with --worker, else null
 * @param startedAt     when the schedule started
 * @param schedule      the rate schedule as run
 * @param durationSeconds the schedule's length
 * @param elapsedSeconds from the start to the last operation's end
 * @param offeredRate   operations per second the schedule offered (scheduled / duration)
 * @param achievedRate  operations per second completed (completed / elapsed, elapsed at least the duration)
 * @param scheduled     operations the schedule offered
 * @param completed     operations that ran (successful, failed or throttled)
 * @param notStarted    operations never started: the run was interrupted, or the client fell too far behind
 * @param interrupted   Ctrl-C or SIGTERM ended the run early: the figures cover what ran
 * @param operations    per operation kind that ran
 * @param total         all operations together
 * @param client        whether the generator kept up, and why not
 * @param consumedCapacity capacity units DynamoDB reported, by table and index
 * @param slo           the gates and whether they held
 * @param serverSide    what DynamoDB reported to CloudWatch for the run's window (service-side latency, throttles by
 *                      reason), or null where not read (load merge, an interrupted run)
 * @param warmupSeconds how long the unmeasured warm-up before the run lasted (0: none); nothing of it is in the figures
 * @param intervals     the per-second series (at most {@link IntervalSeries#CAP} points, neighbours merged beyond)
 */
@JsonPropertyOrder({"table", "workload", "workers", "worker", "startedAt", "schedule", "durationSeconds", "elapsedSeconds",
        "offeredRate", "achievedRate", "scheduled", "completed", "notStarted", "interrupted", "operations", "total",
        "client", "consumedCapacity", "slo", "serverSide", "warmupSeconds", "intervals"})
public record LoadReport(String table, String workload, int workers, String worker, Instant startedAt, String schedule,
                         double durationSeconds, double elapsedSeconds, double offeredRate, double achievedRate,
                         long scheduled, long completed, long notStarted, boolean interrupted,
                         List<OpReport> operations, OpReport total, Client client,
                         Map<String, Capacity> consumedCapacity, List<Slo.Result> slo, ServerMetrics.Server serverSide,
                         double warmupSeconds, List<LoadRunner.Interval> intervals)
        implements TextRenderable {

    /** A report without warm-up. */
    public LoadReport(String table, String workload, int workers, String worker, Instant startedAt, String schedule,
                      double durationSeconds, double elapsedSeconds, double offeredRate, double achievedRate,
                      long scheduled, long completed, long notStarted, boolean interrupted,
                      List<OpReport> operations, OpReport total, Client client,
                      Map<String, Capacity> consumedCapacity, List<Slo.Result> slo, ServerMetrics.Server serverSide,
                      List<LoadRunner.Interval> intervals) {
        this(table, workload, workers, worker, startedAt, schedule, durationSeconds, elapsedSeconds, offeredRate, achievedRate,
                scheduled, completed, notStarted, interrupted, operations, total, client, consumedCapacity, slo, serverSide, 0, intervals);
    }

    /** This report with the server-side figures. */
    public LoadReport withServerSide(ServerMetrics.Server s) {
        return new LoadReport(table, workload, workers, worker, startedAt, schedule, durationSeconds, elapsedSeconds, offeredRate,
                achievedRate, scheduled, completed, notStarted, interrupted, operations, total, client, consumedCapacity, slo, s,
                warmupSeconds, intervals);
    }

    /** This report after a warm-up of {@code seconds}. */
    public LoadReport withWarmup(double seconds) {
        return new LoadReport(table, workload, workers, worker, startedAt, schedule, durationSeconds, elapsedSeconds, offeredRate,
                achievedRate, scheduled, completed, notStarted, interrupted, operations, total, client, consumedCapacity, slo,
                serverSide, seconds, intervals);
    }

    /** This report with its per-second series (at most {@link IntervalSeries#CAP} points). */
    public LoadReport withIntervals(List<LoadRunner.Interval> series) {
        return new LoadReport(table, workload, workers, worker, startedAt, schedule, durationSeconds, elapsedSeconds, offeredRate,
                achievedRate, scheduled, completed, notStarted, interrupted, operations, total, client, consumedCapacity, slo, serverSide,
                warmupSeconds, series == null ? List.of() : List.copyOf(series));
    }

    /** Latency percentiles in milliseconds, measured from each operation's intended start. */
    @JsonPropertyOrder({"p50", "p90", "p99", "p999", "max"})
    public record Latency(double p50, double p90, double p99, double p999, double max) {}

    /**
     * Throttled attempts, retried ones included.
     *
     * @param byReason   by ThrottlingReasons reason where DynamoDB sent one, else by error code
     * @param byResource by the throttled resource's ARN where DynamoDB sent one, else the table name
     */
    public record Throttles(long total, Map<String, Long> byReason, Map<String, Long> byResource) {}

    /** Operations that failed for another reason than throttling, by error code. */
    public record Errors(long total, Map<String, Long> byKind) {}

    /**
     * @param name       the operation (get, get-strong, query, put, update, delete, batch-get, batch-write,
     *                   transact-write) or "total"
     * @param count      operations that ran
     * @param rate       of them per second of elapsed time
     * @param retries    SDK retries (attempts beyond the first)
     */
    @JsonPropertyOrder({"name", "count", "rate", "latencyMs", "throttles", "errors", "retries"})
    public record OpReport(String name, long count, double rate, Latency latencyMs, Throttles throttles, Errors errors,
                           long retries) {}

    /**
     * @param saturated      the generator could not start operations on time
     * @param verdict        ok, client-saturated (the generator's CPU or worker pool was the limit) or table-slow
     *                       (every worker waited on slow calls)
     * @param cpuPercent     the process's CPU use over the run, as a percentage of one core
     * @param cores          processors available to the process
     * @param lateStartShare share of operations that started more than 10 ms after their intended time
     * @param startLagP99Ms  99th percentile of start lateness
     * @param serviceP50Ms   median call time from the actual start (what a closed-loop tool would report)
     * @param serviceP99Ms   99th percentile of that
     */
    @JsonPropertyOrder({"saturated", "verdict", "detail", "workers", "cpuPercent", "cores", "lateStartShare",
            "startLagP99Ms", "serviceP50Ms", "serviceP99Ms"})
    public record Client(boolean saturated, String verdict, String detail, int workers, double cpuPercent, int cores,
                         double lateStartShare, double startLagP99Ms, double serviceP50Ms, double serviceP99Ms) {}

    /** Capacity units DynamoDB reported consuming (ReturnConsumedCapacity INDEXES). */
    public record Capacity(double read, double write) {}

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("Table", table));
        kv.add(TextWriter.kv("Workload", workload + (worker != null ? " (worker " + worker + ")" : workers > 1 ? " (" + workers + " workers merged)" : "")));
        kv.add(TextWriter.kv("Schedule", schedule + (warmupSeconds > 0 ? String.format(Locale.ROOT, " (after %.0f s of warm-up, not measured)", warmupSeconds) : "")));
        kv.add(TextWriter.kv("Offered", f1(offeredRate) + " ops/s (" + scheduled + " operations over " + f1(durationSeconds) + " s)"));
        kv.add(TextWriter.kv("Achieved", f1(achievedRate) + " ops/s (" + completed + " operations in " + f1(elapsedSeconds) + " s"
                + (notStarted > 0 ? ", " + notStarted + " not started" : "") + ")"));
        if (client != null) {
            kv.add(TextWriter.kv("Client", client.verdict() + ": " + client.detail()));
        }
        if (!consumedCapacity.isEmpty()) {
            List<String> caps = new ArrayList<>();
            consumedCapacity.forEach((k, v) -> caps.add(k + " " + f1(v.read()) + " RCU, " + f1(v.write()) + " WCU"));
            kv.add(TextWriter.kv("Consumed", String.join("; ", caps)));
        }
        if (serverSide != null) {
            if (serverSide.unavailable() != null) {
                kv.add(TextWriter.kv("Server side", "unavailable (" + ServerMetrics.API + "): " + serverSide.unavailable()));
            } else if (serverSide.latencyMs().isEmpty() && serverSide.throttles().isEmpty()) {
                kv.add(TextWriter.kv("Server side", "no CloudWatch data points yet for " + serverSide.from() + " .. " + serverSide.to()
                        + " (DynamoDB publishes a minute or more late)"));
            } else {
                List<String> l = new ArrayList<>();
                serverSide.latencyMs().forEach(o -> l.add(o.operation() + " avg " + f2(o.average()) + " ms, max " + f2(o.max()) + " ms (" + o.requests() + " requests)"));
                if (!l.isEmpty()) kv.add(TextWriter.kv("Service latency", String.join("; ", l)));
                List<String> t = new ArrayList<>();
                serverSide.throttles().forEach((res, m) -> m.forEach((k, v) -> t.add(res + " " + k + " " + v)));
                kv.add(TextWriter.kv("Service throttles", t.isEmpty() ? "none reported" : String.join("; ", t)));
            }
        }
        if (interrupted) kv.add(TextWriter.kv("Interrupted", "yes: the figures cover the operations that ran"));
        out.keyValues(kv);
        out.blank();
        List<List<String>> rows = new ArrayList<>();
        for (OpReport o : operations) rows.add(row(o));
        rows.add(row(total));
        out.table(List.of("OPERATION", "COUNT", "OPS/S", "P50 MS", "P90 MS", "P99 MS", "P99.9 MS", "MAX MS", "THROTTLES", "ERRORS", "RETRIES"), rows);
        if (out.style().charts() && intervals != null && intervals.size() > 1) {
            // per second over the run: what the table above averages away (a stall, a step, throttles)
            double[] rate = intervals.stream().mapToDouble(LoadRunner.Interval::rate).toArray();
            double[] p99 = intervals.stream().mapToDouble(LoadRunner.Interval::p99Ms).toArray();
            double[] bad = intervals.stream().mapToDouble(i -> i.throttles() + i.errors()).toArray();
            double maxRate = dev.ddbr.output.TerminalChart.max(rate);
            double maxP99 = dev.ddbr.output.TerminalChart.max(p99);
            double maxBad = dev.ddbr.output.TerminalChart.max(bad);
            out.blank();
            List<String[]> c = new ArrayList<>();
            c.add(TextWriter.kv("ops/s per second", dev.ddbr.output.TerminalChart.sparkline(rate, 60) + "  max " + f1(maxRate)));
            c.add(TextWriter.kv("p99 ms per second", dev.ddbr.output.TerminalChart.sparkline(p99, 60) + "  max " + f2(maxP99)));
            if (maxBad > 0) {
                c.add(TextWriter.kv("throttles+errors", dev.ddbr.output.TerminalChart.sparkline(bad, 60) + "  max " + (long) maxBad + "/s"));
            }
            out.keyValues(c);
        }
        if (total.throttles().total() > 0) {
            out.blank();
            List<String[]> t = new ArrayList<>();
            total.throttles().byReason().forEach((k, v) -> t.add(TextWriter.kv("Throttled: " + k, v)));
            total.throttles().byResource().forEach((k, v) -> t.add(TextWriter.kv("Throttled on " + k, v)));
            out.keyValues(t);
        }
        if (total.errors().total() > 0) {
            out.blank();
            List<String[]> e = new ArrayList<>();
            total.errors().byKind().forEach((k, v) -> e.add(TextWriter.kv("Error: " + k, v)));
            out.keyValues(e);
        }
        if (!slo.isEmpty()) {
            out.blank();
            for (Slo.Result s : slo) {
                out.verdict(s.met() ? Style.Tone.GOOD : Style.Tone.BAD, (s.met() ? "SLO met: " : "SLO breached: ") + s.expr() + " (" + s.detail() + ")");
            }
        }
    }

    private static List<String> row(OpReport o) {
        Latency l = o.latencyMs();
        return TextWriter.row(o.name(), Long.toString(o.count()), f1(o.rate()), f2(l.p50()), f2(l.p90()), f2(l.p99()), f2(l.p999()),
                f2(l.max()), Long.toString(o.throttles().total()), Long.toString(o.errors().total()), Long.toString(o.retries()));
    }

    static String f1(double d) { return String.format(Locale.ROOT, "%.1f", d); }

    static String f2(double d) { return String.format(Locale.ROOT, "%.2f", d); }

    /** Whether every gate held. */
    public boolean sloMet() { return slo.stream().allMatch(Slo.Result::met); }
}
