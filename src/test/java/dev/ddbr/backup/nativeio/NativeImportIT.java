package dev.ddbr.backup.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** backup import --native on moto (ImportTable, DescribeImport, S3): a new table, then restore's fix-ups and drift check. */
@EmulatorTest
class NativeImportIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void importsIntoANewTableAndReappliesWhatTheImportDrops(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint()); S3Client s3 = NativeExportIT.s3(aws)) {
            String src = NativeExportIT.table(ddb, 3);
            String srcArn = ddb.describeTable(d -> d.tableName(src)).table().tableArn();
            ddb.updateContinuousBackups(u -> u.tableName(src).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            ddb.tagResource(t -> t.resourceArn(srcArn).tags(x -> x.key("team").value("checkout")));
            ddb.updateTimeToLive(u -> u.tableName(src).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
            String bucket = LocalAws.uniqueName("ni-b").toLowerCase();
            s3.createBucket(b -> b.bucket(bucket));
            Cli cli = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
            Cli.Result ex = cli.run("backup", "export", src, "--native", "s3://" + bucket + "/x");
            assertThat(ex.exitCode()).as(ex.toString()).isZero();
            // moto names no manifest: the export folder is the one AWSDynamoDB/<id>/ it wrote
            String key = s3.listObjectsV2(l -> l.bucket(bucket).prefix("x/AWSDynamoDB/")).contents().get(0).key();
            String folder = "s3://" + bucket + "/" + key.substring(0, key.indexOf("/data/") + 1);

            String dst = LocalAws.uniqueName("ni-dst");
            Cli.Result noSchema = cli.run("backup", "import", folder, "--native", "--table", dst);
            assertThat(noSchema.exitCode()).as(noSchema.toString()).isEqualTo(252);
            assertThat(noSchema.errLine()).contains("cannot tell the key schema").contains("--source-table");

            Cli.Result r = cli.run("backup", "import", folder, "--native", "--table", dst, "--source-table", src, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(j.get("importedItemCount").asLong()).isEqualTo(3);
            assertThat(j.get("drift")).isEmpty();
            assertThat(ddb.scan(s -> s.tableName(dst)).count()).isEqualTo(3);
            // what an import drops, back on the new table
            String dstArn = ddb.describeTable(d -> d.tableName(dst)).table().tableArn();
            assertThat(ddb.listTagsOfResource(t -> t.resourceArn(dstArn)).tags()).anyMatch(t -> t.key().equals("team") && t.value().equals("checkout"));
            assertThat(ddb.describeTimeToLive(t -> t.tableName(dst)).timeToLiveDescription().attributeName()).isEqualTo("expires");
            assertThat(ddb.describeContinuousBackups(c -> c.tableName(dst)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");

            Cli.Result again = cli.run("backup", "import", folder, "--native", "--table", dst, "--source-table", src);
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(252);
            assertThat(again.errLine()).isEqualTo("ddbr: error: table '" + dst + "' already exists; DynamoDB imports only into a new table; nothing was started"
                    + " (hint: choose another --table, or import into the existing table without --native (ddbr writes the items itself))");
            Cli.Result notFolder = cli.run("backup", "import", "s3://" + bucket + "/x", "--native", "--table", LocalAws.uniqueName("ni-z"));
            assertThat(notFolder.exitCode()).isEqualTo(252);
            assertThat(notFolder.errLine()).contains("is not a native export's folder");
        }
    }
}
