package dev.ddbr.skew.athena;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.KeyStats;
import dev.ddbr.skew.KeyText;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.util.Sleeper;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.GetWorkGroupResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.WorkGroupState;

/**
 * Runs the hot-key counts of an export in Amazon Athena: creates a temporary external table over the export's data
 * files, runs {@link AthenaSql#totals} and {@link AthenaSql#topKeys} (each one pass over the data), reads the
 * results, and drops the table in any case: after success, after a failure, and from {@link #abort} (the Ctrl-C hook),
 * which also stops the query that is running.
 */
public final class AthenaEngine {
    /** 95% bound of approx_distinct: its standard error is 2.3%. */
    static final double DISTINCT_BOUND = 2 * 0.023;
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);

    /** Where the queries run. {@code output} null: the workgroup's result location. */
    public record Settings(String workgroup, String database, String output) {}

    /**
     * What the Athena engine did: the figures of every target (totals exact, distinct keys approximate, top-key
     * counts exact), the table's item count (count(*)), and the report's {@code athena} part.
     */
    public record Result(List<KeyStats.Summary> summaries, long items, SkewReport.Athena athena) {}

    private final AthenaClient athena;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Consumer<String> status;
    private final List<String> queryIds = new ArrayList<>();
    private long bytesScanned;
    private volatile String running;
    private volatile String table;
    private volatile boolean dropped;
    private volatile boolean aborted;
    private volatile String dropError;

    /** @param status what is happening now, for the progress line ("creating the table", ...) */
    public AthenaEngine(AthenaClient athena, Settings settings, Sleeper sleeper, Consumer<String> status) {
        this.athena = athena;
        this.settings = settings;
        this.sleeper = sleeper;
        this.status = status == null ? s -> { } : status;
    }

    /** A fresh random suffix for the table name: 8 hex digits. */
    public static String suffix() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The workgroup exists, is enabled, and results have somewhere to go.
     *
     * @throws DdbrException 253 when not
     */
    public void preflight(String region) {
        GetWorkGroupResponse wg;
        try {
            wg = athena.getWorkGroup(r -> r.workGroup(settings.workgroup()));
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.athena.model.InvalidRequestException
                    || (e instanceof AwsServiceException a && "InvalidRequestException".equals(AwsErrors.code(a)))
                    || AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                throw DdbrException.config("the Athena workgroup '" + settings.workgroup() + "' does not exist in " + region
                        + " (" + AwsErrors.message(e) + ")",
                        "set athena.workgroup in the profile or pass --athena-workgroup (default: primary)");
            }
            throw AwsErrors.translate(e, "read the Athena workgroup '" + settings.workgroup() + "'");
        }
        if (wg.workGroup() == null) { // moto answers an unknown workgroup with none; AWS with InvalidRequestException
            throw DdbrException.config("the Athena workgroup '" + settings.workgroup() + "' does not exist in " + region,
                    "set athena.workgroup in the profile or pass --athena-workgroup (default: primary)");
        }
        if (wg.workGroup().state() == WorkGroupState.DISABLED) {
            throw DdbrException.config("the Athena workgroup '" + settings.workgroup() + "' is disabled",
                    "enable it (aws athena update-work-group --state ENABLED) or choose another with --athena-workgroup");
        }
        var conf = wg.workGroup().configuration();
        boolean hasOutput = conf != null && conf.resultConfiguration() != null && conf.resultConfiguration().outputLocation() != null;
        boolean managed = conf != null && conf.managedQueryResultsConfiguration() != null
                && Boolean.TRUE.equals(conf.managedQueryResultsConfiguration().enabled());
        if (!hasOutput && !managed && settings.output() == null) {
            throw DdbrException.config("the Athena workgroup '" + settings.workgroup() + "' has no query result location",
                    "set athena.output: s3://BUCKET/PREFIX in the profile or pass --athena-output s3://BUCKET/PREFIX");
        }
    }

    /**
     * Count the keys of {@code targets} in the export whose data files are at {@code dataLocation} (s3://.../data/).
     *
     * @throws DdbrException 254 when a query fails (with Athena's reason), or an AWS call does
     */
    public Result run(String exportArn, String format, List<SkewTarget> targets, String dataLocation, int top) {
        AthenaSql.attributes(targets); // bad names fail before anything is created
        String db = settings.database();
        String t = AthenaSql.tableName(exportArn, suffix());
        List<KeyStats.Summary> summaries = new ArrayList<>();
        long items;
        try {
            status.accept("creating the table " + db + "." + t);
            table = t;
            execute(AthenaSql.createTable(db, t, format, targets, dataLocation), "create the table " + t);
            status.accept("counting items and distinct keys");
            String totalsId = execute(AthenaSql.totals(db, t, format, targets), "count the items");
            List<List<String>> totals = results(totalsId);
            if (totals.size() != 1 || totals.get(0).size() != 1 + 2 * targets.size()) {
                throw DdbrException.aws("Athena's totals query " + totalsId + " returned " + totals.size()
                        + " rows, not the one expected", "run again; report a bug if it persists", null);
            }
            List<String> row = totals.get(0);
            items = number(row.get(0), "items");
            status.accept("finding the top keys");
            String topId = execute(AthenaSql.topKeys(db, t, format, targets, top), "find the top keys");
            List<List<KeyStats.Count>> tops = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) tops.add(new ArrayList<>());
            for (List<String> r : results(topId)) {
                int i = AthenaSql.targetOf(number(r.get(0), "target_id"), targets.size());
                if (i < 0 || r.get(1) == null) continue;
                tops.get(i).add(new KeyStats.Count(keyText(r.get(1), targets.get(i).keyType()), number(r.get(2), "items"), 0));
            }
            for (int i = 0; i < targets.size(); i++) {
                long n = number(row.get(1 + 2 * i), "items_" + i);
                long d = Math.min(n, number(row.get(2 + 2 * i), "distinct_" + i));
                long seen = tops.get(i).size();
                long low = Math.max(seen, (long) Math.floor(d * (1 - DISTINCT_BOUND)));
                long high = Math.max(low, Math.min(n, (long) Math.ceil(d * (1 + DISTINCT_BOUND))));
                summaries.add(new KeyStats.Summary(n, 0, Math.max(d, seen), false, low, high, List.copyOf(tops.get(i)), 0L, null));
            }
        } finally {
            try {
                drop();
            } catch (RuntimeException e) {
                dropError = AwsErrors.message(e); // the report says the table is left, and how to drop it
            }
        }
        return new Result(List.copyOf(summaries), items, info());
    }

    /** Why the DROP failed, or null. */
    public String dropError() { return dropError; }

    /** What the report says about the Athena run so far. */
    public SkewReport.Athena info() {
        synchronized (queryIds) {
            return new SkewReport.Athena(settings.workgroup(), settings.database(), table, bytesScanned, List.copyOf(queryIds),
                    dropped);
        }
    }

    /**
     * From the Ctrl-C hook: stop the running query and drop the table. Returns what was done, for the notice; never
     * throws.
     */
    public String abort() {
        aborted = true;
        List<String> done = new ArrayList<>();
        String q = running;
        if (q != null) {
            try {
                athena.stopQueryExecution(r -> r.queryExecutionId(q));
                done.add("stopped the Athena query " + q);
            } catch (RuntimeException e) {
                done.add("could not stop the Athena query " + q + " (" + AwsErrors.message(e) + ")");
            }
        }
        String t = table;
        if (t != null) {
            try {
                drop();
                done.add(dropped ? "dropped the temporary table " + settings.database() + "." + t
                        : "could not drop the temporary table " + settings.database() + "." + t + ": drop it with DROP TABLE `"
                        + settings.database() + "`.`" + t + "`");
            } catch (RuntimeException e) {
                done.add("could not drop the temporary table " + settings.database() + "." + t + " (" + AwsErrors.message(e)
                        + "): drop it with DROP TABLE `" + settings.database() + "`.`" + t + "`");
            }
        }
        return String.join("; ", done);
    }

    /** Drop the table if one was created and not yet dropped. Once. */
    private synchronized void drop() {
        String t = table;
        if (t == null || dropped) return;
        status.accept("dropping the table " + settings.database() + "." + t);
        String id = start(AthenaSql.dropTable(settings.database(), t), "drop the table " + t);
        QueryExecution q = await(id, "drop the table " + t, true);
        dropped = q.status().state() == QueryExecutionState.SUCCEEDED;
    }

    /** Start {@code sql}, wait for it, return its id. */
    private String execute(String sql, String what) {
        if (aborted) throw new DdbrException(dev.ddbr.error.ExitCodes.INTERRUPTED, "interrupted", null, null);
        String id = start(sql, what);
        running = id;
        try {
            await(id, what, false);
        } finally {
            running = null;
        }
        return id;
    }

    private String start(String sql, String what) {
        StartQueryExecutionRequest.Builder b = StartQueryExecutionRequest.builder().queryString(sql)
                .workGroup(settings.workgroup())
                .queryExecutionContext(c -> c.catalog("AwsDataCatalog").database(settings.database()));
        if (settings.output() != null) b.resultConfiguration(r -> r.outputLocation(settings.output()));
        try {
            String id = athena.startQueryExecution(b.build()).queryExecutionId();
            synchronized (queryIds) {
                queryIds.add(id);
            }
            return id;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "start the Athena query to " + what);
        }
    }

    /** Poll with backoff until the query ends; FAILED or CANCELLED throw (unless {@code quiet}: then returned). */
    private QueryExecution await(String id, String what, boolean quiet) {
        Duration wait = FIRST_POLL;
        while (true) {
            QueryExecution q;
            try {
                q = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
            } catch (SdkException e) {
                throw AwsErrors.translate(e, "follow the Athena query " + id);
            }
            QueryExecutionState s = q.status() == null ? null : q.status().state();
            if (s == QueryExecutionState.SUCCEEDED || s == QueryExecutionState.FAILED || s == QueryExecutionState.CANCELLED) {
                if (q.statistics() != null && q.statistics().dataScannedInBytes() != null) {
                    synchronized (queryIds) {
                        bytesScanned += q.statistics().dataScannedInBytes();
                    }
                }
                if (s != QueryExecutionState.SUCCEEDED && !quiet) {
                    String reason = q.status().stateChangeReason();
                    if (q.status().athenaError() != null && q.status().athenaError().errorMessage() != null && reason == null) {
                        reason = q.status().athenaError().errorMessage();
                    }
                    throw DdbrException.aws("the Athena query to " + what + " (" + id + ") " + s + ": "
                            + (reason == null ? "no reason given" : reason.replaceAll("\\s+", " ").strip()),
                            "see it with: aws athena get-query-execution --query-execution-id " + id, null);
                }
                return q;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DdbrException(dev.ddbr.error.ExitCodes.INTERRUPTED, "interrupted", null, e);
            }
            wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
        }
    }

    /** Every data row of a query's results, all pages, the header row left out; values as text (null for NULL). */
    List<List<String>> results(String id) {
        List<List<String>> out = new ArrayList<>();
        String token = null;
        boolean first = true;
        do {
            String tk = token;
            GetQueryResultsResponse r;
            try {
                r = athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(1000).nextToken(tk));
            } catch (SdkException e) {
                throw AwsErrors.translate(e, "read the results of the Athena query " + id);
            }
            List<String> labels = new ArrayList<>();
            if (r.resultSet().resultSetMetadata() != null) {
                for (ColumnInfo c : r.resultSet().resultSetMetadata().columnInfo()) labels.add(c.label() != null ? c.label() : c.name());
            }
            for (Row row : r.resultSet().rows()) {
                List<String> v = new ArrayList<>();
                for (Datum d : row.data()) v.add(d.varCharValue());
                // a SELECT's first row is the column names
                if (first && !labels.isEmpty() && v.equals(labels)) {
                    first = false;
                    continue;
                }
                first = false;
                out.add(v);
            }
            token = r.nextToken();
        } while (token != null);
        return out;
    }

    /** The key as the local reader renders it: N canonical (an Ion exponent 'd' read as 'e'), S and B as they are. */
    static String keyText(String raw, String type) {
        if ("N".equals(type)) return KeyText.number(raw.replace('d', 'e').replace('D', 'e'));
        return raw;
    }

    private static long number(String v, String what) {
        try {
            return Long.parseLong(v.strip());
        } catch (RuntimeException e) {
            throw DdbrException.aws("Athena returned '" + v + "' for " + what + ", not a count", "run again; report a bug if it persists", e);
        }
    }
}
