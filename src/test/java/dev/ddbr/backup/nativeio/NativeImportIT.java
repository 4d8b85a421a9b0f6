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

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    /** A table of three items with PITR on, exported natively to {@code s3://bucket/x}: its export folder is {@code prefix}. */
    record Exported(Cli cli, String table, String arn, String bucket, String prefix) {
        String folder() { return "s3://" + bucket + "/" + prefix + "/"; }
    }

    static Exported export(DynamoDbClient ddb, S3Client s3, Cli cli) {
        String src = NativeExportIT.table(ddb, 3);
        String arn = ddb.describeTable(d -> d.tableName(src)).table().tableArn();
        ddb.updateContinuousBackups(u -> u.tableName(src).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        String bucket = LocalAws.uniqueName("ni-b").toLowerCase();
        s3.createBucket(b -> b.bucket(bucket));
        Cli.Result ex = cli.run("backup", "export", src, "--native", "s3://" + bucket + "/x");
        assertThat(ex.exitCode()).as(ex.toString()).isZero();
        String key = s3.listObjectsV2(l -> l.bucket(bucket).prefix("x/AWSDynamoDB/")).contents().get(0).key();
        return new Exported(cli, src, arn, bucket, key.substring(0, key.indexOf("/data/")));
    }

    @Test
    void importsIntoANewTableAndReappliesWhatTheImportDrops(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint()); S3Client s3 = NativeExportIT.s3(aws)) {
            Exported e = export(ddb, s3, cli(aws));
            Cli cli = e.cli();
            String src = e.table();
            String bucket = e.bucket();
            ddb.tagResource(t -> t.resourceArn(e.arn()).tags(x -> x.key("team").value("checkout")));
            ddb.updateTimeToLive(u -> u.tableName(src).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
            // moto names no manifest: the export folder is the one AWSDynamoDB/<id>/ it wrote
            String folder = e.folder();

            String dst = LocalAws.uniqueName("ni-dst");
            Cli.Result noSchema = cli.run("backup", "import", folder, "--native", "--table", dst);
            assertThat(noSchema.exitCode()).as(noSchema.toString()).isEqualTo(252);
            assertThat(noSchema.errLine()).contains("cannot tell the key schema").contains("--source-table").contains("--key pk:S[,sk:N]");

            Cli.Result r = cli.run("backup", "import", folder, "--native", "--table", dst, "--source-table", src, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("ddbr: key schema, indexes, billing and settings from table '" + src + "' in us-east-1 (--source-table)");
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("schemaFrom").asText()).isEqualTo("source-table");
            assertThat(j.get("sourceTable").asText()).isEqualTo(src);
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

    @Test
    void aSourceTableThatIsGoneIsDefinedOnTheCommandLine(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint()); S3Client s3 = NativeExportIT.s3(aws)) {
            Exported e = export(ddb, s3, cli(aws));
            Cli cli = e.cli();
            String src = e.table();
            // the manifest AWS writes names the source table (moto writes none), and then the table is deleted
            s3.putObject(p -> p.bucket(e.bucket()).key(e.prefix() + "/manifest-summary.json"), software.amazon.awssdk.core.sync.RequestBody.fromString(
                    "{\"version\":\"2020-06-30\",\"tableArn\":\"" + e.arn() + "\",\"itemCount\":3,\"outputFormat\":\"DYNAMODB_JSON\",\"exportType\":\"FULL_EXPORT\"}"));
            ddb.deleteTable(d -> d.tableName(src));
            String folder = e.folder();
            String dst = LocalAws.uniqueName("ni-cl");

            Cli.Result gone = cli.run("backup", "import", folder, "--native", "--table", dst);
            assertThat(gone.exitCode()).as(gone.toString()).isNotZero();
            assertThat(gone.err().lines()).hasSize(1);
            assertThat(gone.errLine()).contains("cannot read the settings of the source table '" + src + "' (named in the export's manifest)")
                    .contains("nothing was started").contains("if the source table is gone, give the key schema: --key pk:S[,sk:N]");

            // each bad definition: one line, 252, nothing created
            String[][] bad = {
                {"--key", "pk:Q"},
                {"--key", "pk:S", "--gsi", "by v=v:N"},
                {"--key", "pk:S", "--gsi", "by-v=v:N:INCLUDE()"},
                {"--key", "pk:S", "--gsi", "by-v=pk:N"},
                {"--key", "pk:S", "--billing", "provisioned:0/5"},
                {"--gsi", "by-v=v:N"},
                {"--billing", "on-demand"},
                {"--key", "pk:S", "--source-table", "whatever"},
            };
            for (String[] b : bad) {
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("backup", "import", folder, "--native", "--table", dst));
                args.addAll(java.util.List.of(b));
                Cli.Result r = cli.run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
                assertThat(r.err().lines()).as(r.toString()).hasSize(1);
                assertThat(r.errLine()).startsWith("ddbr: error: ").contains("(hint: ");
            }
            Cli.Result notNative = cli.run("backup", "import", folder, "--table", dst, "--key", "pk:S");
            assertThat(notNative.exitCode()).isEqualTo(252);
            assertThat(notNative.errLine()).contains("--key goes with --native");
            assertThat(ddb.listTables().tableNames()).doesNotContain(dst);

            Cli.Result r = cli.run("backup", "import", folder, "--native", "--table", dst, "--key", "pk:S",
                    "--gsi", "by-v=v:N:KEYS_ONLY", "--gsi", "by-w=w:S,pk:S:INCLUDE(x,y)", "--billing", "provisioned:7/3", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("ddbr: key schema, indexes and billing from the command line: pk (S); index by-v: v (N), KEYS_ONLY;"
                    + " index by-w: w (S), pk (S), INCLUDE(x,y); provisioned 7 RCU / 3 WCU")
                    .contains("is defined from the command line: no source table to re-apply");
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(j.get("schemaFrom").asText()).isEqualTo("command-line");
            assertThat(j.get("sourceTable").isNull()).isTrue();
            assertThat(j.get("importedItemCount").asLong()).isEqualTo(3);
            assertThat(j.get("fixUps")).isEmpty();
            var t = ddb.describeTable(d -> d.tableName(dst)).table();
            assertThat(t.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo("pk"));
            assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
            assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
            assertThat(t.globalSecondaryIndexes()).extracting(g -> g.indexName() + ":" + g.projection().projectionTypeAsString())
                    .containsExactlyInAnyOrder("by-v:KEYS_ONLY", "by-w:INCLUDE");
            assertThat(t.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                    .containsExactlyInAnyOrder("pk:S", "v:N", "w:S");
            assertThat(ddb.scan(s -> s.tableName(dst)).count()).isEqualTo(3);
        }
    }
}
