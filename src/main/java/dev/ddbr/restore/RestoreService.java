package dev.ddbr.restore;

import dev.ddbr.table.OwnedTables;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.IndexCapacity;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A restore, end to end: preflight and plan, the restore call, the wait, the fix-ups, the drift check and the
 * report, with every step recorded in the {@link Journal} so an interrupted restore resumes without repeating a
 * step. Never prints; never exits.
 */
public final class RestoreService {
    public static final Set<SnapshotPart> ALL_PARTS = EnumSet.allOf(SnapshotPart.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final ClientFactory aws;
    private final String region;
    private final Journal journal;
    private final Clock clock;
    private final Sleeper sleeper;

    public RestoreService(ClientFactory aws, String region, Journal journal, Clock clock, Sleeper sleeper) {
        this.aws = aws;
        this.region = region;
        this.journal = journal;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    private DynamoDbClient ddb() { return aws.dynamodb(region); }

    public Journal journal() { return journal; }

    public static String resumeCommand(String target) { return "ddbr restore status " + target; }

    // --- preflight -------------------------------------------------------------------------------

    /** Preflight a point-in-time restore; changes nothing. {@code restoreTo} null means the latest restorable time. */
    public Journal.State preparePitr(String source, String target, Instant restoreTo) {
        return preparePitr(source, target, restoreTo, false);
    }

    /**
     * @param withIntegrations also copy the source's Kinesis streaming destinations and alarms to the new table; off by
     *                         default, as a restored copy (often made to look at the data) must not feed the source's
     *                         consumers or page its on-call
     */
    public Journal.State preparePitr(String source, String target, Instant restoreTo, boolean withIntegrations) {
        checkName(target, "--target");
        checkNoRestoreRunning(target);
        TableSettings src;
        try {
            src = new SnapshotReader(aws).read(source, region, ALL_PARTS);
        } catch (DdbrException e) {
            if (e.getCause() != null && AwsErrors.kind(e.getCause()) == AwsErrors.Kind.NOT_FOUND) {
                Optional<String> deleted = deletedTableBackup(source);
                if (deleted.isPresent() && restoreTo == null) {
                    Journal.State s = prepareBackup(deleted.get(), target, withIntegrations);
                    s.plan.notes().add(0, "'" + source + "' was deleted: restoring its system backup, the table as it was when deleted");
                    return s;
                }
                if (deleted.isPresent()) {
                    throw DdbrException.aws("table '" + source + "' was deleted; its PITR history lives on only as the system backup "
                                    + deleted.get(), "restore it with: ddbr restore backup " + deleted.get() + " --target " + target, null);
                }
            }
            throw e;
        }
        checkWindow(src, restoreTo, target);
        checkTargetFree(target);
        List<String> notes = new ArrayList<>();
        keyNotes(src, notes);
        RestoreRequest req = RestorePlanner.pitrRequest(src, target, restoreTo, false);
        Journal.State s = state("pitr", src, target, null, restoreTo,
                new RestorePlan("pitr", source, src.arn(), target, region, restoreTo, req, RestorePlanner.fixUps(src, target), null, notes));
        return integrations(s, src, withIntegrations);
    }

    /**
     * Whether the restore counts items at the end: as asked ({@code explicit}), else when the source is at most
     * {@code maxGib} GiB (DescribeTable's TableSizeBytes; unknown size: no). Counting reads the whole new table.
     */
    public void verifyItems(Journal.State s, Boolean explicit, int maxGib) {
        Long size = s.sourceSettings == null ? null : s.sourceSettings.sizeBytes();
        s.verifyItems = explicit != null ? explicit : maxGib > 0 && size != null && size <= (long) maxGib << 30;
        if (s.sourceItemsBasis == null) {
            s.sourceItemsBasis = "not known: DynamoDB records no item count for a point in time";
        }
    }

    /** The restored table's items, counted with Scan Select=COUNT (every page; the SDK retries throttling). */
    private void countItems(Journal.State s) throws InterruptedException {
        try {
            long n = 0;
            java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
            do {
                if (Thread.interrupted()) throw new InterruptedException();
                var from = start;
                var page = ddb().scan(r -> {
                    r.tableName(s.target).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT);
                    if (from != null) r.exclusiveStartKey(from);
                });
                n += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            s.targetItems = n;
        } catch (SdkException e) {
            s.itemsProblem = "could not count the items of '" + s.target + "': " + AwsErrors.describe(e);
        }
        journal.save(s);
    }

    /** A restore into a new table copies Kinesis destinations and alarms only when asked. */
    private static Journal.State integrations(Journal.State s, TableSettings src, boolean withIntegrations) {
        s.skipIntegrations = !withIntegrations;
        s.plan = s.plan.withFixUps(RestorePlanner.fixUps(src, s.target, s.skipIntegrations));
        return s;
    }


    private static void checkWindow(TableSettings src, Instant restoreTo, String target) {
        String source = src.name();
        TableSettings.Pitr pitr = src.pointInTimeRecovery();
        if (pitr == null) {
            TableSettings.Unavailable u = src.unavailable().stream().filter(x -> x.field().equals("pointInTimeRecovery"))
                    .findFirst().orElse(new TableSettings.Unavailable("pointInTimeRecovery", "DescribeContinuousBackups", "ERROR", "unknown"));
            // say what is really wrong: an endpoint without the API is not a missing IAM permission
            switch (u.reason()) {
                case "UNSUPPORTED" -> throw DdbrException.aws("the endpoint does not support DescribeContinuousBackups ("
                                + u.detail() + "), so it has no point-in-time recovery to restore '" + source + "' from",
                        "point-in-time restores need an endpoint with PITR: real DynamoDB or moto (dynalite has none); "
                                + "'ddbr profile show' lists the endpoints in use", null);
                case "DENIED" -> throw DdbrException.aws("access denied reading the PITR status of '" + source + "': " + u.detail(),
                        "the caller needs dynamodb:DescribeContinuousBackups on the table", null);
                default -> throw DdbrException.aws("cannot read the PITR status of '" + source + "': " + u.detail(),
                        "retry; if it persists, rerun with --debug to see the full response", null);
            }
        }
        if (!pitr.enabled()) {
            throw DdbrException.invalid("point-in-time recovery is off on '" + source + "': there is no history to restore from",
                    "restore an on-demand backup with 'ddbr restore backup ARN --target " + target + "'; turn PITR on for next time with 'ddbr pitr enable " + source + "'");
        }
        if (restoreTo != null) {
            Instant earliest = pitr.earliestRestorableTime();
            Instant latest = pitr.latestRestorableTime();
            if ((earliest != null && restoreTo.isBefore(earliest)) || (latest != null && restoreTo.isAfter(latest))) {
                throw DdbrException.invalid("restore time " + dev.ddbr.output.Times.text(restoreTo) + " is outside the recovery window of '" + source + "': "
                                + dev.ddbr.output.Times.text(earliest) + " to " + dev.ddbr.output.Times.text(latest),
                        "pick a time inside the window, or --to latest; 'ddbr pitr status " + source + "' shows the window");
            }
        }
    }

    /**
     * Preflight --replace: restore {@code source} to a point in time under its own name. Changes nothing.
     * The point-in-time restore goes into a staging table first, while the source is untouched: once a table is
     * deleted AWS keeps only its state at the delete ('$DeletedTableBackup'), not its PITR history.
     */
    public Journal.State prepareReplace(String source, Instant restoreTo, boolean disableDeletionProtection) {
        checkName(source, "SOURCE");
        checkNoRestoreRunning(source);
        TableSettings src;
        try {
            src = new SnapshotReader(aws).read(source, region, ALL_PARTS);
        } catch (DdbrException e) {
            if (e.getCause() != null && AwsErrors.kind(e.getCause()) == AwsErrors.Kind.NOT_FOUND) {
                Optional<String> deleted = deletedTableBackup(source);
                throw DdbrException.invalid("table '" + source + "' not found in " + region + ": --replace replaces an existing table",
                        deleted.map(b -> "it was deleted; restore its system backup with: ddbr restore backup " + b + " --target " + source)
                                .orElse("check the name and --region"));
            }
            throw e;
        }
        checkWindow(src, restoreTo, source + "-restored");
        if (src.replicas() != null && !src.replicas().isEmpty()) {
            throw DdbrException.invalid("'" + source + "' is a global table with " + src.replicas().size()
                            + " replica(s); --replace would delete it in every Region",
                    "restore into a new table with --target, then move the application over");
        }
        if (Boolean.TRUE.equals(src.deletionProtection()) && !disableDeletionProtection) {
            throw DdbrException.invalid("table '" + source + "' has deletion protection on, and --replace deletes it; nothing was changed",
                    "add --disable-deletion-protection to turn it off just before the delete (the restored table gets it back), "
                            + "or restore into a new table with --target");
        }
        String ts = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant());
        String staging = source + "-ddbr-staging-" + ts;
        checkName(staging, "the staging table (SOURCE is too long for --replace)");
        checkTargetFree(staging);
        List<String> notes = new ArrayList<>();
        keyNotes(src, notes);
        notes.add("'" + source + "' does not exist from the DeleteTable call until the restored table is ACTIVE; stop writers first");
        notes.add("the PITR history of '" + source + "' starts again after the replace; what is there now stays in the safety backup");
        RestoreRequest stagingReq = RestorePlanner.pitrRequest(src, staging, restoreTo, false);
        RestoreRequest finalReq = RestorePlanner.backupRequest(src, null, source);
        RestorePlan.Replace rp = new RestorePlan.Replace(staging, stagingReq, source + "-ddbr-safety-" + ts,
                source + "-ddbr-restored-" + ts, Boolean.TRUE.equals(src.deletionProtection()));
        Journal.State s = state("pitr", src, source, null, restoreTo,
                new RestorePlan("pitr", source, src.arn(), source, region, restoreTo, finalReq, RestorePlanner.fixUps(src, source), rp, notes));
        s.replace = true;
        s.stagingTable = staging;
        s.safetyBackupName = rp.safetyBackupName();
        s.stagingBackupName = rp.stagingBackupName();
        s.disableDeletionProtection = disableDeletionProtection;
        streamRisks(s, src);
        return s;
    }

    /**
     * --replace gives the table a new stream ARN: whatever reads the old stream stops there. Lists the Lambda event
     * source mappings that read it (the report gives the commands to repoint each), and keeps the stream's own
     * resource-based policy to put on the new stream. Read-only; a failure to list is a note, not an error.
     */
    private void streamRisks(Journal.State s, TableSettings src) {
        if (src.stream() == null || !src.stream().enabled() || src.stream().arn() == null) return;
        String arn = src.stream().arn();
        s.oldStreamArn = arn;
        try {
            s.streamConsumers = StreamConsumer.list(aws, region, arn);
            s.plan.notes().add("the stream ARN changes: Lambda triggers and other readers of " + arn + " stop with the delete; "
                    + (s.streamConsumers.isEmpty() ? "no Lambda event source mapping reads it"
                    : s.streamConsumers.size() + " Lambda event source mapping(s) read it ("
                    + String.join(", ", s.streamConsumers.stream().map(c -> c.functionArn() + " " + c.uuid()).toList())
                    + "); the report gives the commands to repoint each"));
        } catch (SdkException e) {
            s.streamConsumersUnknown = AwsErrors.describe(e);
            s.plan.notes().add("the stream ARN changes: readers of " + arn + " stop with the delete; could not list its Lambda event source mappings ("
                    + s.streamConsumersUnknown + "); check with: aws lambda list-event-source-mappings --event-source-arn " + arn);
        }
        try {
            s.streamPolicy = ddb().getResourcePolicy(r -> r.resourceArn(arn)).policy();
            s.plan.notes().add("the stream has a resource-based policy: ddbr puts it on the new stream (ARNs rewritten), last of all");
        } catch (software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException e) {
            // none
        } catch (SdkException e) {
            if (AwsErrors.kind(e) != AwsErrors.Kind.UNSUPPORTED && AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) {
                s.plan.notes().add("could not read the stream's resource-based policy (" + AwsErrors.describe(e)
                        + "); if it has one, put it on the new stream by hand");
            }
        }
    }

    /**
     * Preflight a restore from an on-demand (or system) backup; settings come from the source table when it still
     * exists, else from the backup's description.
     */
    public Journal.State prepareBackup(String backupArn, String target) {
        return prepareBackup(backupArn, target, false);
    }

    /** @param withIntegrations as for {@link #preparePitr(String, String, Instant, boolean)} */
    public Journal.State prepareBackup(String backupArn, String target, boolean withIntegrations) {
        checkBackupArn(backupArn);
        checkName(target, "--target");
        checkNoRestoreRunning(target);
        var desc = describeBackup(backupArn);
        String status = desc.backupDetails().backupStatusAsString();
        if (!"AVAILABLE".equals(status)) {
            throw DdbrException.invalid("backup " + backupArn + " is " + status + ", not AVAILABLE",
                    "wait until it is AVAILABLE ('aws dynamodb describe-backup --backup-arn " + backupArn + "')");
        }
        String sourceName = desc.sourceTableDetails().tableName();
        List<String> notes = new ArrayList<>();
        TableSettings src;
        try {
            src = new SnapshotReader(aws).read(sourceName, region, ALL_PARTS);
            if (!src.arn().equals(desc.sourceTableDetails().tableArn())) {
                notes.add("'" + sourceName + "' has been re-created since the backup; its current settings are re-applied");
            }
        } catch (DdbrException e) {
            if (e.getCause() == null || AwsErrors.kind(e.getCause()) != AwsErrors.Kind.NOT_FOUND) throw e;
            src = BackupSettings.fromBackup(desc);
            notes.add("'" + sourceName + "' no longer exists: settings come from the backup's description, which lacks "
                    + "tags, PITR, deletion protection, auto scaling, Contributor Insights, resource policy, Kinesis and alarms");
        }
        checkTargetFree(target);
        keyNotes(src, notes);
        RestoreRequest req = RestorePlanner.backupRequest(src, backupArn, target);
        Journal.State s = state("backup", src, target, backupArn, null,
                new RestorePlan("backup", sourceName, src.arn(), target, region, null, req, RestorePlanner.fixUps(src, target), null, notes));
        s.restoreTo = desc.backupDetails().backupCreationDateTime();
        if (desc.sourceTableDetails().itemCount() != null) {
            s.sourceItemsAtTime = desc.sourceTableDetails().itemCount();
            s.sourceItemsBasis = "the backup's ItemCount (DynamoDB's approximate count, updated about every 6 hours)";
        }
        return integrations(s, src, withIntegrations);
    }

    private software.amazon.awssdk.services.dynamodb.model.BackupDescription describeBackup(String arn) {
        try {
            return ddb().describeBackup(r -> r.backupArn(arn)).backupDescription();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                throw DdbrException.aws("backup " + arn + " not found in " + region,
                        "check the ARN and --region; 'aws dynamodb list-backups' lists them", e);
            }
            throw AwsErrors.translate(e, "describe backup " + arn);
        }
    }

    private Journal.State state(String kind, TableSettings src, String target, String backupArn, Instant restoreTo, RestorePlan plan) {
        Journal.State s = new Journal.State();
        s.kind = kind;
        s.region = region;
        s.source = src.name();
        s.sourceArn = src.arn();
        s.target = target;
        s.backupArn = backupArn;
        s.restoreTo = restoreTo;
        s.sourceSettings = src;
        s.plan = new RestorePlan(plan.kind(), plan.source(), plan.sourceArn(), plan.target(), plan.region(), plan.restoreTo(),
                plan.request(), plan.fixUps(), plan.replace(), new ArrayList<>(plan.notes()));
        s.targetArn = RestorePlanner.targetArn(src.arn(), target);
        return s;
    }

    private static void keyNotes(TableSettings src, List<String> notes) {
        TableSettings.Encryption e = src.encryption();
        if (e != null && "CUSTOMER_MANAGED".equals(e.keyType()) && e.keyState() != null && !"Enabled".equals(e.keyState())) {
            throw DdbrException.invalid("the source's KMS key " + e.kmsKeyArn() + " is " + e.keyState()
                    + "; a restore encrypted with it cannot succeed", "enable the key (kms:EnableKey) or cancel its deletion first");
        }
        if (e != null && "KMS_UNRESOLVED".equals(e.keyType())) {
            notes.add("could not tell who manages KMS key " + e.kmsKeyArn() + "; the restore names it explicitly");
        }
    }

    /** A DynamoDB backup ARN: arn:aws[-partition]:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID. */
    static final Pattern BACKUP_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:\\d{12}:table/[A-Za-z0-9_.-]{3,255}/backup/[A-Za-z0-9._-]+");

    /** Bad input is refused before any AWS call (exit 252), not reported as "not found" by DescribeBackup. */
    static void checkBackupArn(String arn) {
        if (arn == null || !BACKUP_ARN.matcher(arn).matches()) {
            throw DdbrException.invalid("'" + arn + "' is not a DynamoDB backup ARN "
                            + "(arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID)",
                    "'ddbr backup list TABLE' lists a table's backups with their ARNs");
        }
    }

    static void checkName(String name, String option) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw DdbrException.invalid("invalid table name '" + name + "' for " + option,
                    "3 to 255 characters of A-Z a-z 0-9 _ - .");
        }
    }

    private void checkNoRestoreRunning(String target) {
        Optional<Journal.State> j = journal.load(region, target);
        if (j.isPresent() && Journal.underWay(j.get().phase)) {
            throw DdbrException.invalid("a restore into '" + target + "' is already under way (started " + dev.ddbr.output.Times.text(j.get().startedAt)
                            + ", step " + j.get().phase + ")",
                    "finish it with '" + resumeCommand(target) + "', or pick another --target");
        }
    }

    private void checkTargetFree(String target) {
        try {
            TableDescription t = ddb().describeTable(r -> r.tableName(target)).table();
            throw DdbrException.invalid("target table '" + target + "' already exists (" + t.tableStatusAsString() + ")",
                    "pick another --target: ddbr never overwrites a table (--replace restores under the source's own name, with a safety backup)");
        } catch (SdkException e) {
            if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) throw AwsErrors.translate(e, "check whether table '" + target + "' exists");
        }
    }

    private Optional<String> deletedTableBackup(String table) {
        try {
            List<software.amazon.awssdk.services.dynamodb.model.BackupSummary> all = new ArrayList<>();
            String start = null;
            do {
                String from = start;
                var resp = ddb().listBackups(r -> r.tableName(table).backupType("SYSTEM").exclusiveStartBackupArn(from));
                all.addAll(resp.backupSummaries());
                start = resp.lastEvaluatedBackupArn();
            } while (start != null);
            return all.stream()
                    .filter(b -> b.backupName() != null && b.backupName().endsWith("$DeletedTableBackup")
                            && "AVAILABLE".equals(b.backupStatusAsString()))
                    .max(java.util.Comparator.comparing(software.amazon.awssdk.services.dynamodb.model.BackupSummary::backupCreationDateTime))
                    .map(software.amazon.awssdk.services.dynamodb.model.BackupSummary::backupArn);
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    // --- running ---------------------------------------------------------------------------------

    /** Record the plan in the journal: from here on the restore can be resumed. */
    public void begin(Journal.State s) {
        journal.archive(region, s.target, clock.instant());
        s.startedAt = clock.instant();
        s.phase = Journal.PLANNED;
        journal.save(s);
    }

    /** The journal of a restore into {@code target}, or a precise error. */
    public Journal.State load(String target) {
        return journal.load(region, target).orElseThrow(() -> DdbrException.invalid(
                "no restore into '" + target + "' is recorded in " + journal.file(region, target),
                "ddbr resumes only restores it started on this machine (set DDBR_STATE_DIR if the journal lives elsewhere; check --region)"));
    }

    /**
     * Carry the restore on from wherever its journal says it stopped.
     *
     * @param wait     false: return once the restore call is made
     * @param progress called after each poll while waiting (may be null)
     * @throws InterruptedException on Ctrl-C; the journal is consistent, {@link #resumeCommand} picks it up
     */
    public RestoreReport run(Journal.State s, boolean wait, Duration timeout, Consumer<TableWaiter.Poll> progress)
            throws InterruptedException {
        TableWaiter waiter = new TableWaiter(ddb(), clock, sleeper);
        if (s.replace) {
            replaceSteps(s, waiter, timeout, progress);
        } else if (Journal.PLANNED.equals(s.phase)) {
            startRestore(s);
        }
        if (Journal.RESTORE_REQUESTED.equals(s.phase)) {
            if (!wait) return report(s);
            Instant from = clock.instant();
            TableWaiter.Result r = waiter.waitActive(s.target, timeout, resumeCommand(s.target), progress);
            s.activeAt = r.activeAt();
            // from the end of the restore call: a wait resumed later (restore status) still counts the time AWS took
            s.timed("wait for ACTIVE", s.restoreRequestedAt != null ? max(s.restoreRequestedAt, lastEnd(s)) : from,
                    s.activeAt != null ? s.activeAt : clock.instant());
            s.targetArn = r.table().tableArn();
            if (r.table().restoreSummary() != null && r.table().restoreSummary().restoreDateTime() != null) {
                s.restoredTo = r.table().restoreSummary().restoreDateTime();
            }
            s.phase = Journal.ACTIVE;
            journal.save(s);
        }
        if (Journal.ACTIVE.equals(s.phase)) {
            FixUps fixUps = new FixUps(aws, region, waiter);
            for (String name : RestorePlanner.FIX_UPS) {
                FixUpResult done = s.fixUps.get(name);
                if (done != null && done.done()) continue;
                if (Thread.interrupted()) throw new InterruptedException();
                Instant from = clock.instant();
                FixUpResult r = fixUps.apply(name, s.sourceSettings, s.target, s.targetArn, s.skipIntegrations);
                if (!FixUpResult.SKIPPED.equals(r.status())) {
                    s.ran("fixup:" + name);
                    s.timed("fix-up " + name, from, clock.instant());
                }
                s.fixUps.put(name, r);
                journal.save(s);
            }
            FixUpResult sp = s.fixUps.get(RestorePlanner.STREAM_POLICY);
            if (s.replace && s.streamPolicy != null && (sp == null || !sp.done())) {
                Instant from = clock.instant();
                s.fixUps.put(RestorePlanner.STREAM_POLICY, fixUps.streamPolicy(s.streamPolicy, s.sourceArn, s.oldStreamArn, s.target, s.targetArn));
                s.ran("fixup:" + RestorePlanner.STREAM_POLICY);
                s.timed("fix-up " + RestorePlanner.STREAM_POLICY, from, clock.instant());
                journal.save(s);
            }
            Instant driftFrom = clock.instant();
            TableSettings tgt = new SnapshotReader(aws).read(s.target, region, ALL_PARTS);
            if (s.replace && s.oldStreamArn != null && tgt.stream() != null) s.newStreamArn = tgt.stream().arn();
            Drift.Result d = Drift.compare(s.sourceSettings, tgt);
            s.drift = new ArrayList<>(d.items());
            s.unverified = new ArrayList<>(d.unverified());
            // a fix-up that said it worked but the table still differs is reported FAILED, with what the table shows
            s.fixUps.replaceAll((n, f) -> Drift.verify(f, s.drift));
            s.timed("drift check", driftFrom, clock.instant());
            if (Boolean.TRUE.equals(s.verifyItems) && s.targetItems == null && s.itemsProblem == null) {
                Instant from = clock.instant();
                countItems(s);
                s.timed("item count", from, clock.instant());
            }
            if (s.replace && !s.stagingDeleted) {
                Instant from = clock.instant();
                deleteStaging(s);
                s.timed("delete the staging table", from, clock.instant());
            }
            s.finishedAt = clock.instant();
            s.phase = Journal.DONE;
            journal.save(s);
        }
        return report(s);
    }

    // --- --replace -------------------------------------------------------------------------------------

    /**
     * The steps --replace takes before the final restore, each recorded in the journal so a resume neither repeats
     * the delete nor takes a second backup: the point-in-time restore into a staging table (the source is untouched),
     * the safety backup of the current table and a backup of the staging table, deletion protection off (when
     * allowed), the delete, then the restore of the staging backup under the source's name.
     */
    private void replaceSteps(Journal.State s, TableWaiter waiter, Duration timeout, Consumer<TableWaiter.Poll> progress)
            throws InterruptedException {
        String resume = resumeCommand(s.target);
        RestorePlan.Replace rp = s.plan.replace();
        if (Journal.PLANNED.equals(s.phase)) {
            step("restoring '" + s.source + "' to " + (s.restoreTo == null ? "the latest restorable time" : dev.ddbr.output.Times.text(s.restoreTo))
                    + " into the staging table '" + s.stagingTable + "'");
            Optional<TableDescription> existing = describeIfExists(s.stagingTable);
            if (existing.isPresent()) {
                var rs = existing.get().restoreSummary();
                if (rs == null || !s.sourceArn.equals(rs.sourceTableArn())) {
                    throw DdbrException.invalid("staging table '" + s.stagingTable + "' exists and was not created by this restore",
                            "nothing was changed on '" + s.source + "'; delete the journal " + journal.file(region, s.target) + " and start again");
                }
            } else {
                Instant from = clock.instant();
                callRestoreOrFail(s, rp.stagingRequest());
                s.ran("stagingRestore");
                s.timed("restore call (staging table)", from, clock.instant());
            }
            s.phase = Journal.STAGING_REQUESTED;
            journal.save(s);
        }
        if (Journal.STAGING_REQUESTED.equals(s.phase)) {
            Instant from = clock.instant();
            TableWaiter.Result r = waiter.waitActive(s.stagingTable, timeout, resume, progress);
            s.timed("wait for the staging table", from, r.activeAt() != null ? r.activeAt() : clock.instant());
            if (r.table().restoreSummary() != null && r.table().restoreSummary().restoreDateTime() != null) {
                s.restoredTo = r.table().restoreSummary().restoreDateTime();
            }
            tagStaging(s, r.table().tableArn());
            s.phase = Journal.STAGING_ACTIVE;
            journal.save(s);
        }
        if (Journal.STAGING_ACTIVE.equals(s.phase)) {
            Instant backupsFrom = clock.instant();
            if (s.safetyBackupArn == null) {
                step("taking the safety backup '" + s.safetyBackupName + "' of '" + s.source + "'");
                s.safetyBackupArn = createBackup(s.source, s.safetyBackupName, "safetyBackup", s);
                journal.save(s);
            }
            if (s.stagingBackupArn == null) {
                s.stagingBackupArn = createBackup(s.stagingTable, s.stagingBackupName, "stagingBackup", s);
                journal.save(s);
            }
            waitBackups(List.of(s.safetyBackupArn, s.stagingBackupArn), timeout, resume, progress);
            s.timed("safety and staging backups", backupsFrom, clock.instant());
            s.phase = Journal.SAFETY_BACKUP;
            journal.save(s);
        }
        if (Journal.SAFETY_BACKUP.equals(s.phase)) {
            Instant from = clock.instant();
            deleteSource(s, waiter, timeout, progress);
            s.timed("delete the source", from, s.sourceDeletedAt != null ? s.sourceDeletedAt : clock.instant());
            journal.save(s);
        }
        if (Journal.SOURCE_DELETED.equals(s.phase)) {
            try {
                s.backupArn = s.stagingBackupArn;
                s.plan = s.plan.withRequest(RestorePlanner.backupRequest(s.sourceSettings, s.stagingBackupArn, s.target));
                step("restoring the staging backup under the name '" + s.target + "'");
                startRestore(s);
            } catch (DdbrException e) {
                throw afterDelete(s, e);
            }
        }
    }

    private void step(String what) {
        if (steps != null) steps.accept(what);
    }

    private Consumer<String> steps;

    /** Called with a line for each --replace step as it starts (the CLI prints them on stderr). */
    public void onStep(Consumer<String> listener) {
        this.steps = listener;
    }

    private void tagStaging(Journal.State s, String arn) {
        try {
            ddb().tagResource(r -> r.resourceArn(arn).tags(
                    t -> t.key(RestorePlanner.TAG_CREATED_BY).value("ddbr"),
                    t -> t.key(RestorePlanner.TAG_RESTORE_OF).value(s.source),
                    t -> t.key(RestorePlanner.TAG_PREFIX + "purpose").value("replace-staging")));
        } catch (SdkException e) {
            // the journal names the staging table, so ddbr deletes it at the end either way
        }
    }

    /** CreateBackup, or adopt the backup of that name a crashed run already created (never two). */
    private String createBackup(String table, String name, String step, Journal.State s) {
        try {
            String start = null;
            do {
                String from = start;
                var resp = ddb().listBackups(r -> r.tableName(table).backupType("USER").exclusiveStartBackupArn(from));
                for (var b : resp.backupSummaries()) {
                    if (name.equals(b.backupName())) return b.backupArn();
                }
                start = resp.lastEvaluatedBackupArn();
            } while (start != null);
            String arn = ddb().createBackup(r -> r.tableName(table).backupName(name)).backupDetails().backupArn();
            s.ran(step);
            return arn;
        } catch (SdkException e) {
            throw DdbrException.aws("could not back up '" + table + "' (" + AwsErrors.describe(e) + "); nothing was deleted",
                    "the caller needs dynamodb:CreateBackup and dynamodb:ListBackups; then: " + resumeCommand(s.target), e);
        }
    }

    private void waitBackups(List<String> arns, Duration timeout, String resume, Consumer<TableWaiter.Poll> progress)
            throws InterruptedException {
        Instant start = clock.instant();
        Duration interval = Duration.ofSeconds(2);
        int polls = 0;
        for (String arn : arns) {
            while (true) {
                if (Thread.interrupted()) throw new InterruptedException();
                polls++;
                String status;
                try {
                    status = ddb().describeBackup(r -> r.backupArn(arn)).backupDescription().backupDetails().backupStatusAsString();
                } catch (SdkException e) {
                    AwsErrors.Kind k = AwsErrors.kind(e);
                    if (k != AwsErrors.Kind.THROTTLED && k != AwsErrors.Kind.UNREACHABLE) throw AwsErrors.translate(e, "describe backup " + arn);
                    status = "?";
                }
                if ("AVAILABLE".equals(status)) break;
                if ("DELETED".equals(status)) {
                    throw DdbrException.aws("backup " + arn + " was deleted before it was AVAILABLE; nothing was deleted",
                            "start the replace again", null);
                }
                Duration elapsed = Duration.between(start, clock.instant());
                if (progress != null) progress.accept(new TableWaiter.Poll(arn, status, elapsed, polls, "backup"));
                if (elapsed.compareTo(timeout) >= 0) {
                    throw new DdbrException(dev.ddbr.error.ExitCodes.PROBLEMS, "gave up waiting for backup " + arn
                            + " to be AVAILABLE; nothing was deleted", "pick it up later with: " + resume);
                }
                sleeper.sleep(interval);
                if (interval.toSeconds() < 30) interval = interval.multipliedBy(2);
            }
        }
    }

    private void deleteSource(Journal.State s, TableWaiter waiter, Duration timeout, Consumer<TableWaiter.Poll> progress)
            throws InterruptedException {
        Optional<TableDescription> current = describeIfExists(s.source);
        if (current.isPresent() && !"DELETING".equals(current.get().tableStatusAsString())) {
            TableDescription t = current.get();
            if (s.sourceSettings.creationTime() != null && t.creationDateTime() != null
                    && !s.sourceSettings.creationTime().equals(t.creationDateTime())) {
                throw DdbrException.invalid("table '" + s.source + "' was re-created since the replace began; nothing was deleted",
                        "look at it first; the safety backup " + s.safetyBackupArn + " holds the table as it was");
            }
            if (Boolean.TRUE.equals(t.deletionProtectionEnabled())) {
                if (!s.disableDeletionProtection) {
                    throw DdbrException.invalid("table '" + s.source + "' has deletion protection on; nothing was deleted",
                            "start again with --disable-deletion-protection to let --replace turn it off (the restored table gets it back)");
                }
                step("turning deletion protection off on '" + s.source + "'");
                try {
                    waiter.waitActive(s.source, timeout, resumeCommand(s.target), progress);
                    ddb().updateTable(r -> r.tableName(s.source).deletionProtectionEnabled(false));
                    s.ran("disableDeletionProtection");
                    s.deletionProtectionDisabled = true;
                    journal.save(s);
                    waiter.waitActive(s.source, timeout, resumeCommand(s.target), progress);
                } catch (SdkException e) {
                    throw DdbrException.aws("could not turn deletion protection off on '" + s.source + "' (" + AwsErrors.describe(e)
                            + "); nothing was deleted", "the caller needs dynamodb:UpdateTable; then: " + resumeCommand(s.target), e);
                }
            }
            step("deleting '" + s.source + "' (safety backup " + s.safetyBackupArn + ")");
            try {
                ddb().deleteTable(r -> r.tableName(s.source));
                s.ran("deleteSource");
            } catch (SdkException e) {
                if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) {
                    throw DdbrException.aws("could not delete '" + s.source + "' (" + AwsErrors.describe(e) + "); it is unchanged",
                            "the caller needs dynamodb:DeleteTable; then: " + resumeCommand(s.target), e);
                }
            }
        }
        // wait until it is gone
        Instant start = clock.instant();
        Duration interval = Duration.ofSeconds(2);
        int polls = 0;
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            polls++;
            Optional<TableDescription> t;
            try {
                t = describeIfExists(s.source);
            } catch (DdbrException e) {
                t = Optional.of(TableDescription.builder().tableStatus("?").build());
            }
            if (t.isEmpty()) break;
            Duration elapsed = Duration.between(start, clock.instant());
            if (progress != null) progress.accept(new TableWaiter.Poll(s.source, t.get().tableStatusAsString(), elapsed, polls, "deleting"));
            if (elapsed.compareTo(timeout) >= 0) {
                throw new DdbrException(dev.ddbr.error.ExitCodes.PROBLEMS, "gave up waiting for '" + s.source + "' to be deleted",
                        "pick it up later with: " + resumeCommand(s.target));
            }
            sleeper.sleep(interval);
            if (interval.toSeconds() < 30) interval = interval.multipliedBy(2);
        }
        s.sourceDeletedAt = clock.instant();
        s.phase = Journal.SOURCE_DELETED;
        journal.save(s);
    }

    /** After the delete, an error says exactly how to finish: resume, or restore a backup by hand. */
    private DdbrException afterDelete(Journal.State s, DdbrException e) {
        String hint = "'" + s.target + "' is deleted; finish with: " + resumeCommand(s.target)
                + "; or by hand: " + manualRestore(s.stagingBackupArn, s.target) + " (the data at the chosen time), or "
                + manualRestore(s.safetyBackupArn, s.target) + " (the table as it was)";
        return new DdbrException(e.exitCode(), e.getMessage(), hint, e);
    }

    /** The AWS CLI command that restores a backup under a name. */
    public static String manualRestore(String backupArn, String table) {
        return "aws dynamodb restore-table-from-backup --target-table-name " + table + " --backup-arn " + backupArn;
    }

    private void deleteStaging(Journal.State s) {
        try {
            // only a table ddbr created and tagged is ever deleted: the tag is read again now
            if (OwnedTables.deleteOwned(ddb(), s.stagingTable)) s.ran("deleteStaging");
            s.stagingDeleted = true;
        } catch (SdkException | DdbrException e) {
            s.unverified.add("stagingTable: could not delete '" + s.stagingTable + "' (" + e.getMessage() + "); delete it by hand");
        }
        journal.save(s);
    }

    private void startRestore(Journal.State s) {
        // A crash between the call and the journal write leaves a table this restore created: adopt it, never call twice.
        Optional<TableDescription> existing = describeIfExists(s.target);
        if (existing.isPresent()) {
            var rs = existing.get().restoreSummary();
            boolean ours = rs != null && (s.backupArn != null ? s.backupArn.equals(rs.sourceBackupArn())
                    : s.sourceArn != null && s.sourceArn.equals(rs.sourceTableArn()));
            if (!ours) {
                throw DdbrException.invalid("target table '" + s.target + "' exists and was not created by this restore",
                        "pick another --target; ddbr never overwrites a table");
            }
        } else {
            RestoreRequest req = s.plan.request();
            s.restoreRequestedAt = clock.instant();
            TableDescription t = s.replace ? callRestore(req) : callRestoreOrFail(s, req);
            s.ran("restore");
            s.timed(s.replace ? "restore call (backup of the staging table)" : "restore call", s.restoreRequestedAt, clock.instant());
            if (t != null && t.tableArn() != null) s.targetArn = t.tableArn();
        }
        s.phase = Journal.RESTORE_REQUESTED;
        journal.save(s);
    }

    /**
     * The call that starts a restore (or --replace's staging restore, before anything is changed). When AWS answers it
     * with a refusal (any 4xx: a ValidationException, a limit, AccessDenied, throttling after retries) nothing was
     * created, so the journal is marked FAILED with AWS's reason and no longer stands in the way of the next restore
     * into that target. A 5xx or a lost connection leaves it as it is: AWS may have started the restore, and the next
     * run adopts the table it finds.
     */
    private TableDescription callRestoreOrFail(Journal.State s, RestoreRequest req) {
        try {
            return callRestore(req);
        } catch (DdbrException e) {
            if (!(e.getCause() instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase) || ase.statusCode() >= 500) throw e;
            s.phase = Journal.FAILED;
            s.failure = req.api() + " refused: " + AwsErrors.describe(ase);
            s.failedAt = clock.instant();
            journal.save(s);
            throw new DdbrException(e.exitCode(), "AWS refused " + req.api() + " into '" + req.targetTableName() + "': "
                    + AwsErrors.describe(ase) + "; nothing was created" + (s.replace ? " and '" + s.source + "' is unchanged" : ""),
                    hintFor(ase) + "; the journal records the restore as FAILED, so running the restore again starts afresh", e);
        }
    }

    private static String hintFor(Throwable e) {
        return switch (AwsErrors.kind(e)) {
            case ACCESS_DENIED -> "the caller lacks an IAM permission (docs/iam.md lists what a restore needs)";
            case THROTTLED -> "AWS is throttling restore calls; wait a little";
            case UNSUPPORTED -> AwsErrors.translate(e, null).hint();
            default -> AwsErrors.code((software.amazon.awssdk.awscore.exception.AwsServiceException) e).contains("Limit")
                    ? "too many restores or tables at once (50 restores per account); wait for one to finish"
                    : "fix what AWS names";
        };
    }

    private TableDescription callRestore(RestoreRequest req) {
        try {
            return "RestoreTableFromBackup".equals(req.api())
                    ? ddb().restoreTableFromBackup(r -> {
                        r.backupArn(req.backupArn()).targetTableName(req.targetTableName());
                        if (req.billingModeOverride() != null) r.billingModeOverride(req.billingModeOverride());
                        if (provisioned(req) && req.provisionedThroughputOverride() != null) r.provisionedThroughputOverride(throughput(req.provisionedThroughputOverride()));
                        if (!provisioned(req) && IndexCapacity.onDemand(req.onDemandThroughputOverride()) != null) r.onDemandThroughputOverride(onDemand(req.onDemandThroughputOverride()));
                        if (req.globalSecondaryIndexOverride() != null) r.globalSecondaryIndexOverride(gsis(req));
                        if (req.sseSpecificationOverride() != null) r.sseSpecificationOverride(sse(req.sseSpecificationOverride()));
                    }).tableDescription()
                    : ddb().restoreTableToPointInTime(r -> {
                        if (req.sourceTableName() != null) r.sourceTableName(req.sourceTableName());
                        else r.sourceTableArn(req.sourceTableArn());
                        r.targetTableName(req.targetTableName());
                        if (req.restoreDateTime() != null) r.restoreDateTime(req.restoreDateTime());
                        else r.useLatestRestorableTime(true);
                        if (req.billingModeOverride() != null) r.billingModeOverride(req.billingModeOverride());
                        if (provisioned(req) && req.provisionedThroughputOverride() != null) r.provisionedThroughputOverride(throughput(req.provisionedThroughputOverride()));
                        if (!provisioned(req) && IndexCapacity.onDemand(req.onDemandThroughputOverride()) != null) r.onDemandThroughputOverride(onDemand(req.onDemandThroughputOverride()));
                        if (req.globalSecondaryIndexOverride() != null) r.globalSecondaryIndexOverride(gsis(req));
                        if (req.sseSpecificationOverride() != null) r.sseSpecificationOverride(sse(req.sseSpecificationOverride()));
                    }).tableDescription();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, req.api() + " into '" + req.targetTableName() + "'");
        }
    }

    private Optional<TableDescription> describeIfExists(String table) {
        try {
            return Optional.of(ddb().describeTable(r -> r.tableName(table)).table());
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return Optional.empty();
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
    }

    public RestoreReport report(Journal.State s) {
        List<FixUpResult> fixUps = new ArrayList<>();
        for (String n : RestorePlanner.FIX_UPS) if (s.fixUps.containsKey(n)) fixUps.add(s.fixUps.get(n));
        if (s.fixUps.containsKey(RestorePlanner.STREAM_POLICY)) fixUps.add(s.fixUps.get(RestorePlanner.STREAM_POLICY));
        List<StreamConsumer> consumers = s.streamConsumers == null ? List.of()
                : s.streamConsumers.stream().map(c -> c.on(s.newStreamArn)).toList();
        boolean done = Journal.DONE.equals(s.phase);
        boolean failed = Journal.FAILED.equals(s.phase);
        boolean problems = s.drift.size() > 0 || fixUps.stream().anyMatch(f -> FixUpResult.FAILED.equals(f.status()));
        String status = failed ? RestoreReport.FAILED : !done ? RestoreReport.IN_PROGRESS
                : problems ? RestoreReport.COMPLETE_WITH_PROBLEMS : RestoreReport.COMPLETE;
        Instant start = s.restoreRequestedAt != null && !s.replace ? s.restoreRequestedAt : s.startedAt;
        Long waited = s.activeAt == null || start == null ? null : Duration.between(start, s.activeAt).toSeconds();
        Long total = s.finishedAt == null || start == null ? null : Duration.between(start, s.finishedAt).toSeconds();
        String next;
        if (failed) {
            next = "AWS refused to start it and nothing was created; fix the cause, then run the restore again (it starts afresh)";
        } else if (!done) {
            next = "follow it with: " + resumeCommand(s.target);
        } else if (s.replace && problems) {
            next = "fix what failed or differs by hand (the detail column has the AWS error), then check with: ddbr table describe "
                    + s.target + "; the table as it was before is in the safety backup " + s.safetyBackupArn;
        } else if (!consumers.isEmpty()) {
            next = "the stream ARN changed: repoint the " + consumers.size() + " Lambda trigger(s) that read the old stream (streamConsumers)"
                    + (problems ? "; then fix what failed or differs by hand, and check with: ddbr table describe " + s.target : "");
        } else if (problems) {
            next = "fix what failed or differs by hand (the detail column has the AWS error), then check with: ddbr table describe " + s.target;
        } else {
            next = null;
        }
        return new RestoreReport(s.kind, status, s.source, s.sourceArn, s.target, s.targetArn, s.region, s.backupArn,
                ms(s.restoredTo != null ? s.restoredTo : s.restoreTo), ms(start), ms(s.activeAt), ms(s.finishedAt), waited, total,
                fixUps, List.copyOf(s.drift), List.copyOf(s.unverified), s.safetyBackupArn, s.failure,
                s.replace ? s.oldStreamArn : null, s.replace ? s.newStreamArn : null, consumers, s.streamConsumersUnknown,
                Boolean.TRUE.equals(s.verifyItems) && (s.targetItems != null || s.itemsProblem != null)
                        ? new RestoreReport.Items(s.targetItems, s.sourceItemsAtTime, s.sourceItemsBasis, s.itemsProblem) : null,
                next,
                journal.file(s.region, s.target).toString(),
                steps(s, start));
    }

    /**
     * The step timeline: the journal's recorded steps, or, for a journal written before steps were recorded, the
     * restore call, the wait and the rest (fix-ups and drift check together) from its phase times.
     */
    static List<StepTime> steps(Journal.State s, Instant start) {
        List<StepTime> out = new ArrayList<>();
        if (s.steps != null && !s.steps.isEmpty()) {
            for (StepTime t : s.steps) out.add(new StepTime(t.step(), ms(t.startedAt()), ms(t.finishedAt())));
            return List.copyOf(out);
        }
        if (start == null) return List.of();
        if (s.restoreRequestedAt != null && !s.replace) out.add(new StepTime("restore call", ms(start), ms(start)));
        if (s.activeAt != null) out.add(new StepTime("wait for ACTIVE", ms(start), ms(s.activeAt)));
        if (s.activeAt != null && s.finishedAt != null) {
            out.add(new StepTime("fix-ups and drift check", ms(s.activeAt), ms(s.finishedAt)));
        }
        return List.copyOf(out);
    }

    private static Instant max(Instant a, Instant b) { return b == null || !b.isAfter(a) ? a : b; }

    private static Instant lastEnd(Journal.State s) {
        return s.steps == null || s.steps.isEmpty() ? null : s.steps.get(s.steps.size() - 1).finishedAt();
    }

    /** Report instants to the millisecond: JSON keeps ISO-8601, without the clock's nanoseconds. */
    private static Instant ms(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    // --- SDK request pieces ------------------------------------------------------------------------

    private static boolean provisioned(RestoreRequest req) {
        return IndexCapacity.isProvisioned(req.billingModeOverride());
    }

    private static ProvisionedThroughput throughput(TableSettings.Throughput t) {
        TableSettings.Throughput fit = IndexCapacity.provisioned(t);
        return ProvisionedThroughput.builder().readCapacityUnits(fit.readCapacityUnits()).writeCapacityUnits(fit.writeCapacityUnits()).build();
    }

    private static OnDemandThroughput onDemand(TableSettings.OnDemand o) {
        TableSettings.OnDemand fit = IndexCapacity.onDemand(o);
        return OnDemandThroughput.builder().maxReadRequestUnits(fit.maxReadRequestUnits()).maxWriteRequestUnits(fit.maxWriteRequestUnits()).build();
    }

    private static SSESpecification sse(RestoreRequest.Sse s) {
        SSESpecification.Builder b = SSESpecification.builder().enabled(s.enabled());
        if (s.enabled()) b.sseType(SSEType.KMS);
        if (s.kmsMasterKeyId() != null) b.kmsMasterKeyId(s.kmsMasterKeyId());
        return b.build();
    }

    /**
     * The request's indexes, fitted again to its billing mode by {@link IndexCapacity} (a journal written before
     * that rule existed may still hold an on-demand index's 0/0): every restore call goes through here.
     */
    private static List<GlobalSecondaryIndex> gsis(RestoreRequest req) {
        List<GlobalSecondaryIndex> out = new ArrayList<>();
        for (TableSettings.Gsi raw : req.globalSecondaryIndexOverride()) {
            TableSettings.Gsi g = IndexCapacity.forTable(raw, provisioned(req));
            List<KeySchemaElement> keys = new ArrayList<>();
            keys.add(KeySchemaElement.builder().attributeName(g.partitionKey().name()).keyType(KeyType.HASH).build());
            if (g.sortKey() != null) keys.add(KeySchemaElement.builder().attributeName(g.sortKey().name()).keyType(KeyType.RANGE).build());
            GlobalSecondaryIndex.Builder b = GlobalSecondaryIndex.builder().indexName(g.name()).keySchema(keys)
                    .projection(p -> {
                        p.projectionType(ProjectionType.fromValue(g.projection().type()));
                        if (g.projection().nonKeyAttributes() != null && !g.projection().nonKeyAttributes().isEmpty()) {
                            p.nonKeyAttributes(g.projection().nonKeyAttributes());
                        }
                    });
            if (g.provisionedThroughput() != null) b.provisionedThroughput(throughput(g.provisionedThroughput()));
            if (g.onDemandThroughput() != null) b.onDemandThroughput(onDemand(g.onDemandThroughput()));
            out.add(b.build());
        }
        return out;
    }

    static BillingMode billing(String s) { return BillingMode.fromValue(s); }
}
