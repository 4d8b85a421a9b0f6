package dev.ddbr.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** backup verify (restore drill) against moto, which has CreateBackup and RestoreTableFromBackup. */
@EmulatorTest
public class BackupVerifyIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    static DynamoDbClient moto(LocalAws aws) {
        return DynamoDbClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    public static String table(DynamoDbClient ddb, int items) {
        String t = LocalAws.uniqueName("verify");
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("N"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
        for (int i = 0; i < items; i++) {
            int n = i;
            ddb.putItem(p -> p.tableName(t).item(Map.of("pk", AttributeValue.fromS("k" + (n % 7)), "sk", AttributeValue.fromN(String.valueOf(n)),
                    "amount", AttributeValue.fromN("12.50"), "tags", AttributeValue.fromSs(java.util.List.of("a", "b")),
                    "nested", AttributeValue.fromM(Map.of("ok", AttributeValue.fromBool(true))))));
        }
        return t;
    }

    public static boolean gone(DynamoDbClient ddb, String t) {
        try {
            return ddb.describeTable(r -> r.tableName(t)).table().tableStatus() == TableStatus.DELETING;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    @Test
    void restoresTheLatestBackupComparesAndDeletesTheScratchTable(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, 30);
            ddb.createBackup(b -> b.tableName(t).backupName("nightly"));
            java.nio.file.Path page = java.nio.file.Files.createTempDirectory("verify-report").resolve("drill.html");
            Cli.Result r = cli(aws).withMaxAttempts(2).run("-o", "json", "backup", "verify", t, "--sample", "10", "--report", page.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("steps").findValuesAsText("step")).containsExactly("restore call", "wait for ACTIVE",
                    "item count (source and restored)", "sample compare (10 items)", "delete the scratch table");
            assertThat(java.nio.file.Files.readString(page)).contains("Restore drill: backup of " + t, "PASS: the backup restores, 30 items",
                    "Recovered in ").contains("<svg ");
            assertThat(j.get("verdict").asText()).isEqualTo("PASS");
            assertThat(j.get("sourceItems").asLong()).isEqualTo(30);
            assertThat(j.get("restoredItems").asLong()).isEqualTo(30);
            assertThat(j.get("sampled").asInt()).isEqualTo(10);
            assertThat(j.get("sampleMatched").asInt()).isEqualTo(10);
            assertThat(j.get("restoreSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(j.get("backupName").asText()).isEqualTo("nightly");
            String scratch = j.get("scratchTable").asText();
            assertThat(scratch).startsWith(t + "-ddbr-drill-");
            assertThat(j.get("scratchDeleted").asBoolean()).isTrue();
            assertThat(gone(ddb, scratch)).isTrue();
            assertThat(ddb.describeTable(d -> d.tableName(t)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        }
    }

    @Test
    void differencesFromTheSourceFailTheDrillAndTheScratchTableStillGoes(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, 12);
            String arn = ddb.createBackup(b -> b.tableName(t).backupName("before")).backupDetails().backupArn();
            ddb.putItem(p -> p.tableName(t).item(Map.of("pk", AttributeValue.fromS("new"), "sk", AttributeValue.fromN("1"))));
            ddb.deleteItem(d -> d.tableName(t).key(Map.of("pk", AttributeValue.fromS("k0"), "sk", AttributeValue.fromN("0"))));
            Cli.Result r = cli(aws).withMaxAttempts(2).run("backup", "verify", t, "--backup", arn, "--sample", "100");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("12 / 12").contains("11 of 12 equal").contains("missing in the source")
                    .contains("may have changed since the backup").contains("cleanup                    deleted").contains("found differences");
        }
    }

    @Test
    void aBackupOfAnotherTableIsRefused(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String a = table(ddb, 1);
            String b = table(ddb, 1);
            String arn = ddb.createBackup(x -> x.tableName(a).backupName("of-a")).backupDetails().backupArn();
            Cli.Result r = cli(aws).withMaxAttempts(2).run("backup", "verify", b, "--backup", arn);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err()).contains("is of table '" + a + "'");
            Cli.Result none = cli(aws).withMaxAttempts(2).run("backup", "verify", b);
            assertThat(none.exitCode()).as(none.toString()).isEqualTo(252);
            assertThat(none.err()).contains("has no AVAILABLE backup");
        }
    }

    @Test
    void aMissingTableIsNotFoundNotAMissingBackup(LocalAws aws) throws Exception {
        String nosuch = LocalAws.uniqueName("nosuch");
        Cli.Result r = cli(aws).withMaxAttempts(2).run("backup", "verify", nosuch);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).contains("table '" + nosuch + "' not found").doesNotContain("ddbr backup create");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTableWithoutDdbrsTagsIsNeverDeleted(LocalAws aws) {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, 0);
            String arn = ddb.describeTable(d -> d.tableName(t)).table().tableArn();
            String why = RestoreDrill.deleteIfOurs(ddb, t, arn, "orders");
            assertThat(why).contains("does not carry the tags");
            ddb.tagResource(x -> x.resourceArn(arn).tags(s -> s.key(RestoreDrill.CREATED_BY).value("ddbr"),
                    s -> s.key(RestoreDrill.DRILL_OF).value("other")));
            assertThat(RestoreDrill.deleteIfOurs(ddb, t, arn, "orders")).contains("does not carry the tags");
            assertThat(ddb.describeTable(d -> d.tableName(t)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        }
    }

    @Test
    void aWellFormedBackupArnThatDoesNotExistIsNotFoundWithAHintToListTheBackups(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, 1);
            String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + t + "/backup/01751234567890-00000000";
            Cli.Result r = cli(aws).run("backup", "verify", t, "--backup", arn);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("ddbr: error: backup " + arn + " not found in us-east-1 (hint: 'ddbr backup list " + t + "' shows the backups)\n");
            assertThat(ddb.listTables().tableNames()).noneMatch(n -> n.startsWith(t + "-ddbr-drill-"));
        }
    }

    @Test
    void drillsOfOneTableStartedTogetherUseDifferentScratchTables(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, 3);
            ddb.createBackup(b -> b.tableName(t).backupName("nightly"));
            Cli c = cli(aws);
            // three drills at once (as from parallel cron jobs): scratch names used to be unique only to the second
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                java.util.List<java.util.concurrent.Future<Cli.Result>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        return c.run("-o", "json", "backup", "verify", t, "--sample", "3");
                    }));
                }
                java.util.Set<String> scratch = new java.util.HashSet<>();
                for (var f : runs) {
                    Cli.Result r = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(r.exitCode()).as(r.toString()).isZero();
                    JsonNode j = JSON.readTree(r.out());
                    assertThat(j.get("verdict").asText()).isEqualTo("PASS");
                    scratch.add(j.get("scratchTable").asText());
                }
                assertThat(scratch).hasSize(3).allMatch(n -> n.matches(java.util.regex.Pattern.quote(t) + "-ddbr-drill-\\d{8}T\\d{9}-[0-9a-f]{6}"));
                assertThat(scratch).allMatch(n -> gone(ddb, n));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
