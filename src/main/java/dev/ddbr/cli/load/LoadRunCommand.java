package dev.ddbr.cli.load;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.InterruptNotice;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.load.LoadPlan;
import dev.ddbr.load.LoadReport;
import dev.ddbr.load.LoadRunner;
import dev.ddbr.load.LoadTest;
import dev.ddbr.load.Slo;
import dev.ddbr.load.Workload;
import dev.ddbr.output.Renderer;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run",
        description = {"Offer a table a load at a fixed rate or on a schedule, and measure what it does.",
            "",
            "Open loop, as wrk2: every operation has an intended start time from the schedule, and its latency is measured from that time, so a stall shows in every operation it delayed (no coordinated omission). A bounded pool of --workers runs the operations; when it cannot start them on time the report says whether the generator saturated (with its CPU figure) or the table slowed down.",
            "",
            "Throttles are counted by reason and resource (the ThrottlingReasons DynamoDB sends, else the error code), every throttled attempt included, even one the SDK retried successfully; they are never counted as errors. Consumed capacity is reported by table and index. When the run ends, CloudWatch gives DynamoDB's own SuccessfulRequestLatency per operation and its throttle metrics by reason for the table and each GSI over the same minutes, so client time and service time can be told apart; CloudWatch out of reach is reported as unavailable and never fails the run.",
            "",
            "Workloads: --mix OP=WEIGHT,... over get, get-strong, query, put, update, delete, batch-get, batch-write, transact-write; --item-size 1KB | 900B..4KB | 1KB:80,4KB:20; --keys uniform | zipfian[:THETA] | hotkey:K:SHARE over --key-count keys, or --keys-from a skew report (ddbr skew scan|export -o json) to reproduce its top keys' shares. A profile can name workloads under a table's load.workloads; options given here override them.",
            "",
            "Writing to a table ddbr did not create (no ddbr:created-by=ddbr tag) needs --yes and the table's name again: typed when asked on a terminal, or --confirm-table NAME in scripts. 'ddbr load prepare' makes a scratch copy.",
            "",
            "Output: on a terminal, a line per second on stderr; the report on stdout (text, -o json, -o yaml); with --log-format json, stdout is NDJSON: an interval event per second, then the report event. --hdr-log writes HdrHistogram's interval log (local or s3://) for HistogramLogAnalyzer or 'ddbr load merge'. --worker I/N runs one of N processes: each takes every N-th operation of the schedule and its own keys. Ctrl-C stops and prints the report so far (exit 130; SIGTERM 143). Exit 1 when an --slo gate is breached.",
            "",
            "Examples:",
            "  ddbr load run orders-scratch --rate 2000 --duration 5m --mix get=80,put=20 --slo 'p99<=20ms'",
            "  ddbr load run orders-scratch --rate '500:2m,2000:5m,ramp 2000..8000:10m' --keys zipfian:0.99",
            "  ddbr load run orders-scratch --keys-from skew.json --rate 1000 --duration 2m -o json",
            "  ddbr -p prod load run orders --workload checkout-peak --yes --confirm-table orders",
            "  ddbr load run orders-scratch --workload checkout-peak --worker auto/8 --hdr-log s3://bucket/run1/w.hlog",
            "",
            "[API: DescribeTable, ListTagsOfResource, GetItem, Query, PutItem, UpdateItem, DeleteItem, BatchGetItem, BatchWriteItem, TransactWriteItems, cloudwatch:GetMetricData; --hdr-log s3://: s3:PutObject]"})
public class LoadRunCommand extends BaseCommand {
    public enum LogFormat { text, json }

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table to load.")
    String table;

    @Option(names = "--workload", paramLabel = "NAME", description = "A workload of the table's load.workloads in the profile.")
    String workload;

    @Option(names = "--rate", paramLabel = "SCHEDULE",
            description = "Operations per second: RATE, or steps RATE:DURATION and ramps 'ramp FROM..TO:DURATION', comma-separated.")
    String rate;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long a constant rate (or the last step) lasts; cuts a longer schedule (default: 1m for a single rate).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "auto",
            description = "Unmeasured operations at the first rate before the run, so the JVM's compilation and the first connections "
                    + "do not count as latency or as a generator that fell behind: auto (a tenth of the schedule, at most 10 s; none under 10 s), 0s for none, or a duration.")
    String warmup;

    @Option(names = "--workers", paramLabel = "N", description = "Operations in flight at once (default: " + Workload.DEFAULT_CONCURRENCY + ").")
    Integer workers;

    @Option(names = "--mix", paramLabel = "OP=WEIGHT,...", description = "Operation weights (default: get=100).")
    String mix;

    @Option(names = "--item-size", paramLabel = "SIZE", description = "Item size written: 1KB, 900B..4KB, or 1KB:80,4KB:20 (default: 1KB).")
    String itemSize;

    @Option(names = "--keys", paramLabel = "DIST", description = "uniform, zipfian[:THETA] or hotkey:K:SHARE (default: uniform).")
    String keys;

    @Option(names = "--index-keys", paramLabel = "DIST",
            description = "Skew the GSI key values that put, update, batch-write and transact-write write, apart from the item's key: uniform, zipfian[:THETA] or hotkey:K:SHARE over --key-count values shared by every worker (default: each item's GSI keys follow its own key).")
    String indexKeys;

    @Option(names = "--key-count", paramLabel = "N", description = "Distinct partition keys (default: " + Workload.DEFAULT_KEY_COUNT + ", or the skew report's).")
    Long keyCount;

    @Option(names = "--keys-from", paramLabel = "FILE", description = "A skew report (ddbr skew scan|export -o json) whose top-key shares to reproduce.")
    String keysFrom;

    @Option(names = "--slo", paramLabel = "EXPR", description = "A gate, repeatable: p99<=20ms, max<1s, throttles<=0.1%%, errors==0, rate>=99%%. Exit 1 when one is breached.")
    List<String> slo;

    @Option(names = "--worker", paramLabel = "I/N", description = "Run as worker I (0-based) of N; auto/N takes I from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX.")
    String worker;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, to repeat the same keys and mix.")
    Long seed;

    @Option(names = "--hdr-log", paramLabel = "FILE|s3://BUCKET/KEY", description = "Write the HdrHistogram interval log there.")
    String hdrLog;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: NDJSON on stdout, an interval event per second and the report event (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--confirm-table", paramLabel = "NAME", description = "The table's name again, to write to a table ddbr did not create from a script.")
    String confirmTable;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    /** Who prints the report: the run's end or the Ctrl-C hook, whichever comes first; the other waits for it. */
    private final AtomicBoolean reported = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ChartOption chartOption = new dev.ddbr.cli.ChartOption();

    @Override
    protected int execute() throws Exception {
        chartOption.apply(ctx());
        reportOption.check();
        Workload.Spec spec = new Workload.Spec(null, rate, duration, workers, mix, itemSize, keys, keyCount, keysFrom, slo, worker, seed, indexKeys);
        if (workload != null) spec = profileSpec().overriddenBy(spec);
        Workload w = Workload.resolve(spec, ctx().env().vars());
        java.time.Duration warm = w.warmup(warmup);
        if (confirm.dryRun) {
            renderPlan(LoadPlan.of(table, w, warm));
            return ExitCodes.OK;
        }
        LoadTest test = LoadTest.open(aws(), table, w);
        if (w.writes() && !test.ownedByDdbr() && !confirmed(w)) {
            console().error("the name typed does not match '" + table + "'; nothing was sent");
            return ExitCodes.PROBLEMS;
        }
        PrintWriter out = ctx().out();
        LoadReport report;
        try (InterruptNotice notice = InterruptNotice.on(console().err(), () -> interrupted(test, out))) {
            if (!warm.isZero() && console().interactive() && console().level() != dev.ddbr.output.Console.Level.QUIET) {
                console().err().println("ddbr: warming up for " + dev.ddbr.util.Durations.format(warm) + " (not measured)");
            }
            report = test.run(i -> interval(i, out), hdrLog, null, warm);
        }
        if (!reported.compareAndSet(false, true)) return ExitCodes.INTERRUPTED;
        try {
            finish(report, out);
            LoadReport done = report;
            reportOption.write(ctx(), this.spec, meta -> dev.ddbr.report.Reports.of(done, meta));
        } finally {
            printed.countDown();
        }
        return report.sloMet() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    private Workload.Spec profileSpec() { return LoadWorkloads.profileSpec(ctx(), table, workload); }

    /** A table ddbr did not create: --yes, and its name again (typed, or --confirm-table). */
    private boolean confirmed(Workload w) throws IOException {
        return LoadWorkloads.confirmWrites(ctx(), confirm, confirmTable, table, w, "this load writes to '" + table + "'");
    }

    private void interval(LoadRunner.Interval i, PrintWriter out) {
        if (logFormat == LogFormat.json) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", "interval");
            e.putAll(Renderer.jsonLine().convertValue(i, Map.class));
            line(out, e);
        } else if (console().interactive() && console().level() != dev.ddbr.output.Console.Level.QUIET) {
            console().err().println(String.format(Locale.ROOT, "ddbr: %5.0fs  %6d ops/s (offered %.0f)  p50 %.2f ms  p99 %.2f ms  max %.2f ms  throttles %d  errors %d",
                    i.t(), i.ops(), i.offeredRate(), i.p50Ms(), i.p99Ms(), i.maxMs(), i.throttles(), i.errors()));
            console().err().flush();
        }
    }

    private synchronized void line(PrintWriter out, Object event) {
        try {
            out.println(Renderer.jsonLine().writeValueAsString(event));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void finish(LoadReport report, PrintWriter out) {
        if (logFormat == LogFormat.json) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", "report");
            e.put("report", report);
            line(out, e);
        } else {
            render(report);
        }
        if (report.client() != null && report.client().saturated()) {
            console().warn("the load did not run as scheduled: " + report.client().verdict() + ": " + report.client().detail());
        }
        for (Slo.Result r : report.slo()) {
            if (!r.met()) console().error("SLO breached: " + r.expr() + ": " + r.detail());
        }
    }

    /** On Ctrl-C / SIGTERM: stop, print the report so far, and say so. */
    private String interrupted(LoadTest test, PrintWriter out) {
        LoadReport r;
        try {
            r = test.stop(5_000);
        } catch (InterruptedException e) {
            r = null;
        }
        if (r == null) return "ddbr: interrupted before the load started";
        if (!reported.compareAndSet(false, true)) {
            // the run ended as the signal came and prints its own report: the JVM must not halt half-way through it
            try {
                printed.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            try {
                finish(r, out);
                out.flush();
            } finally {
                printed.countDown();
            }
        }
        return "ddbr: interrupted: the report covers the first " + String.format(Locale.ROOT, "%.1f", r.elapsedSeconds()) + " s ("
                + r.completed() + " of " + r.scheduled() + " operations); nothing else to undo";
    }
}
