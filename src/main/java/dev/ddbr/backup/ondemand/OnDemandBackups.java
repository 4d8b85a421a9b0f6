package dev.ddbr.backup.ondemand;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Poller;
import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/** DynamoDB on-demand backups: create, wait, list (with AWS Backup recovery points), describe, delete. */
public final class OnDemandBackups {
    private final ClientFactory aws;
    private final Poller poller;

    public OnDemandBackups(ClientFactory aws, Poller poller) {
        this.aws = aws;
        this.poller = poller;
    }

    private DynamoDbClient ddb() { return aws.dynamodb(); }

    /** CreateBackup; returns the new backup, usually still CREATING. */
    public BackupEntry create(String table, String name) {
        try {
            BackupDetails d = ddb().createBackup(r -> r.tableName(table).backupName(name)).backupDetails();
            return new BackupEntry("dynamodb", table, d.backupName(), d.backupArn(), d.backupTypeAsString(),
                    d.backupStatusAsString(), d.backupCreationDateTime(), d.backupSizeBytes(), null, null, null);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "create backup '" + name + "' of table '" + table + "'");
        }
    }

    /** DescribeBackup. */
    public BackupEntry describe(String arn) {
        try {
            BackupDescription d = ddb().describeBackup(r -> r.backupArn(arn)).backupDescription();
            BackupDetails b = d.backupDetails();
            String table = d.sourceTableDetails() == null ? null : d.sourceTableDetails().tableName();
            return new BackupEntry("dynamodb", table, b.backupName(), b.backupArn(), b.backupTypeAsString(),
                    b.backupStatusAsString(), b.backupCreationDateTime(), b.backupSizeBytes(), null, null, null);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe backup " + arn);
        }
    }

    /** Wait until the backup is AVAILABLE; a DELETED backup is an error. */
    public BackupEntry waitAvailable(String arn, Duration timeout) {
        return poller.until(() -> {
            BackupEntry b = describe(arn);
            if ("DELETED".equals(b.status())) {
                throw DdbrException.aws("backup " + arn + " was deleted while being created", "create it again", null);
            }
            return "AVAILABLE".equals(b.status()) ? Optional.of(b) : Optional.empty();
        }, timeout, "backup " + arn + " to become AVAILABLE", "ddbr backup list");
    }

    /** The listing: backups newest first, and notes about what could not be listed. */
    public record Listing(List<BackupEntry> backups, List<String> notes) {}

    /**
     * DynamoDB backups of {@code table} (all tables when null), and, for a named table, its AWS Backup
     * recovery points. Recovery points that cannot be listed (API missing or denied) become a note.
     */
    public Listing list(String table) {
        List<BackupEntry> out = new ArrayList<>(dynamodbBackups(table));
        List<String> notes = new ArrayList<>();
        if (table != null) {
            try {
                String arn = ddb().describeTable(r -> r.tableName(table)).table().tableArn();
                List<BackupEntry> points = recoveryPoints(aws.backup(), table, arn);
                java.util.Set<String> pointArns = new java.util.HashSet<>();
                points.forEach(p -> pointArns.add(p.arn()));
                out.removeIf(b -> pointArns.contains(b.arn()));
                out.addAll(points);
            } catch (SdkException e) {
                AwsErrors.Kind k = AwsErrors.kind(e);
                if (k == AwsErrors.Kind.NOT_FOUND && out.isEmpty()) {
                    throw DdbrException.aws("table '" + table + "' not found in " + aws.region() + " and it has no backups",
                            "check the name and --region", e);
                }
                notes.add("AWS Backup recovery points not listed: " + (k == AwsErrors.Kind.UNSUPPORTED
                        ? "the endpoint has no AWS Backup API (" + AwsErrors.describe(e) + ")" : AwsErrors.describe(e)));
            }
        }
        out.sort(Comparator.comparing(BackupEntry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BackupEntry::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Listing(List.copyOf(out), List.copyOf(notes));
    }

    /** DynamoDB ListBackups (every type), paginated. */
    public List<BackupEntry> dynamodbBackups(String table) {
        List<BackupEntry> out = new ArrayList<>();
        String start = null;
        try {
            do {
                String s = start;
                ListBackupsResponse resp = ddb().listBackups(r -> {
                    r.backupType(BackupTypeFilter.ALL).exclusiveStartBackupArn(s);
                    if (table != null) r.tableName(table);
                });
                for (BackupSummary b : resp.backupSummaries()) {
                    if (table != null && !table.equals(b.tableName())) continue; // some endpoints ignore the filter
                    out.add(new BackupEntry("dynamodb", b.tableName(), b.backupName(), b.backupArn(),
                            b.backupTypeAsString(), b.backupStatusAsString(), b.backupCreationDateTime(),
                            b.backupSizeBytes(), null, null, null));
                }
                start = resp.lastEvaluatedBackupArn();
            } while (start != null);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list backups" + (table == null ? "" : " of table '" + table + "'"));
        }
        return out;
    }

    static List<BackupEntry> recoveryPoints(BackupClient backup, String table, String tableArn) {
        List<BackupEntry> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var resp = backup.listRecoveryPointsByResource(r -> r.resourceArn(tableArn).nextToken(t));
            for (RecoveryPointByResource p : resp.recoveryPoints()) {
                // DynamoDB advanced backups also show in ListBackups as AWS_BACKUP; keep the AWS Backup view.
                out.add(new BackupEntry("aws-backup", table, p.backupVaultName(), p.recoveryPointArn(),
                        "RECOVERY_POINT", p.statusAsString(), p.creationDate(), p.backupSizeBytes(),
                        p.backupVaultName(), null, null));
            }
            token = resp.nextToken();
        } while (token != null);
        return out;
    }

    /** DeleteBackup. */
    public void delete(String arn) {
        try {
            ddb().deleteBackup(r -> r.backupArn(arn));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "delete backup " + arn);
        }
    }
}
