package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * ddbr audit end to end on moto (DynamoDB control plane, KMS, IAM, Application Auto Scaling, CloudWatch):
 * a neglected and a hardened table, a wildcard admin role and a narrow reader role.
 */
@EmulatorTest
class AuditIT {
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static String neglected;
    static String hardened;
    static String keyArn;
    static String admin;
    static String reader;
    static String group;

    @TempDir
    Path home;

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B b, LocalAws aws) {
        return b.endpointOverride(URI.create(aws.motoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @BeforeAll
    static void fixtures(LocalAws aws) {
        neglected = LocalAws.uniqueName("audit-neglected");
        hardened = LocalAws.uniqueName("audit-hardened");
        admin = LocalAws.uniqueName("audit-admin");
        reader = LocalAws.uniqueName("audit-reader");
        group = LocalAws.uniqueName("audit-admins");
        try (DynamoDbClient ddb = client(DynamoDbClient.builder(), aws); KmsClient kms = client(KmsClient.builder(), aws);
             IamClient iam = client(IamClient.builder(), aws); CloudWatchClient cw = client(CloudWatchClient.builder(), aws)) {
            ddb.createTable(r -> r.tableName(neglected).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
            keyArn = kms.createKey(r -> r.description("audit it")).keyMetadata().arn();
            kms.enableKeyRotation(r -> r.keyId(keyArn));
            ddb.createTable(r -> r.tableName(hardened).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .deletionProtectionEnabled(true)
                    .sseSpecification(s -> s.enabled(true).sseType("KMS").kmsMasterKeyId(keyArn)));
            ddb.updateContinuousBackups(r -> r.tableName(hardened).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            ddb.createBackup(r -> r.tableName(hardened).backupName(hardened + "-1"));
            for (String metric : List.of("WriteThrottleEvents", "SystemErrors")) {
                cw.putMetricAlarm(r -> r.alarmName(hardened + "-" + metric).namespace("AWS/DynamoDB").metricName(metric)
                        .dimensions(d -> d.name("TableName").value(hardened)).statistic("Sum").period(60).evaluationPeriods(1)
                        .threshold(0.0).comparisonOperator("GreaterThanThreshold"));
            }
            iam.createRole(r -> r.roleName(admin).assumeRolePolicyDocument(TRUST));
            iam.putRolePolicy(r -> r.roleName(admin).policyName("everything").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            // An empty group with admin rights: nobody uses it yet, one AddUserToGroup away from mattering.
            iam.createGroup(r -> r.groupName(group));
            iam.putGroupPolicy(r -> r.groupName(group).policyName("everything").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}]}"));
            iam.createRole(r -> r.roleName(reader).assumeRolePolicyDocument(TRUST));
            iam.putRolePolicy(r -> r.roleName(reader).policyName("read").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",\"dynamodb:Query\","
                            + "\"dynamodb:DescribeTable\"],\"Resource\":\"arn:aws:dynamodb:us-east-1:123456789012:table/" + hardened + "\"}]}"));
        }
    }

    Cli cli(LocalAws aws) {
        // moto answers the APIs it lacks (Contributor Insights, Kinesis destinations, backup selections) with HTTP 500,
        // which the SDK retries with backoff: one attempt keeps the test to seconds.
        // moto has the control-plane DynamoDB APIs (PITR, backups, resource policies) that dynalite lacks.
        return Cli.local(home, aws).withMaxAttempts(1).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    static List<JsonNode> findings(JsonNode report, String table) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> { if (table.equals(f.get("table").asText(null))) out.add(f); });
        return out;
    }

    @Test
    void neglectedVersusHardenedAndWildcardAdminVersusNarrowReader(LocalAws aws) throws Exception {
        Cli.Result r = cli(aws).run("audit", neglected, hardened, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/summary/tables").toString()).contains(neglected, hardened);
        assertThat(j.at("/summary/failed").asBoolean()).isTrue();

        List<String> bad = findings(j, neglected).stream().map(f -> f.get("rule").asText()).toList();
        assertThat(bad).contains("pitr-enabled", "deletion-protection", "auto-scaling", "alarm-throttling", "alarm-system-errors");
        JsonNode pitr = findings(j, neglected).stream().filter(f -> f.get("rule").asText().equals("pitr-enabled")).findFirst().orElseThrow();
        assertThat(pitr.get("control").asText()).isEqualTo("DynamoDB.2");
        assertThat(pitr.get("severity").asText()).isEqualTo("high");
        assertThat(pitr.get("resource").asText()).endsWith(":table/" + neglected);

        // The hardened table: nothing but "could not evaluate" (moto lacks some APIs) and, where moto has no backup
        // plans at all, the plan check; and the IAM findings of principals that can destroy or weaken it.
        for (JsonNode f : findings(j, hardened)) {
            String rule = f.get("rule").asText();
            if (rule.startsWith("iam-")) continue;
            assertThat(rule).as(f.toString()).isIn("not-evaluated", "backup-plan");
        }
        assertThat(findings(j, hardened)).anySatisfy(f -> assertThat(f.get("message").asText()).startsWith("could not evaluate"));

        String adminArn = "arn:aws:iam::123456789012:role/" + admin;
        List<String> adminRules = new ArrayList<>();
        j.get("findings").forEach(f -> { if (adminArn.equals(f.get("resource").asText())) adminRules.add(f.get("rule").asText()
                + "@" + f.get("table").asText(null)); });
        assertThat(adminRules).contains("iam-dynamodb-wildcard@null", "iam-can-destroy@" + hardened, "iam-can-weaken@" + hardened,
                "iam-can-destroy@" + neglected);
        JsonNode destroy = findings(j, hardened).stream().filter(f -> f.get("rule").asText().equals("iam-can-destroy")
                && f.get("resource").asText().equals(adminArn)).findFirst().orElseThrow();
        assertThat(destroy.get("message").asText()).contains("disable its KMS key");   // the table has a customer managed key
        assertThat(r.out()).doesNotContain("role/" + reader);
        String groupArn = "arn:aws:iam::123456789012:group/" + group;
        List<String> groupRules = new ArrayList<>();
        j.get("findings").forEach(f -> { if (groupArn.equals(f.get("resource").asText())) groupRules.add(f.get("rule").asText()
                + "@" + f.get("table").asText(null)); });
        assertThat(groupRules).contains("iam-dynamodb-wildcard@null", "iam-can-destroy@" + neglected, "iam-can-weaken@" + hardened);
        JsonNode groupDestroy = findings(j, neglected).stream().filter(f -> f.get("rule").asText().equals("iam-can-destroy")
                && f.get("resource").asText().equals(groupArn)).findFirst().orElseThrow();
        assertThat(groupDestroy.get("message").asText()).startsWith("group " + group + " can delete the table");
        assertThat(groupDestroy.get("remediation").asText()).startsWith("aws iam put-group-policy --group-name " + group + " ");
        assertThat(j.at("/summary/principals").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void disabledKeyIsCriticalAndFailOnControlsTheExitCode(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("audit-locked");
        String key;
        try (DynamoDbClient ddb = client(DynamoDbClient.builder(), aws); KmsClient kms = client(KmsClient.builder(), aws)) {
            var md = kms.createKey(r -> r.description("to disable")).keyMetadata();
            key = md.arn();
            ddb.createTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .sseSpecification(s -> s.enabled(true).sseType("KMS").kmsMasterKeyId(key)));
            kms.disableKey(r -> r.keyId(md.keyId())); // moto answers 500 to DisableKey by ARN
        }
        Cli.Result r = cli(aws).run("audit", table, "--no-iam", "--fail-on", "critical");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("Table " + table + ":").contains("CRITICAL  kms-key-state")
                .contains("fix: aws kms enable-key --key-id " + key).contains("FAIL: 1 of");

        // Everything but the critical finding is below "critical": with a healthy table the same threshold passes.
        Cli.Result ok = cli(aws).run("audit", neglected, "--no-iam", "--fail-on", "critical");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("PASS: no finding at or above critical");
    }

    @Test
    void sarifOutputIsForAuditOnly(LocalAws aws) throws Exception {
        Cli.Result r = cli(aws).run("audit", neglected, "--no-iam", "-o", "sarif");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertThat(s.get("version").asText()).isEqualTo("2.1.0");
        assertThat(s.at("/runs/0/results").size()).isPositive();

        Cli.Result other = cli(aws).run("table", "list", "-o", "sarif");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(252);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).isEqualTo("ddbr: error: -o sarif is only for 'ddbr audit' (hint: use -o text, json or yaml)\n");
    }

    @Test
    void missingNamedTableIs254AndBadSeverityIsAUsageError(LocalAws aws) throws Exception {
        Cli.Result r = cli(aws).run("audit", "no-such-table-audit");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.out()).isEmpty();
        Cli.Result bad = cli(aws).run("audit", neglected, "--fail-on", "severe");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("expected one of critical, high, medium, low, info");
    }

    @Test
    void peakConsumedCapacityFromCloudWatchAgainstTheAutoScalingMaximum(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("audit-busy");
        java.time.Instant minute = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(java.time.Duration.ofDays(3));
        try (DynamoDbClient ddb = client(DynamoDbClient.builder(), aws); CloudWatchClient cw = client(CloudWatchClient.builder(), aws);
             var as = client(software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient.builder(), aws)) {
            ddb.createTable(r -> r.tableName(table)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("st").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(10L))
                    .globalSecondaryIndexes(g -> g.indexName("by-status").keySchema(k -> k.attributeName("st").keyType("HASH"))
                            .projection(p -> p.projectionType("KEYS_ONLY")).provisionedThroughput(t -> t.readCapacityUnits(4L).writeCapacityUnits(10L))));
            for (String dim : List.of("Read", "Write")) {
                as.registerScalableTarget(r -> r.serviceNamespace("dynamodb").resourceId("table/" + table)
                        .scalableDimension("dynamodb:table:" + dim + "CapacityUnits").minCapacity(5).maxCapacity(20));
                as.putScalingPolicy(r -> r.policyName(table + "-" + dim).serviceNamespace("dynamodb").resourceId("table/" + table)
                        .scalableDimension("dynamodb:table:" + dim + "CapacityUnits").policyType("TargetTrackingScaling")
                        .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).predefinedMetricSpecification(
                                m -> m.predefinedMetricType("DynamoDB" + dim + "CapacityUtilization"))));
            }
            // Table writes: 1,080 units in the busiest minute = 18 WCU/s, 90% of the auto scaling maximum 20; a quiet
            // minute an hour later. GSI reads: 300 units in a minute = 5 RCU/s, over its fixed 4 RCU (no auto scaling).
            put(cw, table, null, "ConsumedWriteCapacityUnits", minute.plusSeconds(5), 600);
            put(cw, table, null, "ConsumedWriteCapacityUnits", minute.plusSeconds(30), 480);
            put(cw, table, null, "ConsumedWriteCapacityUnits", minute.plusSeconds(3600), 60);
            put(cw, table, null, "ConsumedReadCapacityUnits", minute.plusSeconds(5), 120);
            put(cw, table, "by-status", "ConsumedReadCapacityUnits", minute.plusSeconds(10), 300);
        }
        Cli.Result r = cli(aws).run("audit", table, "--no-iam", "--no-dax", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<JsonNode> headroom = findings(new ObjectMapper().readTree(r.out()), table).stream()
                .filter(f -> f.get("rule").asText().equals("capacity-headroom")).toList();
        String at = minute.toString().replace("T", " ").replace(":00Z", " UTC");
        assertThat(headroom).hasSize(2);
        assertThat(headroom).anySatisfy(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("medium");
            assertThat(f.get("message").asText()).isEqualTo("table writes peaked at 18.0 WCU/s (busiest minute of the last 14 days, " + at
                    + "): 90% of 20 WCU/s, the auto scaling maximum; the next peak may throttle.");
            assertThat(f.get("remediation").asText()).isEqualTo("aws application-autoscaling register-scalable-target --service-namespace dynamodb"
                    + " --resource-id table/" + table + " --scalable-dimension dynamodb:table:WriteCapacityUnits --max-capacity 36");
        });
        assertThat(headroom).anySatisfy(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("high");
            assertThat(f.get("message").asText()).startsWith("GSI by-status reads peaked at 5.0 RCU/s")
                    .contains("125% of 4 RCU/s, the provisioned capacity (no auto scaling); requests above it are throttled.");
        });
        // table reads: 2 RCU/s of 20 is fine
        assertThat(headroom).noneSatisfy(f -> assertThat(f.get("message").asText()).startsWith("table reads"));
    }

    static void put(CloudWatchClient cw, String table, String index, String metric, java.time.Instant at, double value) {
        List<software.amazon.awssdk.services.cloudwatch.model.Dimension> dims = new ArrayList<>();
        dims.add(software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name("TableName").value(table).build());
        if (index != null) dims.add(software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
        cw.putMetricData(r -> r.namespace("AWS/DynamoDB").metricData(d -> d.metricName(metric).dimensions(dims).timestamp(at).value(value)));
    }
}
