package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * alarms plan / apply / prune / list end to end: tables on dynalite, CloudWatch alarms, tags and SNS on moto.
 * Names are unique per run (moto is shared); the profile's file name is the ddbr:profile tag.
 */
@EmulatorTest
class AlarmsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static JsonNode json(Cli.Result r) throws Exception { return JSON.readTree(r.out()); }

    static List<String> names(JsonNode plan, String action) {
        List<String> out = new ArrayList<>();
        plan.get("changes").forEach(c -> { if (action.equals(c.get("action").asText())) out.add(c.get("alarm").asText()); });
        return out;
    }

    static String profile(String page, String ticket, String latencyMs, String... tables) {
        StringBuilder b = new StringBuilder("tables:\n");
        for (String t : tables) {
            b.append("  - name: ").append(t).append('\n');
            if (t.equals(tables[0])) b.append("    alarms:\n      latency_ms: {GetItem: ").append(latencyMs).append("}\n");
        }
        b.append("alarms:\n  topics: {page: \"").append(page).append("\", ticket: \"").append(ticket).append("\"}\n");
        return b.toString();
    }

    @Test
    void planApplyPlanUpdateExtraPrune(LocalAws aws) throws Exception {
        String orders = LocalAws.uniqueName("al-orders");
        String events = LocalAws.uniqueName("al-events");
        String page;
        String ticket;
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint());
             SnsClient sns = TestClients.of(SnsClient.builder(), aws.motoEndpoint())) {
            ddb.createTable(r -> r.tableName(orders).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
            ddb.createTable(r -> r.tableName(events).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            page = sns.createTopic(r -> r.name(LocalAws.uniqueName("page"))).topicArn();
            ticket = sns.createTopic(r -> r.name(LocalAws.uniqueName("ticket"))).topicArn();
        }
        Path file = home.resolve(LocalAws.uniqueName("alarms") + ".yaml");
        Files.writeString(file, profile(page, ticket, "20", orders, events));
        Cli cli = Cli.local(home, aws);

        // an empty account (for these tables): everything is create, exit 1
        Cli.Result plan = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
        JsonNode p = json(plan);
        List<String> created = names(p, "create");
        assertThat(created).contains("ddbr-" + orders + "-read-throttles", "ddbr-" + orders + "-write-throttles",
                "ddbr-" + orders + "-key-range-throttles", "ddbr-" + orders + "-system-errors",
                "ddbr-" + orders + "-read-utilization", "ddbr-" + orders + "-latency-getitem",
                "ddbr-" + events + "-read-throttles", "ddbr-" + events + "-system-errors");
        // on-demand without a maximum: no utilization alarm
        assertThat(created).doesNotContain("ddbr-" + events + "-read-utilization", "ddbr-" + events + "-read-on-demand-maximum");
        // the account-level alarms are shared by every profile in the Region: another test's profile may own them
        assertThat(names(p, "update")).allSatisfy(n -> assertThat(n).startsWith("ddbr-account-"));

        // apply, then the plan is all unchanged
        Cli.Result apply = cli.run("-p", file.toString(), "alarms", "apply", "--yes", "-o", "json");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        json(apply).get("results").forEach(o -> assertThat(o.get("result").asText()).as(o.toString()).isEqualTo("applied"));
        Cli.Result again = cli.run("-p", file.toString(), "alarms", "plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("No changes:");

        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            String arn = cw.describeAlarms(r -> r.alarmNames("ddbr-" + orders + "-system-errors")).metricAlarms().get(0).alarmArn();
            assertThat(cw.listTagsForResource(r -> r.resourceARN(arn)).tags())
                    .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("ddbr:managed=true"))
                    .anySatisfy(t -> assertThat(t.key() + "=" + t.value())
                            .isEqualTo("ddbr:profile=" + file.getFileName().toString().replace(".yaml", "")));
            // SystemErrors carries TableName and Operation: summed with metric math, never by TableName alone
            var se = cw.describeAlarms(r -> r.alarmNames("ddbr-" + orders + "-system-errors")).metricAlarms().get(0);
            assertThat(se.metrics()).hasSize(11);
            assertThat(se.metrics().get(0).metricStat().metric().dimensions()).extracting(d -> d.name())
                    .containsExactlyInAnyOrder("TableName", "Operation");
            assertThat(se.alarmActions()).containsExactly(page);
        }

        // one threshold changed in the profile: exactly one update, with the threshold among its fields
        Files.writeString(file, profile(page, ticket, "35", orders, events));
        Cli.Result changed = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json");
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
        JsonNode c = json(changed);
        assertThat(names(c, "update")).containsExactly("ddbr-" + orders + "-latency-getitem");
        assertThat(names(c, "create")).isEmpty();
        assertThat(c.at("/changes/0/fields").toString()).contains("\"field\":\"threshold\"", "\"from\":\"20\"", "\"to\":\"35\"");
        assertThat(cli.run("-p", file.toString(), "alarms", "apply", "--yes").exitCode()).isZero();

        // a hand-made alarm on the same metric as one of ddbr's
        String hand = LocalAws.uniqueName("hand-made");
        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            cw.putMetricAlarm(r -> r.alarmName(hand).namespace("AWS/DynamoDB").metricName("ReadThrottleEvents")
                    .dimensions(d -> d.name("TableName").value(events)).statistic("Sum").period(60).evaluationPeriods(1)
                    .threshold(0.0).comparisonOperator("GreaterThanThreshold"));
        }

        // a table removed from the profile: its alarms are extra, prune deletes them and nothing else
        Files.writeString(file, profile(page, ticket, "35", orders));
        Cli.Result removed = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json");
        assertThat(removed.exitCode()).as(removed.toString()).isEqualTo(1);
        List<String> extra = names(json(removed), "extra");
        assertThat(extra).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("ddbr-" + events + "-"));
        assertThat(names(json(removed), "update")).isEmpty();

        Cli.Result refused = cli.run("-p", file.toString(), "alarms", "prune");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
        Cli.Result prune = cli.run("-p", file.toString(), "alarms", "prune", "--yes", "-o", "json");
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        List<String> deleted = new ArrayList<>();
        json(prune).get("deleted").forEach(n -> deleted.add(n.get("alarm").asText()));
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(extra);
        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            assertThat(cw.describeAlarms(r -> r.alarmNames(hand)).metricAlarms()).hasSize(1);
            assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("ddbr-" + events + "-")).metricAlarms()).isEmpty();
            assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("ddbr-" + orders + "-")).metricAlarms()).isNotEmpty();
        }
        Cli.Result clean = cli.run("-p", file.toString(), "alarms", "plan");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();

        // the audit sees ddbr's alarms, the metric-math SystemErrors one included
        Cli.Result audit = cli.withMaxAttempts(1).run("audit", orders, "--no-iam", "--no-dax", "-o", "json");
        List<String> rules = new ArrayList<>();
        json(audit).get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        assertThat(rules).as(audit.toString()).isNotEmpty().doesNotContain("alarm-throttling", "alarm-system-errors");

        // list: ddbr's alarms and the hand-made one, each with its manager
        Cli.Result list = cli.run("-p", file.toString(), "alarms", "list", orders, events, "-o", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode l = json(list);
        assertThat(l.at("/tables/0/alarms").size()).isGreaterThan(5);
        assertThat(l.at("/tables/0/alarms/0/managedBy").asText()).startsWith("ddbr:alarms-");
        assertThat(l.at("/tables/1/alarms/0/alarm").asText()).isEqualTo(hand);
        assertThat(l.at("/tables/1/alarms/0/managedBy").isNull()).isTrue();
    }

    @Test
    void badInputIsOneLineAndAppliesNothing(LocalAws aws) throws Exception {
        String t = LocalAws.uniqueName("al-bad");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            ddb.createTable(r -> r.tableName(t).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
        }
        Path file = home.resolve(LocalAws.uniqueName("bad") + ".yaml");
        Files.writeString(file, "tables:\n  - name: " + t + "\n");
        Cli cli = Cli.local(home, aws);

        Cli.Result malformed = cli.run("-p", file.toString(), "alarms", "apply", "--yes", "--topic", "arn:aws:sns:us-east-1:12:x");
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(252);
        assertThat(malformed.errLine()).startsWith("ddbr: ").contains("invalid SNS topic ARN").doesNotContain("\n");

        Cli.Result missing = cli.run("-p", file.toString(), "alarms", "apply", "--yes", "--topic",
                "arn:aws:sns:us-east-1:123456789012:" + LocalAws.uniqueName("nope"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(252);
        assertThat(missing.errLine()).contains("does not exist").doesNotContain("\n");

        Files.writeString(file, "tables:\n  - name: " + t + "\n    alarms:\n      latency_ms: {GetItme: 10}\n");
        Cli.Result op = cli.run("-p", file.toString(), "alarms", "plan");
        assertThat(op.exitCode()).as(op.toString()).isEqualTo(253);
        assertThat(op.errLine()).contains(":4:", "did you mean 'GetItem'?");

        Files.writeString(file, "tables:\n  - name: " + t + "\nalarms:\n  utilization_percent: 0\n");
        Cli.Result range = cli.run("-p", file.toString(), "alarms", "plan");
        assertThat(range.exitCode()).as(range.toString()).isEqualTo(253);
        assertThat(range.errLine()).contains("alarms.utilization_percent must be between 1 and 100");

        Files.writeString(file, "tables:\n  - name: " + t + "\nalarms:\n  topics: {page: \"arn:aws:sqs:us-east-1:123456789012:q\"}\n");
        Cli.Result profileArn = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
        assertThat(profileArn.exitCode()).as(profileArn.toString()).isEqualTo(253);
        assertThat(profileArn.errLine()).contains("SNS topic ARN").doesNotContain("\n");

        Files.writeString(file, "tables:\n  - name: " + t + "\nalarms:\n  topics: {page: \"arn:aws:sns:us-east-1:123456789012:"
                + LocalAws.uniqueName("gone") + "\"}\n");
        Cli.Result profileMissing = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
        assertThat(profileMissing.exitCode()).as(profileMissing.toString()).isEqualTo(252);
        assertThat(profileMissing.errLine()).contains("does not exist", "nothing was changed");

        Files.writeString(file, "tables:\n  - name: " + t + "\n    alarms:\n      operations: [GetItem, Scna]\n");
        Cli.Result ops = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
        assertThat(ops.exitCode()).as(ops.toString()).isEqualTo(253);
        assertThat(ops.errLine()).contains("Scna").doesNotContain("\n");

        Files.writeString(file, "tables:\n  - name: " + t + "\n    alarms:\n      latency_ms: {GetItem: 0}\n");
        Cli.Result latency = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
        assertThat(latency.exitCode()).as(latency.toString()).isEqualTo(253);
        assertThat(latency.errLine()).contains("latency_ms").doesNotContain("\n");

        Files.writeString(file, "tables:\n  - name: " + t + "\n");
        Path report = home.resolve("load.json");
        Files.writeString(report, "{\"table\": \"other\", \"operations\": [{\"name\": \"get\", \"latencyMs\": {\"p99\": 4}}]}");
        Cli.Result notListed = cli.run("-p", file.toString(), "alarms", "apply", "--yes", "--from-load", report.toString());
        assertThat(notListed.exitCode()).as(notListed.toString()).isEqualTo(252);
        assertThat(notListed.errLine()).contains("is for table 'other', which the profile does not list");
        Cli.Result notJson = cli.run("-p", file.toString(), "alarms", "plan", "--from-load", file.toString());
        assertThat(notJson.exitCode()).as(notJson.toString()).isEqualTo(252);
        assertThat(notJson.errLine()).contains("is not readable JSON").doesNotContain("\n");

        // a good report: the plan creates the latency alarm it measured, and says where the threshold comes from
        Files.writeString(report, "{\"table\": \"other\", \"operations\": [{\"name\": \"put\", \"count\": 10, \"latencyMs\": {\"p99\": 4.2}}]}");
        Cli.Result fromLoad = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json", "--from-load", t + "=" + report);
        assertThat(fromLoad.exitCode()).as(fromLoad.toString()).isEqualTo(1);
        JsonNode planned = json(fromLoad);
        assertThat(names(planned, "create")).contains("ddbr-" + t + "-latency-putitem");
        assertThat(planned.at("/fromLoad/0/derivedMs").asInt()).isEqualTo(7);
        assertThat(planned.at("/fromLoad/0/used").asText()).isEqualTo("load");

        Files.writeString(file, "tables:\n  - name: " + LocalAws.uniqueName("al-none") + "\n");
        Cli.Result none = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(254);
        assertThat(none.errLine()).contains("not found");

        try (CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint())) {
            assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("ddbr-" + t)).metricAlarms()).isEmpty();
        }
    }
}
