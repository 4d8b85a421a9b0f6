package dev.ddbr.restore;

import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.List;

/**
 * The restore call ddbr makes, with every override spelled out (ddbr does not trust the defaults).
 *
 * @param api                   RestoreTableToPointInTime or RestoreTableFromBackup
 * @param sourceTableName       the source (PITR)
 * @param sourceTableArn        the source's ARN (PITR of a deleted table)
 * @param backupArn             the backup (RestoreTableFromBackup)
 * @param targetTableName       the new table
 * @param useLatestRestorableTime true for "latest"
 * @param restoreDateTime       the point in time, when not latest
 * @param billingModeOverride   PROVISIONED or PAY_PER_REQUEST, the source's
 * @param provisionedThroughputOverride the source's capacity (provisioned tables)
 * @param onDemandThroughputOverride    the source's on-demand maximum, if any
 * @param globalSecondaryIndexOverride  the source's indexes with their capacity
 * @param sseSpecificationOverride      the source's encryption, key included
 */
public record RestoreRequest(
        String api,
        String sourceTableName,
        String sourceTableArn,
        String backupArn,
        String targetTableName,
        Boolean useLatestRestorableTime,
        Instant restoreDateTime,
        String billingModeOverride,
        TableSettings.Throughput provisionedThroughputOverride,
        TableSettings.OnDemand onDemandThroughputOverride,
        List<TableSettings.Gsi> globalSecondaryIndexOverride,
        Sse sseSpecificationOverride) {

    /**
     * @param enabled        false means the AWS-owned key
     * @param sseType        KMS when enabled
     * @param kmsMasterKeyId the customer-managed key's ARN; null for the AWS-managed key
     */
    public record Sse(boolean enabled, String sseType, String kmsMasterKeyId) {
        @Override public String toString() {
            if (!enabled) return "AWS-owned key (Enabled=false)";
            return kmsMasterKeyId == null ? "AWS-managed key (SSEType=KMS)" : "SSEType=KMS KMSMasterKeyId=" + kmsMasterKeyId;
        }
    }
}
