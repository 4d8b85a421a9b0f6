package dev.ddbr.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.backup.doctor.BackupDoctorITSupport;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The audit's AWS Backup checks end to end: the table, its tags and the KMS keys on moto; backup plans, Region
 * settings and vaults on {@link FakeAwsBackup}.
 */
@EmulatorTest
class AuditBackupIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SRC = "123456789012";

    @TempDir
    Path home;
    FakeAwsBackup fake;

    @BeforeEach
    void start() { fake = FakeAwsBackup.start(); }

    @AfterEach
    void stop() { fake.close(); }

    Cli cli(LocalAws aws) { return Cli.localOnMoto(home, aws).env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint()); }

    static String table(LocalAws aws) {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String t = LocalAws.uniqueName("audit-bk");
            String arn = ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))).tableDescription().tableArn();
            ddb.tagResource(r -> r.resourceArn(arn).tags(g -> g.key("backup").value("daily")));
            return t;
        }
    }

    List<JsonNode> findings(Cli.Result r, String rule) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) if (f.get("rule").asText().equals(rule)) out.add(f);
        return out;
    }

    @Test
    void aTagSelectionCoversTheTableOnlyWithTheDynamoDbOptIn(LocalAws aws) throws Exception {
        String t = table(aws);
        fake.plan("daily", "tagged", List.of(), List.of("backup=daily"));
        Cli.Result on = cli(aws).run("-o", "json", "audit", t, "--no-iam", "--no-dax");
        assertThat(on.exitCode()).as(on.toString()).isIn(0, 1);
        assertThat(findings(on, "backup-plan")).isEmpty();

        fake.dynamodbOptIn(false);
        Cli.Result off = cli(aws).run("-o", "json", "audit", t, "--no-iam", "--no-dax");
        assertThat(findings(off, "backup-plan")).singleElement().satisfies(f -> {
            assertThat(f.get("message").asText()).contains("selection 'tagged' of plan 'daily'").contains("opt-in").contains("us-east-1");
            assertThat(f.get("remediation").asText()).contains("aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true --region us-east-1");
        });

        // a selection naming DynamoDB tables explicitly needs no opt-in
        fake.plan("explicit", "all-tables", List.of("arn:aws:dynamodb:*:*:table/*"), List.of());
        Cli.Result named = cli(aws).run("-o", "json", "audit", t, "--no-iam", "--no-dax");
        assertThat(findings(named, "backup-plan")).isEmpty();
    }

    @Test
    void theCopyDestinationRuleJudgesTheVaultKeysNotTheTablesKey(LocalAws aws) throws Exception {
        String dest = "222222222222";
        String t = table(aws); // an AWS owned table key: not what the copy uses
        String vault = "arn:aws:backup:eu-central-1:" + dest + ":backup-vault:dr";
        String source = "arn:aws:backup:us-east-1:" + SRC + ":backup-vault:Default";
        String sourceKey = BackupDoctorITSupport.key(aws, SRC, null, Region.US_EAST_1);
        fake.vault(vault, null).vaultKey(vault, BackupDoctorITSupport.key(aws, dest, null, Region.EU_CENTRAL_1));
        fake.vault(source, null).vaultKey(source, sourceKey);
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "tables:\n  - name: " + t + "\n    backup:\n      copy_to: {vault_arn: \"" + vault
                + "\", verify_role_arn: \"arn:aws:iam::" + dest + ":role/ddbr-verify\"}\n");
        Cli.Result r = cli(aws).run("-p", profile.toString(), "-o", "json", "audit", t, "--no-iam", "--no-dax");
        assertThat(findings(r, "kms-key-policy-copy-destination")).as(r.toString()).singleElement().satisfies(f -> {
            assertThat(f.get("resource").asText()).isEqualTo(sourceKey);
            assertThat(f.get("message").asText()).contains("source vault 'Default'").contains("does not allow account " + dest);
            assertThat(f.get("remediation").asText()).contains("put-key-policy --key-id " + sourceKey).doesNotContain("update-table");
        });

        // shared with the destination: nothing to report
        String shared = BackupDoctorITSupport.key(aws, SRC, dest, Region.US_EAST_1);
        fake.vaultKey(source, shared);
        Cli.Result ok = cli(aws).run("-p", profile.toString(), "-o", "json", "audit", t, "--no-iam", "--no-dax");
        assertThat(findings(ok, "kms-key-policy-copy-destination")).as(ok.toString()).isEmpty();
        assertThat(fake.requests()).contains("GET account-settings", "GET backup-vaults/Default", "GET backup-vaults/dr");
    }
}
