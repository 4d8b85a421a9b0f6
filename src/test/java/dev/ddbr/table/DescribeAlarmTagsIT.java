package dev.ddbr.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code table describe --alarms}: the tags of every alarm that watches the table (read concurrently, ListTagsForResource
 * having no batch form), each with its own alarm, in DescribeAlarms' order; an alarm on another table is not listed.
 */
@EmulatorTest
class DescribeAlarmTagsIT {
    @TempDir
    Path home;

    @Test
    void eachWatchingAlarmHasItsOwnTags(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("dat");
        String other = LocalAws.uniqueName("dat-other");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint());
             CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            ddb.createTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            for (int i = 0; i < 6; i++) {
                int n = i;
                cw.putMetricAlarm(r -> r.alarmName(table + "-a" + n).namespace("AWS/DynamoDB").metricName("ReadThrottleEvents")
                        .dimensions(d -> d.name("TableName").value(table)).statistic("Sum").period(60)
                        .evaluationPeriods(1).threshold((double) n).comparisonOperator("GreaterThanThreshold")
                        .tags(t -> t.key("n").value(String.valueOf(n))));
            }
            cw.putMetricAlarm(r -> r.alarmName(other + "-a").namespace("AWS/DynamoDB").metricName("ReadThrottleEvents")
                    .dimensions(d -> d.name("TableName").value(other)).statistic("Sum").period(60)
                    .evaluationPeriods(1).threshold(1.0).comparisonOperator("GreaterThanThreshold"));
        }
        Cli.Result r = Cli.local(home, aws).run("table", "describe", table, "--alarms", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode alarms = new ObjectMapper().readTree(r.out()).get("alarms");
        List<String> names = new ArrayList<>();
        alarms.forEach(a -> {
            names.add(a.get("name").asText());
            String n = a.get("name").asText().substring((table + "-a").length());
            assertThat(a.get("tags").get("n").asText()).as(a.get("name").asText()).isEqualTo(n);
        });
        assertThat(names).containsExactly(table + "-a0", table + "-a1", table + "-a2", table + "-a3", table + "-a4", table + "-a5")
                .doesNotContain(other + "-a");
    }
}
