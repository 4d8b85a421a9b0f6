package dev.ddbr.restore;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * restore backup end to end on moto: an on-demand backup restored into a new table with every setting of the live
 * source re-applied; and a backup whose source table is gone, where the settings come from the backup's
 * description and what it lacks is reported as skipped, with the reason.
 */
@EmulatorTest
class RestoreBackupIT {
    @TempDir
    Path home;

    LocalAws aws;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
    }

    Cli.Result run(String... args) {
        return Cli.localOnMoto(home, aws)
                .env("DDBR_STATE_DIR", home.resolve("state").toString()).run(args);
    }

    DynamoDbClient ddb() {
        return TestClients.dynamodb(aws.motoEndpoint());
    }

    static Map<String, String> fixUps(JsonNode j) {
        Map<String, String> status = new HashMap<>();
        j.get("fixUps").forEach(f -> status.put(f.get("name").asText(), f.get("status").asText() + ": " + f.get("detail").asText()));
        return status;
    }

    @Test
    void aBackupOfALiveTableComesBackWithTheTablesSettings() throws Exception {
        String src = LocalAws.uniqueName("rbk");
        String tgt = src + "-from-backup";
        String arn;
        try (DynamoDbClient ddb = ddb()) {
            RestoreReplaceIT.createSource(ddb, src);
            arn = ddb.createBackup(r -> r.tableName(src).backupName("before-deploy")).backupDetails().backupArn();
        }
        Cli.Result dry = run("restore", "backup", arn, "--target", tgt, "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("RestoreTableFromBackup", "BackupArn", arn, "StreamViewType=NEW_IMAGE", "RecoveryPeriodInDays=7");

        Cli.Result r = run("restore", "backup", arn, "--target", tgt, "-o", "json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("kind").asText()).as(r.toString()).isEqualTo("backup");
        assertThat(j.get("backupArn").asText()).isEqualTo(arn);
        assertThat(fixUps(j)).as(r.toString()).hasEntrySatisfying("tags", v -> assertThat(v).startsWith("APPLIED"))
                .hasEntrySatisfying("stream", v -> assertThat(v).startsWith("APPLIED"))
                .hasEntrySatisfying("ttl", v -> assertThat(v).startsWith("APPLIED"))
                .hasEntrySatisfying("pitr", v -> assertThat(v).startsWith("APPLIED"))
                .hasEntrySatisfying("deletionProtection", v -> assertThat(v).startsWith("APPLIED"));
        assertThat(j.get("drift").findValuesAsText("field")).as(r.toString()).allMatch(f -> f.startsWith("encryption."));
        try (DynamoDbClient ddb = ddb()) {
            TableDescription t = ddb.describeTable(x -> x.tableName(tgt)).table();
            assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(arn);
            assertThat(t.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
            assertThat(t.deletionProtectionEnabled()).isTrue();
            assertThat(ddb.describeTimeToLive(x -> x.tableName(tgt)).timeToLiveDescription().attributeName()).isEqualTo("expires");
            assertThat(ddb.describeContinuousBackups(x -> x.tableName(tgt)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
            Map<String, String> tags = new HashMap<>();
            ddb.listTagsOfResource(x -> x.resourceArn(t.tableArn())).tags().forEach(x -> tags.put(x.key(), x.value()));
            assertThat(tags).containsEntry("team", "checkout").containsEntry("ddbr:restore-of", src);
            assertThat(ddb.scan(x -> x.tableName(tgt)).count()).isEqualTo(3);
        }
    }

    @Test
    void aBackupOfADeletedTableTakesItsSettingsFromTheBackupAndSaysWhatIsMissing() throws Exception {
        String src = LocalAws.uniqueName("rbd");
        String tgt = src + "-back";
        String arn;
        try (DynamoDbClient ddb = ddb()) {
            RestoreReplaceIT.createSource(ddb, src);
            arn = ddb.createBackup(r -> r.tableName(src).backupName("last-good")).backupDetails().backupArn();
            ddb.updateTable(r -> r.tableName(src).deletionProtectionEnabled(false));
            ddb.deleteTable(r -> r.tableName(src));
        }
        Cli.Result r = run("restore", "backup", arn, "--target", tgt, "-o", "json");
        assertThat(r.err()).as(r.toString()).contains("'" + src + "' no longer exists: settings come from the backup's description");
        JsonNode j = new ObjectMapper().readTree(r.out());
        Map<String, String> status = fixUps(j);
        assertThat(status).as(r.toString())
                .hasEntrySatisfying("tags", v -> assertThat(v).startsWith("APPLIED").contains("ddbr:restore-of"))
                .hasEntrySatisfying("pitr", v -> assertThat(v).startsWith("SKIPPED").contains("DescribeBackup: NOT_IN_BACKUP"))
                .hasEntrySatisfying("autoScalingTargets", v -> assertThat(v).startsWith("SKIPPED").contains("NOT_IN_BACKUP"))
                .hasEntrySatisfying("alarms", v -> assertThat(v).startsWith("SKIPPED").contains("NOT_IN_BACKUP"));
        assertThat(j.get("unverified").toString()).contains("pointInTimeRecovery");
        try (DynamoDbClient ddb = ddb()) {
            TableDescription t = ddb.describeTable(x -> x.tableName(tgt)).table();
            assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(arn);
            assertThat(ddb.scan(x -> x.tableName(tgt)).count()).isEqualTo(3);
        }
    }
}
