package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddbr failover what-if} for a table that lives only in the lost Region: where copies actually exist.
 * The table, its on-demand backup (CreateBackup / ListBackups) and PITR live in moto; AWS Backup recovery points
 * (in the Region, and copies in a vault of another account and Region) in {@link FakeAwsBackup}; the verify role
 * is assumed through moto's STS. The real SDK talks HTTP to both.
 */
@EmulatorTest
class FailoverWhatIfCopiesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOST = "us-east-1";
    static final String VAULT = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";
    static final String VERIFY = "arn:aws:iam::222222222222:role/ddbr-verify";

    @TempDir
    Path home;
    FakeAwsBackup fake;
    String table;
    String tableArn;
    String backupArn;

    @BeforeEach
    void setUp(LocalAws aws) {
        fake = FakeAwsBackup.start();
        fake.vault(VAULT, null);
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.of(LOST))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            table = LocalAws.uniqueName("solo");
            tableArn = ddb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))).tableDescription().tableArn();
            ddb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            backupArn = ddb.createBackup(r -> r.tableName(table).backupName("nightly")).backupDetails().backupArn();
        }
    }

    @AfterEach
    void tearDown() { fake.close(); }

    Path profile(String copyTo) throws Exception {
        Path p = home.resolve("p.yaml");
        Files.writeString(p, String.join("\n",
                "aws:",
                "  region: " + LOST,
                "  retry: {max_attempts: 2}",
                "tables:",
                "  - name: " + table,
                copyTo == null ? "" : "    backup:\n      copy_to: " + copyTo,
                ""));
        return p;
    }

    Cli cli(LocalAws aws, String backupEndpoint) {
        return Cli.local(home, aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint()).env("AWS_ENDPOINT_URL_BACKUP", backupEndpoint);
    }

    static JsonNode source(JsonNode stranded, String kind) {
        for (JsonNode s : stranded.get("sources")) if (s.get("kind").asText().equals(kind)) return s;
        throw new AssertionError("no source " + kind + " in " + stranded);
    }

    @Test
    void aCopyInAVaultOfAnotherRegionMakesTheTableSafeWithItsAge(LocalAws aws) throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        fake.recoveryPoint(tableArn, "Default", "WARM", now - 600);
        String copy = fake.copyInVault(tableArn, VAULT, now - 7200);
        fake.copyInVault(tableArn.replace(table, "other"), VAULT, now - 60); // another table's copy: not counted
        Path p = profile("{vault_arn: \"" + VAULT + "\", verify_role_arn: \"" + VERIFY + "\"}");

        Cli.Result r = cli(aws, fake.endpoint()).run("-p", p.toString(), "failover", "what-if", table, "--lose", LOST, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("OK");
        JsonNode s = n.at("/stranded/0");
        assertThat(s.get("table").asText()).isEqualTo(table);
        assertThat(s.get("status").asText()).isEqualTo("SAFE");
        assertThat(s.get("copyOutside").asBoolean()).isTrue();
        assertThat(s.get("restoreFrom").asText()).isEqualTo(copy);
        assertThat(s.get("restoreFromAgeSeconds").asLong()).isBetween(7190L, 7300L);
        // the in-Region copies are found and said to be lost with the Region
        JsonNode ddbBackups = source(s, "dynamodb-backup");
        assertThat(ddbBackups.get("state").asText()).isEqualTo("FOUND");
        assertThat(ddbBackups.get("newestArn").asText()).isEqualTo(backupArn);
        assertThat(ddbBackups.get("outsideLostRegion").asBoolean()).isFalse();
        assertThat(ddbBackups.get("detail").asText()).contains("lost with it");
        assertThat(source(s, "aws-backup").get("count").asInt()).isEqualTo(1);
        assertThat(source(s, "aws-backup").get("outsideLostRegion").asBoolean()).isFalse();
        assertThat(source(s, "pitr").get("state").asText()).isEqualTo("FOUND");
        assertThat(source(s, "pitr").get("outsideLostRegion").asBoolean()).isFalse();
        JsonNode vault = source(s, "copy-vault");
        assertThat(vault.get("state").asText()).isEqualTo("FOUND");
        assertThat(vault.get("count").asInt()).isEqualTo(1);
        assertThat(vault.get("region").asText()).isEqualTo("eu-central-1");
        assertThat(vault.get("outsideLostRegion").asBoolean()).isTrue();
        assertThat(fake.requests()).contains("GET backup-vaults/dr/recovery-points");

        Cli.Result text = cli(aws, fake.endpoint()).run("-p", p.toString(), "failover", "what-if", table, "--lose", LOST);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains(table + ": SAFE - restore from the copy in " + VAULT + ", 2h 0")
                .contains(backupArn).contains("OK: 1 table(s) must be restored from a copy outside " + LOST + " (up to 2h 0")
                .doesNotContain("survivors can carry").doesNotContain("SURVIVOR");
    }

    @Test
    void withoutAProfileASingleRegionTableIsItselfEvaluatedAndNeverOkWithNoSurvivors(LocalAws aws) throws Exception {
        // no profile: the table's Regions come from DescribeTable in the default Region, which is the lost one
        Cli no = cli(aws, fake.endpoint()).env("AWS_REGION", LOST);
        Cli.Result r = no.run("failover", "what-if", table, "--lose", LOST, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("AT_RISK");
        assertThat(n.get("survivors")).isEmpty();
        assertThat(n.get("stranded")).hasSize(1);
        assertThat(n.at("/stranded/0/table").asText()).isEqualTo(table);
        assertThat(n.at("/stranded/0/status").asText()).isEqualTo("AT_RISK");
        assertThat(n.at("/stranded/0/reason").asText()).contains("copies only inside " + LOST);

        Cli.Result text = no.run("failover", "what-if", table, "--lose", LOST);
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).contains("no replica outside " + LOST + ": no survivor carries its traffic")
                .contains(table + ": AT RISK").contains("AT RISK: 1 table(s) would be lost: no copy outside " + LOST)
                .doesNotContain("OK:").doesNotContain("survivors can carry").doesNotContain("SURVIVOR");
    }

    @Test
    void aRegionNameThatIsNotOneIsABadValueBeforeAnyCall(LocalAws aws) throws Exception {
        Cli.Result r = cli(aws, fake.endpoint()).env("AWS_REGION", LOST).run("failover", "what-if", table, "--lose", "mars-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("ddbr: error: --lose: 'mars-1' is not a Region name "
                + "(hint: use names such as eu-west-1, us-east-1 or us-gov-west-1)");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void withoutAVerifyRoleTheOtherAccountsVaultIsUnknownAndTheTableAtRisk(LocalAws aws) throws Exception {
        fake.copyInVault(tableArn, VAULT, System.currentTimeMillis() / 1000.0 - 60);
        Path p = profile("{vault_arn: \"" + VAULT + "\"}");
        Cli.Result r = cli(aws, fake.endpoint()).run("-p", p.toString(), "failover", "what-if", table, "--lose", LOST, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("AT_RISK");
        JsonNode s = n.at("/stranded/0");
        assertThat(s.get("status").asText()).isEqualTo("AT_RISK");
        assertThat(s.get("restoreFrom").isNull()).isTrue();
        assertThat(source(s, "copy-vault").get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(source(s, "copy-vault").get("detail").asText()).contains("no verify_role_arn");
        assertThat(source(s, "dynamodb-backup").get("state").asText()).isEqualTo("FOUND");
        assertThat(s.get("reason").asText()).contains("copies only inside " + LOST).contains("DATA LOST");

        Cli.Result text = cli(aws, fake.endpoint()).run("-p", p.toString(), "failover", "what-if", table, "--lose", LOST);
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains(table + ": AT RISK").contains("unknown: no verify_role_arn")
                .contains("1 table(s) would be lost: no copy outside " + LOST);
    }

    @Test
    void anEndpointWithoutAwsBackupGivesUnknownSourcesNotACrash(LocalAws aws) throws Exception {
        Path p = profile("{vault_arn: \"" + VAULT + "\", verify_role_arn: \"" + VERIFY + "\"}");
        // moto has no AWS Backup API: it answers 404
        Cli.Result r = cli(aws, aws.motoEndpoint()).run("-p", p.toString(), "failover", "what-if", table, "--lose", LOST, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode s = JSON.readTree(r.out()).at("/stranded/0");
        assertThat(s.get("status").asText()).isEqualTo("AT_RISK");
        assertThat(source(s, "aws-backup").get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(source(s, "aws-backup").get("detail").asText()).startsWith("unknown: ListRecoveryPointsByResource failed");
        assertThat(source(s, "copy-vault").get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(source(s, "copy-vault").get("detail").asText()).contains("ListRecoveryPointsByBackupVault as " + VERIFY + " failed");
        assertThat(s.get("reason").asText()).contains("could not read " + VAULT + ": ListRecoveryPointsByBackupVault");
    }
}
