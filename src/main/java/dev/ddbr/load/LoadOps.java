package dev.ddbr.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Builds and sends one operation of each kind. Keys come from the workload's distribution; items have the
 * workload's size (payload padded so the item's DynamoDB size is the target); writes fill GSI key attributes too.
 * Every request asks for consumed capacity (INDEXES), added up by table and index.
 */
final class LoadOps {
    static final String PAYLOAD = "payload";

    private final DynamoDbClient ddb;
    private final TableShape t;
    private final Workload w;
    private final Map<String, DoubleAdder[]> capacity = new ConcurrentHashMap<>();
    /** Optional observer of every key index used (tests, key-overlap checks); null in production. */
    private final java.util.function.LongConsumer keyObserver;

    LoadOps(DynamoDbClient ddb, TableShape t, Workload w, java.util.function.LongConsumer keyObserver) {
        this.ddb = ddb;
        this.t = t;
        this.w = w;
        this.keyObserver = keyObserver;
    }

    /** Runs one operation; SDK exceptions propagate to the runner, which classifies them. */
    void run(OpKind k, SplittableRandom rnd) {
        switch (k) {
            case GET, GET_STRONG -> add(ddb.getItem(r -> r.tableName(t.name()).key(key(nextKey(rnd))).consistentRead(k == OpKind.GET_STRONG)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity(), false);
            case QUERY -> {
                AttributeValue pk = partition(nextKey(rnd));
                add(ddb.query(r -> r.tableName(t.name()).keyConditionExpression("#k = :v").expressionAttributeNames(Map.of("#k", t.partitionKey()))
                        .expressionAttributeValues(Map.of(":v", pk)).limit(10).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity(), false);
            }
            case PUT -> add(ddb.putItem(r -> r.tableName(t.name()).item(item(nextKey(rnd), rnd))
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity(), true);
            case UPDATE -> {
                long x = nextKey(rnd);
                long g = indexValue(x, rnd);
                String pad = padding(w.itemSize().next(rnd) - keyBytes(x, g));
                Map<String, String> names = new HashMap<>(Map.of("#p", PAYLOAD));
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(pad)));
                StringBuilder set = new StringBuilder("SET #p = :p");
                if (w.indexKeys() != null) {
                    int i = 0;
                    for (var e : t.indexKeys().entrySet()) {
                        names.put("#g" + i, e.getKey());
                        values.put(":g" + i, generated(e.getValue(), g));
                        set.append(", #g").append(i).append(" = :g").append(i);
                        i++;
                    }
                }
                String expr = set.toString();
                add(ddb.updateItem(r -> r.tableName(t.name()).key(key(x)).updateExpression(expr)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity(), true);
            }
            case DELETE -> add(ddb.deleteItem(r -> r.tableName(t.name()).key(key(nextKey(rnd)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity(), true);
            case BATCH_GET -> {
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                for (long x : distinct(rnd, OpKind.BATCH)) keys.add(key(x));
                var resp = ddb.batchGetItem(r -> r.requestItems(Map.of(t.name(), KeysAndAttributes.builder().keys(keys).build()))
                        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
                resp.consumedCapacity().forEach(c -> add(c, false));
            }
            case BATCH_WRITE -> {
                List<WriteRequest> puts = new ArrayList<>();
                for (long x : distinct(rnd, OpKind.BATCH)) puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(x, rnd)).build()).build());
                var resp = ddb.batchWriteItem(r -> r.requestItems(Map.of(t.name(), puts)).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
                resp.consumedCapacity().forEach(c -> add(c, true));
            }
            case TRANSACT_WRITE -> {
                List<TransactWriteItem> items = new ArrayList<>();
                for (long x : distinct(rnd, OpKind.TRANSACT)) items.add(TransactWriteItem.builder().put(p -> p.tableName(t.name()).item(item(x, rnd))).build());
                var resp = ddb.transactWriteItems(r -> r.transactItems(items).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
                resp.consumedCapacity().forEach(c -> add(c, true));
            }
        }
    }

    long nextKey(SplittableRandom rnd) {
        long x = w.keys().next(rnd);
        if (keyObserver != null) keyObserver.accept(x);
        return x;
    }

    /** Up to {@code n} distinct keys (fewer when the distribution keeps drawing the same ones). */
    private Set<Long> distinct(SplittableRandom rnd, int n) {
        Set<Long> s = new LinkedHashSet<>();
        for (int tries = 0; s.size() < n && tries < n * 8; tries++) s.add(nextKey(rnd));
        return s;
    }

    /** The partition key value of key index {@code x}. */
    AttributeValue partition(long x) {
        if (x < w.topKeys().size()) return value(t.partitionType(), w.topKeys().get((int) x));
        return generated(t.partitionType(), x);
    }

    static AttributeValue generated(String type, long x) {
        return switch (type) {
            case "N" -> AttributeValue.fromN(Long.toString(x));
            case "B" -> AttributeValue.fromB(SdkBytes.fromString("k" + x, StandardCharsets.UTF_8));
            default -> AttributeValue.fromS("k" + x);
        };
    }

    /** A key as a skew report prints it (KeyText: S as is, N canonical, B base64). */
    static AttributeValue value(String type, String text) {
        return switch (type) {
            case "N" -> AttributeValue.fromN(text);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text)));
            default -> AttributeValue.fromS(text);
        };
    }

    Map<String, AttributeValue> key(long x) {
        Map<String, AttributeValue> k = new HashMap<>(4);
        k.put(t.partitionKey(), partition(x));
        if (t.sortKey() != null) k.put(t.sortKey(), generated(t.sortType(), 0));
        return k;
    }

    Map<String, AttributeValue> item(long x, SplittableRandom rnd) {
        Map<String, AttributeValue> item = key(x);
        long g = indexValue(x, rnd);
        t.indexKeys().forEach((a, type) -> item.put(a, generated(type, g)));
        item.put(PAYLOAD, AttributeValue.fromS(padding(w.itemSize().next(rnd) - keyBytes(x, g))));
        return item;
    }

    /** The index of the GSI key values item {@code x} gets: its own, or one drawn from --index-keys. */
    private long indexValue(long x, SplittableRandom rnd) {
        return w.indexKeys() == null ? x : w.indexKeys().next(rnd);
    }

    /** The DynamoDB size of an item's attributes other than the payload's value (GSI keys of index {@code g}). */
    private long keyBytes(long x, long g) {
        long n = t.partitionKey().length() + size(partition(x)) + PAYLOAD.length();
        if (t.sortKey() != null) n += t.sortKey().length() + 1;
        for (var e : t.indexKeys().entrySet()) n += e.getKey().length() + size(generated(e.getValue(), g));
        return n;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(StandardCharsets.UTF_8).length;
        if (v.b() != null) return v.b().asByteArrayUnsafe().length;
        return (v.n().length() + 1) / 2 + 1;
    }

    private static String padding(long n) {
        return "x".repeat((int) Math.max(1, n));
    }

    private void add(ConsumedCapacity c, boolean write) {
        if (c == null) return;
        Double table = c.table() != null && c.table().capacityUnits() != null ? c.table().capacityUnits() : null;
        double units = table != null ? table : c.capacityUnits() == null ? 0 : c.capacityUnits();
        if (c.globalSecondaryIndexes() != null && table == null) {
            // CapacityUnits covers table and indexes together when the table's own figure is missing
            for (var g : c.globalSecondaryIndexes().values()) if (g.capacityUnits() != null) units -= g.capacityUnits();
        }
        record(c.tableName() == null ? t.name() : c.tableName(), units, write);
        if (c.globalSecondaryIndexes() != null) {
            c.globalSecondaryIndexes().forEach((name, g) -> record(t.name() + "/index/" + name, g.capacityUnits() == null ? 0 : g.capacityUnits(), write));
        }
        if (c.localSecondaryIndexes() != null) {
            c.localSecondaryIndexes().forEach((name, g) -> record(t.name() + "/index/" + name, g.capacityUnits() == null ? 0 : g.capacityUnits(), write));
        }
    }

    private void record(String resource, double units, boolean write) {
        if (units <= 0) return;
        capacity.computeIfAbsent(resource, k -> new DoubleAdder[] {new DoubleAdder(), new DoubleAdder()})[write ? 1 : 0].add(units);
    }

    Map<String, LoadReport.Capacity> capacity() {
        Map<String, LoadReport.Capacity> out = new java.util.TreeMap<>();
        capacity.forEach((k, v) -> out.put(k, new LoadReport.Capacity(Reports.r3(v[0].sum()), Reports.r3(v[1].sum()))));
        return out;
    }
}
