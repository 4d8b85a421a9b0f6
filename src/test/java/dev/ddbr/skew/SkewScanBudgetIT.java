package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.cli.skew.SkewScanIT;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The default read budget on a provisioned table: 25% of its 40 RCU, 10 RCU/s. The capacity each Scan response
 * says it consumed is summed as the responses arrive; at every response the running total stays within what the
 * budget allows since the scan began (rate × elapsed) plus one burst (one second of the rate) and one more second
 * of slack for the pages in flight, whose cost is an estimate until they return. Without a budget the same scan
 * spends its 60 RCU in a fraction of a second.
 */
@EmulatorTest
class SkewScanBudgetIT {
    record Page(long nanos, double units) {}

    @Test
    void defaultBudgetHoldsOnAProvisionedTable(LocalAws aws) {
        String t = LocalAws.uniqueName("skew-budget");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(p -> p.readCapacityUnits(40L).writeCapacityUnits(10L)));
            SkewScanIT.awaitActive(ddb, t);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            // about 4 kB each: a page costs half a unit per item read (eventually consistent), 60 RCU in all
            for (int i = 0; i < 120; i++) items.add(Map.of("pk", AttributeValue.fromS("k" + i), "payload", AttributeValue.fromS("x".repeat(4000))));
            SkewScanIT.write(ddb, t, items);
        }
        List<Page> pages = new ArrayList<>();
        ExecutionInterceptor record = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof ScanResponse s && s.consumedCapacity() != null) {
                    synchronized (pages) {
                        pages.add(new Page(System.nanoTime(), s.consumedCapacity().capacityUnits()));
                    }
                }
            }
        };
        Map<String, String> env = new HashMap<>(aws.awsEnv());
        try (ClientFactory f = new ClientFactory(new AwsConfig(env, null, null, null, null, null, null, null, null, null, null, 2));
             DynamoDbClient ddb = TestClients.of(DynamoDbClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(record)),
                     aws.dynamodbEndpoint())) {
            TableSettings settings = new SnapshotReader(f).read(t, EnumSet.noneOf(SnapshotPart.class));
            SkewScan.Request req = new SkewScan.Request(t, 4, null, null, null, false, null, 4, false, 10, 0.1, 1000, 2);
            SkewScan.Budget b = SkewScan.budget(req, settings, TableModel.targets(settings).get(0));
            assertThat(b.rate()).isEqualTo(10.0);
            assertThat(b.basis()).isEqualTo("default: 25% of the table's 40 provisioned RCU");
            long start = System.nanoTime();
            SkewReport r = new SkewScan(ddb).run(req, settings, new SkewScan.Progress() {
                @Override public LongConsumer start(String what, long total) { return n -> { }; }
                @Override public void end() { }
            });
            assertThat(r.items()).isEqualTo(120);
            double rate = 10;
            double burst = 10;
            double total = 0;
            for (Page p : pages) {
                total += p.units();
                double allowed = rate * (p.nanos() - start) / 1e9 + burst + rate;
                assertThat(total).as("consumed by %.2f s", (p.nanos() - start) / 1e9).isLessThanOrEqualTo(allowed);
            }
            // several seconds of budget: without one the scan spends it all in well under a second
            assertThat(total).isBetween(55.0, 65.0);
            assertThat(r.readBudget()).hasSize(1);
            assertThat(r.readBudget().get(0).unitsPerSecond()).isEqualTo(10.0);
            assertThat(r.readBudget().get(0).consumedUnits()).isEqualTo(total);
            // the spend over the whole run: at most the rate, once the first second's burst is counted out
            double seconds = r.readBudget().get(0).seconds();
            assertThat(total).isLessThanOrEqualTo(rate * seconds + burst + rate);
        }
    }

    /**
     * A low budget bounds the rate, not the total: every Scan request is charged at least half a unit, so pages
     * sized to a fraction of a second of a 2 RCU/s budget (one small item each) would cost many times what the
     * same scan costs unlimited. Pages stay large enough that the minimum is a small overhead; the bucket goes
     * into debt and the next request waits instead.
     */
    @Test
    void aLowBudgetDoesNotMultiplyTheCapacitySpent(LocalAws aws) {
        String t = LocalAws.uniqueName("skew-lowbudget");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .billingMode("PAY_PER_REQUEST"));
            SkewScanIT.awaitActive(ddb, t);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            // about 100 bytes each: 1,000 of them are some 100 kB, a dozen units or so scanned unlimited
            for (int i = 0; i < 1000; i++) items.add(Map.of("pk", AttributeValue.fromS("k" + (i % 97) + "-" + i), "payload", AttributeValue.fromS("y".repeat(80))));
            SkewScanIT.write(ddb, t, items);
        }
        double unlimited = spend(aws, t, null, null);
        List<Page> pages = new ArrayList<>();
        long start = System.nanoTime();
        double low = spend(aws, t, 2.0, pages);
        assertThat(unlimited).isPositive();
        assertThat(low).as("capacity spent at 2 RCU/s vs unlimited (%.1f)", unlimited).isLessThanOrEqualTo(1.5 * unlimited);
        double total = 0;
        for (Page p : pages) {
            total += p.units();
            // the rate holds: one burst (one second) plus one page in flight beyond rate x elapsed
            double allowed = 2 * (p.nanos() - start) / 1e9 + 2 + 4 + 1;
            assertThat(total).as("consumed by %.2f s", (p.nanos() - start) / 1e9).isLessThanOrEqualTo(allowed);
        }
    }

    private static double spend(LocalAws aws, String t, Double maxRcu, List<Page> pages) {
        ExecutionInterceptor record = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (pages != null && context.response() instanceof ScanResponse s && s.consumedCapacity() != null) {
                    synchronized (pages) {
                        pages.add(new Page(System.nanoTime(), s.consumedCapacity().capacityUnits()));
                    }
                }
            }
        };
        try (ClientFactory f = new ClientFactory(new AwsConfig(new HashMap<>(aws.awsEnv()), null, null, null, null, null, null, null, null, null, null, 2));
             DynamoDbClient ddb = TestClients.of(DynamoDbClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(record)),
                     aws.dynamodbEndpoint())) {
            TableSettings settings = new SnapshotReader(f).read(t, EnumSet.noneOf(SnapshotPart.class));
            SkewScan.Request req = new SkewScan.Request(t, 8, null, null, maxRcu, maxRcu == null, null, 8, false, 10, 0.1, 1000, 2);
            SkewReport r = new SkewScan(ddb).run(req, settings, new SkewScan.Progress() {
                @Override public LongConsumer start(String what, long total) { return n -> { }; }
                @Override public void end() { }
            });
            assertThat(r.items()).isEqualTo(1000);
            return r.readBudget().get(0).consumedUnits();
        }
    }
}
