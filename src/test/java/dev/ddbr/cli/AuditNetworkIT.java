package dev.ddbr.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * ddbr audit end to end for what a profile promises: a profile table that is gone fails the audit, an AWS owned key
 * is reported by default, VPC endpoints on moto's EC2 (VPCs, subnets, route tables, endpoints), and a replicated
 * table ({@link FakeGlobalTable}: DescribeTable with Replicas, resource policies) whose policy denies everything
 * outside a VPC endpoint without exempting the replication role.
 */
@EmulatorTest
class AuditNetworkIT {
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B b, String endpoint, String region) {
        return b.endpointOverride(URI.create(endpoint)).region(Region.of(region)).credentialsProvider(CREDS).build();
    }

    /** Polls until the condition holds (10 s at most): the emulator creates tables asynchronously. */
    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    Path profile(String... lines) throws Exception {
        Path p = home.resolve("audit-" + System.nanoTime() + ".yaml");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    static List<JsonNode> rule(JsonNode report, String rule) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> { if (rule.equals(f.get("rule").asText())) out.add(f); });
        return out;
    }

    @Test
    void aProfileTableThatDoesNotExistFailsTheAuditAndAnAwsOwnedKeyIsReportedByDefault(LocalAws aws) throws Exception {
        String present = LocalAws.uniqueName("audit-present");
        String gone = LocalAws.uniqueName("audit-gone");
        try (DynamoDbClient ddb = client(DynamoDbClient.builder(), aws.motoEndpoint(), "us-east-1")) {
            ddb.createTable(r -> r.tableName(present).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
        }
        Path p = profile("aws:", "  retry: {max_attempts: 1}", "tables:", "  - name: " + present, "  - name: " + gone,
                "audit:", "  fail_on: high");
        Cli cli = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
        Cli.Result r = cli.run("-p", p.toString(), "audit", "--no-iam", "--no-dax", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.at("/summary/account").asText()).isEqualTo("123456789012");
        assertThat(j.at("/summary/region").asText()).isEqualTo("us-east-1");
        assertThat(rule(j, "table-missing")).singleElement().satisfies(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("high");
            assertThat(f.get("table").asText()).isEqualTo(gone);
            assertThat(f.get("message").asText()).contains("does not exist in account 123456789012, Region us-east-1");
            assertThat(f.get("remediation").asText()).contains("ddbr restore backup BACKUP_ARN --target " + gone);
        });
        // moto's CreateTable without SSESpecification: an AWS owned key, reported in the default audit, low
        assertThat(rule(j, "kms-customer-managed")).singleElement().satisfies(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("low");
            assertThat(f.get("table").asText()).isEqualTo(present);
            assertThat(f.get("remediation").asText()).contains("aws kms create-key", "KMSMasterKeyId=\"$KEY_ARN\"");
        });
        Cli.Result text = cli.run("-p", p.toString(), "audit", "--no-iam", "--no-dax");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).contains("HIGH      table-missing: ").contains("in account 123456789012, Region us-east-1)");
    }

    @Test
    void vpcEndpointsOnMotoEc2(LocalAws aws) throws Exception {
        String table = LocalAws.uniqueName("audit-vpc");
        String vpc;
        String bare;
        String privateTable;
        String endpoint;
        try (DynamoDbClient ddb = client(DynamoDbClient.builder(), aws.motoEndpoint(), "us-east-1");
             Ec2Client ec2 = client(Ec2Client.builder(), aws.motoEndpoint(), "us-east-1")) {
            ddb.createTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
            bare = ec2.createVpc(r -> r.cidrBlock("10.43.0.0/16")).vpc().vpcId();
            String v = vpc;
            ec2.createSubnet(r -> r.vpcId(v).cidrBlock("10.42.1.0/24"));        // uses the main route table
            String b = ec2.createSubnet(r -> r.vpcId(v).cidrBlock("10.42.2.0/24")).subnet().subnetId();
            privateTable = ec2.createRouteTable(r -> r.vpcId(v)).routeTable().routeTableId();
            String pt = privateTable;
            ec2.associateRouteTable(r -> r.routeTableId(pt).subnetId(b));
            String main = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(v))).routeTables().stream()
                    .filter(rt -> rt.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))).findFirst().orElseThrow().routeTableId();
            // a gateway endpoint on the main route table only, with a policy open to every table
            endpoint = ec2.createVpcEndpoint(r -> r.vpcId(v).vpcEndpointType("Gateway").serviceName("com.amazonaws.us-east-1.dynamodb")
                    .routeTableIds(main).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                            + "\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}]}")).vpcEndpoint().vpcEndpointId();
        }
        Path p = profile("aws:", "  retry: {max_attempts: 1}", "tables:", "  - name: " + table, "audit:", "  vpcs: [" + vpc + "]");
        Cli cli = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
        Cli.Result r = cli.run("-p", p.toString(), "audit", "--no-iam", "--no-dax", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = JSON.readTree(r.out());
        assertThat(rule(j, "vpc-endpoint-route-tables")).singleElement().satisfies(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("medium");
            assertThat(f.get("message").asText()).contains("route table " + privateTable);
        });
        String ep = endpoint;
        assertThat(rule(j, "vpc-endpoint-policy")).singleElement().satisfies(f -> {
            assertThat(f.get("resource").asText()).endsWith(":vpc-endpoint/" + ep);
            assertThat(f.get("message").asText()).contains("allows Resource *");
        });
        assertThat(rule(j, "vpc-endpoint-dynamodb")).isEmpty(); // only audit.vpcs were checked

        Cli.Result all = cli.run("-p", p.toString(), "audit", "--no-iam", "--no-dax", "--all-vpcs", "-o", "json");
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        String b = bare;
        assertThat(rule(JSON.readTree(all.out()), "vpc-endpoint-dynamodb"))
                .anySatisfy(f -> {
                    assertThat(f.get("resource").asText()).endsWith(":vpc/" + b);
                    assertThat(f.get("remediation").asText()).startsWith("aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id " + b);
                })
                .noneSatisfy(f -> assertThat(f.get("resource").asText()).endsWith(":vpc/" + vpc));

        // a VPC the profile names that does not exist is not evaluated, not silently passed
        Path typo = profile("aws:", "  retry: {max_attempts: 1}", "tables:", "  - name: " + table, "audit:", "  vpcs: [vpc-0000000000000dead]");
        Cli.Result t = cli.run("-p", typo.toString(), "audit", "--no-iam", "--no-dax", "-o", "json");
        assertThat(t.out()).contains("could not evaluate VPC vpc-0000000000000dead (audit.vpcs): it does not exist in us-east-1");
        // and a malformed id is a profile error (253), with the line and a hint
        Path bad = profile("audit:", "  vpcs: [vpc-xyz]");
        Cli.Result e = cli.run("-p", bad.toString(), "audit", "--no-iam", "--no-dax");
        assertThat(e.exitCode()).as(e.toString()).isEqualTo(253);
        assertThat(e.err()).contains("vpc-xyz").contains("vpc-0123456789abcdef0");
    }

    @Test
    void aReplicatedTableDenyingEverythingOutsideAVpcEndpointWithoutTheReplicationExemptionIsCritical(LocalAws aws) throws Exception {
        String a = "us-east-1";
        String b = "us-west-2";
        try (FakeGlobalTable fake = FakeGlobalTable.start(aws, a, b)) {
            String table = LocalAws.uniqueName("audit-gt");
            for (String r : new String[] {a, b}) {
                try (DynamoDbClient ddb = client(DynamoDbClient.builder(), fake.backend(r), r)) {
                    ddb.createTable(c -> c.tableName(table).attributeDefinitions(x -> x.attributeName("pk").attributeType("S"))
                            .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
                    waitUntil(() -> "ACTIVE".equals(ddb.describeTable(d -> d.tableName(table)).table().tableStatusAsString()));
                }
            }
            try (DynamoDbClient ddb = client(DynamoDbClient.builder(), fake.endpoint(a), a)) {
                String arn = ddb.describeTable(d -> d.tableName(table)).table().tableArn();
                ddb.putResourcePolicy(x -> x.resourceArn(arn).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"vpce-only\","
                        + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\",\"Resource\":\"" + arn + "\","
                        + "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-0123456789abcdef0\"}}}]}"));
            }
            Path p = profile("aws:", "  region: " + a, "  retry: {max_attempts: 1}",
                    "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                    "  regions:",
                    "    " + a + ": {endpoints: {dynamodb: \"" + fake.endpoint(a) + "\"}}",
                    "    " + b + ": {endpoints: {dynamodb: \"" + fake.endpoint(b) + "\"}}",
                    "tables:", "  - name: " + table);
            Cli cli = Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
            Cli.Result r = cli.run("-p", p.toString(), "audit", "--no-iam", "--no-dax", "--fail-on", "critical", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            JsonNode j = JSON.readTree(r.out());
            assertThat(rule(j, "resource-policy-service-roles")).singleElement().satisfies(f -> {
                assertThat(f.get("severity").asText()).isEqualTo("critical");
                assertThat(f.get("table").asText()).isEqualTo(table);
                assertThat(f.get("message").asText()).contains("Deny statement 'vpce-only'", "AWSServiceRoleForDynamoDBReplication",
                        "single-Region table after 20 hours");
                assertThat(f.get("remediation").asText()).contains("ArnNotLike", "AWSServiceRoleForDynamoDBReplication");
            });
            assertThat(rule(j, "resource-policy-network")).singleElement()
                    .satisfies(f -> assertThat(f.get("severity").asText()).isEqualTo("info"));
        }
    }
}
