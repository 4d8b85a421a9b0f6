package dev.ddbr.load;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the generator needs to know about a table: its keys and their types, and the key attributes of its global
 * secondary indexes (writes fill them so the indexes take load too).
 *
 * @param indexKeys GSI key attributes that are not table keys, with their types (S, N or B)
 */
public record TableShape(String name, String arn, String partitionKey, String partitionType, String sortKey, String sortType,
                         Map<String, String> indexKeys) {

    public static TableShape of(TableDescription t) {
        Map<String, String> types = new LinkedHashMap<>();
        t.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
        String pk = null;
        String sk = null;
        for (var k : t.keySchema()) {
            if (k.keyType() == KeyType.HASH) pk = k.attributeName(); else sk = k.attributeName();
        }
        Map<String, String> idx = new LinkedHashMap<>();
        for (var g : t.globalSecondaryIndexes()) {
            for (var k : g.keySchema()) {
                String a = k.attributeName();
                if (!a.equals(pk) && !a.equals(sk)) idx.put(a, types.get(a));
            }
        }
        return new TableShape(t.tableName(), t.tableArn(), pk, types.get(pk), sk, sk == null ? null : types.get(sk), idx);
    }
}
