package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * Where am I acting: every --dry-run plan and every confirmation prompt names the account (moto answers
 * sts:GetCallerIdentity with 123456789012), the Region and the endpoint; an STS out of reach makes the account
 * "unknown", never a failed dry run. And backup run --dry-run changes nothing.
 */
@EmulatorTest
class ActingOnIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "123456789012";

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.localOnMoto(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    static String table(DynamoDbClient ddb, String prefix) {
        String t = LocalAws.uniqueName(prefix);
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        return t;
    }

    @Test
    void dryRunPlansNameAccountRegionAndEndpoint(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint())) {
            String t = table(ddb, "where-pitr");
            Cli.Result text = cli(aws).run("pitr", "enable", t, "--dry-run");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out().lines().findFirst().orElse(""))
                    .isEqualTo("acting on: account " + ACCOUNT + ", Region us-east-1, endpoint " + aws.motoEndpoint());
            Cli.Result json = cli(aws).run("pitr", "enable", t, "--dry-run", "-o", "json");
            JsonNode where = JSON.readTree(json.out()).get("actingOn");
            assertThat(where.get("account").asText()).isEqualTo(ACCOUNT);
            assertThat(where.get("region").asText()).isEqualTo("us-east-1");
            assertThat(where.get("endpoint").asText()).isEqualTo(aws.motoEndpoint());
            assertThat(where.get("accountProblem").isNull()).isTrue();
            assertThat(ddb.describeContinuousBackups(r -> r.tableName(t)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
        }
    }

    @Test
    void loadDryRunsNameAccountRegionAndEndpointToo(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint())) {
            String t = table(ddb, "where-load");
            String where = "acting on: account " + ACCOUNT + ", Region us-east-1, endpoint " + aws.motoEndpoint();
            for (List<String> args : List.of(List.of("load", "cleanup", t, "--dry-run"),
                    List.of("load", "prepare", t, "--dry-run"),
                    List.of("load", "run", t, "--rate", "10", "--duration", "5s", "--mix", "put=100", "--dry-run"))) {
                Cli.Result text = cli(aws).run(args.toArray(String[]::new));
                assertThat(text.exitCode()).as(text.toString()).isZero();
                assertThat(text.out().lines().findFirst().orElse("")).as(text.toString()).isEqualTo(where);
                List<String> json = new java.util.ArrayList<>(args);
                json.addAll(List.of("-o", "json"));
                Cli.Result j = cli(aws).run(json.toArray(String[]::new));
                assertThat(JSON.readTree(j.out()).get("actingOn").get("account").asText()).as(j.toString()).isEqualTo(ACCOUNT);
            }
            assertThat(ddb.listTables().tableNames()).contains(t).doesNotContain(t + "-load");
        }
    }

    @Test
    void anUnreachableStsMakesTheAccountUnknownNotTheDryRunFail(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint())) {
            String t = table(ddb, "where-nosts");
            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9").run("pitr", "enable", t, "--dry-run", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode where = JSON.readTree(r.out()).get("actingOn");
            assertThat(where.get("account").isNull()).isTrue();
            assertThat(where.get("accountProblem").asText()).isNotBlank();
            Cli.Result text = cli(aws).env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9").run("pitr", "enable", t, "--dry-run");
            assertThat(text.out()).as(text.toString()).startsWith("acting on: account unknown (");
        }
    }

    @Test
    void thePromptSaysWhereBeforeTheQuestion(LocalAws aws) {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint())) {
            String t = table(ddb, "where-prompt");
            for (int i = 0; i < 3; i++) ddb.createBackup(b -> b.tableName(t).backupName("old-" + b.hashCode()));
            Cli.Result r = cli(aws).terminal(true, false, false).stdin("n\n").run("backup", "prune", t, "--keep-last", "1");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("ddbr: acting on account " + ACCOUNT + ", Region us-east-1, endpoint "
                    + aws.motoEndpoint() + "\nddbr: delete the 2 backup(s) of " + t);
            assertThat(ddb.listBackups(x -> x.tableName(t)).backupSummaries()).hasSize(3);
        }
    }

    @Test
    void anEmptyRegionListsTheHeaderAndSaysSo(LocalAws aws) throws Exception {
        Cli.Result text = cli(aws).run("--region", "ap-southeast-7", "table", "list");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).isEqualTo("NAME  STATUS  BILLING  ITEMS  SIZE  REPLICAS  DELETION PROTECTION\n");
        assertThat(text.err()).as(text.toString()).isEqualTo("ddbr: no tables in account " + ACCOUNT + ", Region ap-southeast-7, endpoint "
                + aws.motoEndpoint() + "\n");
        Cli.Result json = cli(aws).run("--region", "ap-southeast-7", "table", "list", "-o", "json");
        assertThat(JSON.readTree(json.out()).get("tables").isEmpty()).isTrue();
        Cli.Result names = cli(aws).run("--region", "ap-southeast-7", "table", "list", "--names-only");
        assertThat(names.out()).isEmpty();
    }

    @Test
    void backupRunDryRunChangesNothingAndReportsAMissingTableAsAnError(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint())) {
            String t = table(ddb, "where-run");
            for (int i = 0; i < 3; i++) ddb.createBackup(b -> b.tableName(t).backupName("old-" + b.hashCode()));
            String missing = LocalAws.uniqueName("where-run-missing");
            Path profile = home.resolve("run.yaml");
            Files.writeString(profile, "tables:\n  - name: " + t + "\n    backup: {keep_last: 2, verify: {enabled: true}}\n"
                    + "  - name: " + missing + "\n    backup: {keep_last: 1}\n  - name: other\n    pitr: {required: true}\n");
            List<String> tablesBefore = ddb.listTables().tableNames();
            List<BackupSummary> before = ddb.listBackups(x -> x.tableName(t).backupType(BackupTypeFilter.ALL)).backupSummaries();

            Cli.Result text = cli(aws).run("-p", profile.toString(), "backup", "run", "--dry-run");
            assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
            String columns = text.out().replaceAll(" {2,}", " "); // columns are padded to the longest name
            assertThat(text.out()).as(text.toString()).startsWith("acting on: account " + ACCOUNT + ", Region us-east-1");
            assertThat(columns).as(text.toString())
                    .contains(t + " create planned would create backup '" + t + "-")
                    .contains("would restore the new backup into a scratch table " + t + "-ddbr-drill-")
                    .contains("would delete 2 backup(s): ")
                    .contains(missing + " create error table '" + missing + "' not found in us-east-1")
                    .contains("other", "no backup: section")
                    .contains("nothing was changed");
            assertThat(text.err()).as(text.toString()).contains("ddbr: error: " + missing + " create: table '" + missing + "' not found")
                    .doesNotContain("warning");

            Cli.Result json = cli(aws).run("-p", profile.toString(), "backup", "run", "--dry-run", "-o", "json");
            JsonNode plan = JSON.readTree(json.out());
            assertThat(plan.get("dryRun").asBoolean()).isTrue();
            assertThat(plan.get("errors").asInt()).isEqualTo(1);
            assertThat(plan.at("/actingOn/account").asText()).isEqualTo(ACCOUNT);
            JsonNode prune = null;
            for (JsonNode s : plan.get("steps")) {
                if (s.get("table").asText().equals(t) && s.get("step").asText().equals("prune")) prune = s;
            }
            assertThat(prune).isNotNull();
            assertThat(prune.get("wouldDelete")).hasSize(2);

            // nothing changed: no backup, no table (scratch or other), no lock file
            assertThat(ddb.listBackups(x -> x.tableName(t).backupType(BackupTypeFilter.ALL)).backupSummaries())
                    .extracting(BackupSummary::backupArn).containsExactlyInAnyOrderElementsOf(before.stream().map(BackupSummary::backupArn).toList());
            assertThat(ddb.listTables().tableNames()).filteredOn(n -> n.startsWith(t)).containsExactly(t);
            assertThat(ddb.listTables().tableNames().size()).isGreaterThanOrEqualTo(tablesBefore.size());
            assertThat(Files.exists(home.resolve("state/backup-run.lock"))).isFalse();
        }
    }

    @Test
    void aFailedStepIsAnErrorNotAWarning(LocalAws aws) throws Exception {
        String missing = LocalAws.uniqueName("where-run-gone");
        Path profile = home.resolve("gone.yaml");
        Files.writeString(profile, "tables:\n  - name: " + missing + "\n    backup: {keep_last: 1}\n");
        Cli.Result text = cli(aws).run("-p", profile.toString(), "backup", "run");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.err()).as(text.toString()).contains("ddbr: error: " + missing + " create: failed (table '" + missing + "' not found")
                .doesNotContain("warning");
        Cli.Result json = cli(aws).run("-p", profile.toString(), "backup", "run", "--log-format", "json");
        boolean seen = false;
        for (String line : json.out().strip().split("\n")) {
            JsonNode e = JSON.readTree(line);
            String status = e.path("status").asText("");
            assertThat(e.get("level").asText()).as(line).isEqualTo(status.equals("failed") ? "error" : "info");
            seen |= status.equals("failed");
        }
        assertThat(seen).as(json.toString()).isTrue();
    }
}
