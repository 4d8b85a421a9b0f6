package dev.ddbr.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One backup of a table, from DynamoDB (ListBackups) or AWS Backup (ListRecoveryPointsByResource).
 * JSON field names are a documented contract (docs/backups.md).
 *
 * @param source       {@code dynamodb} or {@code aws-backup}
 * @param type         USER, SYSTEM or AWS_BACKUP (DynamoDB), or RECOVERY_POINT (AWS Backup)
 * @param status       AVAILABLE, CREATING, DELETED (DynamoDB) or COMPLETED, PARTIAL, ... (AWS Backup)
 * @param vault        the AWS Backup vault, for recovery points
 * @param storageClass WARM, COLD or DELETED, for recovery points
 * @param locked       the vault has a vault lock, or the recovery point is under a legal hold; null when unknown
 */
public record BackupEntry(String source, String table, String name, String arn, String type, String status,
                          Instant createdAt, Long sizeBytes, String vault, String storageClass, Boolean locked) {

    @JsonIgnore
    public boolean isUser() { return "dynamodb".equals(source) && "USER".equals(type); }

    @JsonIgnore
    public boolean isAvailable() { return "AVAILABLE".equals(status) || "COMPLETED".equals(status); }
}
