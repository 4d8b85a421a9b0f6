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
import dev.ddbr.table.TableArns;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
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

    /**
     * Every table of {@code tables} exists (DescribeTable), checked before anything is created: a missing table is
     * exit 254 naming every missing one, and nothing has been started.
     */
    public void requireTables(java.util.Collection<String> tables) {
        List<String> missing = new ArrayList<>();
        for (String t : new java.util.LinkedHashSet<>(tables)) {
            try {
                ddb().describeTable(r -> r.tableName(t));
            } catch (SdkException e) {
                if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) throw AwsErrors.translate(e, "describe table '" + t + "'");
                missing.add(t);
            }
        }
        if (missing.isEmpty()) return;
        String names = String.join(", ", missing.stream().map(t -> "'" + t + "'").toList());
        throw DdbrException.aws((missing.size() == 1 ? "table " + names + " not found" : "tables " + names + " not found")
                        + " in " + aws.region() + "; no backup was started",
                "check the name" + (missing.size() == 1 ? "" : "s") + " and the Region (--region); 'ddbr table list' shows the tables", null);
    }

    /**
     * DescribeBackup. A backup that does not exist is exit 254 with a hint to list the backups of the table the ARN
     * names.
     */
    public BackupEntry describe(String arn) {
        try {
            BackupDescription d = ddb().describeBackup(r -> r.backupArn(arn)).backupDescription();
            BackupDetails b = d.backupDetails();
            String table = d.sourceTableDetails() == null ? null : d.sourceTableDetails().tableName();
            return new BackupEntry("dynamodb", table, b.backupName(), b.backupArn(), b.backupTypeAsString(),
                    b.backupStatusAsString(), b.backupCreationDateTime(), b.backupSizeBytes(), null, null, null);
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                String table = BackupNames.tableOfArn(arn);
                throw DdbrException.aws("backup " + arn + " not found in " + aws.region(),
                        "'ddbr backup list " + (table == null ? "TABLE" : table) + "' shows the backups", e);
            }
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
     * DynamoDB backups of {@code table} (all tables when null), and AWS Backup recovery points: for a named table
     * its own (ListRecoveryPointsByResource), without one those of DynamoDB tables in every vault of the account
     * and Region (ListBackupVaults, ListRecoveryPointsByBackupVault), which includes tables deleted since.
     * Recovery points that cannot be listed (API missing or denied) become a note. A named table that no longer
     * exists still gets its recovery points (its ARN is built, see {@link #deletedTableArn}); only when it has neither
     * DynamoDB backups nor recovery points is that exit 254.
     */
    public Listing list(String table) {
        List<BackupEntry> out = new ArrayList<>(dynamodbBackups(table));
        List<String> notes = new ArrayList<>();
        List<BackupEntry> points = null;
        boolean gone = false;
        try {
            if (table != null) {
                String arn;
                try {
                    arn = ddb().describeTable(r -> r.tableName(table)).table().tableArn();
                } catch (SdkException e) {
                    if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) throw e;
                    gone = true;
                    arn = deletedTableArn(table, out);
                }
                String tableArn = arn;
                points = recoveryPoints(aws.backup(), table, tableArn);
            } else {
                points = recoveryPointsInVaults(aws.backup(), notes);
            }
        } catch (SdkException e) {
            notes.add(notListed(e));
        }
        if (gone && out.isEmpty() && (points == null || points.isEmpty())) {
            throw DdbrException.aws("table '" + table + "' not found in " + aws.region() + " and it has no backups"
                            + (points == null ? " (" + notes.get(notes.size() - 1) + ")" : " and no AWS Backup recovery points"),
                    "check the name and --region; 'ddbr backup list' (no TABLE) lists the backups of every table, deleted ones included", null);
        }
        if (points != null) {
            // DynamoDB advanced backups also show in ListBackups as AWS_BACKUP; keep the AWS Backup view.
            java.util.Set<String> pointArns = new java.util.HashSet<>();
            points.forEach(p -> pointArns.add(p.arn()));
            out.removeIf(b -> pointArns.contains(b.arn()));
            out.addAll(points);
        }
        out.sort(Comparator.comparing(BackupEntry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BackupEntry::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Listing(List.copyOf(out), List.copyOf(notes));
    }

    /**
     * The ARN a deleted table had: taken from one of its DynamoDB backups ({@code …:table/NAME/backup/…}) when it
     * has one, else built from the caller's partition and account (sts:GetCallerIdentity) and the Region.
     */
    String deletedTableArn(String table, List<BackupEntry> backups) {
        for (BackupEntry b : backups) {
            if (table.equals(TableArns.name(b.arn()))) return TableArns.table(b.arn());
        }
        var id = aws.sts().getCallerIdentity();
        return TableArns.of(TableArns.partition(id.arn()), aws.region(), id.account(), table);
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

    private static String notListed(SdkException e) {
        return "AWS Backup recovery points not listed: " + (AwsErrors.kind(e) == AwsErrors.Kind.UNSUPPORTED
                ? "the endpoint has no AWS Backup API (" + AwsErrors.describe(e) + ")" : AwsErrors.describe(e));
    }

    /**
     * The recovery points of DynamoDB tables in every backup vault of the account and Region, newest first. A vault
     * whose points cannot be read becomes a note and the others are still listed; an endpoint without the API is
     * one note.
     */
    static List<BackupEntry> recoveryPointsInVaults(BackupClient backup, List<String> notes) {
        List<String> vaults = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var resp = backup.listBackupVaults(r -> r.nextToken(t));
            resp.backupVaultList().forEach(v -> vaults.add(v.backupVaultName()));
            token = resp.nextToken();
        } while (token != null);
        List<BackupEntry> out = new ArrayList<>();
        for (String vault : vaults) {
            try {
                String next = null;
                do {
                    String t = next;
                    var resp = backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName(vault).byResourceType("DynamoDB").nextToken(t));
                    for (RecoveryPointByBackupVault p : resp.recoveryPoints()) {
                        if (p.resourceType() != null && !"DynamoDB".equals(p.resourceType())) continue; // some endpoints ignore the filter
                        out.add(new BackupEntry("aws-backup", tableOf(p), p.backupVaultName(), p.recoveryPointArn(),
                                "RECOVERY_POINT", p.statusAsString(), p.creationDate(), p.backupSizeInBytes(),
                                p.backupVaultName(), null, null));
                    }
                    next = resp.nextToken();
                } while (next != null);
            } catch (SdkException e) {
                if (AwsErrors.kind(e) == AwsErrors.Kind.UNSUPPORTED) {
                    notes.add(notListed(e));
                    return out;
                }
                notes.add("AWS Backup recovery points of vault '" + vault + "' not listed: " + AwsErrors.describe(e));
            }
        }
        return out;
    }

    /** The table a recovery point is of: its ResourceName, else the name in its ResourceArn (…:table/NAME). */
    static String tableOf(RecoveryPointByBackupVault p) {
        if (p.resourceName() != null && !p.resourceName().isBlank()) return p.resourceName();
        return TableArns.name(p.resourceArn());
    }

    static List<BackupEntry> recoveryPoints(BackupClient backup, String table, String tableArn) {
        List<BackupEntry> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var resp = backup.listRecoveryPointsByResource(r -> r.resourceArn(tableArn).nextToken(t));
            for (RecoveryPointByResource p : resp.recoveryPoints()) {
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
