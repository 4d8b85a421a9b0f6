package dev.ddbr.backup.run;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/** backup run against moto: create + prune per table, NDJSON events, summary, exit codes, the lock. */
@EmulatorTest
class BackupRunIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint())
                .env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    static DynamoDbClient moto(LocalAws aws) {
        return TestClients.dynamodb(aws.motoEndpoint());
    }

    static String table(DynamoDbClient ddb) {
        String t = LocalAws.uniqueName("run");
        ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        return t;
    }

    @Test
    void runsEveryTableEmitsNdjsonAndFailsWhenATableFails(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String a = table(ddb);
            for (int i = 0; i < 3; i++) ddb.createBackup(b -> b.tableName(a).backupName("old"));
            String missing = LocalAws.uniqueName("run-missing");
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {keep_last: 2}\n  - name: " + missing + "\n");
            Cli.Result r = cli(aws).run("-p", profile.toString(), "backup", "run", "--log-format", "json");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            List<JsonNode> events = new ArrayList<>();
            for (String line : r.out().strip().split("\n")) events.add(JSON.readTree(line));
            assertThat(events.get(0).get("event").asText()).isEqualTo("run_started");
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.get("event").asText()).isEqualTo("run_finished");
            assertThat(last.get("status").asText()).isEqualTo("failed");
            assertThat(events).filteredOn(e -> e.get("event").asText().equals("step_finished") && e.get("table").asText().equals(a))
                    .extracting(e -> e.get("step").asText() + ":" + e.get("status").asText())
                    .containsExactlyInAnyOrder("create:ok", "prune:ok");
            assertThat(events).filteredOn(e -> e.get("event").asText().equals("step_finished") && e.get("table").asText().equals(missing))
                    .extracting(e -> e.get("step").asText() + ":" + e.get("status").asText())
                    .containsExactlyInAnyOrder("create:failed", "prune:skipped");
            // keep_last 2: the new backup and one old one remain
            assertThat(ddb.listBackups(x -> x.tableName(a).backupType(BackupTypeFilter.USER)).backupSummaries()).hasSize(2);

            Path ok = home.resolve("ok.yaml");
            Files.writeString(ok, "tables:\n  - name: " + a + "\n");
            Cli.Result good = cli(aws).run("-p", ok.toString(), "backup", "run");
            assertThat(good.exitCode()).as(good.toString()).isZero();
            assertThat(good.out()).contains("TABLE", "create", "ok").contains("1 table(s): 1 step(s) ok, 0 failed");
        }
    }

    @Test
    void twoRunsNeverOverlapAndAStaleLockIsTakenOver(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String a = table(ddb);
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n");
            Path lock = home.resolve("locks/run.lock");
            try (RunLock held = RunLock.acquire(lock)) {
                Cli.Result r = cli(aws).run("-p", profile.toString(), "backup", "run", "--lock", lock.toString());
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.err()).contains("another backup run holds");
            }
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            Files.writeString(lock, p.pid() + "\n");
            Cli.Result r = cli(aws).run("-p", profile.toString(), "backup", "run", "--lock", lock.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("stale lock from process " + p.pid());
        }
    }

    @Test
    void copyAndVerifyStepsRunWhenTheProfileAsksForThem(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws); FakeAwsBackup fake = FakeAwsBackup.start()) {
            String a = table(ddb);
            for (int i = 0; i < 5; i++) {
                String k = "k" + i;
                ddb.putItem(p -> p.tableName(a).item(java.util.Map.of("pk", AttributeValue.fromS(k))));
            }
            String b = table(ddb);
            String vault = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";
            fake.vault(vault, null);
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "aws:\n  retry: {max_attempts: 2}\ntables:\n"
                    + "  - name: " + a + "\n    backup:\n      copy_to: {vault_arn: \"" + vault + "\", verify_role_arn: \"arn:aws:iam::222222222222:role/ddbr-verify\"}\n"
                    + "      verify: {enabled: true, sample_items: 3}\n"
                    + "  - name: " + b + "\n    backup:\n      copy_to: {vault_arn: \"" + vault + "\"}\n");
            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint())
                    .run("-p", profile.toString(), "backup", "run", "--log-format", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<JsonNode> events = new ArrayList<>();
            for (String line : r.out().strip().split("\n")) events.add(JSON.readTree(line));
            assertThat(events).filteredOn(e -> e.get("event").asText().equals("step_finished") && e.get("table").asText().equals(a))
                    .extracting(e -> e.get("step").asText() + ":" + e.get("status").asText())
                    .containsExactly("create:ok", "copy:ok", "prune:skipped", "verify:ok");
            JsonNode copy = events.stream().filter(e -> e.get("event").asText().equals("step_finished")
                    && e.get("table").asText().equals(a) && e.get("step").asText().equals("copy")).findFirst().orElseThrow();
            assertThat(copy.get("detail").asText()).contains("and verified");
            assertThat(copy.get("backupArn").asText()).startsWith("arn:aws:backup:eu-central-1:222222222222:recovery-point:");
            JsonNode verify = events.stream().filter(e -> e.get("event").asText().equals("step_finished")
                    && e.get("table").asText().equals(a) && e.get("step").asText().equals("verify")).findFirst().orElseThrow();
            assertThat(verify.get("detail").asText()).contains("restored 5 of 5 items").contains("sample 3 of 3 equal").contains("deleted");
            assertThat(fake.copyJobsStarted()).isEqualTo(2);

            // a failing copy fails the run, with the cause and fix in the event (a new table: within the hour, the
            // same table joins its earlier, completed job through the idempotency token)
            fake.failCopiesWith(FakeAwsBackup.KMS_MESSAGE);
            String c = table(ddb);
            Files.writeString(profile, "aws:\n  retry: {max_attempts: 2}\ntables:\n"
                    + "  - name: " + c + "\n    backup:\n      copy_to: {vault_arn: \"" + vault + "\"}\n");
            Cli.Result f = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("-p", profile.toString(), "backup", "run");
            assertThat(f.exitCode()).as(f.toString()).isEqualTo(1);
            assertThat(f.out()).contains("copy").contains("failed").contains("customer-managed key");
        }
    }

    @Test
    void runWithoutAProfileIsAConfigurationError(LocalAws aws) {
        Cli.Result r = cli(aws).run("backup", "run");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).contains("needs a profile");
    }

    @Test
    void ctrlCEndsTheNdjsonLogWithRunInterruptedAndSaysHowToRunAgain(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws); FakeAwsBackup fake = FakeAwsBackup.start()) {
            String a = table(ddb);
            String vault = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";
            fake.vault(vault, null).pollsToComplete(100_000); // the copy step's backup job runs until the test ends
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup:\n      copy_to: {vault_arn: \"" + vault + "\"}\n");
            java.util.Map<String, String> env = new java.util.HashMap<>(cli(aws).envMap());
            env.put("AWS_ENDPOINT_URL_BACKUP", fake.endpoint());
            Sigint.Run run = Sigint.interrupt(env, home, ms -> fake.firstBackupJob.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "-p", profile.toString(), "--region", "us-east-1", "backup", "run", "--log-format", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            List<String> lines = run.out().strip().lines().toList();
            JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
            assertThat(last.get("event").asText()).isEqualTo("run_interrupted");
            assertThat(last.get("status").asText()).isEqualTo("failed");
            assertThat(JSON.readTree(lines.get(0)).get("event").asText()).isEqualTo("run_started");
            assertThat(run.err().strip().lines().reduce((x, y) -> y).orElse("")).isEqualTo("ddbr: interrupted; steps that finished stay done;"
                    + " backup, copy and restore jobs already started go on in AWS; the lock " + home.resolve("state").resolve("backup-run.lock")
                    + " is released when this process exits; run again with: ddbr -p " + profile + " --region us-east-1 backup run");
        }
    }
}
