package dev.ddbr.backup.logical;

import dev.ddbr.table.IndexCapacity;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** A CreateTable request rebuilt from a settings snapshot: keys, indexes, billing, capacity, key, class, tags. */
public final class TableCreator {
    private TableCreator() {}

    public static CreateTableRequest request(TableSettings s, String name, Map<String, String> extraTags) {
        Map<String, String> types = new LinkedHashMap<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(key(s.partitionKey(), KeyType.HASH, types));
        if (s.sortKey() != null) keys.add(key(s.sortKey(), KeyType.RANGE, types));
        boolean provisioned = s.isProvisioned() && s.provisionedThroughput() != null;
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name).keySchema(keys)
                .billingMode(provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
        if (provisioned) b.provisionedThroughput(tp(s.provisionedThroughput()));
        TableSettings.OnDemand tableMax = provisioned ? null : IndexCapacity.onDemand(s.onDemandThroughput());
        if (tableMax != null) b.onDemandThroughput(onDemand(tableMax));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (TableSettings.Gsi g : s.globalSecondaryIndexes()) {
            List<KeySchemaElement> k = new ArrayList<>();
            k.add(key(g.partitionKey(), KeyType.HASH, types));
            if (g.sortKey() != null) k.add(key(g.sortKey(), KeyType.RANGE, types));
            GlobalSecondaryIndex.Builder gb = GlobalSecondaryIndex.builder().indexName(g.name()).keySchema(k)
                    .projection(projection(g.projection()));
            // one rule for indexes on both billing modes, shared with restore: IndexCapacity
            TableSettings.Gsi fit = IndexCapacity.forTable(g, provisioned);
            if (fit.provisionedThroughput() != null) gb.provisionedThroughput(tp(fit.provisionedThroughput()));
            if (fit.onDemandThroughput() != null) gb.onDemandThroughput(onDemand(fit.onDemandThroughput()));
            gsis.add(gb.build());
        }
        if (!gsis.isEmpty()) b.globalSecondaryIndexes(gsis);
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (TableSettings.Lsi l : s.localSecondaryIndexes()) {
            lsis.add(LocalSecondaryIndex.builder().indexName(l.name())
                    .keySchema(key(s.partitionKey(), KeyType.HASH, types), key(l.sortKey(), KeyType.RANGE, types))
                    .projection(projection(l.projection())).build());
        }
        if (!lsis.isEmpty()) b.localSecondaryIndexes(lsis);
        List<AttributeDefinition> defs = new ArrayList<>();
        types.forEach((n, t) -> defs.add(AttributeDefinition.builder().attributeName(n).attributeType(t).build()));
        b.attributeDefinitions(defs);
        if (s.encryption() != null && "CUSTOMER_MANAGED".equals(s.encryption().keyType()) && s.encryption().kmsKeyArn() != null) {
            b.sseSpecification(x -> x.enabled(true).sseType("KMS").kmsMasterKeyId(s.encryption().kmsKeyArn()));
        }
        if ("STANDARD_INFREQUENT_ACCESS".equals(s.tableClass())) b.tableClass("STANDARD_INFREQUENT_ACCESS");
        if (Boolean.TRUE.equals(s.deletionProtection())) b.deletionProtectionEnabled(true);
        List<Tag> tags = new ArrayList<>();
        if (s.tags() != null) s.tags().forEach((k, v) -> { if (!k.startsWith("aws:")) tags.add(Tag.builder().key(k).value(v).build()); });
        extraTags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        if (!tags.isEmpty()) b.tags(tags);
        return b.build();
    }

    private static KeySchemaElement key(TableSettings.KeyAttr a, KeyType t, Map<String, String> types) {
        types.putIfAbsent(a.name(), a.type());
        return KeySchemaElement.builder().attributeName(a.name()).keyType(t).build();
    }

    /** The SDK's ProvisionedThroughput, each figure at least 1 ({@link IndexCapacity#provisioned}). */
    public static ProvisionedThroughput tp(TableSettings.Throughput t) {
        TableSettings.Throughput fit = IndexCapacity.provisioned(t);
        return ProvisionedThroughput.builder().readCapacityUnits(fit.readCapacityUnits())
                .writeCapacityUnits(fit.writeCapacityUnits()).build();
    }

    /** The SDK's OnDemandThroughput, with only the maximums AWS accepts ({@link IndexCapacity#onDemand}). */
    public static OnDemandThroughput onDemand(TableSettings.OnDemand o) {
        TableSettings.OnDemand fit = IndexCapacity.onDemand(o);
        OnDemandThroughput.Builder b = OnDemandThroughput.builder();
        if (fit != null && fit.maxReadRequestUnits() != null) b.maxReadRequestUnits(fit.maxReadRequestUnits());
        if (fit != null && fit.maxWriteRequestUnits() != null) b.maxWriteRequestUnits(fit.maxWriteRequestUnits());
        return b.build();
    }

    private static Projection projection(TableSettings.Projection p) {
        Projection.Builder b = Projection.builder().projectionType(p.type());
        if (p.nonKeyAttributes() != null && !p.nonKeyAttributes().isEmpty()) b.nonKeyAttributes(p.nonKeyAttributes());
        return b.build();
    }
}
