package dev.ddbr.backup.nativeio;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Poller;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.TableArns;
import dev.ddbr.table.TableNames;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.IncrementalExportSpecification;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;

/**
 * DynamoDB's server-side export to S3 (ExportTableToPointInTime): the preflight (table, PITR, bucket, an export to
 * the same place still running), the start, DescribeExport, waiting, and ListExports for {@code backup list}.
 * No read capacity is spent; the table must have PITR on.
 */
public final class NativeExports {
    /** The service's incremental window: at least 15 minutes, at most 24 hours (DynamoDB developer guide). */
    public static final Duration MIN_INCREMENTAL = Duration.ofMinutes(15);
    public static final Duration MAX_INCREMENTAL = Duration.ofHours(24);
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    /**
     * What to export. {@code format} DYNAMODB_JSON or ION; {@code exportTime} null = now (full exports only);
     * {@code from} non-null = an incremental export of [from, to) ({@code to} null = the latest time);
     * {@code viewType} NEW_IMAGE or NEW_AND_OLD_IMAGES; {@code sseAlgorithm} AES256, KMS or null.
     */
    public record Request(String table, String bucket, String prefix, String format, Instant exportTime,
                          Instant from, Instant to, String viewType, String bucketOwner, String sseAlgorithm,
                          String kmsKeyId) {
        public boolean incremental() { return from != null; }

        /** Everything that can be checked without AWS, against {@code now}: bad input changes nothing. */
        public void validate(Instant now) {
            TableNames.require(table);
            if (bucket == null || bucket.isEmpty() || bucket.length() > 255 || !BUCKET.matcher(bucket).matches()) {
                throw DdbrException.invalid("'" + bucket + "' is not an S3 bucket name the export accepts",
                        "use s3://BUCKET/PREFIX with a bucket of letters, digits, '.', '-' and '_'");
            }
            if (prefix != null && prefix.length() > 1024) {
                throw DdbrException.invalid("the S3 prefix is " + prefix.length() + " characters; the export accepts at most 1024",
                        "use a shorter prefix");
            }
            if (bucketOwner != null && !ACCOUNT.matcher(bucketOwner).matches()) {
                throw DdbrException.invalid("--bucket-owner must be a 12-digit AWS account id, not '" + bucketOwner + "'",
                        "e.g. --bucket-owner 111122223333");
            }
            if (kmsKeyId != null && (kmsKeyId.isEmpty() || kmsKeyId.length() > 2048)) {
                throw DdbrException.invalid("--kms-key must be 1 to 2048 characters", "give a key id, alias or ARN");
            }
            if (kmsKeyId != null && "AES256".equals(sseAlgorithm)) {
                throw DdbrException.invalid("--kms-key goes with --sse kms, not --sse aes256", "drop one of them");
            }
            if (exportTime != null) {
                if (from != null) {
                    throw DdbrException.invalid("--export-time is for a full export; an incremental export takes --from and --to",
                            "drop --export-time, or drop --incremental");
                }
                if (exportTime.isAfter(now)) {
                    throw DdbrException.invalid("--export-time " + exportTime + " is in the future", "use a time in the PITR window, e.g. -1h");
                }
            }
            if (from != null) {
                Instant end = to == null ? now : to;
                if (from.isAfter(now) || (to != null && to.isAfter(now))) {
                    throw DdbrException.invalid("the incremental window must be in the past (--from " + from
                            + (to == null ? "" : ", --to " + to) + ")", "e.g. --from -2h --to -1h");
                }
                if (!from.isBefore(end)) {
                    throw DdbrException.invalid("--from " + from + " is not before --to " + end, "swap them");
                }
                Duration w = Duration.between(from, end);
                if (w.compareTo(MIN_INCREMENTAL) < 0 || w.compareTo(MAX_INCREMENTAL) > 0) {
                    throw DdbrException.invalid("the incremental window is " + Durations.format(w)
                                    + "; DynamoDB takes 15m to 24h",
                            "split a longer period into several exports of at most 24h; for a full copy drop --incremental");
                }
            } else if (to != null || viewType != null) {
                throw DdbrException.invalid((to != null ? "--to" : "--view") + " goes with --incremental --from T1",
                        "add --incremental --from T1, or drop it");
            }
        }
    }

    private final ClientFactory aws;
    private final Poller poller;

    public NativeExports(ClientFactory aws, Poller poller) {
        this.aws = aws;
        this.poller = poller;
    }

    private DynamoDbClient ddb() { return aws.dynamodb(); }

    /** The preflight, then ExportTableToPointInTime. Notes (a bucket in another Region) go to {@code notes}. */
    public NativeExport start(Request req, List<String> notes) {
        String tableArn;
        try {
            tableArn = ddb().describeTable(r -> r.tableName(req.table())).table().tableArn();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                throw DdbrException.aws("table '" + req.table() + "' not found in " + aws.region() + "; no export was started",
                        "check the name and the Region (--region); 'ddbr table list' shows the tables", e);
            }
            throw AwsErrors.translate(e, "describe table '" + req.table() + "'");
        }
        requirePitr(req.table());
        checkBucket(req, notes);
        refuseRunningExportToSamePlace(req, tableArn);
        ExportTableToPointInTimeRequest.Builder b = ExportTableToPointInTimeRequest.builder()
                .tableArn(tableArn).s3Bucket(req.bucket()).clientToken(UUID.randomUUID().toString())
                .exportFormat(req.format());
        if (req.prefix() != null && !req.prefix().isEmpty()) b.s3Prefix(req.prefix());
        if (req.bucketOwner() != null) b.s3BucketOwner(req.bucketOwner());
        String sse = req.kmsKeyId() != null ? "KMS" : req.sseAlgorithm();
        if (sse != null) b.s3SseAlgorithm(sse);
        if (req.kmsKeyId() != null) b.s3SseKmsKeyId(req.kmsKeyId());
        if (req.incremental()) {
            IncrementalExportSpecification.Builder inc = IncrementalExportSpecification.builder().exportFromTime(req.from());
            if (req.to() != null) inc.exportToTime(req.to());
            if (req.viewType() != null) inc.exportViewType(req.viewType());
            b.exportType("INCREMENTAL_EXPORT").incrementalExportSpecification(inc.build());
        } else {
            b.exportType("FULL_EXPORT");
            if (req.exportTime() != null) b.exportTime(req.exportTime());
        }
        try {
            return of(ddb().exportTableToPointInTime(b.build()).exportDescription(), List.copyOf(notes));
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException ae ? AwsErrors.code(ae) : null;
            if ("PointInTimeRecoveryUnavailableException".equals(code)) throw pitrOff(req.table(), e);
            if ("InvalidExportTimeException".equals(code)) {
                throw DdbrException.invalid("the export time is outside the PITR window of '" + req.table() + "': " + AwsErrors.message(e),
                        "'ddbr pitr status " + req.table() + "' shows the window");
            }
            if ("ExportConflictException".equals(code)) {
                throw DdbrException.invalid("an export to s3://" + req.bucket() + "/" + nz(req.prefix()) + " conflicts with another: "
                        + AwsErrors.message(e), "choose another prefix, or wait for the other export ('ddbr backup list " + req.table() + "')");
            }
            throw AwsErrors.translate(e, "start the export of '" + req.table() + "'");
        }
    }

    private void requirePitr(String table) {
        String status;
        try {
            status = ddb().describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read the PITR status of '" + table + "'");
        }
        if (!"ENABLED".equals(status)) throw pitrOff(table, null);
    }

    private static DdbrException pitrOff(String table, Throwable cause) {
        DdbrException e = DdbrException.invalid("point-in-time recovery is off on '" + table
                        + "': DynamoDB exports to S3 only from a table with PITR on; nothing was started",
                "turn it on with 'ddbr pitr enable " + table + "' (the export can start at once), or read the table with a scan instead"
                        + " (it spends read capacity): 'ddbr backup export " + table + " --to s3://BUCKET/PREFIX' for a backup, 'ddbr skew scan "
                        + table + "' for hot keys");
        if (cause != null) e.initCause(cause);
        return e;
    }

    /**
     * The bucket must exist; it may be in another Region or account (the service allows both), which is said in a
     * note because data then crosses Regions. A bucket ddbr may not inspect (another account) is left to the service.
     */
    private void checkBucket(Request req, List<String> notes) {
        String where = bucketRegion(aws, req.bucket(), notes);
        if (where != null && !where.equals(aws.region())) {
            notes.add("the bucket '" + req.bucket() + "' is in " + where + " and the table in " + aws.region()
                    + ": the export works across Regions; the data transfer between them is charged");
        }
    }

    /** The bucket's Region (GetBucketLocation); null when it may not be read; a missing bucket is exit 254. */
    public static String bucketRegion(ClientFactory aws, String bucket, List<String> notes) {
        try {
            String loc = aws.s3().getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString();
            if (loc == null || loc.isEmpty() || "null".equals(loc)) return "us-east-1";
            return "EU".equals(loc) ? "eu-west-1" : loc;
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException ae ? AwsErrors.code(ae) : null;
            if ("NoSuchBucket".equals(code)) {
                throw DdbrException.aws("the S3 bucket '" + bucket + "' does not exist; nothing was started",
                        "check the bucket name; create it first (aws s3 mb s3://" + bucket + ")", e);
            }
            if (AwsErrors.kind(e) == AwsErrors.Kind.ACCESS_DENIED) {
                notes.add("cannot read the Region of the bucket '" + bucket + "' (" + AwsErrors.message(e)
                        + "); DynamoDB checks its own access when it writes");
                return null;
            }
            throw AwsErrors.translate(e, "find the Region of the S3 bucket '" + bucket + "'");
        }
    }

    /** An export of this table to the same bucket and prefix that is still running: refused, with how to follow it. */
    private void refuseRunningExportToSamePlace(Request req, String tableArn) {
        List<ExportSummary> running;
        try {
            running = summaries(ddb(), tableArn).stream().filter(s -> "IN_PROGRESS".equals(s.exportStatusAsString())).toList();
        } catch (SdkException e) {
            return; // ListExports is a courtesy check: the service refuses real conflicts itself
        }
        for (ExportSummary s : running) {
            ExportDescription d;
            try {
                d = ddb().describeExport(r -> r.exportArn(s.exportArn())).exportDescription();
            } catch (SdkException e) {
                continue;
            }
            if (req.bucket().equals(d.s3Bucket()) && nz(req.prefix()).equals(nz(d.s3Prefix()))) {
                throw DdbrException.invalid("an export of '" + req.table() + "' to s3://" + req.bucket() + "/" + nz(req.prefix())
                                + " is still running (" + s.exportArn() + "); nothing was started",
                        "follow it with: ddbr backup status " + s.exportArn());
            }
        }
    }

    private static List<ExportSummary> summaries(DynamoDbClient ddb, String tableArn) {
        List<ExportSummary> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListExportsResponse r = ddb.listExports(b -> {
                b.maxResults(25);
                if (tableArn != null) b.tableArn(tableArn);
                if (t != null) b.nextToken(t);
            });
            out.addAll(r.exportSummaries());
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** DescribeExport, in the Region the ARN names. */
    public NativeExport describe(String exportArn) {
        requireArn(exportArn);
        try {
            return of(aws.dynamodb(region(exportArn)).describeExport(r -> r.exportArn(exportArn)).exportDescription(), List.of());
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException ae ? AwsErrors.code(ae) : null;
            if ("ExportNotFoundException".equals(code) || AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                throw DdbrException.aws("export " + exportArn + " not found", "check the ARN; 'ddbr backup list TABLE' lists a table's exports", e);
            }
            throw AwsErrors.translate(e, "describe export " + exportArn);
        }
    }

    /** Polls DescribeExport until the export is no longer IN_PROGRESS; {@code seen} gets every state read. */
    public NativeExport waitDone(NativeExport started, Duration timeout, Consumer<NativeExport> seen, String resume) {
        return poller.until(() -> {
            NativeExport now = describe(started.exportArn());
            seen.accept(now);
            return now.done() ? Optional.of(withNotes(now, started.notes())) : Optional.empty();
        }, timeout, "export " + started.exportArn(), resume);
    }

    /** The table's exports (all the Region's when {@code tableArn} is null) as backup-list entries; failures are notes. */
    public List<BackupEntry> list(String tableArn, List<String> notes) {
        List<BackupEntry> out = new ArrayList<>();
        try {
            for (ExportSummary s : summaries(ddb(), tableArn)) {
                NativeExport d = null;
                try {
                    d = describe(s.exportArn());
                } catch (DdbrException e) {
                    // listed but not described: shown with what ListExports says
                }
                out.add(new BackupEntry("native-export", d != null && d.table() != null ? d.table() : TableArns.name(s.exportArn()),
                        s.exportArn().substring(s.exportArn().lastIndexOf('/') + 1), s.exportArn(), s.exportTypeAsString(),
                        s.exportStatusAsString(), d == null ? null : d.startTime(), d == null ? null : d.billedSizeBytes(),
                        null, null, null));
            }
        } catch (SdkException e) {
            notes.add("native exports not listed: " + AwsErrors.describe(e));
        }
        return out;
    }

    /** Newest first, as {@code backup list} orders everything. */
    public static final java.util.Comparator<BackupEntry> NEWEST_FIRST = java.util.Comparator
            .comparing(BackupEntry::createdAt, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()))
            .thenComparing(BackupEntry::name, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));

    /**
     * The exports of {@code table} (of every table when null) for {@code backup list}. A table that is gone has its
     * exports under the ARN it had; when that cannot be built, nothing is added. Failures become notes.
     */
    public List<BackupEntry> listFor(String table, List<String> notes) {
        if (table == null) return list(null, notes);
        String arn;
        try {
            arn = ddb().describeTable(r -> r.tableName(table)).table().tableArn();
        } catch (SdkException e) {
            return List.of(); // a deleted table: its backups are listed; its exports are in 'backup list' without TABLE
        }
        return list(arn, notes);
    }

    public static void requireArn(String arn) {
        if (arn == null || !arn.startsWith("arn:") || arn.split(":", 6).length < 6 || !arn.contains("/export/") && !arn.contains(":table/")) {
            throw DdbrException.invalid("'" + arn + "' is not an export ARN",
                    "an export ARN looks like arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/export/ID; 'ddbr backup list TABLE' shows them");
        }
    }

    static String region(String arn) {
        return arn.split(":", 6)[3];
    }

    static NativeExport withNotes(NativeExport e, List<String> notes) {
        return new NativeExport(e.exportArn(), e.table(), e.tableArn(), e.status(), e.exportType(), e.exportFormat(),
                e.exportTime(), e.startTime(), e.endTime(), e.itemCount(), e.billedSizeBytes(), e.s3Bucket(), e.s3Prefix(),
                e.s3BucketOwner(), e.s3SseAlgorithm(), e.incrementalFrom(), e.incrementalTo(), e.manifest(), e.exportDir(),
                e.failureCode(), e.failureMessage(), notes);
    }

    static NativeExport of(ExportDescription d, List<String> notes) {
        String manifest = d.exportManifest() == null || d.exportManifest().isEmpty() ? null
                : "s3://" + d.s3Bucket() + "/" + d.exportManifest();
        String dir = manifest == null ? null : manifest.substring(0, manifest.lastIndexOf('/') + 1);
        IncrementalExportSpecification inc = d.incrementalExportSpecification();
        boolean incremental = "INCREMENTAL_EXPORT".equals(d.exportTypeAsString());
        return new NativeExport(d.exportArn(), TableArns.name(d.tableArn()), d.tableArn(), d.exportStatusAsString(),
                d.exportTypeAsString(), format(d.exportFormatAsString()), d.exportTime(), d.startTime(), d.endTime(), d.itemCount(),
                d.billedSizeBytes(), d.s3Bucket(), d.s3Prefix(), d.s3BucketOwner(), d.s3SseAlgorithmAsString(),
                incremental && inc != null ? inc.exportFromTime() : null, incremental && inc != null ? inc.exportToTime() : null,
                manifest, dir, d.failureCode(), d.failureMessage(), notes);
    }

    private static String format(String f) {
        return f == null ? null : f.toUpperCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
