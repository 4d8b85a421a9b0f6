package dev.ddbr.backup.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** backup export --native, backup status and backup list on moto, which has ExportTableToPointInTime, DescribeExport, ListExports and S3. */
@EmulatorTest
class NativeExportIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    static S3Client s3(LocalAws aws) {
        return S3Client.builder().endpointOverride(URI.create(aws.motoEndpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    static String table(DynamoDbClient ddb, int items) {
        String t = LocalAws.uniqueName("nx");
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        for (int i = 0; i < items; i++) {
            String k = "k" + i;
            ddb.putItem(r -> r.tableName(t).item(java.util.Map.of("pk", AttributeValue.fromS(k))));
        }
        return t;
    }

    @Test
    void withoutPitrNothingStartsAndTheHintSaysHowToTurnItOn(LocalAws aws) {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint()); S3Client s3 = s3(aws)) {
            String t = table(ddb, 1);
            String bucket = LocalAws.uniqueName("nx-b").toLowerCase();
            s3.createBucket(b -> b.bucket(bucket));
            Cli.Result r = cli(aws).run("backup", "export", t, "--native", "s3://" + bucket + "/x");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err()).contains("ddbr: error: point-in-time recovery is off on '" + t + "': DynamoDB exports to S3 only from a table with PITR on; nothing was started")
                    .contains("(hint: turn it on with 'ddbr pitr enable " + t + "'");
            assertThat(r.out()).isEmpty();
            String arn = ddb.describeTable(d -> d.tableName(t)).table().tableArn();
            assertThat(ddb.listExports(l -> l.tableArn(arn)).exportSummaries()).isEmpty();
        }
    }

    @Test
    void exportsWaitsAndIsListedBesideTheBackups(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint()); S3Client s3 = s3(aws)) {
            String t = table(ddb, 3);
            ddb.updateContinuousBackups(u -> u.tableName(t).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            String bucket = LocalAws.uniqueName("nx-b").toLowerCase();

            Cli.Result missing = cli(aws).run("backup", "export", t, "--native", "s3://" + bucket + "/x");
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(254);
            assertThat(missing.errLine()).startsWith("ddbr: error: the S3 bucket '" + bucket + "' does not exist; nothing was started");

            s3.createBucket(b -> b.bucket(bucket));
            Cli.Result r = cli(aws).run("backup", "export", t, "--native", "s3://" + bucket + "/nightly", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(j.get("itemCount").asLong()).isEqualTo(3);
            assertThat(j.get("table").asText()).isEqualTo(t);
            assertThat(j.get("s3Prefix").asText()).isEqualTo("nightly");
            // moto writes the items under the prefix (without a manifest: see docs/development.md)
            assertThat(s3.listObjectsV2(l -> l.bucket(bucket).prefix("nightly/AWSDynamoDB/")).contents()).isNotEmpty();
            String arn = j.get("exportArn").asText();

            Cli.Result list = cli(aws).run("backup", "list", t, "-o", "json");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            JsonNode b = JSON.readTree(list.out()).get("backups").get(0);
            assertThat(b.get("source").asText()).isEqualTo("native-export");
            assertThat(b.get("arn").asText()).isEqualTo(arn);
            assertThat(b.get("type").asText()).isEqualTo("FULL_EXPORT");
            assertThat(b.get("status").asText()).isEqualTo("COMPLETED");
            Cli.Result text = cli(aws).run("backup", "list", t);
            assertThat(text.out()).contains("native export").contains(arn);

            Cli.Result status = cli(aws).run("backup", "status", arn);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).containsPattern("status +COMPLETED").containsPattern("items +3\\n");
        }
    }
}
