package dev.ddbr.backup.verify;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Retry;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.restore.TableWaiter;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * {@code backup verify}: restore a backup into a scratch table tagged as ddbr's, compare it with the source
 * (exact item counts by Scan COUNT on both, and a sample of items by key), time the restore, and delete the
 * scratch table, only after checking, right before DeleteTable, that it carries ddbr's tags.
 */
public final class RestoreDrill {
    public static final String CREATED_BY = dev.ddbr.table.OwnedTables.TAG_CREATED_BY;
    public static final String DRILL_OF = "ddbr:drill-of";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final ClientFactory aws;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Retry retry = Retry.standard();

    public RestoreDrill(ClientFactory aws, Clock clock, Sleeper sleeper) {
        this.aws = aws;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * @param backup    a backup ARN, or "latest" (the newest AVAILABLE backup of the table)
     * @param keep      keep the scratch table (it stays tagged, for a later look)
     */
    public record Request(String table, String backup, int sampleItems, Duration timeout, boolean keep) {}

    /**
     * The scratch table's name: the source's, "-ddbr-drill-", the UTC time to the millisecond and 6 random hex
     * digits ({@code orders-ddbr-drill-20250630T030000123-3f9a0c}), so drills of one table started at the same moment
     * never collide; the source's name is shortened when needed to stay within DynamoDB's 255 characters.
     */
    public static String scratchName(String table, Instant at) {
        return scratchName(table, at, String.format("%06x", RANDOM.nextInt(1 << 24)));
    }

    static String scratchName(String table, Instant at, String random) {
        String suffix = "-ddbr-drill-" + STAMP.format(at) + "-" + random;
        String base = table.length() + suffix.length() > 255 ? table.substring(0, 255 - suffix.length()) : table;
        return base + suffix;
    }

    /** The drill under way, for {@link #onInterrupt} (read from a shutdown hook). */
    private volatile Request current;
    private volatile String currentScratch;
    private volatile String currentScratchArn;

    public DrillReport run(Request req, Consumer<String> progress) {
        current = req;
        // the source must exist (it is compared with the restore): a missing table is "not found" (254), not "no backup"
        new dev.ddbr.table.SnapshotReader(aws).read(req.table(), java.util.EnumSet.noneOf(dev.ddbr.table.SnapshotPart.class));
        DynamoDbClient ddb = aws.dynamodb();
        OnDemandBackups backups = new OnDemandBackups(aws, null);
        BackupEntry b = chooseBackup(backups, req);
        if (!"AVAILABLE".equals(b.status())) {
            throw DdbrException.invalid("backup " + b.arn() + " is " + b.status() + ", not AVAILABLE", "wait for it, or pass --backup latest");
        }
        String scratch = scratchName(req.table(), clock.instant());
        List<String> notes = new ArrayList<>();
        progress.accept("restoring backup '" + b.name() + "' into scratch table " + scratch);
        Instant t0 = clock.instant();
        List<dev.ddbr.restore.StepTime> steps = new ArrayList<>();
        String scratchArn;
        try {
            scratchArn = ddb.restoreTableFromBackup(r -> r.targetTableName(scratch).backupArn(b.arn())).tableDescription().tableArn();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "restore backup " + b.arn() + " into '" + scratch + "'");
        }
        Instant called = clock.instant();
        steps.add(new dev.ddbr.restore.StepTime("restore call", t0, called));
        currentScratchArn = scratchArn;
        currentScratch = scratch;
        boolean tagged = tag(ddb, scratchArn, req.table());
        boolean deleted = false;
        String scratchDetail = "--keep";
        try {
            TableWaiter.Result active;
            try {
                active = new TableWaiter(ddb, clock, sleeper, Duration.ofSeconds(2), Duration.ofSeconds(30))
                        .waitActive(scratch, req.timeout(), null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException("interrupted while restoring into scratch table " + scratch,
                        "delete it with 'aws dynamodb delete-table --table-name " + scratch + "' (it is tagged " + CREATED_BY + "=ddbr)");
            }
            double restoreSeconds = Duration.between(t0, active.activeAt()).toMillis() / 1000.0;
            steps.add(new dev.ddbr.restore.StepTime("wait for ACTIVE", called, active.activeAt()));
            Instant countFrom = clock.instant();
            if (!tagged) tagged = tag(ddb, scratchArn, req.table());
            progress.accept("scratch table ACTIVE after " + String.format(java.util.Locale.ROOT, "%.1fs", restoreSeconds) + "; counting items");
            long src = count(ddb, req.table());
            long restored = count(ddb, scratch);
            Instant sampleFrom = clock.instant();
            steps.add(new dev.ddbr.restore.StepTime("item count (source and restored)", countFrom, sampleFrom));
            List<KeySchemaElement> key = active.table().keySchema();
            List<String> differing = new ArrayList<>();
            int sampled = 0;
            int matched = 0;
            for (Map<String, AttributeValue> item : sample(ddb, scratch, req.sampleItems())) {
                sampled++;
                Map<String, AttributeValue> k = new HashMap<>();
                for (KeySchemaElement e : key) k.put(e.attributeName(), item.get(e.attributeName()));
                Map<String, AttributeValue> there = retry.call(() -> ddb.getItem(g -> g.tableName(req.table()).key(k).consistentRead(true))).item();
                if (item.equals(there)) matched++;
                else if (differing.size() < 10) differing.add(render(k) + (there == null || there.isEmpty() ? " (missing in the source)" : ""));
            }
            Instant sampleTo = clock.instant();
            steps.add(new dev.ddbr.restore.StepTime("sample compare (" + sampled + " items)", sampleFrom, sampleTo));
            if (src != restored || matched != sampled) {
                notes.add("the source may have changed since the backup was taken at " + b.createdAt()
                        + "; differences are expected on a table that is being written");
            }
            if (!req.keep()) {
                scratchDetail = deleteIfOurs(ddb, scratch, scratchArn, req.table());
                deleted = scratchDetail == null;
                steps.add(new dev.ddbr.restore.StepTime("delete the scratch table", sampleTo, clock.instant()));
            }
            String verdict = src == restored && matched == sampled ? "PASS" : "FAIL";
            return new DrillReport(req.table(), b.arn(), b.name(), b.createdAt(), scratch, restoreSeconds, src, restored,
                    src == restored, sampled, matched, List.copyOf(differing), deleted, scratchDetail, verdict, List.copyOf(notes),
                    ms(steps));
        } catch (RuntimeException e) {
            if (!req.keep() && !(e instanceof InterruptedOperationException) && !deleted) {
                try {
                    deleteIfOurs(ddb, scratch, scratchArn, req.table());
                } catch (RuntimeException ignored) {
                    // the original failure matters more; the scratch table is tagged for a later cleanup
                }
            }
            throw e;
        }
    }

    /** Step times to the millisecond, as every report instant. */
    private static List<dev.ddbr.restore.StepTime> ms(List<dev.ddbr.restore.StepTime> steps) {
        return steps.stream().map(t -> new dev.ddbr.restore.StepTime(t.step(), t.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                t.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).toList();
    }

    /**
     * On a real Ctrl-C (from a shutdown hook while {@link #run} is under way): delete the scratch table when it
     * can be (ours and no longer restoring), and the line that says what is left and how to run the drill again
     * ({@code again}, the command line).
     */
    public String onInterrupt(String again) {
        Request req = current;
        if (req == null) return null;
        String scratch = currentScratch;
        if (scratch == null) return "ddbr: interrupted before the restore started; nothing was created; run the drill again with: " + again;
        if (req.keep()) {
            return "ddbr: interrupted; scratch table " + scratch + " is kept (--keep; tagged " + CREATED_BY + "=ddbr); run the drill again with: " + again;
        }
        String why;
        try {
            why = deleteIfOurs(aws.dynamodb(), scratch, currentScratchArn, req.table());
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        if (why == null) return "ddbr: interrupted; scratch table " + scratch + " deleted; run the drill again with: " + again;
        return "ddbr: interrupted; scratch table " + scratch + " is left (" + why + "); once it is ACTIVE delete it with:"
                + " aws dynamodb delete-table --table-name " + scratch + "; run the drill again with: " + again;
    }

    private BackupEntry chooseBackup(OnDemandBackups backups, Request req) {
        if (req.backup() == null || req.backup().equals("latest")) {
            return backups.dynamodbBackups(req.table()).stream().filter(x -> "AVAILABLE".equals(x.status()))
                    .filter(x -> x.createdAt() != null).max(Comparator.comparing(BackupEntry::createdAt))
                    .orElseThrow(() -> DdbrException.invalid("table '" + req.table() + "' has no AVAILABLE backup to verify",
                            "take one with 'ddbr backup create " + req.table() + "'"));
        }
        BackupEntry b = backups.describe(req.backup());
        if (b.table() != null && !b.table().equals(req.table())) {
            throw DdbrException.invalid("backup " + req.backup() + " is of table '" + b.table() + "', not '" + req.table() + "'",
                    "run 'ddbr backup verify " + b.table() + " --backup " + req.backup() + "'");
        }
        return b;
    }

    private static boolean tag(DynamoDbClient ddb, String arn, String table) {
        try {
            ddb.tagResource(t -> t.resourceArn(arn).tags(Tag.builder().key(CREATED_BY).value("ddbr").build(),
                    Tag.builder().key(DRILL_OF).value(table).build()));
            return true;
        } catch (SdkException e) {
            return false; // tried again once the table is ACTIVE
        }
    }

    /** Delete the scratch table only when its tags say ddbr made it for this drill; null when deleted, else why not. */
    static String deleteIfOurs(DynamoDbClient ddb, String scratch, String arn, String table) {
        Map<String, String> tags = new HashMap<>();
        try {
            for (Tag t : ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()) tags.put(t.key(), t.value());
        } catch (SdkException e) {
            return "its tags could not be read (" + AwsErrors.describe(e) + "), so it was not deleted";
        }
        if (!"ddbr".equals(tags.get(CREATED_BY)) || !table.equals(tags.get(DRILL_OF))) {
            return "it does not carry the tags " + CREATED_BY + "=ddbr and " + DRILL_OF + "=" + table + ", so ddbr does not delete it";
        }
        try {
            ddb.deleteTable(r -> r.tableName(scratch));
            return null;
        } catch (SdkException e) {
            return "DeleteTable failed: " + AwsErrors.describe(e);
        }
    }

    private long count(DynamoDbClient ddb, String table) {
        long n = 0;
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> s = start;
                ScanResponse r = retry.call(() -> ddb.scan(q -> q.tableName(table).select(Select.COUNT).exclusiveStartKey(s)));
                n += r.count();
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "count the items of '" + table + "'");
        }
        return n;
    }

    private List<Map<String, AttributeValue>> sample(DynamoDbClient ddb, String table, int n) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> s = start;
                int want = n - out.size();
                ScanResponse r = retry.call(() -> ddb.scan(q -> q.tableName(table).limit(Math.min(want, 1000)).exclusiveStartKey(s)));
                out.addAll(r.items());
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null && out.size() < n);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read items of '" + table + "'");
        }
        return out.size() > n ? out.subList(0, n) : out;
    }

    private static String render(Map<String, AttributeValue> key) {
        StringBuilder b = new StringBuilder("{");
        key.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (b.length() > 1) b.append(", ");
            AttributeValue v = e.getValue();
            String text = v.s() != null ? "\"" + v.s() + "\"" : v.n() != null ? v.n() : String.valueOf(v);
            b.append(e.getKey()).append(": ").append(text);
        });
        return b.append('}').toString();
    }
}
