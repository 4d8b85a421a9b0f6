package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeGlobalTable;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A global table's alarms in one run: replicas from {@link FakeGlobalTable} (two local "Regions"), CloudWatch and
 * SNS on moto, which keeps each Region apart by the Region the request is signed for. Plan on empty, apply, plan all
 * unchanged in both Regions; an extra alarm in the replica Region is found and pruned there and only there.
 */
@EmulatorTest
class AlarmsReplicaIT {
    static final String A = "us-east-1";
    static final String B = "us-west-2";
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    FakeGlobalTable fake;

    @AfterEach
    void tearDown() {
        if (fake != null) fake.close();
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B b, LocalAws aws, String region) {
        return b.endpointOverride(URI.create(aws.motoEndpoint())).region(Region.of(region)).credentialsProvider(CREDS).build();
    }

    static List<String> names(JsonNode plan, String action, String region) {
        List<String> out = new ArrayList<>();
        plan.get("changes").forEach(c -> {
            if (action.equals(c.get("action").asText()) && region.equals(c.get("region").asText())) out.add(c.get("alarm").asText());
        });
        return out;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    static Map<String, MetricAlarm> alarms(CloudWatchClient cw, String prefix) {
        Map<String, MetricAlarm> m = new TreeMap<>();
        cw.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix)).metricAlarms().forEach(a -> m.put(a.alarmName(), a));
        return m;
    }

    @Test
    void replicaRegionsGetTheirOwnAlarmsInOneRun(LocalAws aws) throws Exception {
        fake = FakeGlobalTable.start(aws, A, B);
        String table = LocalAws.uniqueName("alg");
        for (String r : new String[] {A, B}) {
            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(fake.backend(r))).region(Region.of(r))
                    .credentialsProvider(CREDS).build()) {
                ddb.createTable(c -> c.tableName(table).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
                waitUntil(() -> "ACTIVE".equals(ddb.describeTable(d -> d.tableName(table)).table().tableStatusAsString()));
            }
        }
        String topicName = LocalAws.uniqueName("page");
        String[] topic = new String[2];
        for (int i = 0; i < 2; i++) {
            try (SnsClient sns = client(SnsClient.builder(), aws, i == 0 ? A : B)) {
                topic[i] = sns.createTopic(r -> r.name(topicName)).topicArn();
            }
        }
        assertThat(topic[1]).isEqualTo(topic[0].replace(":" + A + ":", ":" + B + ":"));
        Path file = home.resolve(LocalAws.uniqueName("alg") + ".yaml");
        String profileName = file.getFileName().toString().replace(".yaml", "");
        Files.writeString(file, String.join("\n",
                "aws:",
                "  region: " + A,
                "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                fake.regionsYaml(),
                "tables:",
                "  - name: " + table,
                "alarms:",
                "  topics: {page: \"" + topic[0] + "\", ticket: \"" + topic[0] + "\"}",
                ""));
        Cli cli = Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
        String t = "ddbr-" + table + "-";

        // the replica Region lacks the topic: one line naming it, nothing changed
        try (SnsClient sns = client(SnsClient.builder(), aws, B)) {
            sns.deleteTopic(r -> r.topicArn(topic[1]));
            Cli.Result missing = cli.run("-p", file.toString(), "alarms", "apply", "--yes");
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(252);
            assertThat(missing.err().strip()).isEqualTo("ddbr: error: SNS topic '" + topic[1] + "' does not exist; nothing was "
                    + "changed (hint: a replica Region's alarms notify the topic of the same name in that Region: "
                    + "aws sns create-topic --name " + topicName + " --region " + B + ")");
            sns.createTopic(r -> r.name(topicName));
        }
        try (CloudWatchClient cwA = client(CloudWatchClient.builder(), aws, A)) {
            assertThat(alarms(cwA, t)).isEmpty();
        }

        // plan on empty: both Regions, every alarm named with its Region
        Cli.Result plan = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
        JsonNode p = JSON.readTree(plan.out());
        assertThat(p.get("regions").toString()).isEqualTo("[\"" + A + "\",\"" + B + "\"]");
        List<String> inA = names(p, "create", A);
        List<String> inB = names(p, "create", B);
        assertThat(inA).contains(t + "read-throttles", t + "read-utilization", t + "system-errors", t + "replication-latency-" + B,
                "ddbr-account-read-capacity-utilization");
        assertThat(inB).contains(t + "read-throttles", t + "read-utilization", t + "system-errors", t + "replication-latency-" + A,
                "ddbr-account-read-capacity-utilization");
        assertThat(inA).doesNotContain(t + "replication-latency-" + A);
        assertThat(inB).doesNotContain(t + "replication-latency-" + B);
        // the replica Region's alarms notify the topic of the same name in their own Region
        p.get("changes").forEach(c -> {
            String want = A.equals(c.get("region").asText()) ? topic[0] : topic[1];
            assertThat(c.at("/desired/alarmActions/0").asText()).as(c.get("alarm").asText()).isEqualTo(want);
        });

        // the text plan has a Region column
        Cli.Result text = cli.run("-p", file.toString(), "alarms", "plan");
        assertThat(text.out()).contains("+ create " + B + "  " + t + "read-throttles", "+ create " + A + "  " + t + "read-throttles");

        // apply: each alarm in its Region, tagged
        Cli.Result apply = cli.run("-p", file.toString(), "alarms", "apply", "--yes", "-o", "json");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        JsonNode applied = JSON.readTree(apply.out());
        assertThat(applied.get("results").size()).isEqualTo(inA.size() + inB.size());
        applied.get("results").forEach(o -> assertThat(o.get("result").asText()).isEqualTo("applied"));
        try (CloudWatchClient cwA = client(CloudWatchClient.builder(), aws, A);
             CloudWatchClient cwB = client(CloudWatchClient.builder(), aws, B)) {
            assertThat(alarms(cwA, t).keySet()).containsAll(inA.stream().filter(n -> n.startsWith(t)).toList());
            Map<String, MetricAlarm> b = alarms(cwB, t);
            assertThat(b.keySet()).containsAll(inB.stream().filter(n -> n.startsWith(t)).toList());
            assertThat(b.get(t + "replication-latency-" + A).dimensions())
                    .anySatisfy(d -> assertThat(d.name() + "=" + d.value()).isEqualTo("ReceivingRegion=" + A));
            var tags = cwB.listTagsForResource(r -> r.resourceARN(b.get(t + "read-throttles").alarmArn())).tags();
            assertThat(tags).anySatisfy(x -> assertThat(x.key() + "=" + x.value()).isEqualTo("ddbr:profile=" + profileName));

            // plan again: all unchanged, in both Regions
            Cli.Result again = cli.run("-p", file.toString(), "alarms", "plan", "-o", "json");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            JsonNode q = JSON.readTree(again.out());
            assertThat(q.get("changes").size()).isZero();
            List<String> unchangedRegions = new ArrayList<>();
            q.get("unchanged").forEach(u -> unchangedRegions.add(u.get("region").asText()));
            assertThat(unchangedRegions).hasSize(inA.size() + inB.size()).contains(A, B);

            // list: the table in each Region, the replica's alarms read from B
            Cli.Result list = cli.run("-p", file.toString(), "alarms", "list", "-o", "json");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            JsonNode lt = JSON.readTree(list.out()).get("tables");
            assertThat(lt.size()).isEqualTo(2);
            assertThat(lt.get(0).get("region").asText()).isEqualTo(A);
            assertThat(lt.get(1).get("region").asText()).isEqualTo(B);
            List<String> listedInB = new ArrayList<>();
            lt.get(1).get("alarms").forEach(x -> {
                listedInB.add(x.get("alarm").asText());
                assertThat(x.get("managedBy").asText()).isEqualTo("ddbr:" + profileName);
            });
            assertThat(listedInB).contains(t + "replication-latency-" + A).doesNotContain(t + "replication-latency-" + B);
            assertThat(cli.run("-p", file.toString(), "alarms", "list").out()).contains(table + " in " + B + " (");

            // the dashboard graphs the replica from its own Region, with an alarm widget for each Region
            Cli.Result dash = cli.run("-p", file.toString(), "dashboard", "plan", "-o", "json");
            assertThat(dash.exitCode()).as(dash.toString()).isIn(0, 1);
            List<String> graphRegions = new ArrayList<>();
            List<String> alarmTitles = new ArrayList<>();
            JSON.readTree(dash.out()).get("widgets").forEach(w -> {
                if ("metric".equals(w.get("type").asText())) graphRegions.add(w.at("/properties/region").asText());
                if ("alarm".equals(w.get("type").asText())) alarmTitles.add(w.at("/properties/title").asText());
            });
            assertThat(graphRegions).contains(A, B);
            assertThat(alarmTitles).containsExactly("ddbr alarms", "ddbr alarms in " + B);

            // an alarm of this profile that it no longer wants, in B only; a same-named hand-made one in A
            for (CloudWatchClient cw : List.of(cwA, cwB)) {
                boolean tagged = cw == cwB;
                cw.putMetricAlarm(r -> {
                    r.alarmName(t + "old").namespace("AWS/DynamoDB").metricName("ReadThrottleEvents")
                            .dimensions(d -> d.name("TableName").value(table)).statistic("Sum").period(60)
                            .evaluationPeriods(1).threshold(1.0).comparisonOperator("GreaterThanThreshold");
                    if (tagged) r.tags(x -> x.key("ddbr:managed").value("true"), x -> x.key("ddbr:profile").value(profileName));
                });
            }
            JsonNode extra = JSON.readTree(cli.run("-p", file.toString(), "alarms", "plan", "-o", "json").out());
            assertThat(names(extra, "extra", B)).containsExactly(t + "old");
            assertThat(names(extra, "extra", A)).isEmpty();
            Cli.Result prune = cli.run("-p", file.toString(), "alarms", "prune", "--yes", "-o", "json");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(JSON.readTree(prune.out()).get("deleted").toString())
                    .isEqualTo("[{\"alarm\":\"" + t + "old\",\"region\":\"" + B + "\"}]");
            assertThat(alarms(cwB, t + "old")).isEmpty();
            assertThat(alarms(cwA, t + "old")).containsKey(t + "old");
        }
    }
}
