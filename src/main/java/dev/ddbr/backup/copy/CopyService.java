package dev.ddbr.backup.copy;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.Poller;
import dev.ddbr.error.DdbrException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.StartBackupJobResponse;

/**
 * A cross-account copy through AWS Backup: StartBackupJob in the source account (idempotent), wait, StartCopyJob
 * into the destination vault, wait, then DescribeRecoveryPoint in the destination account through the verify role.
 */
public final class CopyService {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final Set<String> BACKUP_FAILED = Set.of("FAILED", "ABORTED", "ABORTING", "EXPIRED", "PARTIAL");
    private static final Set<String> COPY_FAILED = Set.of("FAILED", "PARTIAL");

    private final ClientFactory aws;
    private final Poller poller;

    public CopyService(ClientFactory aws, Poller poller) {
        this.aws = aws;
        this.poller = poller;
    }

    /**
     * @param roleArn        the role AWS Backup uses (null: the account's AWSBackupDefaultServiceRole)
     * @param verifyRoleArn  the role ddbr assumes in the destination account to see the copy (null: not checked)
     * @param wait           false: return once the copy job has started (the backup job is always waited for)
     * @param deleteAfterDays the copy's retention, sent as StartCopyJob Lifecycle.DeleteAfterDays (null: no Lifecycle,
     *                        so the copy keeps the source recovery point's retention)
     */
    public record Request(String table, VaultArn destination, String sourceVault, String roleArn, String verifyRoleArn,
                          boolean waitForCopy, Duration timeout, Integer deleteAfterDays) {
        public Request(String table, VaultArn destination, String sourceVault, String roleArn, String verifyRoleArn,
                       boolean waitForCopy, Duration timeout) {
            this(table, destination, sourceVault, roleArn, verifyRoleArn, waitForCopy, timeout, null);
        }
    }

    /**
     * Before anything starts: the destination vault's Vault Lock, read through the verify role, must accept the
     * copy's retention, else AWS Backup fails the copy job after the backup has been taken. A violation is a bad
     * parameter value (exit 252) naming the limits; a vault that cannot be read is left for AWS to judge.
     */
    public String preflight(Request req, Consumer<String> progress) {
        if (req.verifyRoleArn() == null) return "not checked (no verify role): AWS Backup judges the retention when the copy job runs";
        VaultArn v = req.destination();
        software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse d;
        try {
            d = aws.backupAs(req.verifyRoleArn(), v.region())
                    .describeBackupVault(b -> b.backupVaultName(v.name()).backupVaultAccountId(v.account()));
        } catch (SdkException | DdbrException e) {
            String why = "could not read the destination vault's Vault Lock as " + req.verifyRoleArn() + " ("
                    + (e instanceof SdkException se ? AwsErrors.describe(se) : e.getMessage()) + ")";
            progress.accept(why + "; copying without that check");
            return why;
        }
        VaultLock lock = new VaultLock(Boolean.TRUE.equals(d.locked()), d.minRetentionDays(), d.maxRetentionDays());
        String why = lock.violation(req.deleteAfterDays());
        if (why != null) {
            throw DdbrException.invalid("vault " + v.arn() + " is locked (" + lock.describe() + ") and would fail this copy: " + why,
                    "set backup.copy_to.delete_after_days for '" + req.table() + "' in the profile to " + lock.accepted()
                            + " days; nothing was started");
        }
        return !lock.locked() && !lock.limitsRetention() ? "the destination vault has no Vault Lock"
                : "the destination vault's Vault Lock (" + lock.describe() + ") accepts this retention";
    }

    /**
     * {@code backup copy --dry-run}: the exact plan, from read-only calls only (DescribeTable for the table's ARN and
     * account, and, with a verify role, the destination vault's Vault Lock: a retention it refuses is refused here
     * too, exit 252; one it cannot read is said in the plan). Starts no job.
     */
    public CopyPlan plan(Request req) {
        String lock = preflight(req, m -> { });
        String tableArn = tableArn(req.table());
        String account = VaultArn.accountOf(tableArn);
        String partition = tableArn.split(":")[1];
        String role = req.roleArn() != null ? req.roleArn() : defaultRole(partition, account);
        VaultArn d = req.destination();
        String lifecycle = req.deleteAfterDays() == null
                ? "none: the copy keeps the source recovery point's retention (the backup job sets none: kept until deleted)"
                : "DeleteAfterDays " + req.deleteAfterDays() + " (backup.copy_to.delete_after_days)";
        java.util.List<String> steps = new java.util.ArrayList<>();
        steps.add("StartBackupJob of " + tableArn + " into vault '" + req.sourceVault() + "' of account " + account + " in " + tableArn.split(":")[3]
                + " as " + role + " (joins the job already started for this table and vault in this UTC hour, if any)");
        steps.add("wait for the backup job (at most " + dev.ddbr.util.Durations.format(req.timeout()) + ")");
        steps.add("StartCopyJob of the new recovery point to " + d.arn() + " (account " + d.account() + ", " + d.region() + ") as " + role
                + (req.deleteAfterDays() == null ? ", no Lifecycle" : ", Lifecycle DeleteAfterDays " + req.deleteAfterDays()));
        if (req.waitForCopy()) {
            steps.add("wait for the copy job (at most " + dev.ddbr.util.Durations.format(req.timeout()) + ")");
            steps.add(req.verifyRoleArn() == null ? "no check from the destination account (no verify role)"
                    : "DescribeRecoveryPoint of the copy in vault '" + d.name() + "' as " + req.verifyRoleArn());
        } else {
            steps.add("return once the copy job has started (--no-wait)");
        }
        return new CopyPlan(req.table(), tableArn, account, tableArn.split(":")[3], req.sourceVault(), role,
                "the new recovery point of this backup job", d.arn(), d.account(), d.region(), req.deleteAfterDays(), lifecycle,
                req.verifyRoleArn(), lock, List.copyOf(steps), true);
    }

    /**
     * The idempotency token of the backup job: the same table, vault and UTC hour give the same token, so a
     * re-run after a crash joins the job already started instead of starting a second one.
     */
    public static String backupToken(String tableArn, String vaultArn, Instant now) {
        return sha("ddbr-copy-backup|" + tableArn + "|" + vaultArn + "|" + HOUR.format(now));
    }

    /** The copy job's token: one copy per recovery point and destination. */
    public static String copyToken(String recoveryPointArn, String vaultArn) {
        return sha("ddbr-copy|" + recoveryPointArn + "|" + vaultArn);
    }

    private static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int MAX_ATTEMPTS = 20;

    /** The token of the n-th attempt: the base for the first, then a suffixed variant (still 32 characters). */
    static String attempt(String base, int n) {
        return n == 0 ? base : sha(base + "#" + n);
    }

    private static boolean before(Instant created, Instant start) {
        return created != null && created.isBefore(start);
    }

    /** The role AWS Backup uses by default in an account. */
    public static String defaultRole(String partition, String account) {
        return "arn:" + partition + ":iam::" + account + ":role/service-role/AWSBackupDefaultServiceRole";
    }

    public CopyResult copy(Request req, Consumer<String> progress) {
        preflight(req, progress);
        Instant start = poller.clock().instant();
        BackupClient backup = aws.backup();
        String tableArn = tableArn(req.table());
        String account = VaultArn.accountOf(tableArn);
        String partition = tableArn.split(":")[1];
        String role = req.roleArn() != null ? req.roleArn() : defaultRole(partition, account);
        String vault = req.destination().arn();
        Builder r = new Builder(req.table(), tableArn, req.sourceVault(), vault, poller.clock());

        // 1. the backup job, idempotent per table, vault and hour
        String base = backupToken(tableArn, vault, start);
        StartBackupJobResponse started = null;
        for (int attempt = 0; started == null; attempt++) {
            String token = attempt(base, attempt);
            StartBackupJobResponse s;
            try {
                s = backup.startBackupJob(b -> b.backupVaultName(req.sourceVault()).resourceArn(tableArn)
                        .iamRoleArn(role).idempotencyToken(token));
            } catch (SdkException e) {
                throw explained(e, "start a backup job of table '" + req.table() + "' into vault '" + req.sourceVault() + "'", req);
            }
            // the token joined a job of an earlier run that has already failed: a re-run after a fix starts anew
            DescribeBackupJobResponse earlier = describeBackupJob(backup, s.backupJobId());
            if (attempt < MAX_ATTEMPTS && BACKUP_FAILED.contains(earlier.stateAsString()) && before(earlier.creationDate(), start)) {
                progress.accept("backup job " + s.backupJobId() + " of an earlier run " + earlier.stateAsString() + "; starting a new one");
                continue;
            }
            started = s;
        }
        r.backupJobId = started.backupJobId();
        r.recoveryPointArn = started.recoveryPointArn();
        progress.accept("backup job " + r.backupJobId + " started (vault " + req.sourceVault() + ")");
        DescribeBackupJobResponse job = poller.until(() -> {
            DescribeBackupJobResponse j = describeBackupJob(backup, r.backupJobId);
            String s = j.stateAsString();
            return "COMPLETED".equals(s) || BACKUP_FAILED.contains(s) ? Optional.of(j) : Optional.empty();
        }, req.timeout(), "backup job " + r.backupJobId, "aws backup describe-backup-job --backup-job-id " + r.backupJobId);
        if (job.recoveryPointArn() != null) r.recoveryPointArn = job.recoveryPointArn();
        if (!"COMPLETED".equals(job.stateAsString())) {
            return r.failed("backup", job.stateAsString(), job.statusMessage(), start);
        }
        progress.accept("backup job completed: " + r.recoveryPointArn);

        // 2. the copy job
        String copyId = null;
        String copyBase = copyToken(r.recoveryPointArn, vault);
        for (int attempt = 0; copyId == null; attempt++) {
            String token = attempt(copyBase, attempt);
            String id;
            try {
                id = backup.startCopyJob(b -> {
                    b.recoveryPointArn(r.recoveryPointArn).sourceBackupVaultName(req.sourceVault())
                            .destinationBackupVaultArn(vault).iamRoleArn(role).idempotencyToken(token);
                    if (req.deleteAfterDays() != null) b.lifecycle(l -> l.deleteAfterDays(req.deleteAfterDays().longValue()));
                }).copyJobId();
            } catch (SdkException e) {
                throw explained(e, "start a copy job to " + vault, req);
            }
            CopyJob earlier = describeCopyJob(backup, id);
            if (attempt < MAX_ATTEMPTS && COPY_FAILED.contains(earlier.stateAsString()) && before(earlier.creationDate(), start)) {
                progress.accept("copy job " + id + " of an earlier run " + earlier.stateAsString() + "; starting a new one");
                continue;
            }
            copyId = id;
        }
        final String cid = copyId;
        r.copyJobId = cid;
        progress.accept("copy job " + copyId + " started to " + vault);
        if (!req.waitForCopy()) return r.done("RUNNING", null, null, start);
        CopyJob cj = poller.until(() -> {
            CopyJob c = describeCopyJob(backup, cid);
            String s = c.stateAsString();
            return "COMPLETED".equals(s) || COPY_FAILED.contains(s) ? Optional.of(c) : Optional.empty();
        }, req.timeout(), "copy job " + cid, "aws backup describe-copy-job --copy-job-id " + cid);
        r.destinationRecoveryPointArn = cj.destinationRecoveryPointArn();
        if (!"COMPLETED".equals(cj.stateAsString())) {
            return r.failed("copy", cj.stateAsString(), cj.statusMessage(), start);
        }
        progress.accept("copy job completed: " + r.destinationRecoveryPointArn);

        // 3. verify in the destination account
        if (req.verifyRoleArn() == null) {
            return r.done("COMPLETED", null, "no verify_role_arn: the copy was not looked at from the destination account", start);
        }
        try {
            DescribeRecoveryPointResponse p = aws.backupAs(req.verifyRoleArn(), req.destination().region())
                    .describeRecoveryPoint(b -> b.backupVaultName(req.destination().name())
                            .recoveryPointArn(r.destinationRecoveryPointArn).backupVaultAccountId(req.destination().account()));
            String status = p.statusAsString();
            boolean good = "COMPLETED".equals(status) || "AVAILABLE".equals(status);
            return r.done("COMPLETED", good, "recovery point " + status + " in " + req.destination().name()
                    + (p.storageClassAsString() == null ? "" : ", storage class " + p.storageClassAsString()), start);
        } catch (SdkException e) {
            return r.done("COMPLETED", false, "as " + req.verifyRoleArn() + ": " + AwsErrors.describe(e), start);
        } catch (DdbrException e) {
            return r.done("COMPLETED", false, "as " + req.verifyRoleArn() + ": " + e.getMessage(), start);
        }
    }

    private String tableArn(String table) {
        try {
            return aws.dynamodb().describeTable(b -> b.tableName(table)).table().tableArn();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
    }

    private static DescribeBackupJobResponse describeBackupJob(BackupClient backup, String id) {
        try {
            return backup.describeBackupJob(b -> b.backupJobId(id));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe backup job " + id);
        }
    }

    private static CopyJob describeCopyJob(BackupClient backup, String id) {
        try {
            return backup.describeCopyJob(b -> b.copyJobId(id)).copyJob();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe copy job " + id);
        }
    }

    /** An API error with a known cause gets that cause's plain explanation and fix as the hint. */
    private static DdbrException explained(SdkException e, String what, Request req) {
        DdbrException d = AwsErrors.translate(e, what);
        if (!(e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException)) return d;
        CopyFailures.Explanation x = CopyFailures.explain(AwsErrors.message(e), req.table(), req.destination().arn(), req.sourceVault());
        if (x.cause().equals("AWS Backup reported a failure")) return d;
        return DdbrException.aws(d.getMessage() + " (" + x.cause() + ")", x.fix(), e);
    }

    private static final class Builder {
        final String table, tableArn, sourceVault, vault;
        final java.time.Clock clock;
        String backupJobId, recoveryPointArn, copyJobId, destinationRecoveryPointArn;

        Builder(String table, String tableArn, String sourceVault, String vault, java.time.Clock clock) {
            this.clock = clock;
            this.table = table;
            this.tableArn = tableArn;
            this.sourceVault = sourceVault;
            this.vault = vault;
        }

        CopyResult failed(String step, String state, String message, Instant start) {
            CopyFailures.Explanation x = CopyFailures.explain(message, table, vault, sourceVault);
            return new CopyResult(table, tableArn, sourceVault, backupJobId, recoveryPointArn, copyJobId, vault,
                    destinationRecoveryPointArn, "FAILED", step, message == null ? state : message, x.cause(), x.fix(),
                    null, null, secs(start));
        }

        CopyResult done(String state, Boolean verified, String detail, Instant start) {
            return new CopyResult(table, tableArn, sourceVault, backupJobId, recoveryPointArn, copyJobId, vault,
                    destinationRecoveryPointArn, state, null, null, null, null, verified, detail, secs(start));
        }

        private double secs(Instant start) {
            return Duration.between(start, clock.instant()).toMillis() / 1000.0;
        }
    }
}
