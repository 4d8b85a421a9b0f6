package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.SchemaSubset;
import dev.ddbr.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** dashboard plan / apply on moto: create, then unchanged; the body and the templates. */
@EmulatorTest
class DashboardIT {
    @TempDir
    Path home;

    @Test
    void planApplyPlanAndTheBody(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("dash");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L)));
        }
        String profile = LocalAws.uniqueName("dash");
        Path file = home.resolve(profile + ".yaml");
        Files.writeString(file, "tables:\n  - name: " + t + "\n    alarms:\n      latency_ms: {Query: 30}\n");
        Cli cli = Cli.local(home, aws);
        assertThat(cli.run("-p", file.toString(), "alarms", "apply", "--yes").exitCode()).isZero();

        Cli.Result plan = cli.run("-p", file.toString(), "dashboard", "plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
        assertThat(plan.out()).contains("+ create dashboard ddbr-" + profile);

        Cli.Result body = cli.run("-p", file.toString(), "dashboard", "plan", "-o", "json");
        JsonNode b = new ObjectMapper().readTree(body.out());
        List<String> titles = new ArrayList<>();
        b.get("widgets").forEach(w -> titles.add(w.at("/properties/title").asText()));
        assertThat(titles).contains(t + ": consumed vs provisioned (units/s)", t + ": throttles by reason",
                t + ": latency per operation (p99, ms)", t + ": system errors per operation", "ddbr alarms");
        assertThat(body.out()).contains("ReadKeyRangeThroughputThrottleEvents", "\"Query\"");
        JsonNode alarmWidget = b.get("widgets").get(b.get("widgets").size() - 1);
        assertThat(alarmWidget.at("/properties/alarms").toString()).contains("alarm:ddbr-" + t + "-read-throttles");

        Cli.Result apply = cli.run("-p", file.toString(), "dashboard", "apply", "--yes");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            String stored = cw.getDashboard(r -> r.dashboardName("ddbr-" + profile)).dashboardBody();
            assertThat(new ObjectMapper().readTree(stored)).isEqualTo(b);
        }
        Cli.Result again = cli.run("-p", file.toString(), "dashboard", "plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("No changes");

        Cli.Result cfn = cli.run("-p", file.toString(), "dashboard", "plan", "-o", "cloudformation");
        assertThat(cfn.exitCode()).isZero();
        JsonNode res = new ObjectMapper().readTree(cfn.out()).get("Resources").elements().next();
        assertThat(SchemaSubset.load("/schemas/cloudformation-cloudwatch.json")
                .check("AWS::CloudWatch::Dashboard", res.get("Properties"), "dashboard")).isEmpty();
        Cli.Result tf = cli.run("-p", file.toString(), "dashboard", "plan", "-o", "terraform");
        JsonNode tfr = new ObjectMapper().readTree(tf.out()).at("/resource/aws_cloudwatch_dashboard").elements().next();
        assertThat(SchemaSubset.load("/schemas/terraform-aws-cloudwatch.json")
                .check("aws_cloudwatch_dashboard", tfr, "dashboard")).isEmpty();
    }
}
