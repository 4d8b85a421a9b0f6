package dev.ddbr.restore;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.util.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * restore pitr --replace end to end on moto: the point-in-time restore into a staging table, the safety backup,
 * deletion protection, the delete, the restore under the same name from the staging table's backup, every setting
 * back, the staging table gone; the refusals that change nothing; and a resume after a crash that repeats neither
 * a backup nor the delete.
 */
@EmulatorTest
class RestoreReplaceIT {
    @TempDir
    Path home;

    LocalAws aws;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
    }

    Cli cli() {
        return Cli.localOnMoto(home, aws)
                .env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    Cli.Result run(String... args) {
        return cli().run(args);
    }

    DynamoDbClient ddb() {
        return TestClients.dynamodb(aws.motoEndpoint());
    }

    /** A table with deletion protection, a stream, TTL, tags, a 7-day PITR period and three items. */
    static TableDescription createSource(DynamoDbClient ddb, String name) {
        TableDescription t = ddb.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(2L))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE"))
                .deletionProtectionEnabled(true)
                .tags(x -> x.key("team").value("checkout"))).tableDescription();
        ddb.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(
                p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
        ddb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        for (String id : List.of("a", "b", "c")) {
            ddb.putItem(r -> r.tableName(name).item(Map.of("pk", AttributeValue.fromS(id))));
        }
        return t;
    }

    List<BackupSummary> backups(DynamoDbClient ddb, String table) {
        return ddb.listBackups(r -> r.tableName(table)).backupSummaries();
    }

    List<String> tablesStartingWith(DynamoDbClient ddb, String prefix) {
        return ddb.listTables().tableNames().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Test
    void replaceRestoresUnderTheSameNameWithEverySettingAndASafetyBackup() throws Exception {
        String src = LocalAws.uniqueName("rrep");
        try (DynamoDbClient ddb = ddb()) {
            createSource(ddb, src);
        }

        Cli.Result dry = run("restore", "pitr", src, "--to", "latest", "--replace", "--disable-deletion-protection", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("RestoreTableToPointInTime " + src + " -> staging table '" + src + "-ddbr-staging-",
                "CreateBackup " + src + " -> safety backup '" + src + "-ddbr-safety-",
                "UpdateTable " + src + " DeletionProtectionEnabled=false", "DeleteTable " + src + ";",
                "RestoreTableFromBackup '" + src + "-ddbr-restored-", "TargetTableName", "DeletionProtectionEnabled=true",
                "StreamViewType=NEW_IMAGE", "DeleteTable " + src + "-ddbr-staging-");

        Cli.Result r = run("restore", "pitr", src, "--to", "latest", "--replace", "--disable-deletion-protection", "--yes", "-o", "json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        // moto ignores the SSE override, so the drift check reports encryption: everything else must be back
        assertThat(j.get("status").asText()).as(r.toString()).isIn("COMPLETE", "COMPLETE_WITH_PROBLEMS");
        assertThat(j.get("drift").findValuesAsText("field")).as(r.toString()).allMatch(f -> f.startsWith("encryption."));
        Map<String, String> status = new HashMap<>();
        j.get("fixUps").forEach(f -> status.put(f.get("name").asText(), f.get("status").asText()));
        assertThat(status).containsEntry("tags", "APPLIED").containsEntry("stream", "APPLIED").containsEntry("ttl", "APPLIED")
                .containsEntry("pitr", "APPLIED").containsEntry("deletionProtection", "APPLIED");
        String safety = j.get("safetyBackupArn").asText();
        assertThat(safety).contains(":table/" + src + "/backup/");
        assertThat(r.err()).contains("safety backup of '" + src + "' as it was before the replace: " + safety)
                .contains("deleting '" + src + "'");
        assertThat(j.get("target").asText()).isEqualTo(src);

        try (DynamoDbClient ddb = ddb()) {
            TableDescription t = ddb.describeTable(x -> x.tableName(src)).table();
            List<BackupSummary> bs = backups(ddb, src);
            assertThat(bs).extracting(BackupSummary::backupName).anyMatch(n -> n.startsWith(src + "-ddbr-safety-"));
            BackupSummary staged = ddb.listBackups().backupSummaries().stream()
                    .filter(b -> b.backupName().startsWith(src + "-ddbr-restored-")).findFirst().orElseThrow();
            assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(staged.backupArn());
            assertThat(t.deletionProtectionEnabled()).isTrue();
            assertThat(t.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
            assertThat(ddb.describeTimeToLive(x -> x.tableName(src)).timeToLiveDescription().attributeName()).isEqualTo("expires");
            assertThat(ddb.describeContinuousBackups(x -> x.tableName(src)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
            Map<String, String> tags = new HashMap<>();
            ddb.listTagsOfResource(x -> x.resourceArn(t.tableArn())).tags().forEach(x -> tags.put(x.key(), x.value()));
            assertThat(tags).containsEntry("team", "checkout").containsEntry("ddbr:restore-of", src)
                    .containsEntry("ddbr:restored-by", "ddbr")
                    .as("the production table must not count as deletable by ddbr").doesNotContainKey("ddbr:created-by");
            assertThat(ddb.scan(x -> x.tableName(src)).items()).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(tablesStartingWith(ddb, src + "-ddbr-staging-")).as("the staging table is deleted").isEmpty();
        }
        Journal.State done = new Journal(home.resolve("state")).load("us-east-1", src).orElseThrow();
        assertThat(done.runs).containsEntry("stagingRestore", 1).containsEntry("safetyBackup", 1).containsEntry("stagingBackup", 1)
                .containsEntry("disableDeletionProtection", 1).containsEntry("deleteSource", 1).containsEntry("restore", 1)
                .containsEntry("deleteStaging", 1);

        Cli.Result again = run("restore", "status", src, "-o", "json");
        assertThat(new ObjectMapper().readTree(again.out()).get("safetyBackupArn").asText()).as(again.toString()).isEqualTo(safety);
    }

    @Test
    void refusalsChangeNothing() {
        String src = LocalAws.uniqueName("rref");
        try (DynamoDbClient ddb = ddb()) {
            createSource(ddb, src);
        }
        Cli.Result noYes = run("restore", "pitr", src, "--to", "latest", "--replace", "--disable-deletion-protection");
        assertThat(noYes.exitCode()).as(noYes.toString()).isEqualTo(252);
        assertThat(noYes.errLine()).isEqualTo("ddbr: error: refusing to replace table '" + src
                + "' without confirmation: stdin is not a terminal (hint: pass --yes to confirm, or --dry-run to see the plan)");

        Cli.Result protectedTable = run("restore", "pitr", src, "--to", "latest", "--replace", "--yes");
        assertThat(protectedTable.exitCode()).as(protectedTable.toString()).isEqualTo(252);
        assertThat(protectedTable.errLine()).startsWith("ddbr: error: table '" + src
                + "' has deletion protection on, and --replace deletes it; nothing was changed (hint: add --disable-deletion-protection");

        Cli.Result no = cli().terminal(true, false, false).stdin("n\n")
                .run("restore", "pitr", src, "--to", "latest", "--replace", "--disable-deletion-protection");
        assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
        assertThat(no.err()).contains("Replace table '" + src + "'").contains("nothing changed");

        Cli.Result withTarget = run("restore", "pitr", src, "--to", "latest", "--replace", "--target", src + "-x", "--yes");
        assertThat(withTarget.exitCode()).isEqualTo(252);
        assertThat(withTarget.errLine()).contains("--replace restores under the name '" + src + "'; it takes no --target");

        Cli.Result flagAlone = run("restore", "pitr", src, "--to", "latest", "--target", src + "-x", "--disable-deletion-protection");
        assertThat(flagAlone.exitCode()).isEqualTo(252);

        Cli.Result missing = run("restore", "pitr", src + "-gone", "--to", "latest", "--replace", "--yes");
        assertThat(missing.exitCode()).isEqualTo(252);
        assertThat(missing.errLine()).contains("not found").contains("--replace replaces an existing table");

        try (DynamoDbClient ddb = ddb()) {
            TableDescription t = ddb.describeTable(x -> x.tableName(src)).table();
            assertThat(t.tableStatusAsString()).isEqualTo("ACTIVE");
            assertThat(t.deletionProtectionEnabled()).as("deletion protection untouched").isTrue();
            assertThat(t.restoreSummary()).as("still the original table").isNull();
            assertThat(backups(ddb, src)).as("no backup taken").isEmpty();
            assertThat(tablesStartingWith(ddb, src + "-")).as("no staging table").isEmpty();
            assertThat(ddb.scan(x -> x.tableName(src)).count()).isEqualTo(3);
        }
        assertThat(home.resolve("state/restores")).doesNotExist();
    }

    @Test
    void aCrashAfterTheBackupsResumesWithoutASecondBackupOrDelete() throws Exception {
        String src = LocalAws.uniqueName("rcr");
        try (DynamoDbClient ddb = ddb()) {
            createSource(ddb, src);
        }
        Map<String, String> env = new HashMap<>(aws.awsEnv());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
        Path state = home.resolve("state");
        try (ClientFactory f = new ClientFactory(new AwsConfig(env, null, null, null, null, null, null, null, null, null, null, 2))) {
            RestoreService svc = new RestoreService(f, "us-east-1", new Journal(state), Clock.systemUTC(), Sleeper.SYSTEM);
            Journal.State s = svc.prepareReplace(src, null, true);
            svc.begin(s);
            // the process dies once both CreateBackup calls are made, before ddbr waits for them
            Clock crashAfterBackups = new Clock() {
                boolean fired;
                @Override public ZoneId getZone() { return ZoneOffset.UTC; }
                @Override public Clock withZone(ZoneId zone) { return this; }
                @Override public Instant instant() {
                    if (!fired && new Journal(state).load("us-east-1", src).map(j -> j.stagingBackupArn != null).orElse(false)) {
                        fired = true;
                        Thread.currentThread().interrupt();
                    }
                    return Instant.now();
                }
            };
            RestoreService crashing = new RestoreService(f, "us-east-1", new Journal(state), crashAfterBackups, Sleeper.SYSTEM);
            assertThatThrownBy(() -> crashing.run(s, true, Duration.ofHours(6), null)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
        }
        Journal j = new Journal(state);
        Journal.State saved = j.load("us-east-1", src).orElseThrow();
        assertThat(saved.phase).isEqualTo(Journal.STAGING_ACTIVE);
        assertThat(saved.safetyBackupArn).isNotNull();
        // and, worse, it died between the safety backup's CreateBackup and the journal write
        String safety = saved.safetyBackupArn;
        saved.safetyBackupArn = null;
        j.save(saved);
        try (DynamoDbClient ddb = ddb()) {
            assertThat(ddb.describeTable(x -> x.tableName(src)).table().restoreSummary()).as("not deleted yet").isNull();
        }

        Cli.Result resumed = run("restore", "status", src, "-o", "json");
        assertThat(resumed.err()).as(resumed.toString()).contains("resuming the restore into '" + src + "' from step STAGING_ACTIVE");
        JsonNode rj = new ObjectMapper().readTree(resumed.out());
        assertThat(rj.get("safetyBackupArn").asText()).as("the backup already taken is adopted").isEqualTo(safety);

        Journal.State done = j.load("us-east-1", src).orElseThrow();
        assertThat(done.phase).isEqualTo(Journal.DONE);
        assertThat(done.runs.values()).allMatch(n -> n == 1);
        assertThat(done.runs).containsKeys("safetyBackup", "stagingBackup", "deleteSource", "restore");
        try (DynamoDbClient ddb = ddb()) {
            assertThat(backups(ddb, src)).filteredOn(b -> b.backupName().startsWith(src + "-ddbr-safety-")).hasSize(1);
            assertThat(ddb.describeTable(x -> x.tableName(src)).table().restoreSummary().sourceBackupArn()).isEqualTo(done.stagingBackupArn);
        }
    }
}
