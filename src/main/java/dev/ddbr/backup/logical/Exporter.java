package dev.ddbr.backup.logical;

import dev.ddbr.output.Redactor;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.aws.RawScanPages;
import dev.ddbr.backup.Retry;
import dev.ddbr.backup.codec.ItemCodec;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Portable logical backup: a parallel Scan (one worker per segment, within a read budget) written as gzip
 * DynamoDB JSON lines, one file per segment, then {@code manifest.json} with counts, SHA-256 per file and
 * the table's settings snapshot. The manifest is written last, so a backup without one is incomplete.
 */
public final class Exporter {
    private final ClientFactory aws;

    public Exporter(ClientFactory aws) {
        this.aws = aws;
    }

    /**
     * @param segments   parallel Scan segments (and files)
     * @param readBudget read capacity units per second across all segments, 0 for unlimited (and then the
     *                   read units are not measured: {@link Result#readUnits()} is null)
     * @param consistent strongly consistent reads (twice the read units)
     */
    public record Options(int segments, double readBudget, boolean consistent) {}

    /**
     * @param settingsGaps settings an {@code import --create} restores that could not be read (even with the full
     *                     retry budget), each "field (API: reason: detail)"; the manifest records them in
     *                     {@code settings.unavailable}, and the import names them
     */
    public record Result(String table, String destination, int files, long itemCount, long bytes, double seconds,
                         double itemsPerSecond, Double readUnits, List<String> notes, List<String> settingsGaps)
            implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            out.keyValues(List.of(TextWriter.kv("table", table), TextWriter.kv("destination", destination),
                    TextWriter.kv("items", itemCount), TextWriter.kv("files", files),
                    TextWriter.kv("bytes", dev.ddbr.backup.ondemand.BackupListing.bytes(bytes)),
                    TextWriter.kv("read units", readUnits == null ? "not measured (--read-budget measures them)"
                            : String.format(java.util.Locale.ROOT, "%.1f", readUnits)),
                    TextWriter.kv("time", String.format(java.util.Locale.ROOT, "%.1fs (%.0f items/s)", seconds, itemsPerSecond))));
            notes.forEach(n -> out.line("note: " + n));
            settingsGaps.forEach(g -> out.line("settings gap: " + g + " (import --create cannot restore it)"));
            out.verdict(settingsGaps.isEmpty() ? dev.ddbr.output.Style.Tone.GOOD : dev.ddbr.output.Style.Tone.WARN,
                    "exported " + itemCount + " items to " + destination
                            + (settingsGaps.isEmpty() ? "" : "; " + settingsGaps.size() + " setting(s) could not be read"));
        }
    }

    /** Written first and removed after the manifest: its presence marks an export that did not finish. */
    public static final String INCOMPLETE = "_incomplete";

    /**
     * @param onStarted run once the {@link #INCOMPLETE} marker is written: from then on the destination holds a
     *                  partial export (the command's Ctrl-C line says so)
     */
    public Result export(String table, BackupLocation to, Options opt, LongConsumer progress, Runnable onStarted) {
        if (opt.segments() < 1 || opt.segments() > 1000) {
            throw DdbrException.invalid("--segments must be 1 to 1000, not " + opt.segments(), "4 to 16 suits most tables");
        }
        if (to instanceof BackupLocation.Local l) requireDirectory(l.dir());
        if (to.readIfExists(INCOMPLETE).isPresent()) {
            throw DdbrException.invalid(to.describe() + " holds an incomplete export from an interrupted run: remove it or choose another --to",
                    "an export without manifest.json is not a backup; exports do not resume, they start over");
        }
        if (to.readIfExists(Manifest.NAME).isPresent()) {
            throw DdbrException.invalid(to.describe() + " already holds a backup", "export into a new, empty directory or prefix; backups are never overwritten");
        }
        if (to.nonEmpty()) {
            throw DdbrException.invalid(to.describe() + " is not empty", "export into a new, empty directory or prefix; backups are never overwritten");
        }
        return exportInto(table, to, opt, progress, onStarted);
    }

    /**
     * A local destination must be a directory, or not exist yet below a directory (it is created): an existing file
     * there, or on the way there, is bad input (exit 252), found before anything is read or written.
     */
    static void requireDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw DdbrException.invalid("--to " + dir + " is a file, not a directory",
                    "export into a new or empty directory (it is created when missing)");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) return;
            if (Files.exists(p)) {
                throw DdbrException.invalid("--to " + dir + " cannot be created: " + p + " is a file, not a directory",
                        "export into a new or empty directory (it is created when missing)");
            }
        }
    }

    private Result exportInto(String table, BackupLocation to, Options opt, LongConsumer progress, Runnable onStarted) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        // The settings snapshot (several describe calls, some to other services) is read while the scan runs;
        // DescribeTable first, so a missing table fails (with the snapshot's own error) before anything is written.
        CompletableFuture<TableSettings> snapshot = CompletableFuture.supplyAsync(
                () -> new SnapshotReader(aws).read(table, aws.region(), SnapshotReader.DESCRIBE_PARTS, RESTORED_PARTS), SNAPSHOT);
        DynamoDbClient ddb = aws.dynamodbRawScans(aws.region());
        try {
            ddb.describeTable(r -> r.tableName(table));
        } catch (SdkException e) {
            join(snapshot);
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        } catch (RuntimeException e) {
            join(snapshot); // an invalid name: the snapshot reader's error
            throw e;
        }
        to.putBytes(INCOMPLETE, ("an export of '" + table + "' started at " + started + " and has not finished;"
                + " without manifest.json this is not a backup\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        onStarted.run();
        Path work;
        try {
            work = to instanceof BackupLocation.Local l ? l.dir() : Files.createTempDirectory("ddbr-export-");
            Files.createDirectories(work.resolve("data"));
        } catch (IOException e) {
            throw DdbrException.invalid("cannot create " + to.describe() + ": " + e.getMessage(), "check the path and its permissions");
        }
        RateBudget budget = new RateBudget(opt.readBudget());
        AtomicLong items = new AtomicLong();
        AtomicLong units = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(opt.segments(), r -> {
            Thread t = new Thread(r, "ddbr-export");
            t.setDaemon(true);
            return t;
        });
        List<Future<Manifest.FileEntry>> futures = new ArrayList<>();
        for (int s = 0; s < opt.segments(); s++) {
            int seg = s;
            futures.add(pool.submit(() -> segment(ddb, table, seg, opt, work, budget, items, units, progress)));
        }
        List<Manifest.FileEntry> files = new ArrayList<>();
        try {
            for (Future<Manifest.FileEntry> f : futures) files.add(f.get());
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("export of '" + table + "' interrupted; the partial export has no manifest and is not a backup",
                    "ddbr backup export " + table + " --to <a new directory>");
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable c = e.getCause();
            if (c instanceof DdbrException d) throw d;
            throw AwsErrors.translate(c, "scan table '" + table + "'");
        } finally {
            pool.shutdown();
        }
        TableSettings settings = join(snapshot);
        List<String> notes = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        for (TableSettings.Unavailable u : settings.unavailable()) {
            if (RESTORED_FIELDS.contains(u.field())) gaps.add(gap(u));
            else notes.add("settings: " + u.field() + " not read (" + u.reason() + ")");
        }
        long total = files.stream().mapToLong(Manifest.FileEntry::itemCount).sum();
        long bytes = files.stream().mapToLong(Manifest.FileEntry::bytes).sum();
        for (Manifest.FileEntry f : files) to.put(f.path(), work.resolve(f.path()));
        Manifest m = new Manifest(Manifest.FORMAT, 1, "DYNAMODB_JSON", table, aws.region(), started, Instant.now(),
                total, bytes, files, settings);
        to.putBytes(Manifest.NAME, Redactor.hasSecrets()
                ? Redactor.maskValues(new String(m.toBytes(), java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : m.toBytes());
        to.delete(INCOMPLETE);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(table, to.describe(), files.size(), total, bytes, secs, total / Math.max(secs, 1e-9),
                budget.unlimited() ? null : units.get() / 10.0, List.copyOf(notes), List.copyOf(gaps));
    }

    /**
     * The parts of the snapshot that {@code import --create} puts on the new table: read with the full retry budget,
     * and a gap in them is recorded (manifest {@code settings.unavailable}) and said, never dropped in silence.
     */
    public static final java.util.Set<dev.ddbr.table.SnapshotPart> RESTORED_PARTS = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(dev.ddbr.table.SnapshotPart.TTL, dev.ddbr.table.SnapshotPart.TAGS, dev.ddbr.table.SnapshotPart.KMS));
    static final java.util.Set<String> RESTORED_FIELDS = RESTORED_PARTS.stream().map(dev.ddbr.table.SnapshotPart::field)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** One gap, as the export and the import say it: "ttl (DescribeTimeToLive: ERROR: ...)". */
    static String gap(TableSettings.Unavailable u) {
        return u.field() + " (" + why(u) + ")";
    }

    /** "DescribeTimeToLive: ERROR: HTTP 503". */
    static String why(TableSettings.Unavailable u) {
        return u.api() + ": " + u.reason() + (u.detail() == null ? "" : ": " + u.detail());
    }

    private static final java.util.concurrent.Executor SNAPSHOT = r -> {
        Thread t = new Thread(r, "ddbr-export-snapshot");
        t.setDaemon(true);
        t.start();
    };

    private static TableSettings join(CompletableFuture<TableSettings> snapshot) {
        try {
            return snapshot.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static Manifest.FileEntry segment(DynamoDbClient ddb, String table, int seg, Options opt, Path work,
                                              RateBudget budget, AtomicLong items, AtomicLong units,
                                              LongConsumer progress) throws Exception {
        String rel = String.format("data/part-%05d.json.gz", seg);
        Path file = work.resolve(rel);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long count = 0;
        Retry retry = Retry.standard();
        // DynamoDB's consumed capacity is asked for only when a read budget needs it: it is free on DynamoDB,
        // but emulators compute it item by item (dynalite: about a tenth of its scan time)
        ReturnConsumedCapacity measure = budget.unlimited() ? ReturnConsumedCapacity.NONE : ReturnConsumedCapacity.TOTAL;
        try (OutputStream raw = Files.newOutputStream(file);
             DigestOutputStream digest = new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), sha);
             OutputStream out = new BufferedOutputStream(fastGzip(digest), 1 << 16)) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> s = start;
                RawScanPages.Page[] captured = new RawScanPages.Page[1];
                ScanResponse page = retry.call(() -> {
                    RawScanPages.arm();
                    try {
                        return ddb.scan(r -> r.tableName(table).segment(seg)
                                .totalSegments(opt.segments()).exclusiveStartKey(s).consistentRead(opt.consistent())
                                .returnConsumedCapacity(measure));
                    } finally {
                        captured[0] = RawScanPages.take();
                    }
                });
                writePage(page, captured[0], out);
                count += page.count();
                items.addAndGet(page.count());
                progress.accept(page.count());
                if (!budget.unlimited()) {
                    double consumed = page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null
                            ? page.consumedCapacity().capacityUnits() : Math.max(0.5, page.scannedCount() * 0.5);
                    units.addAndGet(Math.round(consumed * 10));
                    budget.spend(consumed);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            throw e;
        }
        return new Manifest.FileEntry(rel, count, Files.size(file), HexFormat.of().formatHex(sha.digest()));
    }

    private static final byte[] LINE_PREFIX = "{\"Item\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LINE_SUFFIX = {'}', '\n'};

    /**
     * The page's items as export lines: DynamoDB's own bytes when they were captured (RawScanPages), else
     * encoded from the SDK's items (the same DynamoDB JSON).
     */
    static void writePage(ScanResponse page, RawScanPages.Page raw, OutputStream out) throws IOException {
        int count = page.count() == null ? page.items().size() : page.count();
        if (raw != null) {
            if (raw.count() != count) {
                throw new IllegalStateException("a Scan page held " + raw.count() + " items but reported Count " + count);
            }
            raw.writeLines(out, LINE_PREFIX, LINE_SUFFIX);
            return;
        }
        if (page.items().size() != count) {
            throw new IllegalStateException("a Scan page reported Count " + count + " but carried " + page.items().size() + " items");
        }
        for (Map<String, AttributeValue> item : page.items()) {
            ItemCodec.writeLine(item, out);
            out.write('\n');
        }
    }

    /** gzip at level 1 (BEST_SPEED): less CPU per item than the default level 6, on 2 cores shared with the scan. */
    private static OutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
