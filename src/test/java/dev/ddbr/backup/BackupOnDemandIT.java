package dev.ddbr.backup;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/** backup create / list / prune against moto, which has DynamoDB on-demand backups. */
@EmulatorTest
class BackupOnDemandIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static DynamoDbClient moto(LocalAws aws) {
        return TestClients.dynamodb(aws.motoEndpoint());
    }

    /** Point DynamoDB at moto: dynalite has no backup API. */
    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    static String table(DynamoDbClient ddb, String prefix) {
        String t = LocalAws.uniqueName(prefix);
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        return t;
    }

    static List<BackupSummary> backups(DynamoDbClient ddb, String t) {
        return ddb.listBackups(r -> r.tableName(t).backupType(BackupTypeFilter.ALL)).backupSummaries();
    }

    @Test
    void createNamesFromTheTemplateAndWaitsUntilAvailable(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, "bk-create");
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + t + "\n    backup: {name_template: \"nightly-{table}-{timestamp}\"}\n");
            Cli.Result r = cli(aws).run("-p", profile.toString(), "backup", "create", t, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode b = JSON.readTree(r.out()).get("backups").get(0);
            assertThat(b.get("name").asText()).matches("nightly-" + t + "-\\d{8}T\\d{6}Z");
            assertThat(b.get("status").asText()).isEqualTo("AVAILABLE");
            assertThat(backups(ddb, t)).extracting(BackupSummary::backupName).containsExactly(b.get("name").asText());
            assertThat(r.err()).contains("is AVAILABLE");

            Cli.Result list = cli(aws).run("backup", "list", t);
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).contains("CREATED", b.get("name").asText(), "AVAILABLE");
            // moto has no AWS Backup jobs API: said once on stderr, never on stdout
            assertThat(list.err()).contains("AWS Backup recovery points not listed");
        }
    }

    @Test
    void createOfAMissingTableIsAnAwsError(LocalAws aws) {
        Cli.Result r = cli(aws).run("backup", "create", LocalAws.uniqueName("nope"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).startsWith("ddbr: error: cannot create backup").contains("(hint:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void pruneDryRunDeletesNothingAndNonTerminalRefusesWithoutYes(LocalAws aws) {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, "bk-prune");
            for (int i = 0; i < 4; i++) ddb.createBackup(b -> b.tableName(t).backupName(t + "-b"));
            Cli.Result dry = cli(aws).run("backup", "prune", t, "--keep-last", "2", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains("would delete").contains("nothing was deleted");
            assertThat(backups(ddb, t)).hasSize(4);

            Cli.Result refused = cli(aws).run("backup", "prune", t, "--keep-last", "2");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
            assertThat(refused.err()).contains("without confirmation").contains("pass --yes");
            assertThat(backups(ddb, t)).hasSize(4);

            // a terminal is asked; "n" deletes nothing and exits 1, as every declined confirmation does
            Cli.Result no = cli(aws).terminal(true, true, true).stdin("n\n").run("backup", "prune", t, "--keep-last", "2");
            assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
            assertThat(no.err()).contains("[y/N]").contains("ddbr: nothing deleted");
            // the plan is shown before the question: which backups would go and why
            assertThat(no.out()).contains("table " + t).contains("beyond the newest 2").contains("plan: delete 2 of 4 backup(s)")
                    .doesNotContain("dry run");
            assertThat(backups(ddb, t)).hasSize(4);

            Cli.Result yes = cli(aws).run("backup", "prune", t, "--keep-last", "2", "--yes", "-o", "json");
            assertThat(yes.exitCode()).as(yes.toString()).isZero();
            assertThat(backups(ddb, t)).hasSize(2);

            // a real run with nothing (left) to delete is not a dry run
            Cli.Result nothing = cli(aws).run("backup", "prune", t, "--keep-last", "2", "--yes");
            assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
            assertThat(nothing.out()).contains("nothing to delete").doesNotContain("dry run");
        }
    }

    @Test
    void pruneNeverDeletesTheNewestAvailableBackup(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, "bk-last");
            ddb.createBackup(b -> b.tableName(t).backupName("old-1"));
            ddb.createBackup(b -> b.tableName(t).backupName("old-2"));
            // every backup is "older than 1s" once a second has passed: wait on that condition, not a sleep
            java.time.Instant created = backups(ddb, t).stream().map(BackupSummary::backupCreationDateTime)
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
            while (!java.time.Instant.now().isAfter(created.plusSeconds(2))) Thread.onSpinWait();
            Cli.Result r = cli(aws).run("backup", "prune", t, "--older-than", "1s", "--yes", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode d = JSON.readTree(r.out()).get("decisions");
            assertThat(d).hasSize(2);
            assertThat(d.get(0).get("action").asText()).isEqualTo("KEEP");
            assertThat(d.get(0).get("reason").asText()).contains("newest AVAILABLE");
            assertThat(d.get(1).get("action").asText()).isEqualTo("DELETED");
            assertThat(backups(ddb, t)).extracting(BackupSummary::backupName).containsExactly("old-2");
        }
    }

    @Test
    void pruneWithoutACriterionIsRefused(LocalAws aws) {
        Cli.Result r = cli(aws).run("backup", "prune", "anything", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.err()).contains("--keep-last").contains("--older-than");
    }
}
