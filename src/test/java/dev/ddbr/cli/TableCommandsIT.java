package dev.ddbr.cli;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.Golden;
import dev.ddbr.testing.LocalAws;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/** table list / describe end to end on dynalite (data plane) and moto (control plane). */
@EmulatorTest
class TableCommandsIT {
    static final String GOLDEN_TABLE = "golden-orders";

    @TempDir
    Path home;

    static DynamoDbClient client(String endpoint) {
        return TestClients.dynamodb(endpoint);
    }

    /** A fixed table for the golden files: recreated so the output is the same on every run. */
    @BeforeAll
    static void createGoldenTable(LocalAws aws) {
        try (DynamoDbClient ddb = client(aws.dynamodbEndpoint())) {
            try {
                ddb.deleteTable(r -> r.tableName(GOLDEN_TABLE));
                ddb.waiter().waitUntilTableNotExists(r -> r.tableName(GOLDEN_TABLE));
            } catch (ResourceNotFoundException e) {
                // first run
            }
            ddb.createTable(r -> r.tableName(GOLDEN_TABLE)
                    .attributeDefinitions(a -> a.attributeName("tenant").attributeType("S"),
                            a -> a.attributeName("order_id").attributeType("S"),
                            a -> a.attributeName("status").attributeType("S"),
                            a -> a.attributeName("created").attributeType("N"))
                    .keySchema(k -> k.attributeName("tenant").keyType("HASH"), k -> k.attributeName("order_id").keyType("RANGE"))
                    .globalSecondaryIndexes(g -> g.indexName("by-status")
                            .keySchema(k -> k.attributeName("status").keyType("HASH"), k -> k.attributeName("created").keyType("RANGE"))
                            .projection(p -> p.projectionType("INCLUDE").nonKeyAttributes("amount"))
                            .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)))
                    .localSecondaryIndexes(l -> l.indexName("by-created")
                            .keySchema(k -> k.attributeName("tenant").keyType("HASH"), k -> k.attributeName("created").keyType("RANGE"))
                            .projection(p -> p.projectionType("KEYS_ONLY")))
                    .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(5L)));
            String arn = ddb.waiter().waitUntilTableExists(r -> r.tableName(GOLDEN_TABLE)).matched().response()
                    .orElseThrow().table().tableArn();
            // dynalite ignores Tags on CreateTable (AWS honours them): tag in a second call.
            ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("team").value("checkout"), t -> t.key("env").value("test")));
        }
    }

    /** Creation time and stream ARN change on every run; everything else must not. */
    static String stable(String s) {
        return s.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>")
                .replaceAll("stream/[^\"\\s]+", "stream/<label>")
                .replaceAll("(\"creationTime\" : )[0-9.]+", "$1<time>");
    }

    @Test
    void describeTextJsonYamlMatchGolden(LocalAws aws) {
        Cli cli = Cli.local(home, aws);
        for (String fmt : new String[] {"text", "json", "yaml"}) {
            Cli.Result r = cli.run("table", "describe", GOLDEN_TABLE, "-o", fmt);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).as(r.toString()).isEmpty();
            Golden.assertMatches("table/describe." + fmt, stable(r.out()));
        }
    }

    @Test
    void describeJsonCarriesTheSnapshotAndSaysWhatIsUnavailable(LocalAws aws) throws Exception {
        Cli.Result r = Cli.local(home, aws).run("table", "describe", GOLDEN_TABLE, "-o", "json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("name").asText()).isEqualTo(GOLDEN_TABLE);
        assertThat(j.at("/partitionKey/name").asText()).isEqualTo("tenant");
        assertThat(j.at("/sortKey/type").asText()).isEqualTo("S");
        assertThat(j.at("/globalSecondaryIndexes/0/projection/type").asText()).isEqualTo("INCLUDE");
        assertThat(j.at("/localSecondaryIndexes/0/sortKey/name").asText()).isEqualTo("created");
        assertThat(j.at("/tags/team").asText()).isEqualTo("checkout");
        // dynalite has no PITR API: the field is null and the reason is listed; the command still succeeds
        assertThat(j.get("pointInTimeRecovery").isNull()).isTrue();
        assertThat(j.get("unavailable").findValuesAsText("field")).contains("pointInTimeRecovery");
    }

    @Test
    void describeOnMotoShowsPitrTtlKeyAndAutoScaling(LocalAws aws) throws Exception {
        String name = LocalAws.uniqueName("snap");
        try (DynamoDbClient ddb = client(aws.motoEndpoint())) {
            ddb.createTable(r -> r.tableName(name).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .streamSpecification(st -> st.streamEnabled(true).streamViewType("NEW_AND_OLD_IMAGES"))
                    .deletionProtectionEnabled(true));
            ddb.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(
                    p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(10)));
            ddb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().enabled(true).attributeName("exp").build()));
        }
        Cli.Result r = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint())
                .run("table", "describe", name, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/pointInTimeRecovery/status").asText()).isEqualTo("ENABLED");
        assertThat(j.at("/pointInTimeRecovery/recoveryPeriodDays").asInt()).isEqualTo(10);
        assertThat(j.at("/ttl/attributeName").asText()).isEqualTo("exp");
        assertThat(j.get("deletionProtection").asBoolean()).isTrue();
        assertThat(j.get("billingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(j.at("/encryption/keyType").asText()).isEqualTo("AWS_OWNED");
        assertThat(j.at("/stream/viewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void listShowsTablesAsTextAndJson(LocalAws aws) throws Exception {
        Cli.Result r = Cli.local(home, aws).run("table", "list");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("NAME").contains(GOLDEN_TABLE);
        Cli.Result j = Cli.local(home, aws).run("table", "list", "-o", "json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("region").asText()).isEqualTo("us-east-1");
        assertThat(n.get("tables").findValuesAsText("name")).contains(GOLDEN_TABLE);
    }

    @Test
    void missingTableIsOneLineAnd254(LocalAws aws) {
        Cli.Result r = Cli.local(home, aws).run("table", "describe", "no-such-table-xyz");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ddbr: error: table 'no-such-table-xyz' not found in us-east-1 "
                + "(hint: check the name and --region; 'ddbr table list' shows the tables there)\n");
    }

    @Test
    void profileEndpointsAreUsed(LocalAws aws) {
        // No AWS_ENDPOINT_URL in the environment: the ready-made local profile routes the calls.
        Cli.Result r = Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .run("-p", aws.profileFile().toString(), "table", "describe", GOLDEN_TABLE);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Table " + GOLDEN_TABLE);
    }
}
