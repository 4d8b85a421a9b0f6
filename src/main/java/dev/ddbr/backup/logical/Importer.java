package dev.ddbr.backup.logical;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.AwsService;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.Retry;
import dev.ddbr.backup.codec.ItemCodec;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.table.TableSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Import of a logical backup or a native export: verify every file first, optionally create the table
 * from the snapshot, then BatchWriteItem with a bounded number of batches in flight, retries of
 * unprocessed items, a write budget and a journal that makes the import resumable.
 */
public final class Importer {
    private static final int BATCH = 25;

    private final ClientFactory aws;
    private final Poller poller;

    public Importer(ClientFactory aws, Poller poller) {
        this.aws = aws;
        this.poller = poller;
    }

    /**
     * @param parallelism batches in flight
     * @param writeBudget write capacity units per second, 0 for unlimited
     * @param create      create the table from the backup's snapshot
     * @param stateDir    where the journal lives
     */
    public record Options(int parallelism, double writeBudget, boolean create, Path stateDir) {}

    public record Result(String source, String format, String table, boolean createdTable, int files, long itemCount,
                         long itemsWritten, long itemsSkippedOnResume, boolean resumed, double seconds,
                         double itemsPerSecond, List<String> notes) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            out.keyValues(List.of(TextWriter.kv("source", source + " (" + format + ")"), TextWriter.kv("table", table),
                    TextWriter.kv("created table", createdTable ? "yes" : "no"), TextWriter.kv("files", files),
                    TextWriter.kv("items", itemCount),
                    TextWriter.kv("resumed", resumed ? "yes, " + itemsSkippedOnResume + " items were already written" : "no"),
                    TextWriter.kv("time", String.format(Locale.ROOT, "%.1fs (%.0f items/s)", seconds, itemsPerSecond))));
            notes.forEach(n -> out.line("note: " + n));
            out.verdict(Style.Tone.GOOD, "imported " + itemCount + " items into " + table);
        }
    }

    /**
     * What an import would do, decided before anything is written. JSON field names are a documented contract
     * (docs/backups.md).
     *
     * @param createTable   the table is created from the backup's settings snapshot
     * @param tableExists   the target table exists now
     * @param tableHasItems the existing target holds at least one item: items with the same keys are overwritten
     * @param resuming      a journal of an earlier, unfinished run of this import into this very table exists
     * @param journalSetAside a journal of an earlier run exists but was written for another table (re-created,
     *                      other account, Region or endpoint): it is set aside and the import starts from the first item
     * @param keySchema     the backup's key schema, e.g. "pk (S), sk (N)"; null when the backup does not say
     */
    public record Plan(String source, String format, String table, long itemCount, int files, boolean createTable,
                       boolean tableExists, boolean tableHasItems, boolean resuming, boolean journalSetAside,
                       String keySchema, boolean dryRun)
            implements TextRenderable {
        /** Writing into an existing table that already holds items (outside a resumed run) must be confirmed. */
        public boolean needsConfirmation() {
            return tableExists && tableHasItems && !resuming;
        }

        public Plan asDryRun() {
            return new Plan(source, format, table, itemCount, files, createTable, tableExists, tableHasItems, resuming,
                    journalSetAside, keySchema, true);
        }

        public String target() {
            if (!tableExists) return table + " (created from the backup's settings snapshot)";
            if (resuming) return table + " (exists; resuming an unfinished import)";
            return table + (tableHasItems ? " (exists and holds items)" : " (exists, empty)");
        }

        @Override
        public void renderText(TextWriter out) {
            out.keyValues(List.of(TextWriter.kv("source", source + " (" + format + ")"), TextWriter.kv("target", target()),
                    TextWriter.kv("items", itemCount), TextWriter.kv("files", files),
                    TextWriter.kv("key schema", keySchema == null ? "not recorded in the backup" : keySchema)));
            if (tableExists && tableHasItems) {
                out.line("existing items with the same keys are overwritten; other items are left as they are");
            }
            if (dryRun) {
                out.verdict(Style.Tone.GOOD, "dry run: would write " + itemCount + " items into " + table + "; nothing was written");
            } else {
                out.verdict(tableHasItems ? Style.Tone.WARN : Style.Tone.NEUTRAL, "plan: write " + itemCount + " items into " + table);
            }
        }
    }

    /**
     * Where a prepared import is. READY: nothing written by this run (no table created). CREATE_SENT: CreateTable
     * was sent, its answer not recorded: the table may exist, and the journal does not know it (a re-run with
     * --create refuses it). CREATED: the table exists and the journal records it (the same command resumes).
     * WRITING: items are being written; the journal counts them.
     */
    public enum Stage { READY, CREATE_SENT, CREATED, WRITING }

    /** Where an import was when it was interrupted, and how many items the journal counts as written. */
    public record Interrupted(Stage stage, long itemsWritten) {}

    /** A verified backup and the plan for it; holds the local copies of the data files until closed. */
    public static final class Prepared implements AutoCloseable {
        private final ImportSource src;
        private final Plan plan;
        private final Options opt;
        private final ImportJournal journal;
        private final ImportJournal.Target target;
        private final String endpoint;
        private final String setAside;
        private final Path cache;
        private final long t0;

        private Prepared(ImportSource src, Plan plan, Options opt, ImportJournal journal, ImportJournal.Target target,
                         String endpoint, String setAside, Path cache, long t0) {
            this.src = src;
            this.plan = plan;
            this.opt = opt;
            this.journal = journal;
            this.target = target;
            this.endpoint = endpoint;
            this.setAside = setAside;
            this.cache = cache;
            this.t0 = t0;
        }

        public Plan plan() { return plan; }

        /** With --create: the settings the backup could not read, which the new table will lack (one line each). */
        public List<String> settingsGaps() {
            return plan.createTable() || journal.createdTable() ? Importer.settingsGaps(src.settings()) : List.of();
        }

        /** How far {@link Importer#write} got; read from a shutdown hook on a real Ctrl-C. */
        private volatile Stage stage = Stage.READY;

        /**
         * On a real Ctrl-C (from a shutdown hook): how far the import got; once writing runs, the journal is
         * saved first, so the count is what a re-run skips.
         */
        public Interrupted interrupted() {
            Stage s = stage;
            if (s == Stage.WRITING) journal.save();
            return new Interrupted(s, journal.totalDone());
        }

        /**
         * The journal of an earlier run that is not used because it was written for another table, e.g. "a journal
         * from an import into a different table 'x' (created …)"; empty when there is none or it is resumed.
         */
        public Optional<String> setAside() { return Optional.ofNullable(setAside); }

        @Override
        public void close() { deleteQuietly(cache); }
    }

    /**
     * Verify the backup and check the target; writes nothing (no table, no journal). Refuses (exit 252) a
     * corrupted backup, --create over an existing table (unless it is the table an unfinished run of this import
     * created: same ARN and creation time), a missing table without --create, and a target whose key schema
     * differs from the backup's. A journal left by an earlier run is used only for the very table it was
     * written for; any other is set aside ({@link Prepared#setAside()}) and the plan starts from the first item.
     */
    public Prepared prepare(String location, String table, Options opt) {
        if (opt.parallelism() < 1 || opt.parallelism() > 256) {
            throw DdbrException.invalid("--parallelism must be 1 to 256, not " + opt.parallelism(), "8 suits most tables");
        }
        long t0 = System.nanoTime();
        BackupLocation loc = ImportSource.resolve(BackupLocation.of(location, aws));
        Path cache;
        try {
            cache = Files.createTempDirectory("ddbr-import-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            ImportSource src = ImportSource.open(loc, cache).verified(loc, cache);
            ImportJournal journal = ImportJournal.open(opt.stateDir(), src.location(), table, src.manifestSha256());
            DynamoDbClient ddb = aws.dynamodb();
            Optional<TableDescription> target = describe(ddb, table);
            boolean exists = target.isPresent();
            String endpoint = aws.endpoint(AwsService.DYNAMODB, aws.region()).map(java.net.URI::toString).orElse(null);
            ImportJournal.Target identity = target.map(t -> identity(t, endpoint)).orElse(null);
            // only a journal of this very table counts; createdTable() and resuming() are false for any other
            Optional<String> setAside = journal.bind(Optional.ofNullable(identity), endpoint);
            if (opt.create() && exists && !journal.createdTable() && journal.pendingCreateToken().isPresent()
                    && identity != null && identity.identified()
                    && journal.pendingCreateToken().get().equals(createTag(ddb, target.get()).orElse(null))) {
                // the table an earlier run of this import created without learning it (response lost, Ctrl-C): its tag
                // says so; the import resumes into it instead of refusing it as an existing table
                journal.adoptCreated(identity);
                setAside = Optional.empty();
            }
            if (opt.create()) {
                if (src.settings() == null) {
                    throw DdbrException.invalid("--create needs the table settings, and a native export has none",
                            "create the table first (same keys), then import without --create");
                }
                if (exists && !journal.createdTable()) {
                    throw DdbrException.invalid("table '" + table + "' already exists; --create never overwrites a table",
                            "import into it without --create, or choose a new --table name"
                                    + setAside.map(s -> "; " + s + " does not count: it is not of this table").orElse(""));
                }
            } else if (!exists) {
                throw DdbrException.invalid("table '" + table + "' does not exist", "add --create to create it from the backup's settings");
            }
            String keys = KeySchemas.ofBackup(src);
            boolean hasItems = false;
            if (exists) {
                KeySchemas.check(src, keys, target.get());
                // a table still CREATING (a re-run after a Ctrl-C while it was made) holds no items; Scan fails on it
                hasItems = !"CREATING".equals(target.get().tableStatusAsString()) && hasItems(ddb, table);
            }
            boolean resuming = journal.resuming();
            Plan plan = new Plan(src.location(), src.format(), table, src.itemCount(), src.files().size(), !exists,
                    exists, hasItems, resuming, setAside.isPresent(), keys, false);
            return new Prepared(src, plan, opt, journal, identity, endpoint, setAside.orElse(null), cache, t0);
        } catch (RuntimeException e) {
            deleteQuietly(cache);
            throw e;
        }
    }

    /** Which table this is, for the journal: ARN (account and Region), creation time, explicit endpoint. */
    static ImportJournal.Target identity(TableDescription t, String endpoint) {
        return new ImportJournal.Target(t.tableArn(), t.creationDateTime(), endpoint);
    }

    private static boolean hasItems(DynamoDbClient ddb, String table) {
        try {
            return ddb.scan(r -> r.tableName(table).limit(1)).count() > 0;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "check whether table '" + table + "' holds items");
        }
    }

    /**
     * Write a prepared import.
     *
     * On a real Ctrl-C the caller's shutdown hook calls {@link Prepared#interrupted()}: it saves the journal.
     */
    public Result write(Prepared p, LongConsumer progress) {
        ImportSource src = p.src;
        Options opt = p.opt;
        ImportJournal journal = p.journal;
        String table = p.plan.table();
        DynamoDbClient ddb = aws.dynamodb();
        List<String> notes = new ArrayList<>();
        boolean created = journal.createdTable();
        if (p.plan.createTable()) {
            // CreateTable fails on an existing table: a table that appeared since the check is never written over
            CreateTableResponse made = null;
            String token = journal.beginCreate();
            p.stage = Stage.CREATE_SENT;
            try {
                made = ddb.createTable(TableCreator.request(src.settings(), table, Map.of(ImportJournal.CREATE_TAG, token)));
            } catch (SdkException e) {
                // the answer may be lost (cut short, connection dropped) after the table was made, or a retry of a
                // CreateTable that took effect may be refused as ResourceInUse: the table is ours if it carries this
                // run's token, and then the import goes on; any other table of that name is never written over
                Optional<TableDescription> now = ownCreated(ddb, table, token, e);
                if (now.isEmpty()) throw AwsErrors.translate(e, "create table '" + table + "'");
            }
            ImportJournal.Target mine = made == null || made.tableDescription() == null ? null : identity(made.tableDescription(), p.endpoint);
            if (mine == null || !mine.identified()) {
                mine = describe(ddb, table).map(t -> identity(t, p.endpoint)).orElse(new ImportJournal.Target(null, null, p.endpoint));
            }
            // a new table: any journal found is of another table, and progress starts at zero
            journal.markCreated(mine);
            p.stage = Stage.CREATED;
            created = true;
        } else {
            // the table checked (and confirmed) must be the one written: not deleted or re-created in between
            ImportJournal.Target now = describe(ddb, table).map(t -> identity(t, p.endpoint)).orElse(null);
            if (!Objects.equals(now, p.target)) {
                throw DdbrException.invalid("table '" + table + "' " + (now == null ? "was deleted" : "was deleted and re-created")
                        + " since it was checked; nothing was written", "run the same command again");
            }
            journal.save(); // records which table this journal is of (and sets a stale one aside)
        }
        waitActive(ddb, table);
        long already = journal.totalDone();
        boolean resumed = journal.resuming() && already > 0;
        AtomicLong written = new AtomicLong();
        p.stage = Stage.WRITING;
        writeAll(ddb, src, table, opt, journal, written, progress);
        journal.finish();
        if (created) notes.addAll(reapply(ddb, table, src.settings()));
        double secs = (System.nanoTime() - p.t0) / 1e9;
        return new Result(src.location(), src.format(), table, created, src.files().size(), src.itemCount(),
                written.get(), already, resumed, secs, src.itemCount() / Math.max(secs, 1e-9), List.copyOf(notes));
    }

    private void writeAll(DynamoDbClient ddb, ImportSource src, String table, Options opt, ImportJournal journal,
                          AtomicLong written, LongConsumer progress) {
        RateBudget budget = new RateBudget(opt.writeBudget());
        ExecutorService pool = Executors.newFixedThreadPool(opt.parallelism(), r -> {
            Thread t = new Thread(r, "ddbr-import");
            t.setDaemon(true);
            return t;
        });
        Semaphore inflight = new Semaphore(opt.parallelism() * 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Retry retry = Retry.standard();
        try {
            outer:
            for (ImportSource.DataFile f : src.files()) {
                long skip = journal.linesDone(f.path());
                if (skip >= f.itemCount()) continue;
                Watermark mark = new Watermark(skip);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(f.local()), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                    long lineNo = 0;
                    List<String> batch = new ArrayList<>(BATCH);
                    String line;
                    while (true) {
                        line = r.readLine();
                        if (line != null && line.isEmpty()) continue;
                        if (line != null) {
                            lineNo++;
                            if (lineNo <= skip) continue;
                            batch.add(line);
                        }
                        if (batch.size() == BATCH || (line == null && !batch.isEmpty())) {
                            if (failure.get() != null) break outer;
                            List<String> lines = batch;
                            long end = lineNo;
                            long start = end - lines.size();
                            batch = new ArrayList<>(BATCH);
                            inflight.acquire();
                            pool.execute(() -> {
                                try {
                                    if (failure.get() == null) {
                                        writeBatch(ddb, table, f.path(), start, lines, budget, retry);
                                        written.addAndGet(lines.size());
                                        progress.accept(lines.size());
                                        journal.advance(f.path(), mark.done(start, end), false, 250);
                                    }
                                } catch (Throwable t) {
                                    failure.compareAndSet(null, t);
                                } finally {
                                    inflight.release();
                                }
                            });
                        }
                        if (line == null) break;
                    }
                }
            }
            inflight.acquire(opt.parallelism() * 2);
            inflight.release(opt.parallelism() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            journal.save();
            throw new InterruptedOperationException("import into '" + table + "' interrupted after "
                    + journal.totalDone() + " items", "the same command (it resumes from " + journal.file() + ")");
        } catch (IOException e) {
            throw DdbrException.invalid("cannot read the backup: " + e.getMessage(), "it was verified before; check the disk");
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            journal.save();
        }
        Throwable t = failure.get();
        if (t != null) {
            String msg = "import into '" + table + "' stopped after " + journal.totalDone() + " of " + src.itemCount()
                    + " items: " + (t instanceof DdbrException d ? d.getMessage() : AwsErrors.describe(t));
            String hint = "fix the cause, then run the same command again: it resumes from " + journal.file();
            int code = t instanceof DdbrException d ? d.exitCode() : t instanceof SdkException ? ExitCodes.AWS : ExitCodes.INTERNAL;
            throw new DdbrException(code, msg, hint, t);
        }
    }

    private static void writeBatch(DynamoDbClient ddb, String table, String file, long start, List<String> lines,
                                   RateBudget budget, Retry retry) throws InterruptedException {
        List<WriteRequest> writes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Map<String, AttributeValue> item;
            try {
                item = ItemCodec.fromLine(lines.get(i));
            } catch (ItemCodec.FormatException e) {
                throw DdbrException.invalid(file + " line " + (start + i + 1) + ": " + e.getMessage(), "the backup holds a malformed item");
            }
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        Map<String, List<WriteRequest>> req = Map.of(table, writes);
        // consumed capacity only when the write budget needs it: free on DynamoDB, computed item by item by emulators
        ReturnConsumedCapacity measure = budget.unlimited() ? ReturnConsumedCapacity.NONE : ReturnConsumedCapacity.TOTAL;
        int attempt = 0;
        int stuck = 0;
        while (true) {
            Map<String, List<WriteRequest>> r0 = req;
            BatchWriteItemResponse resp;
            try {
                resp = retry.call(() -> ddb.batchWriteItem(b -> b.requestItems(r0).returnConsumedCapacity(measure)));
            } catch (SdkException e) {
                if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ae
                        && "ValidationException".equals(AwsErrors.code(ae))) {
                    throw DdbrException.aws(file + " lines " + (start + 1) + "-" + (start + lines.size()) + ": "
                            + AwsErrors.describe(e), "the items do not fit the table's key schema", e);
                }
                throw e;
            }
            double units = resp.hasConsumedCapacity() && !resp.consumedCapacity().isEmpty()
                    && resp.consumedCapacity().get(0).capacityUnits() != null
                    ? resp.consumedCapacity().get(0).capacityUnits() : req.get(table).size();
            budget.spend(units);
            List<WriteRequest> left = resp.hasUnprocessedItems() ? resp.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (left.isEmpty()) return;
            stuck = left.size() == req.get(table).size() ? stuck + 1 : 0;
            if (stuck > 20) {
                throw DdbrException.aws("DynamoDB left the same " + left.size() + " items unprocessed 20 times in a row",
                        "lower --write-budget or --parallelism, or raise the table's write capacity", null);
            }
            retry.pause(++attempt);
            req = Map.of(table, left);
        }
    }

    /** The highest line below which every batch of a file is written. */
    static final class Watermark {
        private long mark;
        private final TreeMap<Long, Long> pending = new TreeMap<>();

        Watermark(long start) { mark = start; }

        synchronized long done(long start, long end) {
            pending.put(start, end);
            while (pending.containsKey(mark)) mark = pending.remove(mark);
            return mark;
        }
    }

    /**
     * After a CreateTable that failed with {@code e}: the table, if it exists and carries {@code token} in
     * {@link ImportJournal#CREATE_TAG} (this run made it). Empty when it does not exist, is another table, or
     * cannot be checked.
     */
    static Optional<TableDescription> ownCreated(DynamoDbClient ddb, String table, String token, SdkException e) {
        AwsErrors.Kind kind = AwsErrors.kind(e);
        if (kind == AwsErrors.Kind.ACCESS_DENIED || kind == AwsErrors.Kind.BAD_CREDENTIALS || kind == AwsErrors.Kind.CONFIG) {
            return Optional.empty();
        }
        try {
            Optional<TableDescription> t = describe(ddb, table);
            if (t.isPresent() && token.equals(createTag(ddb, t.get()).orElse(null))) return t;
        } catch (DdbrException checkFailed) {
            e.addSuppressed(checkFailed);
        }
        return Optional.empty();
    }

    /** The value of the import's create tag on a table, if any (ListTagsOfResource). */
    static Optional<String> createTag(DynamoDbClient ddb, TableDescription t) {
        if (t.tableArn() == null) return Optional.empty();
        try {
            String next = null;
            do {
                String from = next;
                var r = ddb.listTagsOfResource(b -> b.resourceArn(t.tableArn()).nextToken(from));
                for (var tag : r.tags()) {
                    if (ImportJournal.CREATE_TAG.equals(tag.key())) return Optional.of(tag.value());
                }
                next = r.nextToken();
            } while (next != null);
        } catch (SdkException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<TableDescription> describe(DynamoDbClient ddb, String table) {
        try {
            return Optional.of(ddb.describeTable(r -> r.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
    }

    private void waitActive(DynamoDbClient ddb, String table) {
        poller.until(() -> describe(ddb, table).filter(t -> "ACTIVE".equals(t.tableStatusAsString())
                        && t.globalSecondaryIndexes().stream().allMatch(g -> "ACTIVE".equals(g.indexStatusAsString()))),
                Duration.ofMinutes(30), "table '" + table + "' to become ACTIVE", "ddbr table describe " + table);
    }

    /** Settings CreateTable cannot carry: TTL is re-applied; the rest is named in a note. */
    private static List<String> reapply(DynamoDbClient ddb, String table, TableSettings s) {
        List<String> notes = new ArrayList<>(settingsGaps(s));
        if (s.ttl() != null && "ENABLED".equals(s.ttl().status()) && s.ttl().attributeName() != null) {
            try {
                ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(s.ttl().attributeName())));
                notes.add("TTL re-enabled on '" + s.ttl().attributeName() + "'");
            } catch (SdkException e) {
                notes.add("TTL not re-enabled: " + AwsErrors.describe(e));
            }
        }
        List<String> missing = new ArrayList<>();
        if (s.pointInTimeRecovery() != null && s.pointInTimeRecovery().enabled()) missing.add("point-in-time recovery");
        if (s.stream() != null && s.stream().enabled()) missing.add("stream");
        if (s.autoScaling() != null && !s.autoScaling().isEmpty()) missing.add("auto scaling");
        if (s.alarms() != null && !s.alarms().isEmpty()) missing.add("alarms");
        if (s.resourcePolicy() != null) missing.add("resource policy");
        if (!missing.isEmpty()) notes.add("not re-applied, set them on the new table: " + String.join(", ", missing));
        return notes;
    }

    /**
     * What a backup's settings snapshot could not read (manifest {@code settings.unavailable}) of what --create would
     * put on the new table: one line each, "cannot restore ttl: the export could not read it (...)".
     */
    public static List<String> settingsGaps(TableSettings s) {
        if (s == null || s.unavailable() == null) return List.of();
        return s.unavailable().stream().filter(u -> Exporter.RESTORED_FIELDS.contains(u.field()))
                .map(u -> "cannot restore " + u.field() + ": the export could not read it (" + Exporter.why(u) + "); set it on the new table by hand")
                .toList();
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try { Files.deleteIfExists(p); } catch (IOException ignored) { /* temp */ }
            });
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
