package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The progress line's total: DescribeTable's ItemCount when there is one (dynalite always says 0, so only a stub
 * total shows the percentage path), scaled by a sample; 0 (then "N items read", no percentage) when unknown.
 */
class SkewScanProgressTest {
    /** Every segment holds one item. */
    static final class OneItemPerSegment implements DynamoDbClient {
        @Override
        public ScanResponse scan(ScanRequest r) {
            return ScanResponse.builder().items(List.of(Map.of("pk", AttributeValue.fromS("k" + r.segment()))))
                    .consumedCapacity(c -> c.capacityUnits(0.5)).build();
        }

        @Override public String serviceName() { return "dynamodb"; }

        @Override public void close() { }
    }

    static TableSettings table(Long itemCount) {
        return new TableSettings("orders", "arn:aws:dynamodb:us-east-1:111111111111:table/orders", "us-east-1", "ACTIVE",
                Instant.EPOCH, new TableSettings.KeyAttr("pk", "S"), null, "PAY_PER_REQUEST", null, null, null, List.of(), List.of(),
                null, null, null, null, false, "STANDARD", null, List.of(), Map.of(), itemCount, 0L, null, null, null, List.of(),
                null, List.of());
    }

    static List<Long> totals(TableSettings t) {
        List<Long> totals = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        SkewScan.Request req = new SkewScan.Request("orders", 4, null, 1L, null, true, null, 2, false, 10, 0.1, 1000, 2);
        SkewReport r = new SkewScan(new OneItemPerSegment()).run(req, t, new SkewScan.Progress() {
            @Override public LongConsumer start(String what, long total) {
                totals.add(total);
                return n -> { synchronized (read) { read.add(n); } };
            }

            @Override public void end() { }
        });
        assertThat(r.items()).isEqualTo(4);
        assertThat(read).contains(4L); // the running count of items read, up to all of them
        return totals;
    }

    @Test
    void theItemCountIsTheTotalWhenThereIsOne() {
        assertThat(totals(table(1_000L))).containsExactly(1_000L);
        // dynalite (and a new table on AWS, for up to six hours): 0, so the line says "N items read"
        assertThat(totals(table(0L))).containsExactly(0L);
        assertThat(totals(table(null))).containsExactly(0L);
        // a 10% sample reads about a tenth of the items
        assertThat(SkewScan.expectedItems(table(1_000L), TableModel.targets(table(1_000L)).get(0), 0.1)).isEqualTo(100);
    }
}
