package dev.ddbr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.S3Client;

/** The API-model proxy in front of the emulators: it refuses what AWS refuses and passes the rest unchanged. */
@EmulatorTest
class ApiModelNetIT {

    private LocalAws aws;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        assertThat(aws.apiModel().active()).as("the API-model proxy runs in front of the emulators").isTrue();
    }

    private static CreateTableShape table(String name) {
        return new CreateTableShape(name);
    }

    /** A hash-keyed table with one GSI, built per test. */
    private record CreateTableShape(String name) {
        software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.Builder builder() {
            return software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder().tableName(name)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
        }

        GlobalSecondaryIndex gsi(ProvisionedThroughput pt) {
            return GlobalSecondaryIndex.builder().indexName("by-g")
                    .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                    .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                    .provisionedThroughput(pt).build();
        }
    }

    @Test
    void aValueUnderTheModelsMinimumIsRefusedAndNeverReachesTheEmulator() {
        String name = LocalAws.uniqueName("net");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint());
             DynamoDbClient direct = TestClients.dynamodb(aws.dynamodbDirectEndpoint())) {
            var t = table(name);
            assertThatThrownBy(() -> ddb.createTable(t.builder().billingMode(BillingMode.PROVISIONED)
                    .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build())
                    .globalSecondaryIndexes(t.gsi(ProvisionedThroughput.builder().readCapacityUnits(0L).writeCapacityUnits(0L).build()))
                    .build()))
                    .isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining(ApiModelNet.MARKER)
                    .hasMessageContaining("GlobalSecondaryIndexes[0].ProvisionedThroughput.ReadCapacityUnits, value: 0, valid min value: 1");

            List<ApiModelNet.Refusal> refused = aws.apiModel().claim();
            assertThat(refused).singleElement().satisfies(r -> {
                assertThat(r.service()).isEqualTo("dynamodb");
                assertThat(r.operation()).isEqualTo("CreateTable");
                assertThat(r.problems()).hasSize(2);
            });
            assertThatThrownBy(() -> direct.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void enumsMaximaAndPatternsAreCheckedToo() {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            assertThatThrownBy(() -> ddb.createTable(table(LocalAws.uniqueName("net")).builder().billingMode("FREE").build()))
                    .hasMessageContaining("Invalid value for parameter BillingMode, value: FREE, valid values: PROVISIONED, PAY_PER_REQUEST");
            assertThatThrownBy(() -> ddb.createBackup(b -> b.tableName("t").backupName("bad name")))
                    .hasMessageContaining("Invalid value for parameter BackupName, value: bad name, must match pattern");
            assertThatThrownBy(() -> ddb.listTables(b -> b.limit(101)))
                    .hasMessageContaining("Invalid value for parameter Limit, value: 101, valid max value: 100");
            // an attribute value is a tagged union: exactly one of S, N, B, ...
            assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("t").item(Map.of("pk", AttributeValue.fromS("a"),
                    "v", AttributeValue.builder().s("a").n("1").build()))))
                    .hasMessageContaining("Invalid number of parameters set for tagged union structure Item.v");
        }
        assertThat(aws.apiModel().claim()).extracting(ApiModelNet.Refusal::operation)
                .containsExactly("CreateTable", "CreateBackup", "ListTables", "PutItem");
    }

    @Test
    void onDemandWithIndexThroughputIsRefusedByTheCrossFieldRule() {
        String name = LocalAws.uniqueName("net");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            var t = table(name);
            assertThatThrownBy(() -> ddb.createTable(t.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                    .globalSecondaryIndexes(t.gsi(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build()))
                    .build()))
                    .hasMessageContaining("GlobalSecondaryIndexes[0].ProvisionedThroughput must not be specified for index by-g"
                            + " when BillingMode is PAY_PER_REQUEST");
            assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(name).targetTableName(name + "-r")
                    .useLatestRestorableTime(true).billingModeOverride(BillingMode.PAY_PER_REQUEST)
                    .globalSecondaryIndexOverride(t.gsi(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build()))))
                    .hasMessageContaining("GlobalSecondaryIndexOverride[0].ProvisionedThroughput must not be specified");
        }
        assertThat(aws.apiModel().claim()).extracting(ApiModelNet.Refusal::operation)
                .containsExactly("CreateTable", "RestoreTableToPointInTime");
    }

    @Test
    void aTestWhoseRequestsAwsWouldRefuseFailsEvenWhenTheCodeUnderTestSwallowedTheError() {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            try {
                ddb.listTables(b -> b.limit(0));
            } catch (DynamoDbException swallowed) {
                // as a best-effort step in ddbr would
            }
        }
        // what runs after every @EmulatorTest method
        assertThatThrownBy(() -> new LocalAwsExtension().afterEach(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AWS would refuse 1 request(s) this test made")
                .hasMessageContaining("dynamodb ListTables: Invalid value for parameter Limit, value: 0, valid min value: 1");
        assertThat(aws.apiModel().claim()).as("reported once").isEmpty();
    }

    @Test
    void validRequestsPassUnchangedAndLargeAnswersStreamBack() {
        String name = LocalAws.uniqueName("net");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint())) {
            var t = table(name);
            ddb.createTable(t.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                    .globalSecondaryIndexes(t.gsi(null)).build());
            ddb.waiter().waitUntilTableExists(b -> b.tableName(name),
                    o -> o.waitTimeout(java.time.Duration.ofSeconds(30)).backoffStrategyV2(
                            software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(java.time.Duration.ofMillis(100))));
            String big = "x".repeat(300_000);
            ddb.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromS(big))));
            var item = ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a")))).item();
            assertThat(item.get("v").s()).isEqualTo(big);
            ddb.deleteTable(b -> b.tableName(name));
        }
        assertThat(aws.apiModel().claim()).isEmpty();
    }

    @Test
    void queryRestJsonAndRestXmlServicesAreCheckedAsWell() {
        try (IamClient iam = TestClients.of(IamClient.builder(), aws.motoEndpoint());
             BackupClient backup = TestClients.of(BackupClient.builder(), aws.motoEndpoint());
             CloudWatchClient cw = TestClients.of(CloudWatchClient.builder(), aws.motoEndpoint());
             S3Client s3 = TestClients.of(S3Client.builder().forcePathStyle(true), aws.motoEndpoint())) {
            assertThatThrownBy(() -> iam.createRole(b -> b.roleName("r".repeat(65)).assumeRolePolicyDocument("{}")))
                    .isInstanceOf(IamException.class)
                    .hasMessageContaining("Invalid length for parameter RoleName, value: " + "r".repeat(65) + ", valid max length: 64");
            assertThatThrownBy(() -> backup.createBackupVault(b -> b.backupVaultName("bad vault")))
                    .hasMessageContaining("Invalid value for parameter BackupVaultName, value: bad vault, must match pattern");
            assertThatThrownBy(() -> cw.putMetricAlarm(b -> b.alarmName("a").metricName("m").namespace("n")
                    .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(0).threshold(1.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)))
                    .hasMessageContaining("Invalid value for parameter EvaluationPeriods, value: 0, valid min value: 1");
            String bucket = LocalAws.uniqueName("net");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("k/v.json"), RequestBody.fromString("{}"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k/v.json")).asUtf8String()).isEqualTo("{}");
        }
        assertThat(aws.apiModel().claim()).extracting(r -> r.service() + " " + r.operation())
                .containsExactly("iam CreateRole", "backup CreateBackupVault", "cloudwatch PutMetricAlarm");
        assertThat(aws.apiModel().stats()).contains("s3 PutObject").contains("s3 GetObject");
    }
}
