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
    /** moto 5.2.1 has no ListExports without a TableArn (HTTP 500); backup list without TABLE says so. */
    static final String MOTO_LIST_EXPORTS = "native exports not listed: HTTP 500";

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
        String nope = LocalAws.uniqueName("nope");
        Cli.Result r = cli(aws).run("backup", "create", nope);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).isEqualTo("ddbr: error: table '" + nope + "' not found in us-east-1; no backup was started"
                + " (hint: check the name and the Region (--region); 'ddbr table list' shows the tables)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void createChecksThatEveryTableExistsBeforeStartingAnyBackup(LocalAws aws) {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, "bk-all");
            String nope = LocalAws.uniqueName("nosuch");
            for (String[] order : new String[][] {{t, nope}, {nope, t}}) {
                Cli.Result r = cli(aws).run("backup", "create", order[0], order[1], "-o", "json");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
                assertThat(r.err()).as(r.toString()).startsWith("ddbr: error: table '" + nope + "' not found in us-east-1; no backup was started");
                assertThat(r.out()).isEmpty();
                assertThat(backups(ddb, t)).as("nothing started").isEmpty();
            }
        }
    }

    @Test
    void aFailureMidWayStillReportsTheBackupsAlreadyStartedInEveryFormat(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws);
             dev.ddbr.testing.FaultProxy proxy = new dev.ddbr.testing.FaultProxy(aws.motoEndpoint())) {
            String t1 = table(ddb, "bk-mid1"), t2 = table(ddb, "bk-mid2"), t3 = table(ddb, "bk-mid3");
            // every second CreateBackup is denied: in each run below the first table's backup starts, the second's does not
            proxy.policy((op, n) -> op.equals("CreateBackup") && n % 2 == 0
                    ? dev.ddbr.testing.FaultProxy.Fault.DENIED : dev.ddbr.testing.FaultProxy.Fault.NONE);
            Cli c = Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());

            Cli.Result json = c.run("backup", "create", t1, t2, t3, "-o", "json");
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(254);
            JsonNode j = JSON.readTree(json.out());
            assertThat(j.get("backups")).hasSize(1);
            assertThat(j.get("backups").get(0).get("table").asText()).isEqualTo(t1);
            assertThat(j.get("backups").get(0).get("status").asText()).isEqualTo("AVAILABLE");
            assertThat(j.get("backups").get(0).get("arn").asText()).startsWith("arn:aws:dynamodb:");
            assertThat(j.get("notes").get(0).asText()).contains("of " + t2 + " not started: cannot create backup").contains("access denied");
            assertThat(j.get("notes").get(1).asText()).isEqualTo("not attempted after that failure: " + t3);
            assertThat(json.err()).contains("ddbr: error: backup '" + t2 + "-")
                    .contains("; 1 of 3 backup(s) started (listed on stdout) (hint: ")
                    .contains("ddbr: warning: not attempted after that failure: " + t3);
            assertThat(backups(ddb, t1)).hasSize(1);
            assertThat(backups(ddb, t2)).isEmpty();
            assertThat(backups(ddb, t3)).isEmpty();

            Cli.Result text = c.run("backup", "create", t1, t2, "--no-wait");
            assertThat(text.exitCode()).as(text.toString()).isEqualTo(254);
            assertThat(text.out()).contains("CREATED").contains(t1).doesNotContain(t2);

            Cli.Result yaml = c.run("backup", "create", t1, t2, "-o", "yaml");
            assertThat(yaml.exitCode()).as(yaml.toString()).isEqualTo(254);
            assertThat(yaml.out()).contains("backups:").contains(t1).contains("not started");
            assertThat(backups(ddb, t1)).hasSize(3);
            assertThat(backups(ddb, t2)).isEmpty();

            // nothing started at all: the error alone, and stdout stays empty
            assertThat(c.run("backup", "create", t1, "--no-wait").exitCode()).isZero(); // an odd call: allowed
            Cli.Result none = c.run("backup", "create", t2, "-o", "json");                // the next: denied
            assertThat(none.exitCode()).as(none.toString()).isEqualTo(254);
            assertThat(none.out()).isEmpty();
            assertThat(none.err().strip()).startsWith("ddbr: error: cannot create backup '" + t2 + "-").contains("access denied")
                    .doesNotContain("listed on stdout").doesNotContain("\n");
        }
    }

    @Test
    void listWithoutTableAddsTheAwsBackupRecoveryPointsOfDynamodbTables(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws); dev.ddbr.testing.FakeAwsBackup fake = dev.ddbr.testing.FakeAwsBackup.start()) {
            String t = table(ddb, "bk-vaults");
            ddb.createBackup(b -> b.tableName(t).backupName(t + "-od"));
            String tableArn = ddb.describeTable(r -> r.tableName(t)).table().tableArn();
            String goneArn = tableArn.replace(t, t + "-deleted");
            fake.vault("arn:aws:backup:us-east-1:123456789012:backup-vault:Default", null)
                    .vault("arn:aws:backup:us-east-1:123456789012:backup-vault:nightly", null)
                    .vault("arn:aws:backup:us-east-1:222222222222:backup-vault:dr", null);
            double now = System.currentTimeMillis() / 1000.0;
            String p1 = fake.recoveryPoint(tableArn, "Default", "WARM", now + 60);
            String p2 = fake.recoveryPoint(goneArn, "nightly", "COLD", now - 86400);
            String copy = fake.copyInVault(tableArn, "arn:aws:backup:us-east-1:222222222222:backup-vault:dr", now);

            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("backup", "list", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            // moto 5.2.1 answers ListExports without a TableArn with HTTP 500 (docs/development.md): that note only
            assertThat(j.get("notes")).extracting(JsonNode::asText).allMatch(n -> n.equals(MOTO_LIST_EXPORTS));
            List<String> arns = new java.util.ArrayList<>();
            j.get("backups").forEach(b -> arns.add(b.get("arn").asText()));
            assertThat(arns).contains(p1, p2).doesNotContain(copy);
            // newest first: the recovery point made a minute "later" comes before the on-demand backup, the old one after
            String od = backups(ddb, t).get(0).backupArn();
            assertThat(arns.indexOf(p1)).isLessThan(arns.indexOf(od));
            assertThat(arns.indexOf(od)).isLessThan(arns.indexOf(p2));
            JsonNode point = j.get("backups").get(arns.indexOf(p2));
            assertThat(point.get("source").asText()).isEqualTo("aws-backup");
            assertThat(point.get("type").asText()).isEqualTo("RECOVERY_POINT");
            assertThat(point.get("table").asText()).isEqualTo(t + "-deleted");
            assertThat(point.get("vault").asText()).isEqualTo("nightly");
            assertThat(point.get("sizeBytes").asLong()).isEqualTo(2048);
            assertThat(fake.requests()).contains("GET backup-vaults", "GET backup-vaults/Default/recovery-points",
                    "GET backup-vaults/nightly/recovery-points").doesNotContain("GET backup-vaults/dr/recovery-points");

            Cli.Result text = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("backup", "list");
            assertThat(text.out()).contains("recovery point").contains(t + "-deleted");
        }
    }

    @Test
    void listOfADeletedTableStillShowsItsRecoveryPointsAndIsNotFoundOnlyWithoutAny(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws); dev.ddbr.testing.FakeAwsBackup fake = dev.ddbr.testing.FakeAwsBackup.start()) {
            // no DynamoDB backup: the ARN is built from the caller's account (moto's STS) and the Region
            String t = table(ddb, "bk-gone");
            String tableArn = ddb.describeTable(r -> r.tableName(t)).table().tableArn();
            // with a DynamoDB backup left behind: the ARN comes from the backup's ARN
            String u = table(ddb, "bk-gone-od");
            String uArn = ddb.describeTable(r -> r.tableName(u)).table().tableArn();
            ddb.createBackup(b -> b.tableName(u).backupName(u + "-od"));
            String never = LocalAws.uniqueName("bk-never");
            fake.vault("arn:aws:backup:us-east-1:123456789012:backup-vault:Default", null);
            double now = System.currentTimeMillis() / 1000.0;
            String point = fake.recoveryPoint(tableArn, "Default", "WARM", now);
            String uPoint = fake.recoveryPoint(uArn, "Default", "WARM", now);
            ddb.deleteTable(r -> r.tableName(t));
            ddb.deleteTable(r -> r.tableName(u));

            Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("backup", "list", t, "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("notes")).isEmpty();
            assertThat(j.get("backups")).hasSize(1);
            assertThat(j.get("backups").get(0).get("arn").asText()).isEqualTo(point);
            assertThat(j.get("backups").get(0).get("table").asText()).isEqualTo(t);
            assertThat(r.err()).isEmpty();

            Cli.Result withOd = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("backup", "list", u, "-o", "json");
            assertThat(withOd.exitCode()).as(withOd.toString()).isZero();
            List<String> arns = new java.util.ArrayList<>();
            JSON.readTree(withOd.out()).get("backups").forEach(b -> arns.add(b.get("arn").asText()));
            assertThat(arns).hasSize(2).contains(uPoint).anyMatch(a -> a.startsWith(uArn + "/backup/"));

            Cli.Result none = cli(aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()).run("backup", "list", never);
            assertThat(none.exitCode()).as(none.toString()).isEqualTo(254);
            assertThat(none.errLine()).isEqualTo("ddbr: error: table '" + never + "' not found in us-east-1 and it has no backups"
                    + " and no AWS Backup recovery points (hint: check the name and --region; 'ddbr backup list' (no TABLE)"
                    + " lists the backups of every table, deleted ones included)");
            assertThat(none.out()).isEmpty();
            assertThat(fake.requests()).contains("GET resources/" + tableArn + "/recovery-points");
        }
    }

    @Test
    void listWithoutTableOnAnEndpointWithoutAwsBackupStillListsTheDynamodbBackupsWithANote(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws);
             software.amazon.awssdk.services.backup.BackupClient backup = TestClients.of(
                     software.amazon.awssdk.services.backup.BackupClient.builder(), aws.motoEndpoint())) {
            String t = table(ddb, "bk-nobackup");
            ddb.createBackup(b -> b.tableName(t).backupName(t + "-od"));
            // moto has vaults but answers 404 for their recovery points, as for every AWS Backup job API
            backup.createBackupVault(v -> v.backupVaultName(LocalAws.uniqueName("vault")));
            Cli.Result r = cli(aws).run("backup", "list", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains(t + "-od");
            assertThat(JSON.readTree(r.out()).get("notes").get(0).asText())
                    .isEqualTo("AWS Backup recovery points not listed: the endpoint has no AWS Backup API (HTTP 404)");
            assertThat(r.err()).isEqualTo("ddbr: warning: AWS Backup recovery points not listed: the endpoint has no AWS Backup API (HTTP 404)\n"
                    + "ddbr: warning: " + MOTO_LIST_EXPORTS + "\n");
        }
    }

    @Test
    void pruneSaysWhichRuleAppliesAndTheCommandLineReplacesTheProfileRule(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = moto(aws)) {
            String t = table(ddb, "bk-rule");
            for (int i = 0; i < 3; i++) ddb.createBackup(b -> b.tableName(t).backupName(t + "-b"));
            java.time.Instant created = backups(ddb, t).stream().map(BackupSummary::backupCreationDateTime)
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
            while (!java.time.Instant.now().isAfter(created.plusSeconds(2))) Thread.onSpinWait();
            Path profile = home.resolve("rule.yaml");
            Files.writeString(profile, "tables:\n  - name: " + t + "\n    backup: {keep_last: 2}\n");

            Cli.Result text = cli(aws).run("-p", profile.toString(), "backup", "prune", t, "--older-than", "1s", "--dry-run");
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("retention: --older-than 1s (command line; the profile's keep_last 2 is not used)")
                    .contains("dry run: would delete 2 of 3 backup(s)");

            Cli.Result json = cli(aws).run("-p", profile.toString(), "backup", "prune", t, "--older-than", "1s", "--dry-run", "-o", "json");
            JsonNode j = JSON.readTree(json.out());
            assertThat(j.get("retention").get("source").asText()).isEqualTo("command-line");
            assertThat(j.get("retention").get("rule").asText()).isEqualTo("--older-than 1s");
            assertThat(j.get("retention").get("notUsed").asText()).isEqualTo("keep_last 2");
            assertThat(j.get("keepLast").isNull()).isTrue();

            Cli.Result fromProfile = cli(aws).run("-p", profile.toString(), "backup", "prune", t, "--dry-run", "-o", "json");
            JsonNode p = JSON.readTree(fromProfile.out());
            assertThat(p.get("retention").get("source").asText()).isEqualTo("profile");
            assertThat(p.get("retention").get("rule").asText()).isEqualTo("keep_last 2");
            assertThat(p.get("retention").get("notUsed").isNull()).isTrue();
            assertThat(p.get("decisions").findValuesAsText("action")).containsExactly("KEEP", "KEEP", "DELETE");
            assertThat(backups(ddb, t)).hasSize(3);
        }
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
