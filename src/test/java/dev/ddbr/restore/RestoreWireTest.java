package dev.ddbr.restore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.TableSettings;
import dev.ddbr.testing.Cli;
import dev.ddbr.util.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire tests for what moto cannot show: the exact RestoreTableToPointInTime request, AWS's window check, a
 * target that exists, throttling during the wait and restores that take hours (on a simulated clock). The real
 * SDK talks HTTP to WireMock, which answers as AWS does.
 */
public class RestoreWireTest {
    static final String ACCOUNT = "111111111111";
    static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String JSON = "application/x-amz-json-1.0";

    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.withUnknownApisUnsupported();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    public static MappingBuilder ddb(String op) {
        return post("/").withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + op));
    }

    static MappingBuilder target(String t) {
        return post("/").withHeader("X-Amz-Target", equalTo(t));
    }

    public static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    static ResponseDefinitionBuilder error(String code, String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", JSON)
                .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message + "\"}");
    }

    static String table(String name, String status) {
        return "{\"Table\":" + tableDescription(name, status) + "}";
    }

    static String table(String name, String status, boolean onDemand) {
        return "{\"Table\":" + tableDescription(name, status, onDemand) + "}";
    }

    static String tableDescription(String name, String status, boolean onDemand) {
        return onDemand ? onDemandDescription(name, status) : tableDescription(name, status);
    }

    /**
     * An on-demand table with two GSIs, as DescribeTable shows it on AWS: ProvisionedThroughput 0/0 on the table and
     * on each index, OnDemandThroughput -1 (no maximum) except the maximum of 500 reads set on 'by-day'.
     */
    static String onDemandDescription(String name, String status) {
        String zero = "\"ProvisionedThroughput\":{\"NumberOfDecreasesToday\":0,\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0}";
        return "{\"TableName\":\"" + name + "\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/" + name + "\","
                + "\"TableStatus\":\"" + status + "\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"status\",\"AttributeType\":\"S\"},"
                + "{\"AttributeName\":\"day\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\"}," + zero + ","
                + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":-1,\"MaxWriteRequestUnits\":-1},"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by-status\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"},\"IndexStatus\":\"ACTIVE\"," + zero + ","
                + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":-1,\"MaxWriteRequestUnits\":-1}},"
                + "{\"IndexName\":\"by-day\",\"KeySchema\":[{\"AttributeName\":\"day\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"total\"]},\"IndexStatus\":\"ACTIVE\"," + zero + ","
                + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":500,\"MaxWriteRequestUnits\":-1}}],"
                + "\"SSEDescription\":{\"Status\":\"ENABLED\",\"SSEType\":\"KMS\",\"KMSMasterKeyArn\":\"" + KEY + "\"}}";
    }

    /**
     * The overrides AWS accepts for the on-demand source above: PAY_PER_REQUEST, no ProvisionedThroughput anywhere
     * (AWS refuses any with PAY_PER_REQUEST, and 0 is below its minimum of 1), and only the maximums that are set.
     */
    static final String ON_DEMAND_OVERRIDES = "\"BillingModeOverride\":\"PAY_PER_REQUEST\","
            + "\"GlobalSecondaryIndexOverride\":["
            + "{\"IndexName\":\"by-status\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"}],"
            + "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}},"
            + "{\"IndexName\":\"by-day\",\"KeySchema\":[{\"AttributeName\":\"day\",\"KeyType\":\"HASH\"}],"
            + "\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"total\"]},"
            + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":500}}],"
            + "\"SSESpecificationOverride\":{\"Enabled\":true,\"SSEType\":\"KMS\",\"KMSMasterKeyId\":\"" + KEY + "\"}";

    /** A request body as JSON, RestoreDateTime (a number the SDK may write either way) checked and taken out. */
    static JsonNode withoutTime(JsonNode body) {
        com.fasterxml.jackson.databind.node.ObjectNode o = body.deepCopy();
        if (o.has("RestoreDateTime")) {
            assertThat(o.get("RestoreDateTime").asDouble()).isEqualTo(1714557600.0);
            o.remove("RestoreDateTime");
        }
        return o;
    }

    static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    static String tableDescription(String name, String status) {
        return "{\"TableName\":\"" + name + "\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/" + name + "\","
                + "\"TableStatus\":\"" + status + "\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"status\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"BillingModeSummary\":{\"BillingMode\":\"PROVISIONED\"},"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5},"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by-status\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"},\"IndexStatus\":\"ACTIVE\","
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":4,\"WriteCapacityUnits\":2}}],"
                + "\"SSEDescription\":{\"Status\":\"ENABLED\",\"SSEType\":\"KMS\",\"KMSMasterKeyArn\":\"" + KEY + "\"}}";
    }

    /** A source 'orders' with PITR from 2024-04-30T00:00Z to 2024-05-01T12:00Z and a customer-managed key. */
    void stubSource() {
        stubSource(wm);
    }

    /** Also used by other wire tests that need a described table ('orders', key pk) and its settings. */
    public static void stubSource(WireMockServer wm) {
        stubSource(wm, false);
    }

    /** {@code onDemand}: the source is an on-demand table with two GSIs ({@link #onDemandDescription}). */
    static void stubSource(WireMockServer wm, boolean onDemand) {
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .willReturn(ok(table("orders", "ACTIVE", onDemand))));
        wm.stubFor(ddb("DescribeTable").atPriority(50).willReturn(error("ResourceNotFoundException", "Requested resource not found")));
        wm.stubFor(ddb("DescribeContinuousBackups").willReturn(ok("{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
                + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLED\",\"RecoveryPeriodInDays\":35,"
                + "\"EarliestRestorableDateTime\":1714435200,\"LatestRestorableDateTime\":1714564800}}}")));
        wm.stubFor(ddb("DescribeTimeToLive").willReturn(ok("{\"TimeToLiveDescription\":{\"TimeToLiveStatus\":\"DISABLED\"}}")));
        wm.stubFor(ddb("ListTagsOfResource").willReturn(ok("{\"Tags\":[{\"Key\":\"team\",\"Value\":\"checkout\"}]}")));
        wm.stubFor(ddb("DescribeContributorInsights").willReturn(ok("{\"TableName\":\"orders\",\"ContributorInsightsStatus\":\"DISABLED\"}")));
        wm.stubFor(ddb("GetResourcePolicy").willReturn(error("PolicyNotFoundException", "no policy")));
        wm.stubFor(ddb("DescribeKinesisStreamingDestination").willReturn(ok("{\"TableName\":\"orders\",\"KinesisDataStreamDestinations\":[]}")));
        wm.stubFor(target("TrentService.DescribeKey").willReturn(ok("{\"KeyMetadata\":{\"KeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\","
                + "\"Arn\":\"" + KEY + "\",\"KeyManager\":\"CUSTOMER\",\"KeyState\":\"Enabled\"}}")));
        wm.stubFor(target("TrentService.GetKeyRotationStatus").willReturn(ok("{\"KeyRotationEnabled\":true}")));
        wm.stubFor(target("AnyScaleFrontendService.DescribeScalableTargets").willReturn(ok("{\"ScalableTargets\":[]}")));
        wm.stubFor(target("AnyScaleFrontendService.DescribeScalingPolicies").willReturn(ok("{\"ScalingPolicies\":[]}")));
        wm.stubFor(post("/").withRequestBody(containing("Action=DescribeAlarms")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<DescribeAlarmsResult><MetricAlarms/><CompositeAlarms/></DescribeAlarmsResult>"
                        + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeAlarmsResponse>")));
        wm.stubFor(ddb("RestoreTableToPointInTime").willReturn(ok("{\"TableDescription\":" + tableDescription("orders-r", "CREATING", onDemand) + "}")));
    }

    Cli cli() {
        return Cli.isolated(home).withMaxAttempts(1).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", wm.baseUrl())
                .env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    List<JsonNode> requests(String op) throws Exception {
        ObjectMapper m = new ObjectMapper();
        var found = wm.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + op)));
        List<JsonNode> out = new java.util.ArrayList<>();
        for (var r : found) out.add(m.readTree(r.getBodyAsString()));
        return out;
    }

    @Test
    void restoreRequestCarriesBillingCapacityIndexesAndTheCustomerManagedKey() throws Exception {
        stubSource();
        Cli.Result r = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(r.err()).contains("follow it with: ddbr -o json restore status orders-r"); // -o is kept

        List<JsonNode> calls = requests("RestoreTableToPointInTime");
        assertThat(calls).hasSize(1);
        JsonNode req = calls.get(0);
        assertThat(req.get("SourceTableName").asText()).isEqualTo("orders");
        assertThat(req.get("TargetTableName").asText()).isEqualTo("orders-r");
        assertThat(req.get("RestoreDateTime").asDouble()).isEqualTo(1714557600.0);
        assertThat(req.has("UseLatestRestorableTime")).isFalse();
        assertThat(req.get("BillingModeOverride").asText()).isEqualTo("PROVISIONED");
        assertThat(req.at("/ProvisionedThroughputOverride/ReadCapacityUnits").asLong()).isEqualTo(10);
        assertThat(req.at("/ProvisionedThroughputOverride/WriteCapacityUnits").asLong()).isEqualTo(5);
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/IndexName").asText()).isEqualTo("by-status");
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/KeySchema/0/AttributeName").asText()).isEqualTo("status");
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/Projection/ProjectionType").asText()).isEqualTo("KEYS_ONLY");
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/ProvisionedThroughput/ReadCapacityUnits").asLong()).isEqualTo(4);
        assertThat(req.at("/SSESpecificationOverride/Enabled").asBoolean()).isTrue();
        assertThat(req.at("/SSESpecificationOverride/SSEType").asText()).isEqualTo("KMS");
        assertThat(req.at("/SSESpecificationOverride/KMSMasterKeyId").asText()).isEqualTo(KEY);
        // --no-wait: nothing is touched on the new table yet
        assertThat(requests("UpdateTable")).isEmpty();
        assertThat(requests("TagResource")).isEmpty();
    }

    @Test
    void aBackupArgumentThatIsNoArnIsBadInputNotNotFound() throws Exception {
        for (String bad : List.of("notanarn", "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders",
                "arn:aws:backup:us-east-1:" + ACCOUNT + ":recovery-point:abc")) {
            Cli.Result r = cli().run("restore", "backup", bad, "--target", "orders-r");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.errLine()).isEqualTo("ddbr: error: '" + bad + "' is not a DynamoDB backup ARN "
                    + "(arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID) (hint: 'ddbr backup list TABLE' lists a table's "
                    + "backups with their ARNs)");
        }
        assertThat(wm.getAllServeEvents()).as("bad input makes no AWS call").isEmpty();
    }

    @Test
    void aTimeOutsideTheWindowIsRefusedNamingTheWindow() throws Exception {
        stubSource();
        Cli.Result r = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-04-29T23:59:59Z");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.errLine()).isEqualTo("ddbr: error: restore time 2024-04-29T23:59:59Z is outside the recovery window of "
                + "'orders': 2024-04-30T00:00:00Z to 2024-05-01T12:00:00Z (hint: pick a time inside the window, or --to latest; "
                + "'ddbr pitr status orders' shows the window)");
        assertThat(requests("RestoreTableToPointInTime")).isEmpty();
    }

    @Test
    void anExistingTargetIsRefused() throws Exception {
        stubSource();
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .willReturn(ok(table("orders-r", "ACTIVE"))));
        Cli.Result r = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "latest");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.errLine()).startsWith("ddbr: error: target table 'orders-r' already exists (ACTIVE)");
        assertThat(requests("RestoreTableToPointInTime")).isEmpty();
    }

    /** A clock that moves only when the waiter sleeps: hours pass in milliseconds. */
    static final class SimClock extends Clock {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        Duration slept = Duration.ZERO;
        int sleeps;

        final Sleeper sleeper = d -> {
            now = now.plus(d);
            slept = slept.plus(d);
            sleeps++;
        };

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    ClientFactory factory() {
        return new ClientFactory(new AwsConfig(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", wm.baseUrl()), null, null, null, null, null, null, null,
                null, null, null, 1));
    }

    @Test
    void aRestoreThatTakesHoursSurvivesThrottlingAndFinishes() throws Exception {
        String s = "restore";
        MappingBuilder d = ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")));
        wm.stubFor(d.inScenario(s).whenScenarioStateIs(STARTED).willSetStateTo("t2")
                .willReturn(error("ThrottlingException", "Rate exceeded")));
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r"))).inScenario(s)
                .whenScenarioStateIs("t2").willSetStateTo("c1").willReturn(aResponse().withStatus(503)));
        String[] states = {"c1", "c2", "c3", "c4", "c5", "c6"};
        for (int i = 0; i < states.length; i++) {
            wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r"))).inScenario(s)
                    .whenScenarioStateIs(states[i]).willSetStateTo(i + 1 < states.length ? states[i + 1] : "active")
                    .willReturn(ok(table("orders-r", "CREATING"))));
        }
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r"))).inScenario(s)
                .whenScenarioStateIs("active").willReturn(ok(table("orders-r", "ACTIVE"))));
        SimClock clock = new SimClock();
        try (ClientFactory f = factory()) {
            // polls every 30 minutes: 8 polls span three and a half hours
            TableWaiter w = new TableWaiter(f.dynamodb("us-east-1"), clock, clock.sleeper, Duration.ofMinutes(30), Duration.ofMinutes(30));
            List<TableWaiter.Poll> polls = new java.util.ArrayList<>();
            TableWaiter.Result r = w.waitActive("orders-r", Duration.ofHours(6), "ddbr restore status orders-r", polls::add);
            assertThat(r.table().tableStatusAsString()).isEqualTo("ACTIVE");
            assertThat(r.transientErrors()).isEqualTo(2);
            assertThat(r.polls()).isEqualTo(9);
            assertThat(r.waited()).isEqualTo(Duration.ofHours(4));
            assertThat(polls.get(0).note()).contains("ThrottlingException");
        }
    }

    @Test
    void theDefaultWaitOutlastsTheSdkWaiterAndGivesUpOnlyAtTheTimeout() throws Exception {
        wm.stubFor(ddb("DescribeTable").willReturn(ok(table("orders-r", "CREATING"))));
        SimClock clock = new SimClock();
        try (ClientFactory f = factory()) {
            TableWaiter w = new TableWaiter(f.dynamodb("us-east-1"), clock, clock.sleeper);
            assertThatThrownBy(() -> w.waitActive("orders-r", Duration.ofHours(2), "ddbr restore status orders-r", null))
                    .isInstanceOfSatisfying(DdbrException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(1);
                        assertThat(e.getMessage()).isEqualTo("gave up waiting for table 'orders-r' after 2h 00m 00s (status CREATING); the restore goes on in AWS");
                        assertThat(e.hint()).isEqualTo("pick it up later with: ddbr restore status orders-r");
                    });
            assertThat(clock.slept).isEqualTo(Duration.ofHours(2));
            assertThat(clock.sleeps).isGreaterThan(200);
        }
    }

    static final String BACKUP = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders/backup/01714500000000-aaaabbbb";

    /** orders is gone; its backup's description carries the indexes, stream, TTL and key in SourceTableFeatureDetails. */
    @Test
    void aBackupOfADeletedTableIsRestoredWithTheSettingsItsDescriptionCarries() throws Exception {
        wm.stubFor(ddb("DescribeTable").willReturn(error("ResourceNotFoundException", "Requested resource not found: Table: orders not found")));
        wm.stubFor(ddb("DescribeBackup").willReturn(ok("{\"BackupDescription\":{"
                + "\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "\",\"BackupName\":\"nightly\",\"BackupStatus\":\"AVAILABLE\","
                + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714500000},"
                + "\"SourceTableDetails\":{\"TableName\":\"orders\",\"TableId\":\"e5f5c6a4-0000-0000-0000-000000000000\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders\",\"TableCreationDateTime\":1700000000,"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5},\"ItemCount\":42,"
                + "\"BillingMode\":\"PROVISIONED\"},"
                + "\"SourceTableFeatureDetails\":{"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by-status\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"},\"ProvisionedThroughput\":{\"ReadCapacityUnits\":4,\"WriteCapacityUnits\":2}}],"
                + "\"StreamDescription\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},"
                + "\"TimeToLiveDescription\":{\"TimeToLiveStatus\":\"ENABLED\",\"AttributeName\":\"expires\"},"
                + "\"SSEDescription\":{\"Status\":\"ENABLED\",\"SSEType\":\"KMS\",\"KMSMasterKeyArn\":\"" + KEY + "\"}}}}")));
        wm.stubFor(ddb("RestoreTableFromBackup").willReturn(ok("{\"TableDescription\":" + tableDescription("orders-r", "CREATING") + "}")));

        Cli.Result dry = cli().run("restore", "backup", BACKUP, "--target", "orders-r", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("StreamViewType=NEW_AND_OLD_IMAGES", "UpdateTimeToLive", "expires", "by-status",
                "KMSMasterKeyId=" + KEY, "'orders' no longer exists: settings come from the backup's description");

        Cli.Result r = cli().run("restore", "backup", BACKUP, "--target", "orders-r", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> calls = requests("RestoreTableFromBackup");
        assertThat(calls).hasSize(1);
        JsonNode req = calls.get(0);
        assertThat(req.get("BackupArn").asText()).isEqualTo(BACKUP);
        assertThat(req.get("TargetTableName").asText()).isEqualTo("orders-r");
        assertThat(req.get("BillingModeOverride").asText()).isEqualTo("PROVISIONED");
        assertThat(req.at("/ProvisionedThroughputOverride/ReadCapacityUnits").asLong()).isEqualTo(10);
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/IndexName").asText()).isEqualTo("by-status");
        assertThat(req.at("/GlobalSecondaryIndexOverride/0/ProvisionedThroughput/WriteCapacityUnits").asLong()).isEqualTo(2);
        assertThat(req.at("/SSESpecificationOverride/KMSMasterKeyId").asText()).isEqualTo(KEY);
    }

    /**
     * --replace on the wire, in the order AWS sees it: the point-in-time restore into a staging table, both backups,
     * deletion protection off, the delete, then RestoreTableFromBackup of the staging backup under the same name.
     */
    /** Runs --replace against a source stubbed as provisioned or on-demand; the mutating calls' bodies, in order. */
    List<JsonNode> replace(boolean onDemand) throws Exception {
        stubSource(wm, onDemand);
        String staging = "orders-ddbr-staging-.*";
        String ordersDp = table("orders", "ACTIVE", onDemand).replace("\"TableStatus\"", "\"DeletionProtectionEnabled\":true,\"TableStatus\"");
        String restored = "{\"Table\":" + tableDescription("orders", "ACTIVE", onDemand).replace("\"TableStatus\"",
                "\"RestoreSummary\":{\"SourceBackupArn\":\"" + BACKUP + "-staging\",\"RestoreDateTime\":1714557600,\"RestoreInProgress\":false},\"TableStatus\"") + "}";
        // orders: protected -> protection off -> gone -> restored
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs(STARTED).willReturn(ok(ordersDp)));
        wm.stubFor(ddb("UpdateTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs(STARTED).willSetStateTo("unprotected").willReturn(ok(
                        "{\"TableDescription\":" + tableDescription("orders", "ACTIVE", onDemand) + "}")));
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs("unprotected").willReturn(ok(table("orders", "ACTIVE", onDemand))));
        wm.stubFor(ddb("DeleteTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs("unprotected").willSetStateTo("gone")
                .willReturn(ok("{\"TableDescription\":" + tableDescription("orders", "DELETING", onDemand) + "}")));
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs("gone").willReturn(error("ResourceNotFoundException", "not found")));
        wm.stubFor(ddb("RestoreTableFromBackup").atPriority(1).inScenario("orders").whenScenarioStateIs("gone").willSetStateTo("restored")
                .willReturn(ok("{\"TableDescription\":" + tableDescription("orders", "CREATING", onDemand) + "}")));
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders")))
                .inScenario("orders").whenScenarioStateIs("restored").willReturn(ok(restored)));
        wm.stubFor(ddb("UpdateTable").atPriority(1).inScenario("orders").whenScenarioStateIs("restored")
                .willReturn(ok("{\"TableDescription\":" + tableDescription("orders", "ACTIVE", onDemand) + "}")));
        // the staging table: absent until the point-in-time restore, then ACTIVE
        wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1).inScenario("staging").whenScenarioStateIs(STARTED)
                .willSetStateTo("created").willReturn(ok("{\"TableDescription\":" + tableDescription("orders-ddbr-staging", "CREATING", onDemand) + "}")));
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", matching(staging)))
                .inScenario("staging").whenScenarioStateIs("created").willReturn(ok(table("orders-ddbr-staging", "ACTIVE", onDemand))));
        wm.stubFor(ddb("DeleteTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", matching(staging)))
                .willReturn(ok("{\"TableDescription\":" + tableDescription("orders-ddbr-staging", "DELETING", onDemand) + "}")));
        wm.stubFor(ddb("ListBackups").willReturn(ok("{\"BackupSummaries\":[]}")));
        wm.stubFor(ddb("CreateBackup").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders"))).willReturn(ok(
                "{\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "-safety\",\"BackupName\":\"s\",\"BackupStatus\":\"CREATING\","
                        + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714557600}}")));
        wm.stubFor(ddb("CreateBackup").withRequestBody(matchingJsonPath("$.TableName", matching(staging))).willReturn(ok(
                "{\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "-staging\",\"BackupName\":\"r\",\"BackupStatus\":\"CREATING\","
                        + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714557600}}")));
        wm.stubFor(ddb("DescribeBackup").willReturn(ok("{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"" + BACKUP
                + "\",\"BackupName\":\"x\",\"BackupStatus\":\"AVAILABLE\",\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714557600}}}")));
        wm.stubFor(ddb("TagResource").willReturn(ok("{}")));
        // the staging table carries ddbr's tag, read again right before it is deleted
        wm.stubFor(ddb("ListTagsOfResource").atPriority(1).withRequestBody(matchingJsonPath("$.ResourceArn", matching(".*table/orders-ddbr-staging.*")))
                .willReturn(ok("{\"Tags\":[{\"Key\":\"ddbr:created-by\",\"Value\":\"ddbr\"}]}")));

        Cli.Result r = cli().run("restore", "pitr", "orders", "--to", "2024-05-01T10:00:00Z", "--replace",
                "--disable-deletion-protection", "--yes", "-o", "json");
        assertThat(r.err()).as(r.toString()).doesNotContain("ddbr: error");
        assertThat(new ObjectMapper().readTree(r.out()).get("safetyBackupArn").asText()).isEqualTo(BACKUP + "-safety");

        // every mutating call, in the order AWS received it
        List<String> order = new java.util.ArrayList<>();
        List<JsonNode> bodies = new java.util.ArrayList<>();
        var events = new java.util.ArrayList<>(wm.getAllServeEvents());
        java.util.Collections.reverse(events);
        for (var e : events) {
            String op = e.getRequest().getHeader("X-Amz-Target");
            if (op == null) continue;
            op = op.substring(op.indexOf('.') + 1);
            if (List.of("RestoreTableToPointInTime", "CreateBackup", "UpdateTable", "DeleteTable", "RestoreTableFromBackup").contains(op)) {
                JsonNode body = new ObjectMapper().readTree(e.getRequest().getBodyAsString());
                order.add(op + " " + body.get(op.startsWith("Restore") ? "TargetTableName" : "TableName").asText().replaceAll("-\\d{8}T\\d{6}Z", ""));
                bodies.add(body);
            }
        }
        assertThat(order.subList(0, 6)).containsExactly(
                "RestoreTableToPointInTime orders-ddbr-staging",
                "CreateBackup orders",
                "CreateBackup orders-ddbr-staging",
                "UpdateTable orders",
                "DeleteTable orders",
                "RestoreTableFromBackup orders");
        assertThat(order.get(order.size() - 1)).isEqualTo("DeleteTable orders-ddbr-staging");
        assertThat(order).filteredOn(o -> o.startsWith("DeleteTable")).hasSize(2);

        // only the staging table (which ddbr deletes itself) gets the tag that lets ddbr delete a table
        List<JsonNode> tagged = requests("TagResource");
        assertThat(tagged).filteredOn(b -> b.get("ResourceArn").asText().matches(".*:table/orders-ddbr-staging.*"))
                .singleElement().satisfies(b -> assertThat(b.get("Tags").toString()).contains("\"ddbr:created-by\""));
        assertThat(tagged).filteredOn(b -> b.get("ResourceArn").asText().endsWith(":table/orders")).isNotEmpty()
                .allSatisfy(b -> assertThat(b.get("Tags").toString()).contains("\"ddbr:restore-of\"", "\"ddbr:restored-by\"")
                        .doesNotContain("ddbr:created-by"));
        return bodies;
    }

    @Test
    void replaceMakesTheCallsInASafeOrderWithTheExactRequests() throws Exception {
        List<JsonNode> bodies = replace(false);
        JsonNode pitr = bodies.get(0);
        assertThat(pitr.get("SourceTableName").asText()).isEqualTo("orders");
        assertThat(pitr.get("RestoreDateTime").asDouble()).isEqualTo(1714557600.0);
        assertThat(pitr.at("/SSESpecificationOverride/KMSMasterKeyId").asText()).isEqualTo(KEY);
        assertThat(bodies.get(1).get("BackupName").asText()).matches("orders-ddbr-safety-\\d{8}T\\d{6}Z");
        assertThat(bodies.get(2).get("BackupName").asText()).matches("orders-ddbr-restored-\\d{8}T\\d{6}Z");
        assertThat(bodies.get(3).get("DeletionProtectionEnabled").asBoolean()).isFalse();
        assertThat(bodies.get(3).size()).as("the UpdateTable changes deletion protection only").isEqualTo(2);
        JsonNode fromBackup = bodies.get(5);
        assertThat(fromBackup.get("BackupArn").asText()).isEqualTo(BACKUP + "-staging");
        assertThat(fromBackup.get("BillingModeOverride").asText()).isEqualTo("PROVISIONED");
        assertThat(fromBackup.at("/ProvisionedThroughputOverride/ReadCapacityUnits").asLong()).isEqualTo(10);
        assertThat(fromBackup.at("/GlobalSecondaryIndexOverride/0/IndexName").asText()).isEqualTo("by-status");
        assertThat(fromBackup.at("/SSESpecificationOverride/KMSMasterKeyId").asText()).isEqualTo(KEY);
        // deletion protection comes back on the restored table
        assertThat(bodies).anySatisfy(b -> {
            assertThat(b.path("TableName").asText()).isEqualTo("orders");
            assertThat(b.path("DeletionProtectionEnabled").asBoolean(false)).isTrue();
        });
    }

    /** The most common production shape: an on-demand table with GSIs. Every restore path sends what AWS accepts. */
    @Test
    void aPitrRestoreOfAnOnDemandTableWithIndexesSendsNoIndexCapacity() throws Exception {
        stubSource(wm, true);
        Cli.Result dry = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("BillingModeOverride", "PAY_PER_REQUEST", "by-day (day (S)) INCLUDE [total] max read 500 max write unlimited")
                .doesNotContain("read 0 write 0");
        Cli.Result r = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(requests("RestoreTableToPointInTime")).singleElement().satisfies(req -> assertThat(withoutTime(req)).isEqualTo(
                json("{\"SourceTableName\":\"orders\",\"TargetTableName\":\"orders-r\"," + ON_DEMAND_OVERRIDES + "}")));
    }

    @Test
    void aBackupRestoreOfALiveOnDemandTableWithIndexesSendsNoIndexCapacity() throws Exception {
        stubSource(wm, true);
        wm.stubFor(ddb("DescribeBackup").willReturn(ok("{\"BackupDescription\":{"
                + "\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "\",\"BackupName\":\"nightly\",\"BackupStatus\":\"AVAILABLE\","
                + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714500000},"
                + "\"SourceTableDetails\":{\"TableName\":\"orders\",\"TableId\":\"e5f5c6a4-0000-0000-0000-000000000000\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders\",\"TableCreationDateTime\":1700000000,"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0},\"BillingMode\":\"PAY_PER_REQUEST\"}}}")));
        wm.stubFor(ddb("RestoreTableFromBackup").willReturn(ok("{\"TableDescription\":" + onDemandDescription("orders-r", "CREATING") + "}")));
        Cli.Result r = cli().run("restore", "backup", BACKUP, "--target", "orders-r", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(requests("RestoreTableFromBackup")).singleElement().isEqualTo(
                json("{\"BackupArn\":\"" + BACKUP + "\",\"TargetTableName\":\"orders-r\"," + ON_DEMAND_OVERRIDES + "}"));
    }

    /** The source is gone: billing from SourceTableDetails, indexes (0/0 on an on-demand table) from SourceTableFeatureDetails. */
    @Test
    void aBackupRestoreOfADeletedOnDemandTableWithIndexesSendsNoIndexCapacity() throws Exception {
        String zero = "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0}";
        wm.stubFor(ddb("DescribeTable").willReturn(error("ResourceNotFoundException", "Requested resource not found: Table: orders not found")));
        wm.stubFor(ddb("DescribeBackup").willReturn(ok("{\"BackupDescription\":{"
                + "\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "\",\"BackupName\":\"nightly\",\"BackupStatus\":\"AVAILABLE\","
                + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714500000},"
                + "\"SourceTableDetails\":{\"TableName\":\"orders\",\"TableId\":\"e5f5c6a4-0000-0000-0000-000000000000\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders\",\"TableCreationDateTime\":1700000000,"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]," + zero + ","
                + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":-1,\"MaxWriteRequestUnits\":-1},\"BillingMode\":\"PAY_PER_REQUEST\"},"
                + "\"SourceTableFeatureDetails\":{\"GlobalSecondaryIndexes\":["
                + "{\"IndexName\":\"by-status\",\"KeySchema\":[{\"AttributeName\":\"status\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}," + zero + "},"
                + "{\"IndexName\":\"by-day\",\"KeySchema\":[{\"AttributeName\":\"day\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"total\"]}," + zero + ","
                + "\"OnDemandThroughput\":{\"MaxReadRequestUnits\":500,\"MaxWriteRequestUnits\":-1}}],"
                + "\"SSEDescription\":{\"Status\":\"ENABLED\",\"SSEType\":\"KMS\",\"KMSMasterKeyArn\":\"" + KEY + "\"}}}}")));
        wm.stubFor(ddb("RestoreTableFromBackup").willReturn(ok("{\"TableDescription\":" + onDemandDescription("orders-r", "CREATING") + "}")));
        Cli.Result r = cli().run("restore", "backup", BACKUP, "--target", "orders-r", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(requests("RestoreTableFromBackup")).singleElement().isEqualTo(
                json("{\"BackupArn\":\"" + BACKUP + "\",\"TargetTableName\":\"orders-r\"," + ON_DEMAND_OVERRIDES + "}"));
    }

    /** --replace makes two restore calls; both carry the on-demand source's overrides as AWS accepts them. */
    @Test
    void replaceOfAnOnDemandTableWithIndexesSendsNoIndexCapacityInEitherRestore() throws Exception {
        List<JsonNode> bodies = replace(true);
        assertThat(withoutTime(bodies.get(0))).isEqualTo(json("{\"SourceTableName\":\"orders\",\"TargetTableName\":\""
                + bodies.get(0).get("TargetTableName").asText() + "\"," + ON_DEMAND_OVERRIDES + "}"));
        assertThat(bodies.get(5)).isEqualTo(json("{\"BackupArn\":\"" + BACKUP + "-staging\",\"TargetTableName\":\"orders\","
                + ON_DEMAND_OVERRIDES + "}"));
    }

    /**
     * AWS refuses the restore call itself: nothing was created, so nothing stands in the way. The journal says FAILED
     * with AWS's reason, 'restore status' shows it, and the next restore into the same target starts afresh.
     */
    @Test
    void aRefusedRestoreIsRecordedAsFailedAndTheNextOneStartsAfresh() throws Exception {
        stubSource();
        var refusal = wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1)
                .willReturn(error("LimitExceededException", "Too many tables are being restored at once")));
        Cli.Result r = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--no-wait");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(lastLine(r.err())).isEqualTo("ddbr: error: AWS refused RestoreTableToPointInTime into 'orders-r': LimitExceededException: "
                + "Too many tables are being restored at once; nothing was created (hint: too many restores or tables at once "
                + "(50 restores per account); wait for one to finish; the journal records the restore as FAILED, so running the "
                + "restore again starts afresh)");

        Cli.Result status = cli().run("restore", "status", "orders-r", "-o", "json");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(status.out());
        assertThat(report.get("status").asText()).isEqualTo("FAILED");
        assertThat(report.get("failure").asText()).isEqualTo("RestoreTableToPointInTime refused: LimitExceededException: "
                + "Too many tables are being restored at once");
        Cli.Result text = cli().run("restore", "status", "orders-r");
        assertThat(text.out()).contains("restore failed: RestoreTableToPointInTime refused: LimitExceededException");
        assertThat(requests("RestoreTableToPointInTime")).as("status never calls the restore again").hasSize(1);

        wm.removeStub(refusal);
        Cli.Result again = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--no-wait", "-o", "json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(requests("RestoreTableToPointInTime")).hasSize(2);
    }

    /** --replace: a refused staging restore changes nothing on the source and blocks nothing. */
    @Test
    void aRefusedStagingRestoreLeavesTheSourceAndTheNameFree() throws Exception {
        stubSource();
        wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1).willReturn(
                error("ValidationException", "ProvisionedThroughput should not be specified for index: by-status when BillingMode is PAY_PER_REQUEST")));
        Cli.Result r = cli().run("restore", "pitr", "orders", "--to", "2024-05-01T10:00:00Z", "--replace", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(lastLine(r.err())).startsWith("ddbr: error: AWS refused RestoreTableToPointInTime into 'orders-ddbr-staging-")
                .contains("; nothing was created and 'orders' is unchanged (hint: fix what AWS names; the journal records");
        assertThat(requests("CreateBackup")).isEmpty();
        assertThat(requests("DeleteTable")).isEmpty();
        Cli.Result again = cli().run("restore", "pitr", "orders", "--to", "2024-05-01T10:00:00Z", "--replace", "--dry-run");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    /** A restore into orders-r run through RestoreService on the simulated clock: the new table is ACTIVE at once. */
    RestoreReport runRestoreOnSimClock(SimClock clock) throws Exception {
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .inScenario("target").whenScenarioStateIs("restored").willReturn(ok(table("orders-r", "ACTIVE"))));
        wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1).inScenario("target").whenScenarioStateIs(STARTED)
                .willSetStateTo("restored").willReturn(ok("{\"TableDescription\":" + tableDescription("orders-r", "CREATING") + "}")));
        wm.stubFor(ddb("TagResource").willReturn(ok("{}")));
        try (ClientFactory f = factory()) {
            RestoreService svc = new RestoreService(f, "us-east-1", new Journal(home.resolve("state")), clock, clock.sleeper);
            Journal.State st = svc.preparePitr("orders", "orders-r", Instant.parse("2024-05-01T10:00:00Z"), true);
            svc.begin(st);
            return svc.run(st, true, Duration.ofHours(1), null);
        }
    }

    /** Right after a table is ACTIVE, AWS may answer ContinuousBackupsUnavailableException: retried, on the simulated clock. */
    @Test
    void pitrOnANewTableIsRetriedWhileAwsSaysBackupsAreNotYetAvailable() throws Exception {
        stubSource();
        MappingBuilder update = ddb("UpdateContinuousBackups");
        wm.stubFor(update.inScenario("pitr").whenScenarioStateIs(STARTED).willSetStateTo("2")
                .willReturn(error("ContinuousBackupsUnavailableException", "Backups are being enabled for the table: orders-r. Please retry later")));
        wm.stubFor(ddb("UpdateContinuousBackups").inScenario("pitr").whenScenarioStateIs("2").willSetStateTo("3")
                .willReturn(error("ContinuousBackupsUnavailableException", "Backups are being enabled for the table: orders-r. Please retry later")));
        wm.stubFor(ddb("UpdateContinuousBackups").inScenario("pitr").whenScenarioStateIs("3").willReturn(ok(
                "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\",\"PointInTimeRecoveryDescription\":"
                        + "{\"PointInTimeRecoveryStatus\":\"ENABLED\",\"RecoveryPeriodInDays\":35}}}")));
        SimClock clock = new SimClock();
        RestoreReport r = runRestoreOnSimClock(clock);
        assertThat(requests("UpdateContinuousBackups")).hasSize(3)
                .allSatisfy(b -> assertThat(b.at("/PointInTimeRecoverySpecification/RecoveryPeriodInDays").asInt()).isEqualTo(35));
        assertThat(r.fixUps()).filteredOn(x -> x.name().equals("pitr")).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("APPLIED");
            assertThat(x.detail()).isEqualTo("enabled, RecoveryPeriodInDays=35 (after 2 ContinuousBackupsUnavailableException answer(s) from the new table)");
        });
        assertThat(r.status()).as(r.toString()).isEqualTo("COMPLETE");
        assertThat(clock.slept).as("back-off on the simulated clock: 5s then 10s").isEqualTo(Duration.ofSeconds(15));
    }

    /** PITR that is still ENABLING is on its way: no drift, no FAILED, and the report says so. */
    @Test
    void pitrStillEnablingIsReportedAsEnablingNotAsOff() throws Exception {
        stubSource();
        wm.stubFor(ddb("UpdateContinuousBackups").willReturn(ok("{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\"}}")));
        wm.stubFor(ddb("DescribeContinuousBackups").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .willReturn(ok("{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
                        + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLING\"}}}")));
        SimClock clock = new SimClock();
        RestoreReport r = runRestoreOnSimClock(clock);
        assertThat(r.fixUps()).filteredOn(x -> x.name().equals("pitr")).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("APPLIED");
            assertThat(x.detail()).startsWith("requested, RecoveryPeriodInDays=35; still ENABLING after 2m");
        });
        assertThat(r.drift()).isEmpty();
        assertThat(r.unverified()).contains("pointInTimeRecovery (still ENABLING on 'orders-r'; 'ddbr pitr status orders-r' shows when it is ENABLED)");
        assertThat(r.status()).isEqualTo("COMPLETE");
        assertThat(clock.slept).isGreaterThanOrEqualTo(Duration.ofMinutes(2)).isLessThan(Duration.ofMinutes(3));
    }

    static final String SNS = "arn:aws:sns:us-east-1:" + ACCOUNT + ":oncall";

    static String alarmsXml() {
        String dims = "<Dimensions><member><Name>TableName</Name><Value>orders</Value></member></Dimensions>";
        return "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult><MetricAlarms>"
                // a percentile alarm with every optional field set
                + "<member><AlarmName>orders-p99-latency</AlarmName><AlarmArn>arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:orders-p99-latency</AlarmArn>"
                + "<ActionsEnabled>false</ActionsEnabled><AlarmActions><member>" + SNS + "</member></AlarmActions><OKActions/><InsufficientDataActions/>"
                + "<MetricName>SuccessfulRequestLatency</MetricName><Namespace>AWS/DynamoDB</Namespace><ExtendedStatistic>p99</ExtendedStatistic>"
                + "<Dimensions><member><Name>Operation</Name><Value>GetItem</Value></member><member><Name>TableName</Name><Value>orders</Value></member></Dimensions>"
                + "<Period>60</Period><Unit>Milliseconds</Unit><EvaluationPeriods>5</EvaluationPeriods><DatapointsToAlarm>3</DatapointsToAlarm>"
                + "<Threshold>25.0</Threshold><ComparisonOperator>GreaterThanThreshold</ComparisonOperator><TreatMissingData>notBreaching</TreatMissingData>"
                + "<EvaluateLowSampleCountPercentile>ignore</EvaluateLowSampleCountPercentile></member>"
                // metric math
                + "<member><AlarmName>orders-throttle-rate</AlarmName><AlarmArn>arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:orders-throttle-rate</AlarmArn>"
                + "<ActionsEnabled>true</ActionsEnabled><AlarmActions><member>" + SNS + "</member></AlarmActions><OKActions><member>" + SNS + "</member></OKActions>"
                + "<InsufficientDataActions/><EvaluationPeriods>2</EvaluationPeriods><Threshold>1.0</Threshold>"
                + "<ComparisonOperator>GreaterThanOrEqualToThreshold</ComparisonOperator><TreatMissingData>missing</TreatMissingData>"
                + "<Metrics><member><Id>m1</Id><MetricStat><Metric><Namespace>AWS/DynamoDB</Namespace><MetricName>ThrottledRequests</MetricName>"
                + dims + "</Metric><Period>60</Period><Stat>Sum</Stat></MetricStat><ReturnData>false</ReturnData></member>"
                + "<member><Id>e1</Id><Expression>m1/60</Expression><Label>throttles per second</Label><ReturnData>true</ReturnData></member></Metrics></member>"
                // one CloudWatch will refuse
                + "<member><AlarmName>orders-errors</AlarmName><ActionsEnabled>true</ActionsEnabled><AlarmActions/><OKActions/><InsufficientDataActions/>"
                + "<MetricName>SystemErrors</MetricName><Namespace>AWS/DynamoDB</Namespace><Statistic>Sum</Statistic>" + dims
                + "<Period>60</Period><EvaluationPeriods>1</EvaluationPeriods><Threshold>0.0</Threshold><ComparisonOperator>GreaterThanThreshold</ComparisonOperator></member>"
                + "</MetricAlarms><CompositeAlarms/></DescribeAlarmsResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeAlarmsResponse>";
    }

    List<Map<String, String>> putMetricAlarms() {
        List<Map<String, String>> out = new java.util.ArrayList<>();
        for (var e : wm.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                .withRequestBody(containing("Action=PutMetricAlarm")))) {
            Map<String, String> form = new java.util.TreeMap<>();
            for (String kv : e.getBodyAsString().split("&")) {
                String[] p = kv.split("=", 2);
                form.put(java.net.URLDecoder.decode(p[0], java.nio.charset.StandardCharsets.UTF_8),
                        p.length < 2 ? "" : java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
            }
            out.add(form);
        }
        return out;
    }

    /** Percentile and metric-math alarms are copied with every field; one refused alarm does not stop the others. */
    @Test
    void alarmsAreCopiedWithEveryFieldAndOneFailureDoesNotStopTheOthers() throws Exception {
        stubSource();
        wm.stubFor(post("/").atPriority(1).withRequestBody(containing("Action=DescribeAlarms")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody(alarmsXml())));
        wm.stubFor(post("/").atPriority(1).withRequestBody(containing("Action=ListTagsForResource")).withRequestBody(containing("orders-p99-latency"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<ListTagsForResourceResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ListTagsForResourceResult><Tags>"
                                + "<member><Key>team</Key><Value>db</Value></member></Tags></ListTagsForResourceResult>"
                                + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListTagsForResourceResponse>")));
        wm.stubFor(post("/").atPriority(2).withRequestBody(containing("Action=PutMetricAlarm")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("<PutMetricAlarmResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></PutMetricAlarmResponse>")));
        wm.stubFor(post("/").atPriority(1).withRequestBody(containing("Action=PutMetricAlarm")).withRequestBody(containing("AlarmName=orders-r-errors"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type>"
                                + "<Code>LimitExceeded</Code><Message>The maximum number of alarms has been reached</Message></Error>"
                                + "<RequestId>r4</RequestId></ErrorResponse>")));
        RestoreReport r = runRestoreOnSimClock(new SimClock());

        List<Map<String, String>> puts = putMetricAlarms();
        assertThat(puts).extracting(m -> m.get("AlarmName")).containsExactly("orders-r-p99-latency", "orders-r-throttle-rate", "orders-r-errors");
        Map<String, String> p99 = puts.get(0);
        assertThat(p99).containsEntry("ExtendedStatistic", "p99").containsEntry("DatapointsToAlarm", "3").containsEntry("Unit", "Milliseconds")
                .containsEntry("ActionsEnabled", "false").containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("EvaluateLowSampleCountPercentile", "ignore").containsEntry("EvaluationPeriods", "5")
                .containsEntry("Threshold", "25.0").containsEntry("Period", "60").containsEntry("AlarmActions.member.1", SNS)
                .containsEntry("Dimensions.member.1.Name", "Operation").containsEntry("Dimensions.member.2.Value", "orders-r")
                .containsEntry("Tags.member.1.Key", "team").containsEntry("Tags.member.1.Value", "db")
                .doesNotContainKey("Statistic").doesNotContainKey("AlarmDescription");
        Map<String, String> math = puts.get(1);
        assertThat(math).containsEntry("Metrics.member.1.Id", "m1").containsEntry("Metrics.member.1.MetricStat.Stat", "Sum")
                .containsEntry("Metrics.member.1.MetricStat.Metric.Dimensions.member.1.Value", "orders-r")
                .containsEntry("Metrics.member.1.ReturnData", "false").containsEntry("Metrics.member.2.Expression", "m1/60")
                .containsEntry("Metrics.member.2.Label", "throttles per second").containsEntry("OKActions.member.1", SNS)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .doesNotContainKey("MetricName").doesNotContainKey("Namespace").doesNotContainKey("Period").doesNotContainKey("Statistic");
        assertThat(r.fixUps()).filteredOn(x -> x.name().equals("alarms")).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("FAILED");
            assertThat(x.detail()).isEqualTo("copied 2: orders-r-p99-latency, orders-r-throttle-rate; failed 1: 'orders-r-errors' "
                    + "(LimitExceeded: The maximum number of alarms has been reached)");
        });
    }

    /** Contributor Insights on the table and on an index, each with its mode: read, re-applied per index with its mode, compared. */
    @Test
    void contributorInsightsIsReappliedPerIndexWithItsMode() throws Exception {
        stubSource();
        wm.stubFor(ddb("DescribeContributorInsights").atPriority(2).willReturn(ok(
                "{\"TableName\":\"orders\",\"ContributorInsightsStatus\":\"ENABLED\",\"ContributorInsightsMode\":\"THROTTLED_KEYS\"}")));
        wm.stubFor(ddb("DescribeContributorInsights").atPriority(1).withRequestBody(matchingJsonPath("$.IndexName", equalTo("by-status")))
                .willReturn(ok("{\"TableName\":\"orders\",\"IndexName\":\"by-status\",\"ContributorInsightsStatus\":\"ENABLED\","
                        + "\"ContributorInsightsMode\":\"ACCESSED_AND_THROTTLED_KEYS\"}")));
        wm.stubFor(ddb("UpdateContributorInsights").willReturn(ok("{\"TableName\":\"orders-r\",\"ContributorInsightsStatus\":\"ENABLING\"}")));
        Cli.Result dry = cli().run("restore", "pitr", "orders", "--target", "orders-r", "--to", "2024-05-01T10:00:00Z", "--dry-run");
        assertThat(dry.out()).contains("UpdateContributorInsights ContributorInsightsAction=ENABLE for the table (ContributorInsightsMode=THROTTLED_KEYS), "
                + "index by-status (ContributorInsightsMode=ACCESSED_AND_THROTTLED_KEYS)");

        RestoreReport r = runRestoreOnSimClock(new SimClock());
        assertThat(requests("UpdateContributorInsights")).containsExactly(
                json("{\"TableName\":\"orders-r\",\"ContributorInsightsAction\":\"ENABLE\",\"ContributorInsightsMode\":\"THROTTLED_KEYS\"}"),
                json("{\"TableName\":\"orders-r\",\"IndexName\":\"by-status\",\"ContributorInsightsAction\":\"ENABLE\","
                        + "\"ContributorInsightsMode\":\"ACCESSED_AND_THROTTLED_KEYS\"}"));
        assertThat(r.fixUps()).filteredOn(x -> x.name().equals("contributorInsights")).singleElement()
                .satisfies(x -> assertThat(x.detail()).isEqualTo("ENABLE table THROTTLED_KEYS, index by-status ACCESSED_AND_THROTTLED_KEYS"));
        assertThat(r.drift()).isEmpty();
    }

    @Test
    void aContributorInsightsModeOrIndexThatDiffersIsDrift() {
        var src = new TableSettings.IndexInsights("by-status", "ENABLED", "THROTTLED_KEYS");
        var s = DriftTest.settings("orders", Map.of(), false, false, null, List.of(), List.of());
        var t = DriftTest.settings("orders-r", Map.of(), false, false, null, List.of(), List.of());
        TableSettings a = withInsights(s, "ENABLED", "ACCESSED_AND_THROTTLED_KEYS", List.of(src));
        TableSettings b = withInsights(t, "ENABLED", "THROTTLED_KEYS", List.of(new TableSettings.IndexInsights("by-status", "DISABLED", null)));
        assertThat(Drift.compare(a, b).items()).extracting(DriftItem::field)
                .containsExactly("contributorInsights.mode", "contributorInsights.by-status");
    }

    static TableSettings withInsights(TableSettings t, String status, String mode, List<TableSettings.IndexInsights> idx) {
        return new TableSettings(t.name(), t.arn(), t.region(), t.status(), t.creationTime(), t.partitionKey(), t.sortKey(),
                t.billingMode(), t.provisionedThroughput(), t.onDemandThroughput(), t.warmThroughput(), t.globalSecondaryIndexes(),
                t.localSecondaryIndexes(), t.stream(), t.ttl(), t.pointInTimeRecovery(), t.encryption(), t.deletionProtection(),
                t.tableClass(), t.globalTableVersion(), t.replicas(), t.tags(), t.itemCount(), t.sizeBytes(), t.autoScaling(),
                status, t.resourcePolicy(), t.kinesisDestinations(), t.alarms(), t.unavailable(), mode, idx);
    }

    static final String STREAM = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders/stream/2024-01-01T00:00:00.000";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:indexer";

    /**
     * --replace gives the table a new stream: the plan names the Lambda mappings on the old stream and the stream's own
     * policy; the report gives the commands that repoint each mapping.
     */
    @Test
    void replaceListsTheLambdaTriggersOnTheOldStreamAndHowToRepointThem() throws Exception {
        stubSource();
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders"))).willReturn(ok(
                table("orders", "ACTIVE").replace("\"TableStatus\"", "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"},"
                        + "\"LatestStreamArn\":\"" + STREAM + "\",\"TableStatus\""))));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                        "/2015-03-31/event-source-mappings/?")).withQueryParam("EventSourceArn", equalTo(STREAM))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"EventSourceMappings\":[{\"UUID\":\"a1b2c3d4-0000-0000-0000-000000000001\",\"FunctionArn\":\"" + FUNCTION + "\","
                                + "\"EventSourceArn\":\"" + STREAM + "\",\"State\":\"Enabled\",\"BatchSize\":100}]}")));
        wm.stubFor(ddb("GetResourcePolicy").atPriority(1).withRequestBody(matchingJsonPath("$.ResourceArn", equalTo(STREAM)))
                .willReturn(ok("{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\",\"RevisionId\":\"1\"}")));

        Cli.Result dry = cli().run("restore", "pitr", "orders", "--to", "2024-05-01T10:00:00Z", "--replace", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("note: the stream ARN changes: Lambda triggers and other readers of " + STREAM + " stop with the delete; "
                + "1 Lambda event source mapping(s) read it (" + FUNCTION + " a1b2c3d4-0000-0000-0000-000000000001); the report gives the "
                + "commands to repoint each")
                .contains("note: the stream has a resource-based policy: ddbr puts it on the new stream (ARNs rewritten), last of all");

        try (ClientFactory f = factory()) {
            SimClock clock = new SimClock();
            RestoreService svc = new RestoreService(f, "us-east-1", new Journal(home.resolve("state")), clock, clock.sleeper);
            Journal.State st = svc.prepareReplace("orders", Instant.parse("2024-05-01T10:00:00Z"), false);
            assertThat(st.streamConsumers).singleElement().satisfies(c -> assertThat(c.functionArn()).isEqualTo(FUNCTION));
            st.phase = Journal.DONE;
            st.newStreamArn = STREAM.replace("2024-01-01", "2024-05-01");
            RestoreReport r = svc.report(st);
            assertThat(r.oldStreamArn()).isEqualTo(STREAM);
            assertThat(r.streamConsumers()).singleElement().satisfies(c -> assertThat(c.repoint()).isEqualTo(
                    "aws lambda create-event-source-mapping --function-name " + FUNCTION + " --event-source-arn " + st.newStreamArn
                            + " --starting-position TRIM_HORIZON --batch-size 100 && aws lambda delete-event-source-mapping --uuid "
                            + "a1b2c3d4-0000-0000-0000-000000000001"));
            assertThat(r.next()).startsWith("the stream ARN changed: repoint the 1 Lambda trigger(s) that read the old stream");
        }
    }

    /** 'restore list' shows the restores this machine knows about, from their journals, without calling AWS. */
    @Test
    void restoreListShowsEveryJournalWithItsStatus() throws Exception {
        Cli.Result none = cli().run("restore", "list");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).startsWith("no restore journals in ");

        stubSource();
        var refusal = wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1).willReturn(error("ValidationException", "nope")));
        assertThat(cli().run("restore", "pitr", "orders", "--target", "orders-a", "--to", "latest", "--no-wait").exitCode()).isEqualTo(254);
        wm.removeStub(refusal);
        assertThat(cli().run("restore", "pitr", "orders", "--target", "orders-b", "--to", "latest", "--no-wait").exitCode()).isZero();
        wm.resetRequests();

        Cli.Result list = cli().run("restore", "list", "-o", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode restores = new ObjectMapper().readTree(list.out()).get("restores");
        assertThat(restores).hasSize(2);
        Map<String, JsonNode> byTarget = new java.util.HashMap<>();
        restores.forEach(e -> byTarget.put(e.get("target").asText(), e));
        assertThat(byTarget.get("orders-a").get("status").asText()).isEqualTo("FAILED");
        assertThat(byTarget.get("orders-a").get("problem").asText()).isEqualTo("RestoreTableToPointInTime refused: ValidationException: nope");
        assertThat(byTarget.get("orders-b").get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(byTarget.get("orders-b").get("phase").asText()).isEqualTo("RESTORE_REQUESTED");
        assertThat(byTarget.get("orders-b").get("source").asText()).isEqualTo("orders");
        assertThat(byTarget.get("orders-b").get("journal").asText()).endsWith("restores/us-east-1/orders-b.json");
        Cli.Result text = cli().run("restore", "list");
        assertThat(text.out()).contains("TARGET", "orders-a", "FAILED", "orders-b", "IN_PROGRESS (RESTORE_REQUESTED)");
        assertThat(wm.getAllServeEvents()).as("restore list reads local files only").isEmpty();
    }

    /** --verify-items counts the restored table's items page by page and shows the backup's count beside them. */
    @Test
    void verifyItemsCountsTheRestoredTableAndShowsTheSourceCountWhereKnown() throws Exception {
        stubSource();
        wm.stubFor(ddb("DescribeBackup").willReturn(ok("{\"BackupDescription\":{"
                + "\"BackupDetails\":{\"BackupArn\":\"" + BACKUP + "\",\"BackupName\":\"nightly\",\"BackupStatus\":\"AVAILABLE\","
                + "\"BackupType\":\"USER\",\"BackupCreationDateTime\":1714500000},"
                + "\"SourceTableDetails\":{\"TableName\":\"orders\",\"TableId\":\"e5f5c6a4-0000-0000-0000-000000000000\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/orders\",\"TableCreationDateTime\":1700000000,"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"ItemCount\":42,"
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5},\"BillingMode\":\"PROVISIONED\"}}}")));
        wm.stubFor(ddb("RestoreTableFromBackup").inScenario("target").whenScenarioStateIs(STARTED).willSetStateTo("restored")
                .willReturn(ok("{\"TableDescription\":" + tableDescription("orders-r", "CREATING") + "}")));
        wm.stubFor(ddb("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .inScenario("target").whenScenarioStateIs("restored").willReturn(ok(table("orders-r", "ACTIVE"))));
        wm.stubFor(ddb("TagResource").willReturn(ok("{}")));
        wm.stubFor(ddb("UpdateContinuousBackups").willReturn(ok("{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\"}}")));
        wm.stubFor(ddb("Scan").atPriority(2).willReturn(ok("{\"Count\":40,\"ScannedCount\":40,\"LastEvaluatedKey\":{\"pk\":{\"S\":\"k40\"}}}")));
        wm.stubFor(ddb("Scan").atPriority(1).withRequestBody(matchingJsonPath("$.ExclusiveStartKey.pk.S", equalTo("k40")))
                .willReturn(ok("{\"Count\":1,\"ScannedCount\":1}")));

        Cli.Result r = cli().run("restore", "backup", BACKUP, "--target", "orders-r", "--verify-items", "-o", "json");
        JsonNode items = new ObjectMapper().readTree(r.out()).get("items");
        assertThat(items.get("target").asLong()).as(r.toString()).isEqualTo(41);
        assertThat(items.get("sourceAtTime").asLong()).isEqualTo(42);
        assertThat(items.get("sourceBasis").asText()).startsWith("the backup's ItemCount (DynamoDB's approximate count");
        assertThat(requests("Scan")).hasSize(2).allSatisfy(b -> assertThat(b.get("Select").asText()).isEqualTo("COUNT"));

        // without the flag, a table of unknown size is not scanned
        wm.resetRequests();
        cli().run("restore", "status", "orders-r");
        assertThat(requests("Scan")).as("a finished restore is not counted again").isEmpty();
    }
}
