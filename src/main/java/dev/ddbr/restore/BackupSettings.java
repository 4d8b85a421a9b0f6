package dev.ddbr.restore;

import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.KeyAttr;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * A settings snapshot built from a backup's description, for when the backed-up table no longer exists. The
 * description lacks attribute types and most settings; those parts are marked unavailable, so the restore
 * reports them as skipped rather than guessing.
 */
final class BackupSettings {
    private BackupSettings() {}

    static TableSettings fromBackup(BackupDescription b) {
        var t = b.sourceTableDetails();
        var f = b.sourceTableFeatureDetails();
        List<TableSettings.Gsi> gsis = new ArrayList<>();
        List<TableSettings.Lsi> lsis = new ArrayList<>();
        TableSettings.Stream stream = new TableSettings.Stream(false, null, null);
        TableSettings.Ttl ttl = null;
        TableSettings.Encryption enc = new TableSettings.Encryption("AWS_OWNED", null, null, null, "AWS", null, null);
        if (f != null) {
            f.globalSecondaryIndexes().forEach(g -> gsis.add(new TableSettings.Gsi(g.indexName(), key(g.keySchema(), KeyType.HASH),
                    key(g.keySchema(), KeyType.RANGE),
                    new TableSettings.Projection(g.projection().projectionTypeAsString(), g.projection().nonKeyAttributes()),
                    null,
                    g.provisionedThroughput() == null ? null : new TableSettings.Throughput(g.provisionedThroughput().readCapacityUnits(),
                            g.provisionedThroughput().writeCapacityUnits()),
                    g.onDemandThroughput() == null ? null : new TableSettings.OnDemand(g.onDemandThroughput().maxReadRequestUnits(),
                            g.onDemandThroughput().maxWriteRequestUnits()),
                    null, null, null)));
            f.localSecondaryIndexes().forEach(l -> lsis.add(new TableSettings.Lsi(l.indexName(), key(l.keySchema(), KeyType.RANGE),
                    new TableSettings.Projection(l.projection().projectionTypeAsString(), l.projection().nonKeyAttributes()), null, null)));
            if (f.streamDescription() != null && Boolean.TRUE.equals(f.streamDescription().streamEnabled())) {
                stream = new TableSettings.Stream(true, f.streamDescription().streamViewTypeAsString(), null);
            }
            if (f.timeToLiveDescription() != null) {
                ttl = new TableSettings.Ttl(f.timeToLiveDescription().timeToLiveStatusAsString(), f.timeToLiveDescription().attributeName());
            }
            if (f.sseDescription() != null && f.sseDescription().kmsMasterKeyArn() != null) {
                enc = new TableSettings.Encryption("KMS_UNRESOLVED", f.sseDescription().sseTypeAsString(),
                        f.sseDescription().statusAsString(), f.sseDescription().kmsMasterKeyArn(), null, null, null);
            }
        }
        String billing = t.billingMode() == null ? "PROVISIONED" : t.billingModeAsString();
        List<TableSettings.Unavailable> missing = new ArrayList<>();
        for (String field : List.of("tags", "pointInTimeRecovery", "autoScaling", "contributorInsights", "resourcePolicy",
                "kinesisDestinations", "alarms")) {
            missing.add(new TableSettings.Unavailable(field, "DescribeBackup", "NOT_IN_BACKUP",
                    "the source table is gone and the backup does not record it"));
        }
        if (ttl == null) missing.add(new TableSettings.Unavailable("ttl", "DescribeBackup", "NOT_IN_BACKUP",
                "the source table is gone and the backup does not record it"));
        return new TableSettings(t.tableName(), t.tableArn(), null, "DELETED", t.tableCreationDateTime(),
                key(t.keySchema(), KeyType.HASH), key(t.keySchema(), KeyType.RANGE), billing,
                t.provisionedThroughput() == null || "PAY_PER_REQUEST".equals(billing) ? null
                        : new TableSettings.Throughput(t.provisionedThroughput().readCapacityUnits(), t.provisionedThroughput().writeCapacityUnits()),
                t.onDemandThroughput() == null ? null : new TableSettings.OnDemand(t.onDemandThroughput().maxReadRequestUnits(),
                        t.onDemandThroughput().maxWriteRequestUnits()),
                null, gsis, lsis, stream, ttl, null, enc, Boolean.FALSE, "STANDARD", null, List.of(), null,
                t.itemCount(), t.tableSizeBytes(), null, null, null, null, null, missing);
    }

    private static KeyAttr key(List<KeySchemaElement> schema, KeyType type) {
        return schema.stream().filter(k -> k.keyType() == type).findFirst().map(k -> new KeyAttr(k.attributeName(), "?")).orElse(null);
    }
}
