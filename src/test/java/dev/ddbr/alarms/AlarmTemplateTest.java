package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import dev.ddbr.testing.SchemaSubset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated CloudFormation and Terraform JSON, checked against the published resource schemas kept as test
 * resources (src/test/resources/schemas/, sources named inside).
 */
class AlarmTemplateTest {
    static AlarmTemplate template() {
        Map<String, Integer> rpo = Map.of("orders", 30);
        return new AlarmTemplate("prod", AlarmSetTest.REGION,
                AlarmSet.compute(AlarmSetTest.tables(), AlarmSetTest.profile("").alarms(), rpo, AlarmSetTest.REGION, null));
    }

    static JsonNode tree(Object o) { return Renderer.json().valueToTree(o); }

    @Test
    void cloudFormationMatchesTheAlarmResourceSchema() {
        AlarmTemplate t = template();
        JsonNode cfn = tree(t.toTemplate(OutputFormat.cloudformation));
        assertThat(cfn.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        SchemaSubset schema = SchemaSubset.load("/schemas/cloudformation-cloudwatch.json");
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        cfn.get("Resources").fields().forEachRemaining(e -> {
            assertThat(e.getKey()).matches("[A-Za-z0-9]+");
            assertThat(e.getValue().get("Type").asText()).isEqualTo("AWS::CloudWatch::Alarm");
            problems.addAll(schema.check("AWS::CloudWatch::Alarm", e.getValue().get("Properties"), e.getKey()));
            names.add(e.getValue().at("/Properties/AlarmName").asText());
        });
        assertThat(problems).isEmpty();
        assertThat(cfn.get("Resources").size()).isEqualTo(t.alarms().size());
        assertThat(names).hasSize(t.alarms().size());
        JsonNode se = cfn.at("/Resources/DdbrOrdersSystemErrors/Properties");
        assertThat(se.get("Metrics").size()).isEqualTo(11);
        assertThat(se.has("MetricName")).isFalse();
        assertThat(se.at("/Tags/0/Key").asText()).isEqualTo("ddbr:managed");
    }

    @Test
    void terraformMatchesTheProviderArguments() {
        AlarmTemplate t = template();
        JsonNode tf = tree(t.toTemplate(OutputFormat.terraform));
        SchemaSubset schema = SchemaSubset.load("/schemas/terraform-aws-cloudwatch.json");
        List<String> problems = new ArrayList<>();
        JsonNode alarms = tf.at("/resource/aws_cloudwatch_metric_alarm");
        alarms.fields().forEachRemaining(e -> {
            assertThat(e.getKey()).matches("[a-zA-Z_][a-zA-Z0-9_-]*");
            problems.addAll(schema.check("aws_cloudwatch_metric_alarm", e.getValue(), e.getKey()));
        });
        assertThat(problems).isEmpty();
        assertThat(alarms.size()).isEqualTo(t.alarms().size());
        JsonNode latency = alarms.get("ddbr-orders-latency-getitem");
        assertThat(latency.get("extended_statistic").asText()).isEqualTo("p99");
        assertThat(latency.at("/dimensions/Operation").asText()).isEqualTo("GetItem");
        assertThat(alarms.at("/ddbr-orders-read-utilization/metric_query/0/metric/0/metric_name").asText())
                .isEqualTo("ConsumedReadCapacityUnits");
    }

    /**
     * A global table: Terraform holds both Regions, the replica Region's resources with the provider's per-resource
     * region argument (checked against the schema like the rest); CloudFormation, one stack per Region, the
     * profile's Region only.
     */
    @Test
    void multiRegionTerraformUsesTheRegionArgumentAndCloudFormationOneRegion() {
        Map<String, Integer> rpo = Map.of("orders", 30);
        List<AlarmSpec> home = AlarmSet.compute(AlarmSetTest.tables(), AlarmSetTest.profile("").alarms(), rpo, AlarmSetTest.REGION, null);
        List<AlarmSpec> replica = AlarmSet.compute(AlarmSetTest.tables(), AlarmSetTest.profile("").alarms(), rpo, "us-east-1", null)
                .stream().map(a -> AlarmService.inRegion(a, "us-east-1")).toList();
        Map<String, List<AlarmSpec>> by = new java.util.LinkedHashMap<>();
        by.put(AlarmSetTest.REGION, home);
        by.put("us-east-1", replica);
        AlarmTemplate t = new AlarmTemplate("prod", AlarmSetTest.REGION, by);

        JsonNode alarms = tree(t.toTemplate(OutputFormat.terraform)).at("/resource/aws_cloudwatch_metric_alarm");
        SchemaSubset schema = SchemaSubset.load("/schemas/terraform-aws-cloudwatch.json");
        List<String> problems = new ArrayList<>();
        alarms.fields().forEachRemaining(e -> problems.addAll(schema.check("aws_cloudwatch_metric_alarm", e.getValue(), e.getKey())));
        assertThat(problems).isEmpty();
        assertThat(alarms.size()).isEqualTo(home.size() + replica.size());
        assertThat(alarms.get("ddbr-orders-read-throttles").has("region")).isFalse();
        JsonNode there = alarms.get("ddbr-orders-read-throttles-us-east-1");
        assertThat(there.get("region").asText()).isEqualTo("us-east-1");
        assertThat(there.get("alarm_name").asText()).isEqualTo("ddbr-orders-read-throttles");
        // the replica Region's alarms notify the topic of the same name in their own Region
        assertThat(there.get("alarm_actions").get(0).asText()).startsWith("arn:aws:sns:us-east-1:");
        // replication latency from each Region towards the other
        assertThat(alarms.has("ddbr-orders-replication-latency-us-east-1")).isTrue();

        JsonNode cfn = tree(t.toTemplate(OutputFormat.cloudformation));
        assertThat(cfn.get("Resources").size()).isEqualTo(home.size());
    }

    @Test
    void theSchemaCheckCatchesWhatAwsWouldRefuse() {
        SchemaSubset schema = SchemaSubset.load("/schemas/cloudformation-cloudwatch.json");
        JsonNode bad = tree(Map.of("ComparisonOperator", "Bigger", "Treshold", 1, "EvaluationPeriods", "5"));
        assertThat(schema.check("AWS::CloudWatch::Alarm", bad, "X")).anySatisfy(p -> assertThat(p).contains("unknown property Treshold"))
                .anySatisfy(p -> assertThat(p).contains("is not one of"))
                .anySatisfy(p -> assertThat(p).contains("expected an integer"));
    }

    @Test
    void logicalIdsAndResourceNames() {
        assertThat(AlarmTemplate.logicalId("ddbr-orders.v2-read-throttles")).isEqualTo("DdbrOrdersV2ReadThrottles");
        assertThat(AlarmTemplate.terraformName("ddbr-orders.v2-x")).isEqualTo("ddbr-orders_v2-x");
    }
}
