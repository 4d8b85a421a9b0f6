package dev.ddbr.backup.logical;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.backup.codec.ItemCodecTest;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** backup export / import end to end on dynalite: fidelity, verify-before-write, resume, injected faults. */
@EmulatorTest
class LogicalBackupIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static DynamoDbClient ddb(String endpoint) {
        return TestClients.dynamodb(endpoint);
    }

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    /** A table with a composite key holding every attribute type, unicode, precise numbers and a ~390 KB item. */
    static String sourceTable(DynamoDbClient ddb, int plain) {
        String t = LocalAws.uniqueName("lb-src");
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
        awaitActive(ddb, t);
        Map<String, AttributeValue> every = new LinkedHashMap<>(ItemCodecTest.everyType());
        every.put("sk", AttributeValue.fromN("0.000000000000000000000000000000000001"));
        ddb.putItem(r -> r.tableName(t).item(every));
        Map<String, AttributeValue> big = new HashMap<>();
        big.put("pk", AttributeValue.fromS("big"));
        big.put("sk", AttributeValue.fromN("1"));
        big.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[250_000])));
        big.put("text", AttributeValue.fromS("ü".repeat(65_000)));
        ddb.putItem(r -> r.tableName(t).item(big));
        for (int i = 0; i < plain; i++) {
            int n = i;
            ddb.putItem(r -> r.tableName(t).item(Map.of("pk", AttributeValue.fromS("p" + (n % 17)),
                    "sk", AttributeValue.fromN(Integer.toString(n)),
                    "v", AttributeValue.fromN("3.14159265358979323846264338327950" + n),
                    "tags", AttributeValue.fromSs(List.of("a" + n, "b")))));
        }
        return t;
    }

    /** The SDK's default waiter polls every 20 s; the emulator is ready in well under a second. */
    static void awaitActive(DynamoDbClient ddb, String t) {
        try (var w = software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter.builder().client(ddb)
                .overrideConfiguration(o -> o.maxAttempts(600).backoffStrategyV2(
                        software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(java.time.Duration.ofMillis(50)))).build()) {
            w.waitUntilTableExists(r -> r.tableName(t));
        }
    }

    static Map<String, Map<String, AttributeValue>> contents(DynamoDbClient ddb, String table) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        ddb.scanPaginator(r -> r.tableName(table)).items().forEach(i -> out.put(i.get("pk").s() + "|" + i.get("sk").n(), i));
        return out;
    }

    static boolean exists(DynamoDbClient ddb, String t) {
        try {
            ddb.describeTable(r -> r.tableName(t));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Test
    void everyTypeRoundTripsExactlyThroughExportAndImport(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 150);
            Path dir = home.resolve("bk");
            Cli.Result ex = cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "3", "-o", "json");
            assertThat(ex.exitCode()).as(ex.toString()).isZero();
            assertThat(JSON.readTree(ex.out()).get("itemCount").asLong()).isEqualTo(152);
            JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
            assertThat(manifest.get("files")).hasSize(3);
            assertThat(manifest.get("settings").get("partitionKey").get("name").asText()).isEqualTo("pk");
            for (JsonNode f : manifest.get("files")) assertThat(f.get("sha256").asText()).hasSize(64);

            String dst = LocalAws.uniqueName("lb-dst");
            Cli.Result im = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(im.exitCode()).as(im.toString()).isZero();
            assertThat(JSON.readTree(im.out()).get("createdTable").asBoolean()).isTrue();
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(152);

            // a second export into the same directory is refused: backups are never overwritten
            Cli.Result again = cli(aws).run("backup", "export", src, "--to", dir.toString());
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(252);
            // --create over an existing table is refused
            Cli.Result over = cli(aws).run("backup", "import", dir.toString(), "--table", src, "--create");
            assertThat(over.exitCode()).as(over.toString()).isEqualTo(252);
            assertThat(over.err()).contains("never overwrites");
        }
    }

    @Test
    void corruptedOrTruncatedBackupIsRefusedBeforeAnythingIsWritten(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 40);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "2").exitCode()).isZero();
            Path part = dir.resolve("data/part-00001.json.gz");
            byte[] original = Files.readAllBytes(part);

            // one flipped byte
            byte[] flipped = original.clone();
            flipped[flipped.length / 2] ^= 0x01;
            Files.write(part, flipped);
            String dst = LocalAws.uniqueName("lb-bad");
            Cli.Result r = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--create");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err()).contains("corrupted or truncated").contains("part-00001").contains("nothing was written")
                    .as("a damaged file is named as not the file exported").contains("SHA-256 mismatch");
            assertThat(exists(ddb, dst)).isFalse();

            // truncated
            Files.write(part, java.util.Arrays.copyOf(original, original.length - 20));
            r = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--create");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(exists(ddb, dst)).isFalse();

            // into an existing empty table: still nothing written
            Files.write(part, flipped);
            ddb.createTable(c -> c.tableName(dst).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
            awaitActive(ddb, dst);
            r = cli(aws).run("backup", "import", dir.toString(), "--table", dst);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(contents(ddb, dst)).isEmpty();

            // a missing manifest (an export that did not finish) is not a backup
            Files.write(part, original);
            Files.delete(dir.resolve("manifest.json"));
            r = cli(aws).run("backup", "import", dir.toString(), "--table", dst);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err()).contains("no manifest.json");
        }
    }

    @Test
    void importResumesAfterACrashWithNoDuplicatesOrGaps(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 400);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "2").exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-resume");
            // the "crash": after 6 batch writes every further write is denied
            proxy.policy((op, n) -> op.equals("BatchWriteItem") && n > 6 ? Fault.DENIED : Fault.NONE);
            Cli.Result first = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint())
                    .run("backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "2");
            assertThat(first.exitCode()).as(first.toString()).isEqualTo(254);
            assertThat(first.err()).contains("stopped after").contains("resumes from");
            int partial = contents(ddb, dst).size();
            assertThat(partial).isBetween(1, 401);

            // the same command: same endpoint (the journal is of the table as seen there), the crash over
            proxy.policy((op, n) -> Fault.NONE);
            Cli.Result second = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint())
                    .run("backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            JsonNode r = JSON.readTree(second.out());
            assertThat(r.get("resumed").asBoolean()).isTrue();
            assertThat(r.get("itemsSkippedOnResume").asLong()).isPositive();
            assertThat(r.get("itemsWritten").asLong() + r.get("itemsSkippedOnResume").asLong()).isEqualTo(402);
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(402);
        }
    }

    @Test
    void exportAndImportSurviveThrottling5xxResetsAndUnprocessedItems(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 300);
            proxy.policy((op, n) -> {
                if (!op.equals("Scan") && !op.equals("BatchWriteItem")) return Fault.NONE;
                if (n % 4 == 1) return Fault.THROTTLE;
                if (n % 4 == 2 && op.equals("BatchWriteItem")) return Fault.UNPROCESSED;
                if (n % 7 == 3) return Fault.SERVER_ERROR;
                if (n % 11 == 5) return Fault.RESET;
                return Fault.NONE;
            });
            Cli faulty = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
            Path dir = home.resolve("bk");
            Cli.Result ex = faulty.run("backup", "export", src, "--to", dir.toString(), "--segments", "4", "-o", "json");
            assertThat(ex.exitCode()).as(ex.toString()).isZero();
            assertThat(JSON.readTree(ex.out()).get("itemCount").asLong()).isEqualTo(302);
            String dst = LocalAws.uniqueName("lb-fault");
            Cli.Result im = faulty.run("backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "4");
            assertThat(im.exitCode()).as(im.toString()).isZero();
            assertThat(proxy.injected(Fault.THROTTLE)).isPositive();
            assertThat(proxy.injected(Fault.SERVER_ERROR)).isPositive();
            assertThat(proxy.injected(Fault.RESET)).isPositive();
            assertThat(proxy.injected(Fault.UNPROCESSED)).isPositive();
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(302);
        }
    }

    @Test
    void importsANativeDynamoDbJsonExport(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            // the layout of AWSDynamoDB/<id>/: manifest-summary.json, manifest-files.json, data/*.json.gz
            Path exp = home.resolve("AWSDynamoDB/01700000000000-abcdef12");
            Files.createDirectories(exp.resolve("data"));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 30; i++) lines.add("{\"Item\":{\"pk\":{\"S\":\"n" + i + "\"},\"sk\":{\"N\":\"" + i + "\"},\"m\":{\"M\":{\"x\":{\"NULL\":true}}}}}");
            Path data = exp.resolve("data/abc123.json.gz");
            try (OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data))) {
                o.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String md5 = java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(data)));
            Files.writeString(exp.resolve("manifest-files.json"), "{\"itemCount\":30,\"md5Checksum\":\"" + md5
                    + "\",\"etag\":\"x\",\"dataFileS3Key\":\"exports/AWSDynamoDB/01700000000000-abcdef12/data/abc123.json.gz\"}\n");
            Files.writeString(exp.resolve("manifest-summary.json"), "{\"version\":\"2020-06-30\",\"exportArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src/export/01700000000000-abcdef12\","
                    + "\"tableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/src\",\"itemCount\":30,\"outputFormat\":\"DYNAMODB_JSON\",\"exportType\":\"FULL_EXPORT\","
                    + "\"manifestFilesS3Key\":\"exports/AWSDynamoDB/01700000000000-abcdef12/manifest-files.json\"}");
            String dst = LocalAws.uniqueName("lb-native");
            Cli.Result noCreate = cli(aws).run("backup", "import", exp.toString(), "--table", dst, "--create");
            assertThat(noCreate.exitCode()).as(noCreate.toString()).isEqualTo(252);
            assertThat(noCreate.err()).contains("native export has none");
            ddb.createTable(c -> c.tableName(dst).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
            awaitActive(ddb, dst);
            Cli.Result r = cli(aws).run("backup", "import", exp.toString(), "--table", dst);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Map<String, Map<String, AttributeValue>> got = contents(ddb, dst);
            assertThat(got).hasSize(30);
            assertThat(got.get("n7|7").get("m").m().get("x").nul()).isTrue();

            // the folder above AWSDynamoDB/ (holding exactly one export) is accepted too
            String dst2 = LocalAws.uniqueName("lb-native2");
            createPkSk(ddb, dst2);
            Cli.Result parent = cli(aws).run("backup", "import", home.toString(), "--table", dst2, "-o", "json");
            assertThat(parent.exitCode()).as(parent.toString()).isZero();
            assertThat(JSON.readTree(parent.out()).get("source").asText()).isEqualTo(exp.toString());
            assertThat(contents(ddb, dst2)).isEqualTo(got);

            // a checksum mismatch: both values are shown in the manifest's encoding (base64 for a native export)
            String other = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(new byte[] {1}));
            Files.writeString(exp.resolve("manifest-files.json"), Files.readString(exp.resolve("manifest-files.json")).replace(md5, other));
            Cli.Result damaged = cli(aws).run("backup", "import", exp.toString(), "--table", dst2, "--yes");
            assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(252);
            assertThat(damaged.err()).contains("MD5 mismatch (manifest " + other + ", file " + md5 + ")");
        }
    }

    @Test
    void aNativeExportsZeroByteFileIsAnEmptyPartitionAndAnIncrementalExportIsRefusedUpFront(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 4; i++) items.add(Map.of("pk", AttributeValue.fromS("k" + i), "sk", AttributeValue.fromN(Integer.toString(i))));
            // 5 files for 4 items: the last one is an empty partition, which AWS writes as a zero-byte object
            Path exp = dev.ddbr.testing.ExportWriter.write(home.resolve("full"), "01700000000000-zerobyte",
                    dev.ddbr.testing.ExportWriter.Format.DYNAMODB_JSON, 5, items);
            Path empty = exp.resolve("data/file4-017000.json.gz");
            String gzMd5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(empty)));
            String zeroMd5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(new byte[0]));
            Files.write(empty, new byte[0]);
            Files.writeString(exp.resolve("manifest-files.json"), Files.readString(exp.resolve("manifest-files.json")).replace(gzMd5, zeroMd5));
            String dst = LocalAws.uniqueName("lb-zero");
            createPkSk(ddb, dst);
            Cli.Result r = cli(aws).run("backup", "import", exp.toString(), "--table", dst, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(contents(ddb, dst)).hasSize(4).containsKeys("k0|0", "k3|3");

            // an incremental export holds changes, not items: refused before anything is read or written
            Path inc = dev.ddbr.testing.ExportWriter.write(home.resolve("inc"), "01700000000000-incrementl",
                    dev.ddbr.testing.ExportWriter.Format.DYNAMODB_JSON, 1, items);
            Files.writeString(inc.resolve("manifest-summary.json"), Files.readString(inc.resolve("manifest-summary.json"))
                    .replace("\"FULL_EXPORT\"", "\"INCREMENTAL_EXPORT\""));
            String dst2 = LocalAws.uniqueName("lb-inc");
            Cli.Result refused = cli(aws).run("backup", "import", inc.toString(), "--table", dst2, "--create", "--yes");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
            assertThat(refused.err()).contains("is an INCREMENTAL_EXPORT").contains("import the full export it builds on");
            assertThat(exists(ddb, dst2)).isFalse();
        }
    }

    @Test
    void exportToS3AndImportFromIt(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint());
             var s3 = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(URI.create(aws.motoEndpoint()))
                     .forcePathStyle(true).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String src = sourceTable(ddb, 20);
            String bucket = LocalAws.uniqueName("ddbr-bk");
            s3.createBucket(b -> b.bucket(bucket));
            Cli.Result ex = cli(aws).run("backup", "export", src, "--to", "s3://" + bucket + "/nightly/1");
            assertThat(ex.exitCode()).as(ex.toString()).isZero();
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(o -> o.key())
                    .contains("nightly/1/manifest.json", "nightly/1/data/part-00000.json.gz");
            String dst = LocalAws.uniqueName("lb-s3");
            Cli.Result im = cli(aws).run("backup", "import", "s3://" + bucket + "/nightly/1", "--table", dst, "--create");
            assertThat(im.exitCode()).as(im.toString()).isZero();
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src));

            // a bucket that does not exist is named as such, with a hint about the bucket
            String missing = LocalAws.uniqueName("ddbr-nobucket");
            for (String[] args : List.of(new String[] {"backup", "import", "s3://" + missing + "/x", "--table", dst},
                    new String[] {"backup", "export", src, "--to", "s3://" + missing + "/x"})) {
                Cli.Result r = cli(aws).run(args);
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
                assertThat(r.err()).contains("the S3 bucket '" + missing + "' does not exist").contains("check the bucket name and region")
                        .doesNotContain("ddbr table list");
            }
        }
    }

    static void createPkSk(DynamoDbClient ddb, String t) {
        ddb.createTable(c -> c.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
        awaitActive(ddb, t);
    }

    static long journals(Path state) throws Exception {
        Path dir = state.resolve("imports");
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void importIntoAnExistingTableThatHoldsItemsIsConfirmed(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 40);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString()).exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-full");
            createPkSk(ddb, dst);
            ddb.putItem(r -> r.tableName(dst).item(Map.of("pk", AttributeValue.fromS("mine"), "sk", AttributeValue.fromN("1"),
                    "mine", AttributeValue.fromS("not in the backup"))));
            Map<String, Map<String, AttributeValue>> before = contents(ddb, dst);

            // a script without --yes is refused: nothing written, no journal left
            Cli.Result refused = cli(aws).run("backup", "import", dir.toString(), "--table", dst);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
            assertThat(refused.err()).contains("refusing to write 42 items into the existing table '" + dst + "'").contains("pass --yes");
            assertThat(refused.out()).isEmpty();
            assertThat(contents(ddb, dst)).isEqualTo(before);
            assertThat(journals(home.resolve("state"))).isZero();

            // --dry-run shows what would be written
            Cli.Result dry = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains(dst + " (exists and holds items)").contains("items with the same keys are overwritten")
                    .contains("dry run: would write 42 items into " + dst + "; nothing was written");
            Cli.Result dryJson = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--dry-run", "-o", "json");
            JsonNode plan = JSON.readTree(dryJson.out());
            assertThat(plan.get("itemCount").asLong()).isEqualTo(42);
            assertThat(plan.get("tableHasItems").asBoolean()).isTrue();
            assertThat(plan.get("dryRun").asBoolean()).isTrue();
            assertThat(contents(ddb, dst)).isEqualTo(before);

            // a terminal sees the plan, then is asked; "n" writes nothing
            Cli.Result no = cli(aws).terminal(true, true, true).stdin("n\n").run("backup", "import", dir.toString(), "--table", dst);
            assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
            assertThat(no.out()).contains("plan: write 42 items into " + dst);
            assertThat(no.err()).contains("[y/N]").contains("nothing written");
            assertThat(contents(ddb, dst)).isEqualTo(before);

            Cli.Result yes = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--yes");
            assertThat(yes.exitCode()).as(yes.toString()).isZero();
            Map<String, Map<String, AttributeValue>> after = contents(ddb, dst);
            assertThat(after).hasSize(43).containsAllEntriesOf(contents(ddb, src));
        }
    }

    @Test
    void importIntoATableWithOtherKeysIsRefusedBeforeAnythingIsWritten(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 10);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString()).exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-keys");
            ddb.createTable(c -> c.tableName(dst).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH")));
            awaitActive(ddb, dst);
            Cli.Result r = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "--yes");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("key schema pk (S), sk (N) does not match table '" + dst + "': id (S)");
            assertThat(ddb.scan(s -> s.tableName(dst)).count()).isZero();
            assertThat(journals(home.resolve("state"))).isZero();
        }
    }
}
