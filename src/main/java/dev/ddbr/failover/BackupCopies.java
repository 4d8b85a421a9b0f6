package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.TableSettings;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.ListRecoveryPointsByBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.ListRecoveryPointsByResourceResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * Where copies of a table's data actually exist, for a table that would lose its only replica with a Region:
 * PITR, DynamoDB backups (ListBackups) and AWS Backup recovery points in the table's Region, and recovery points
 * of the table in the profile's {@code backup.copy_to} vault (ListRecoveryPointsByBackupVault, as the verify role
 * when the vault is in another account). A lookup that fails becomes an {@code UNKNOWN} source with the reason.
 */
public final class BackupCopies {
    public static final String FOUND = "FOUND";
    public static final String NONE = "NONE";
    public static final String UNKNOWN = "UNKNOWN";

    /**
     * One place a copy may live.
     *
     * @param kind              {@code pitr}, {@code dynamodb-backup}, {@code aws-backup} or {@code copy-vault}
     * @param region            the Region holding it
     * @param location          the table ARN (pitr, dynamodb-backup), vault name(s) (aws-backup) or vault ARN (copy-vault)
     * @param state             FOUND, NONE or UNKNOWN
     * @param count             usable copies found (null when unknown)
     * @param newestArn         the newest usable one (backup or recovery point ARN; null for PITR)
     * @param newestAt          its creation time (PITR: the latest restorable time)
     * @param ageSeconds        now minus newestAt
     * @param outsideLostRegion it survives the loss of the Region
     * @param detail            plain words: why it is lost, or why it is unknown
     */
    public record Source(String kind, String region, String location, String state, Integer count, String newestArn,
                         Instant newestAt, Long ageSeconds, boolean outsideLostRegion, String detail) {
        public boolean usable() { return FOUND.equals(state); }
    }

    private final ClientFactory aws;
    private final Instant now;

    public BackupCopies(ClientFactory aws, Instant now) {
        this.aws = aws;
        this.now = now;
    }

    /** Every source for {@code t} (read in {@code lost}), in a fixed order. */
    public List<Source> find(TableSettings t, String lost, Optional<TableProfile.CopyTo> copyTo) {
        List<Source> out = new ArrayList<>();
        out.add(pitr(t, lost));
        out.add(dynamodbBackups(t, lost));
        out.add(recoveryPoints(t, lost));
        copyTo.ifPresent(c -> out.add(copyVault(t, lost, c)));
        return out;
    }

    private Long age(Instant at) { return at == null ? null : Duration.between(at, now).getSeconds(); }

    private static String inRegion(String lost) { return "in " + lost + ", lost with it"; }

    private Source pitr(TableSettings t, String lost) {
        TableSettings.Pitr p = t.pointInTimeRecovery();
        if (p == null) {
            return new Source("pitr", lost, t.arn(), UNKNOWN, null, null, null, null, false, "PITR status not readable");
        }
        if (!p.enabled()) {
            return new Source("pitr", lost, t.arn(), NONE, 0, null, null, null, false, "PITR is " + p.status());
        }
        return new Source("pitr", lost, t.arn(), FOUND, 1, null, p.latestRestorableTime(), age(p.latestRestorableTime()), false,
                "PITR ENABLED " + inRegion(lost));
    }

    private Source dynamodbBackups(TableSettings t, String lost) {
        List<BackupSummary> all = new ArrayList<>();
        try {
            String start = null;
            do {
                String s = start;
                ListBackupsResponse resp = aws.dynamodb(lost).listBackups(r -> r.tableName(t.name())
                        .backupType(BackupTypeFilter.ALL).exclusiveStartBackupArn(s));
                for (BackupSummary b : resp.backupSummaries()) {
                    if (t.name().equals(b.tableName()) && "AVAILABLE".equals(b.backupStatusAsString())) all.add(b);
                }
                start = resp.lastEvaluatedBackupArn();
            } while (start != null);
        } catch (SdkException e) {
            return new Source("dynamodb-backup", lost, t.arn(), UNKNOWN, null, null, null, null, false,
                    "unknown: ListBackups failed: " + AwsErrors.describe(e));
        }
        if (all.isEmpty()) return new Source("dynamodb-backup", lost, t.arn(), NONE, 0, null, null, null, false, "no AVAILABLE backup");
        BackupSummary n = all.stream().max(Comparator.comparing(BackupSummary::backupCreationDateTime,
                Comparator.nullsFirst(Comparator.naturalOrder()))).get();
        return new Source("dynamodb-backup", lost, t.arn(), FOUND, all.size(), n.backupArn(), n.backupCreationDateTime(),
                age(n.backupCreationDateTime()), false, "DynamoDB backups live " + inRegion(lost));
    }

    private static boolean usable(String status) { return "COMPLETED".equals(status) || "AVAILABLE".equals(status); }

    private Source recoveryPoints(TableSettings t, String lost) {
        List<RecoveryPointByResource> all = new ArrayList<>();
        try {
            String token = null;
            do {
                String tk = token;
                ListRecoveryPointsByResourceResponse resp = aws.backup(lost)
                        .listRecoveryPointsByResource(r -> r.resourceArn(t.arn()).nextToken(tk));
                for (RecoveryPointByResource p : resp.recoveryPoints()) if (usable(p.statusAsString())) all.add(p);
                token = resp.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            return new Source("aws-backup", lost, null, UNKNOWN, null, null, null, null, false,
                    "unknown: ListRecoveryPointsByResource failed: " + AwsErrors.describe(e));
        }
        if (all.isEmpty()) return new Source("aws-backup", lost, null, NONE, 0, null, null, null, false, "no recovery point");
        RecoveryPointByResource n = all.stream().max(Comparator.comparing(RecoveryPointByResource::creationDate,
                Comparator.nullsFirst(Comparator.naturalOrder()))).get();
        String vaults = String.join(", ", all.stream().map(RecoveryPointByResource::backupVaultName).distinct().toList());
        return new Source("aws-backup", lost, vaults, FOUND, all.size(), n.recoveryPointArn(), n.creationDate(),
                age(n.creationDate()), false, "vaults " + inRegion(lost));
    }

    private Source copyVault(TableSettings t, String lost, TableProfile.CopyTo c) {
        VaultArn v;
        try {
            v = VaultArn.parse(c.vaultArn(), "backup.copy_to.vault_arn");
        } catch (DdbrException e) {
            return new Source("copy-vault", null, c.vaultArn(), UNKNOWN, null, null, null, null, false, "unknown: " + e.getMessage());
        }
        boolean outside = !v.region().equals(lost);
        String where = outside ? "in " + v.region() + ", outside " + lost : inRegion(lost) + " (same Region as the table)";
        BackupClient client;
        String as;
        String tableAccount = VaultArn.accountOf(t.arn());
        if (c.verifyRoleArn().isPresent()) {
            as = " as " + c.verifyRoleArn().get();
            try {
                client = aws.backupAs(c.verifyRoleArn().get(), v.region());
            } catch (SdkException | DdbrException e) {
                return unknownVault(v, outside, "cannot assume " + c.verifyRoleArn().get() + ": " + describe(e));
            }
        } else if (v.account().equals(tableAccount)) {
            as = "";
            client = aws.backup(v.region());
        } else {
            return unknownVault(v, outside, "no verify_role_arn (set backup.copy_to.verify_role_arn to a role in account "
                    + v.account() + " that may read the vault)");
        }
        List<RecoveryPointByBackupVault> all = new ArrayList<>();
        try {
            String token = null;
            do {
                String tk = token;
                ListRecoveryPointsByBackupVaultResponse resp = client.listRecoveryPointsByBackupVault(r -> r
                        .backupVaultName(v.name()).backupVaultAccountId(v.account()).byResourceArn(t.arn()).nextToken(tk));
                for (RecoveryPointByBackupVault p : resp.recoveryPoints()) {
                    // some endpoints ignore the filter
                    if (t.arn().equals(p.resourceArn()) && usable(p.statusAsString())) all.add(p);
                }
                token = resp.nextToken();
            } while (token != null);
        } catch (SdkException | DdbrException e) {
            return unknownVault(v, outside, "ListRecoveryPointsByBackupVault" + as + " failed: " + describe(e));
        }
        if (all.isEmpty()) {
            return new Source("copy-vault", v.region(), v.arn(), NONE, 0, null, null, null, outside,
                    "no recovery point of the table in the vault " + where);
        }
        RecoveryPointByBackupVault n = all.stream().max(Comparator.comparing(RecoveryPointByBackupVault::creationDate,
                Comparator.nullsFirst(Comparator.naturalOrder()))).get();
        return new Source("copy-vault", v.region(), v.arn(), FOUND, all.size(), n.recoveryPointArn(), n.creationDate(),
                age(n.creationDate()), outside, "copy " + where);
    }

    private static Source unknownVault(VaultArn v, boolean outside, String why) {
        return new Source("copy-vault", v.region(), v.arn(), UNKNOWN, null, null, null, null, outside, "unknown: " + why);
    }

    private static String describe(Exception e) {
        return e instanceof SdkException se ? AwsErrors.describe(se) : e.getMessage();
    }

    /** "3d 04h" style age, or "?" when unknown. */
    public static String ageText(Long seconds) {
        return seconds == null ? "?" : Durations.format(Duration.ofSeconds(Math.max(0, seconds)));
    }
}
