package dev.ddbr.cli.skew;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.ddbr.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skew insights against AWS-shaped responses (no emulator has Contributor Insights): DynamoDB
 * DescribeTable / DescribeContributorInsights (JSON 1.0) and CloudWatch GetInsightRuleReport /
 * GetMetricStatistics (query protocol, XML), served by WireMock to the real SDK.
 */
class SkewInsightsWireTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PKC = "DynamoDBContributorInsights-PKC-orders-1700000000000";
    static final String PKT = "DynamoDBContributorInsights-PKT-orders-1700000000000";
    static final String SKC = "DynamoDBContributorInsights-SKC-orders-1700000000000";
    static final String SKT = "DynamoDBContributorInsights-SKT-orders-1700000000000";
    static final String GSI_PKC = "DynamoDBContributorInsights-PKC-orders/index/by-status-1700000000001";
    static final String GSI_SKC = "DynamoDBContributorInsights-SKC-orders/index/by-status-1700000000001";

    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.loopback();
        ddb("DescribeTable", null, """
                {"Table":{"TableName":"orders","TableArn":"arn:aws:dynamodb:us-east-1:111111111111:table/orders",
                 "TableStatus":"ACTIVE","CreationDateTime":1.7E9,
                 "AttributeDefinitions":[{"AttributeName":"tenant","AttributeType":"S"},{"AttributeName":"id","AttributeType":"N"},
                   {"AttributeName":"status","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"tenant","KeyType":"HASH"},{"AttributeName":"id","KeyType":"RANGE"}],
                 "ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":0,"NumberOfDecreasesToday":0},
                 "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"TableSizeBytes":25000000000,"ItemCount":1000000,
                 "GlobalSecondaryIndexes":[{"IndexName":"by-status","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},
                   {"AttributeName":"id","KeyType":"RANGE"}],
                   "Projection":{"ProjectionType":"ALL"},"IndexStatus":"ACTIVE","IndexSizeBytes":1000,"ItemCount":10}]}}""");
    }

    @AfterEach
    void stop() { wm.stop(); }

    void ddb(String op, String bodyPart, String json) {
        MappingBuilder m = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + op));
        if (bodyPart != null) m = m.withRequestBody(bodyPart.startsWith("!") ? notContaining(bodyPart.substring(1)) : containing(bodyPart));
        wm.stubFor(m.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(json)));
    }

    void insightsStatus(String status) {
        ddb("DescribeContributorInsights", "!IndexName", "{\"TableName\":\"orders\",\"ContributorInsightsStatus\":\"" + status + "\","
                + "\"ContributorInsightsRuleList\":" + ("ENABLED".equals(status) ? "[\"" + PKC + "\",\"" + PKT + "\",\"" + SKC + "\",\"" + SKT + "\"]" : "[]") + "}");
        ddb("DescribeContributorInsights", "by-status", "{\"TableName\":\"orders\",\"IndexName\":\"by-status\",\"ContributorInsightsStatus\":\""
                + status + "\",\"ContributorInsightsRuleList\":" + ("ENABLED".equals(status) ? "[\"" + GSI_PKC + "\",\"" + GSI_SKC + "\"]" : "[]") + "}");
        ddb("UpdateContributorInsights", null, "{\"TableName\":\"orders\",\"ContributorInsightsStatus\":\"ENABLING\"}");
    }

    void cw(int priority, String xml, String... bodyParts) {
        MappingBuilder m = post(urlEqualTo("/")).atPriority(priority);
        for (String p : bodyParts) m = m.withRequestBody(p.startsWith("!") ? notContaining(p.substring(1)) : containing(p));
        wm.stubFor(m.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(xml)));
    }

    /** A GetInsightRuleReport response; a contributor "pk / sk" has Keys [pk, sk] as item rules (SKC, SKT) return. */
    static String report(double total, long unique, String... contributors) {
        boolean items = contributors.length > 0 && contributors[0].contains(" / ");
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < contributors.length; i += 2) {
            c.append("<member><Keys>");
            for (String k : contributors[i].split(" / ")) c.append("<member>").append(k).append("</member>");
            c.append("</Keys><ApproximateAggregateValue>").append(contributors[i + 1]).append("</ApproximateAggregateValue>")
                    .append("<Datapoints><member><Timestamp>2025-01-01T00:00:00Z</Timestamp><ApproximateValue>")
                    .append(contributors[i + 1]).append("</ApproximateValue></member></Datapoints></member>");
        }
        return "<GetInsightRuleReportResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetInsightRuleReportResult>"
                + "<KeyLabels><member>PartitionKey</member>" + (items ? "<member>SortKey</member>" : "") + "</KeyLabels><AggregationStatistic>Sum</AggregationStatistic>"
                + "<AggregateValue>" + total + "</AggregateValue><ApproximateUniqueCount>" + unique + "</ApproximateUniqueCount>"
                + "<Contributors>" + c + "</Contributors><MetricDatapoints/></GetInsightRuleReportResult>"
                + "<ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata></GetInsightRuleReportResponse>";
    }

    static String stats(String metric, double... sums) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < sums.length; i++) {
            d.append("<member><Timestamp>2025-01-01T00:0").append(i).append(":00Z</Timestamp><Sum>").append(sums[i])
                    .append("</Sum><Unit>Count</Unit></member>");
        }
        return "<GetMetricStatisticsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricStatisticsResult>"
                + "<Label>" + metric + "</Label><Datapoints>" + d + "</Datapoints></GetMetricStatisticsResult>"
                + "<ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata></GetMetricStatisticsResponse>";
    }

    Cli cli() {
        return Cli.isolated(home).env("AWS_ENDPOINT_URL", wm.baseUrl()).env("AWS_REGION", "us-east-1")
                .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env("AWS_SECRET_ACCESS_KEY", "secret");
    }

    @Test
    void reportsHotKeysThrottlesAndTheCeiling() throws Exception {
        insightsStatus("ENABLED");
        cw(1, report(10000, 321, "tenant-7", "4500", "tenant-1", "500", "tenant-2", "400"), "Action=GetInsightRuleReport", "RuleName=" + PKC);
        cw(1, report(120, 2, "tenant-7", "100", "tenant-3", "20"), "Action=GetInsightRuleReport", "RuleName=" + PKT);
        cw(1, report(10000, 5000, "tenant-7 / 42", "900", "tenant-1 / 7", "300"), "Action=GetInsightRuleReport", "RuleName=" + SKC);
        cw(1, report(120, 2, "tenant-7 / 42", "90", "tenant-7 / 43", "30"), "Action=GetInsightRuleReport", "RuleName=" + SKT);
        cw(1, report(8000, 7000, "PENDING / 42", "800"), "Action=GetInsightRuleReport", "RuleName=DynamoDBContributorInsights-SKC-orders%2Findex%2Fby-status");
        cw(1, report(8000, 3, "PENDING", "6000", "DONE", "1900", "FAILED", "100"), "Action=GetInsightRuleReport", "RuleName=DynamoDBContributorInsights-PKC-orders%2Findex%2Fby-status");
        cw(1, stats("WriteThrottleEvents", 100, 20), "Action=GetMetricStatistics", "MetricName=WriteThrottleEvents", "!GlobalSecondaryIndexName");
        // busiest minute: 300,000 write units in 60 s = 5,000 WCU/s
        cw(1, stats("ConsumedWriteCapacityUnits", 6000, 300000), "Action=GetMetricStatistics", "MetricName=ConsumedWriteCapacityUnits", "!GlobalSecondaryIndexName");
        cw(5, stats("Any"), "Action=GetMetricStatistics");

        Cli.Result r = cli().run("skew", "insights", "orders", "--since", "1h", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("source").asText()).isEqualTo("insights");
        assertThat(j.get("measure").asText()).isEqualTo("requests");
        assertThat(j.get("items").asLong()).isEqualTo(10000);
        assertThat(j.get("bytes").isNull()).isTrue();
        assertThat(j.get("distinctKeys").asLong()).isEqualTo(321);
        // CloudWatch's approximate unique count: not exact, the 3 keys listed are a lower bound, no upper bound
        assertThat(j.get("distinctKeysExact").asBoolean()).isFalse();
        assertThat(j.get("distinctKeysBound").get("low").asLong()).isEqualTo(3);
        assertThat(j.get("distinctKeysBound").get("high").isNull()).isTrue();
        assertThat(j.get("topKeys").get(0).get("key").asText()).isEqualTo("tenant-7");
        assertThat(j.get("hottestKeyShare").asDouble()).isEqualTo(0.45);
        assertThat(j.get("throttledKeys").get(0).get("key").asText()).isEqualTo("tenant-7");
        assertThat(j.get("throttleEvents").get("write").asLong()).isEqualTo(120);
        // partition+sort keys from the item rules (Keys [pk, sk]), heaviest first, shares of the rule's total
        JsonNode items = j.get("topItems");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("partitionKey").asText()).isEqualTo("tenant-7");
        assertThat(items.get(0).get("sortKey").asText()).isEqualTo("42");
        assertThat(items.get(0).get("count").asLong()).isEqualTo(900);
        assertThat(items.get(0).get("share").asDouble()).isEqualTo(0.09);
        assertThat(items.get(1).get("partitionKey").asText()).isEqualTo("tenant-1");
        JsonNode throttledItems = j.get("throttledItems");
        assertThat(throttledItems).hasSize(2);
        assertThat(throttledItems.get(0).get("sortKey").asText()).isEqualTo("42");
        assertThat(throttledItems.get(0).get("count").asLong()).isEqualTo(90);
        assertThat(throttledItems.get(0).get("share").asDouble()).isEqualTo(0.75);
        assertThat(throttledItems.get(1).get("sortKey").asText()).isEqualTo("43");
        // 45% of a 5,000 WCU/s peak = 2,250 WCU on one key: over the 1,000 WCU partition ceiling
        assertThat(j.get("hotKeyLoad").get("writeUnits").asDouble()).isEqualTo(2250.0);
        assertThat(j.get("hotKeyLoad").get("overCeiling").asBoolean()).isTrue();
        // 25 GB: 3 partitions by size; 5,000 WCU peak: 5 by throughput
        assertThat(j.get("partitions").get("estimated").asLong()).isEqualTo(5);
        JsonNode ix = j.get("indexes").get(0);
        assertThat(ix.get("name").asText()).isEqualTo("by-status");
        assertThat(ix.get("hottestKeyShare").asDouble()).isEqualTo(0.75);
        assertThat(ix.get("distinctKeys").asLong()).isEqualTo(3);
        assertThat(ix.get("distinctKeysBound").get("low").asLong()).isEqualTo(3);
        assertThat(ix.get("distinctKeysBound").get("high").isNull()).isTrue();
        assertThat(ix.get("topItems").get(0).get("partitionKey").asText()).isEqualTo("PENDING");
        assertThat(ix.get("topItems").get(0).get("sortKey").asText()).isEqualTo("42");
        assertThat(ix.get("topItems").get(0).get("share").asDouble()).isEqualTo(0.1);
        // the index lists no SKT rule: null, not an empty list
        assertThat(ix.get("throttledItems").isNull()).isTrue();

        Cli.Result t = cli().run("skew", "insights", "orders");
        assertThat(t.out()).contains("WILL THROTTLE", "Most throttled keys:", "HOT: table key 'tenant-7' holds 45.0% of requests",
                "index 'by-status' key 'PENDING' holds 75.0% of its requests", "about 6 shards",
                "321 (Contributor Insights' approximate unique count; at least 3 seen, no upper bound)",
                "Most accessed items (partition+sort key):", "Most throttled items (partition+sort key):");
        assertThat(t.out().lines().filter(l -> l.matches("tenant-7\\s+42\\s+900\\s+9\\.0%"))).hasSize(1);
        assertThat(t.out().lines().filter(l -> l.matches("tenant-7\\s+43\\s+30\\s+25\\.0%"))).hasSize(1);
    }

    @Test
    void offSaysSoAndEnableNeedsConfirmation() {
        insightsStatus("DISABLED");
        Cli.Result r = cli().run("skew", "insights", "orders");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.errLine()).contains("Contributor Insights is off for table 'orders', index 'by-status'", "--enable");

        Cli.Result refused = cli().run("skew", "insights", "orders", "--enable");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
        assertThat(refused.errLine()).contains("--yes");
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.UpdateContributorInsights")));

        Cli.Result dry = cli().run("skew", "insights", "orders", "--enable", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.UpdateContributorInsights")));

        Cli.Result on = cli().run("skew", "insights", "orders", "--enable", "--yes");
        assertThat(on.exitCode()).as(on.toString()).isZero();
        assertThat(on.err()).contains("enabling");
        wm.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.UpdateContributorInsights")));
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.UpdateContributorInsights"))
                .withRequestBody(containing("\"IndexName\":\"by-status\"")).withRequestBody(containing("\"ContributorInsightsAction\":\"ENABLE\"")));
    }

    @Test
    void badWindowIsRejected() {
        Cli.Result r = cli().run("skew", "insights", "orders", "--since", "soon");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.errLine()).contains("invalid duration 'soon' for --since");
    }
}
