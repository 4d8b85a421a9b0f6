package dev.ddbr.backup.run;

import dev.ddbr.testing.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.FaultProxy;
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
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {keep_last: 2}\n  - name: " + missing + "\n    backup:\n");
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
            JsonNode missingCreate = events.stream().filter(e -> e.get("event").asText().equals("step_finished")
                    && e.get("table").asText().equals(missing) && e.get("step").asText().equals("create")).findFirst().orElseThrow();
            assertThat(missingCreate.get("detail").asText()).isEqualTo("table '" + missing + "' not found in us-east-1 (hint: check the"
                    + " name in the profile and the Region (--region); 'ddbr table list' shows the tables)");
            // keep_last 2: the new backup and one old one remain
            assertThat(ddb.listBackups(x -> x.tableName(a).backupType(BackupTypeFilter.USER)).backupSummaries()).hasSize(2);

            Path ok = home.resolve("ok.yaml");
            Files.writeString(ok, "tables:\n  - name: " + a + "\n    backup: {}\n");
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
            Path lock = home.resolve("locks/run.lock");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {}\n");
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
                    .containsExactly("create:ok", "copy:ok", "verify:ok", "prune:skipped");
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
            assertThat(f.out()).contains("copy").contains("failed").contains("customer managed key").contains("source vault");
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
                    "-p", profile.toString(), "--region", "us-east-1", "backup", "run", "--log-format", "json",
                    "--concurrency", "3", "--max-runtime", "2h");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            List<String> lines = run.out().strip().lines().toList();
            JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
            assertThat(last.get("event").asText()).isEqualTo("run_interrupted");
            assertThat(last.get("status").asText()).isEqualTo("failed");
            assertThat(JSON.readTree(lines.get(0)).get("event").asText()).isEqualTo("run_started");
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted; steps that finished stay done;"
                    + " backup, copy and restore jobs already started go on in AWS; the lock " + home.resolve("state").resolve("backup-run.lock")
                    + " is released; run again with: ddbr -p " + profile + " --region us-east-1 backup run --concurrency 3 --max-runtime 2h"
                    + " --log-format json");
            // the lock was released and cleared on the way out: the next run starts without a stale-lock warning
            assertThat(Files.readString(home.resolve("state").resolve("backup-run.lock"))).isEmpty();
            Path plain = home.resolve("plain.yaml");
            Files.writeString(plain, "tables:\n  - name: " + a + "\n    backup: {}\n");
            Cli.Result next = cli(aws).run("-p", plain.toString(), "--region", "us-east-1", "backup", "run");
            assertThat(next.exitCode()).as(next.toString()).isZero();
            assertThat(next.err()).doesNotContain("stale lock").doesNotContain("another backup run");
        }
    }
    static List<JsonNode> events(Cli.Result r) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) events.add(JSON.readTree(line));
        return events;
    }

    static List<String> finished(List<JsonNode> events, String table) {
        return events.stream().filter(e -> e.get("event").asText().equals("step_finished") && e.get("table").asText().equals(table))
                .map(e -> e.get("step").asText() + ":" + e.get("status").asText()).toList();
    }

    /** Accepts connections on 127.0.0.1 and never answers: an endpoint where every API call hangs. */
    static final class SilentServer implements AutoCloseable {
        final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final List<java.net.Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.CountDownLatch firstConnection = new java.util.concurrent.CountDownLatch(1);

        SilentServer() throws java.io.IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                        firstConnection.countDown();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            t.setDaemon(true);
            t.start();
        }

        String endpoint() { return "http://127.0.0.1:" + server.getLocalPort(); }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            synchronized (accepted) {
                for (java.net.Socket s : accepted) s.close();
            }
        }
    }

    @Test
    void maxRuntimeEndsTheRunEvenWhenAnApiCallNeverAnswers(LocalAws aws) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            String a = LocalAws.uniqueName("run-hung");
            String b = LocalAws.uniqueName("run-queued");
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {keep_last: 3}\n"
                    + "  - name: " + b + "\n    backup: {verify: {enabled: true}}\n");
            long t0 = System.nanoTime();
            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", silent.endpoint())
                    .run("-p", profile.toString(), "backup", "run", "--concurrency", "1", "--max-runtime", "5s", "--log-format", "json");
            double wall = (System.nanoTime() - t0) / 1e9;
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(silent.firstConnection.getCount()).as("the create call reached the silent endpoint").isZero();
            List<JsonNode> events = events(r);
            assertThat(events.get(0).get("event").asText()).isEqualTo("run_started");
            // the hung table: create was running, prune never started; both fail
            assertThat(finished(events, a)).containsExactly("create:failed", "prune:failed");
            // the queued table (concurrency 1) never started: every planned step fails, none was started, except prune,
            // which has no keep_last / max_age_days and so is skipped as it always would be
            assertThat(finished(events, b)).containsExactly("create:failed", "verify:failed", "prune:skipped");
            assertThat(events).noneMatch(e -> e.get("event").asText().equals("step_started") && e.get("table").asText().equals(b));
            JsonNode create = events.stream().filter(e -> e.get("event").asText().equals("step_finished")
                    && e.get("table").asText().equals(a) && e.get("step").asText().equals("create")).findFirst().orElseThrow();
            assertThat(create.get("detail").asText()).startsWith("max runtime reached (5s) while this step ran");
            assertThat(events).filteredOn(e -> e.get("event").asText().equals("step_finished") && e.get("table").asText().equals(b))
                    .extracting(e -> e.get("step").asText() + ": " + e.get("detail").asText())
                    .containsExactly("create: max runtime reached (5s) before this step started",
                            "verify: max runtime reached (5s) before this step started",
                            "prune: no keep_last or max_age_days in the profile");
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.get("event").asText()).isEqualTo("run_finished");
            assertThat(last.get("status").asText()).isEqualTo("failed");
            assertThat(last.get("detail").asText()).isEqualTo("0 ok, 4 failed, 1 skipped; max runtime reached (5s)");
            // ended at the deadline, not after the SDK's 60 s socket timeout (times its retries)
            assertThat(last.get("seconds").asDouble()).isGreaterThanOrEqualTo(5.0).isLessThan(30.0);
            assertThat(wall).isLessThan(30.0);
        }
    }

    @Test
    void tablesWithoutABackupSectionAreSkippedAndTheSummaryJsonIsTheDocumentedContract(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String a = table(ddb);
            String skewOnly = table(ddb);
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {}\n"
                    + "  - name: " + skewOnly + "\n    skew: {max_key_share: 0.2}\n");
            Cli.Result r = cli(aws).run("-p", profile.toString(), "-o", "json", "backup", "run");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode s = JSON.readTree(r.out());
            List<String> fields = new ArrayList<>();
            s.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("startedAt", "seconds", "tables", "stepsOk", "stepsFailed", "stepsSkipped",
                    "maxRuntimeReached", "steps");
            assertThat(s.get("tables").asInt()).isEqualTo(1);
            assertThat(s.get("stepsOk").asInt()).isEqualTo(1);
            assertThat(s.get("stepsFailed").asInt()).isZero();
            assertThat(s.get("stepsSkipped").asInt()).isEqualTo(2);
            assertThat(s.get("maxRuntimeReached").asBoolean()).isFalse();
            assertThat(java.time.Instant.parse(s.get("startedAt").asText())).isNotNull();
            List<String> stepFields = new ArrayList<>();
            s.get("steps").get(0).fieldNames().forEachRemaining(stepFields::add);
            assertThat(stepFields).containsExactly("table", "step", "status", "detail", "backupArn", "seconds");
            List<String> steps = new ArrayList<>();
            s.get("steps").forEach(x -> steps.add(x.get("table").asText() + " " + x.get("step").asText() + ":" + x.get("status").asText()));
            assertThat(steps).containsExactlyInAnyOrder(skewOnly + " create:skipped", a + " create:ok", a + " prune:skipped");
            JsonNode skipped = s.get("steps").get(steps.indexOf(skewOnly + " create:skipped"));
            assertThat(skipped.get("detail").asText()).isEqualTo("no backup: section");
            assertThat(skipped.get("backupArn").isNull()).isTrue();
            JsonNode created = s.get("steps").get(steps.indexOf(a + " create:ok"));
            assertThat(created.get("backupArn").asText()).startsWith("arn:aws:dynamodb:").contains(":table/" + a + "/backup/");
            assertThat(ddb.listBackups(x -> x.tableName(a).backupType(BackupTypeFilter.USER)).backupSummaries()).hasSize(1);
            assertThat(ddb.listBackups(x -> x.tableName(skewOnly).backupType(BackupTypeFilter.USER)).backupSummaries()).isEmpty();

            Files.writeString(profile, "tables:\n  - name: " + skewOnly + "\n    skew: {max_key_share: 0.2}\n");
            Cli.Result none = cli(aws).run("-p", profile.toString(), "backup", "run");
            assertThat(none.exitCode()).as(none.toString()).isEqualTo(253);
            assertThat(none.errLine()).isEqualTo("ddbr: error: no table in the profile has a backup: section, so backup run has"
                    + " nothing to do (hint: add one to each table to back up, e.g. backup: {keep_last: 7} (backup: {} takes the defaults))");
            assertThat(none.out()).isEmpty();
        }
    }

    @Test
    void aFailedRestoreDrillKeepsTheOlderBackups(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String a = table(ddb);
            ddb.putItem(p -> p.tableName(a).item(java.util.Map.of("pk", AttributeValue.fromS("k"))));
            for (int i = 0; i < 3; i++) ddb.createBackup(x -> x.tableName(a).backupName("old"));
            proxy.policy((op, n) -> op.equals("RestoreTableFromBackup") ? FaultProxy.Fault.DENIED : FaultProxy.Fault.NONE);
            Path profile = home.resolve("p.yaml");
            Files.writeString(profile, "tables:\n  - name: " + a + "\n    backup: {keep_last: 1, verify: {enabled: true}}\n");
            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint())
                    .run("-p", profile.toString(), "backup", "run", "--log-format", "json");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            List<JsonNode> events = events(r);
            assertThat(finished(events, a)).containsExactly("create:ok", "verify:failed", "prune:skipped");
            JsonNode prune = events.stream().filter(e -> e.get("event").asText().equals("step_finished")
                    && e.get("step").asText().equals("prune")).findFirst().orElseThrow();
            assertThat(prune.get("detail").asText()).isEqualTo("the restore drill of the new backup failed: older backups are kept");
            assertThat(events).noneMatch(e -> e.get("event").asText().equals("step_started") && e.get("step").asText().equals("prune"));
            assertThat(proxy.calls("DeleteBackup")).isZero();
            // keep_last 1 would have left one: the three old ones and the new one are all still there
            assertThat(ddb.listBackups(x -> x.tableName(a).backupType(BackupTypeFilter.USER)).backupSummaries()).hasSize(4);
        }
    }
}
