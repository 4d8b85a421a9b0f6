package dev.ddbr.load;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.OwnedTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** One {@code load run}: the table described, the ownership checked, the generator run, the HDR log written. */
public final class LoadTest {
    private final ClientFactory aws;
    private final DynamoDbClient ddb;
    private final TableShape table;
    private final Workload w;
    private final List<String> gsis;
    private final String region;
    private volatile LoadRunner runner;
    private volatile boolean stopRequested;
    private volatile LoadRunner warmupRunner;
    private volatile LoadReport measured;
    private final java.util.concurrent.CountDownLatch measuredDone = new java.util.concurrent.CountDownLatch(1);

    private LoadTest(ClientFactory aws, String region, DynamoDbClient ddb, TableShape table, List<String> gsis, Workload w) {
        this.aws = aws;
        this.region = region;
        this.gsis = gsis;
        this.ddb = ddb;
        this.table = table;
        this.w = w;
    }

    /** Describes the table (the load client is built first, so its connection pool is sized for the workers). */
    public static LoadTest open(ClientFactory aws, String tableName, Workload w) {
        return open(aws, aws.region(), tableName, w);
    }

    /** The same, against the table in {@code region} (a failover drill loads both Regions of a global table). */
    public static LoadTest open(ClientFactory aws, String region, String tableName, Workload w) {
        LoadTest[] holder = new LoadTest[1];
        DynamoDbClient ddb = aws.dynamodbForLoad(region, new Forwarder(holder), w.concurrency());
        TableDescription t;
        try {
            t = ddb.describeTable(r -> r.tableName(tableName)).table();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe table '" + tableName + "'");
        }
        if (!"ACTIVE".equals(t.tableStatusAsString()) && !"UPDATING".equals(t.tableStatusAsString())) {
            throw DdbrException.invalid("table '" + tableName + "' is " + t.tableStatusAsString() + ", not ACTIVE", "wait until it is ACTIVE");
        }
        LoadTest lt = new LoadTest(aws, region, ddb, TableShape.of(t),
                t.globalSecondaryIndexes().stream().map(g -> g.indexName()).toList(), w);
        holder[0] = lt;
        return lt;
    }

    public TableShape table() { return table; }

    public Workload workload() { return w; }

    /** Whether ddbr created the table (the ddbr:created-by=ddbr tag, read now). */
    public boolean ownedByDdbr() {
        try {
            return OwnedTables.isOwned(ddb, table.arn());
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read the tags of table '" + table.name() + "'");
        }
    }

    /**
     * Runs the workload.
     *
     * @param hdrLog a local path or s3://bucket/key for the HdrHistogram interval log, or null
     * @param keys   sees every key index used (tests), or null
     */
    public LoadReport run(LoadRunner.IntervalListener listener, String hdrLog, LongConsumer keys) {
        return run(listener, hdrLog, keys, java.time.Duration.ZERO);
    }

    /**
     * Runs the workload after a warm-up: {@code warmup} of the same operations at the schedule's first rate, measured
     * nowhere (no report figure, interval, HDR log entry or SLO), so the JVM's compilation and the first connections
     * do not show up as the table's latency or as a generator that fell behind. Stopped during the warm-up, the run
     * does not start: the report has nothing measured, every operation not started, and is marked interrupted.
     */
    public LoadReport run(LoadRunner.IntervalListener listener, String hdrLog, LongConsumer keys, java.time.Duration warmup) {
        double warmed = warmup.toNanos() / 1e9;
        ByteArrayOutputStream s3Buffer = null;
        OutputStream out = null;
        try {
            if (hdrLog != null) {
                if (hdrLog.startsWith("s3://")) {
                    S3Path.parse(hdrLog, "--hdr-log");
                    out = s3Buffer = new ByteArrayOutputStream();
                } else {
                    Path p = Path.of(hdrLog);
                    if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
                        throw DdbrException.invalid("--hdr-log " + hdrLog + ": the directory " + p.getParent() + " does not exist", null);
                    }
                    out = Files.newOutputStream(p);
                }
            }
            // after the checks above: a bad --hdr-log sends nothing to the table
            if (!warmup.isZero()) {
                warmupRunner = new LoadRunner(ddb, table, w.warmupOf(warmup), null, null, null);
                runner = warmupRunner;
                warmupRunner.run();
            }
            LoadRunner main = new LoadRunner(ddb, table, w, listener, out, keys);
            runner = main;
            if (stopRequested) main.stop();   // Ctrl-C between the warm-up and the run
            LoadReport r = main.run().withWarmup(warmed);
            measured = r;
            measuredDone.countDown();
            if (out != null) out.close();
            if (s3Buffer != null) upload(hdrLog, s3Buffer.toByteArray());
            return r.interrupted() ? r : r.withServerSide(serverSide(r));
        } catch (IOException e) {
            throw DdbrException.invalid("cannot write --hdr-log " + hdrLog + ": " + e.getMessage(), null);
        }
    }

    /**
     * Runs the workload without HDR log nor CloudWatch read (one phase of a failover drill); {@link #stop(long)} from
     * another thread cuts it short, and the report then covers what ran.
     */
    public LoadReport runPhase() {
        runner = new LoadRunner(ddb, table, w, null, null, null);
        return runner.run();
    }

    /** What CloudWatch has for the run's window: one GetMetricData request; never fails the run. */
    private ServerMetrics.Server serverSide(LoadReport r) {
        List<OpKind> ops = r.operations().stream().map(o -> OpKind.of(o.name())).filter(java.util.Objects::nonNull).toList();
        java.time.Instant end = r.startedAt().plusMillis(Math.round(r.elapsedSeconds() * 1000));
        return ServerMetrics.read(aws.cloudwatch(region), table.name(), gsis, ops, r.startedAt(), end);
    }

    /** Stops the run (Ctrl-C) and waits up to {@code millis} for the report of what ran. */
    public LoadReport stop(long millis) throws InterruptedException {
        stopRequested = true;
        LoadRunner r = runner;
        if (r == null) return null;
        r.stop();
        if (r == warmupRunner) {
            // stopped in the warm-up: the measured run starts stopped; its report (nothing measured) is the one
            measuredDone.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return measured;
        }
        return r.awaitReport(millis);
    }

    private void upload(String target, byte[] bytes) {
        S3Path p = S3Path.parse(target, "--hdr-log");
        try {
            aws.s3().putObject(b -> b.bucket(p.bucket()).key(p.key()), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "write the HDR log to " + target);
        }
    }

    /** Reads logs from local paths or s3:// URLs and merges them ({@code load merge}). */
    public static LoadReport merge(ClientFactory aws, List<String> sources) {
        List<HdrLogs.Log> logs = new ArrayList<>();
        for (String s : sources) {
            if (s.startsWith("s3://")) {
                S3Path p = S3Path.parse(s, "LOG");
                try {
                    logs.add(new HdrLogs.Log(s, aws.s3().getObjectAsBytes(b -> b.bucket(p.bucket()).key(p.key())).asByteArray()));
                } catch (SdkException e) {
                    throw AwsErrors.translate(e, "read " + s);
                }
            } else {
                try {
                    logs.add(new HdrLogs.Log(s, Files.readAllBytes(Path.of(s))));
                } catch (IOException e) {
                    throw DdbrException.invalid("cannot read " + s + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), null);
                }
            }
        }
        return HdrLogs.merge(logs);
    }

    record S3Path(String bucket, String key) {
        static S3Path parse(String url, String what) {
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw DdbrException.invalid("invalid " + what + " '" + url + "': expected s3://BUCKET/KEY", null);
            }
            return new S3Path(rest.substring(0, slash), rest.substring(slash + 1));
        }
    }

    /** Hands the client's attempt reports to the runner of the moment. */
    private record Forwarder(LoadTest[] holder) implements dev.ddbr.aws.AttemptListener {
        @Override
        public void attempt() {
            LoadRunner r = holder[0] == null ? null : holder[0].runner;
            if (r != null) r.attempt();
        }

        @Override
        public void throttled(String code, List<Reason> reasons) {
            LoadRunner r = holder[0] == null ? null : holder[0].runner;
            if (r != null) r.throttled(code, reasons);
        }
    }
}
