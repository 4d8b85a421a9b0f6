package dev.ddbr.backup.doctor;

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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;

/**
 * backup doctor: organizations, KMS key policies, STS and the table on moto; AWS Backup settings, vaults and
 * recovery points on {@link FakeAwsBackup}.
 */
@EmulatorTest
class BackupDoctorIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SRC = "123456789012";

    @TempDir
    Path home;
    FakeAwsBackup fake;

    @BeforeEach
    void start() {
        fake = FakeAwsBackup.start();
    }

    @AfterEach
    void stop() { fake.close(); }

    static StaticCredentialsProvider creds() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    Cli cli(LocalAws aws) {
        return Cli.localOnMoto(home, aws)
                .env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint());
    }

    /** An account in moto's organization (the organization is made once per moto; tests share it). */
    static String memberAccount(LocalAws aws) {
        try (OrganizationsClient org = OrganizationsClient.builder().endpointOverride(URI.create(aws.motoEndpoint()))
                .region(Region.US_EAST_1).credentialsProvider(creds()).build()) {
            try {
                org.describeOrganization(b -> {});
            } catch (software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException e) {
                org.createOrganization(b -> b.featureSet("ALL"));
            }
            for (Account a : org.listAccounts(b -> {}).accounts()) {
                if ("ddbr-dr".equals(a.name())) return a.id();
            }
            return org.createAccount(b -> b.accountName("ddbr-dr").email("dr@example.com")).createAccountStatus().accountId();
        }
    }

    /** A customer managed key in moto (in account {@code owner}) whose policy lets {@code shareWith} use it (null: nobody else). */
    static String key(LocalAws aws, String owner, String shareWith) { return key(aws, owner, shareWith, Region.US_EAST_1); }

    static String key(LocalAws aws, String owner, String shareWith, Region region) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + owner + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"
                + (shareWith == null ? "" : ",{\"Sid\":\"AllowBackupCopyAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + shareWith + ":root\"},\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}")
                + "]}";
        try (KmsClient kms = KmsClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(region)
                .credentialsProvider(owner.equals(SRC) ? creds() : as(aws, owner)).build()) {
            return kms.createKey(b -> b.policy(policy).description("ddbr doctor test")).keyMetadata().arn();
        }
    }

    /** Credentials of the verify role in {@code account}, from moto's STS (moto files what they create under that account). */
    static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider as(LocalAws aws, String account) {
        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder().endpointOverride(URI.create(aws.motoEndpoint()))
                .region(Region.US_EAST_1).credentialsProvider(creds()).build()) {
            var c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/ddbr-verify").roleSessionName("ddbr-test")).credentials();
            return StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                    c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
    }

    /** A table in moto encrypted with a new customer-managed key whose policy lets {@code shareWith} use it. */
    static String table(LocalAws aws, String shareWith) {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(creds()).build()) {
            String key = key(aws, SRC, shareWith);
            String t = LocalAws.uniqueName("doctor");
            ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .sseSpecification(s -> s.enabled(true).sseType("KMS").kmsMasterKeyId(key)));
            return t;
        }
    }

    static String allowCopyFrom(String account) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowCopyFromSource\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"}]}";
    }

    static Map<String, JsonNode> checks(String json) throws Exception {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode c : JSON.readTree(json).get("checks")) m.put(c.get("id").asText(), c);
        return m;
    }

    @Test
    void everyCheckPassesWhenTheAccountsAreReady(LocalAws aws) throws Exception {
        String dest = memberAccount(aws);
        String vault = "arn:aws:backup:eu-central-1:" + dest + ":backup-vault:dr";
        fake.vault(vault, allowCopyFrom(SRC)).vaultKey(vault, key(aws, dest, null, Region.EU_CENTRAL_1)).vaultLock(vault, 7L, 400L);
        // the table's own key is not shared with anyone: with advanced DynamoDB backup that does not matter
        String t = table(aws, null);
        String source = "arn:aws:backup:us-east-1:" + SRC + ":backup-vault:Default";
        fake.vault(source, null).vaultKey(source, key(aws, SRC, dest));
        String tableArn = "arn:aws:dynamodb:us-east-1:" + SRC + ":table/" + t;
        fake.recoveryPoint(tableArn, "Default", "COLD", 1.6e9);
        fake.recoveryPoint(tableArn, "Default", "WARM", 1.7e9);
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "tables:\n  - name: " + t + "\n    backup:\n      copy_to: {vault_arn: \"" + vault
                + "\", delete_after_days: 35}\n");
        Cli.Result r = cli(aws).run("-p", profile.toString(), "-o", "json", "backup", "doctor", t,
                "--verify-role", "arn:aws:iam::" + dest + ":role/ddbr-verify");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, JsonNode> c = checks(r.out());
        assertThat(c.keySet()).containsExactly("organization", "cross-account-backup", "dynamodb-opt-in", "advanced-dynamodb-backup",
                "destination-vault", "vault-access-policy", "vault-lock", "source-vault-key", "destination-vault-key", "table-key", "cold-storage");
        assertThat(c.get("vault-lock").get("detail").asText()).contains("minimum retention 7 days, maximum retention 400 days").contains("DeleteAfterDays 35");
        assertThat(c.get("source-vault-key").get("detail").asText()).contains("customer managed").contains("allows account " + dest);
        assertThat(c.get("destination-vault-key").get("detail").asText()).contains("customer managed key arn:aws:kms:eu-central-1:" + dest + ":key/");
        assertThat(c.get("table-key").get("detail").asText()).contains("not this one");
        assertThat(c.values()).allSatisfy(x -> assertThat(x.get("status").asText()).as(x.toString()).isEqualTo("PASS"));
        assertThat(JSON.readTree(r.out()).get("verdict").asText()).isEqualTo("PASS");
        assertThat(fake.requests()).contains("GET backup-vaults/dr", "GET backup-vaults/dr/access-policy", "GET global-settings", "GET account-settings",
                "GET backup-vaults/Default");
    }

    @Test
    void eachFailureComesWithItsExactFix(LocalAws aws) throws Exception {
        memberAccount(aws);
        String vault = "arn:aws:backup:eu-central-1:999999999999:backup-vault:dr";
        fake.vault(vault, allowCopyFrom("555555555555")).crossAccountBackup(false).dynamodbAdvancedBackup(false).dynamodbOptIn(false)
                .vaultLock(vault, null, 30L);
        String source = "arn:aws:backup:us-east-1:" + SRC + ":backup-vault:Default";
        fake.vault(source, null).vaultKey(source, key(aws, SRC, null));
        String t = table(aws, null);
        fake.recoveryPoint("arn:aws:dynamodb:us-east-1:" + SRC + ":table/" + t, "Default", "COLD", 1.7e9);
        Cli.Result r = cli(aws).run("-o", "json", "backup", "doctor", t, "--to-vault", vault,
                "--verify-role", "arn:aws:iam::999999999999:role/ddbr-verify");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        Map<String, JsonNode> c = checks(r.out());
        assertThat(c.get("organization").get("status").asText()).isEqualTo("FAIL");
        assertThat(c.get("organization").get("fix").asText()).contains("invite-account-to-organization --target Id=999999999999");
        assertThat(c.get("cross-account-backup").get("fix").asText()).contains("update-global-settings --global-settings isCrossAccountBackupEnabled=true");
        assertThat(c.get("advanced-dynamodb-backup").get("fix").asText()).contains("update-region-settings --resource-type-management-preference DynamoDB=true --region us-east-1");
        assertThat(c.get("vault-access-policy").get("status").asText()).isEqualTo("FAIL");
        assertThat(c.get("vault-access-policy").get("fix").asText()).contains("put-backup-vault-access-policy --backup-vault-name dr").contains("aws:PrincipalOrgID");
        assertThat(c.get("dynamodb-opt-in").get("fix").asText()).contains("update-region-settings --resource-type-opt-in-preference DynamoDB=true --region us-east-1");
        assertThat(c.get("vault-lock").get("status").asText()).isEqualTo("FAIL");
        assertThat(c.get("vault-lock").get("detail").asText()).contains("maximum retention 30 days").contains("kept indefinitely");
        assertThat(c.get("vault-lock").get("fix").asText()).contains("delete_after_days").contains("between 1 and 30");
        assertThat(c.get("source-vault-key").get("status").asText()).isEqualTo("FAIL");
        assertThat(c.get("source-vault-key").get("fix").asText()).contains("aws kms put-key-policy").contains("arn:aws:iam::999999999999:root");
        // the destination vault's key: moto's 999999999999 has no such key, so it cannot be described there
        assertThat(c.get("destination-vault-key").get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(c.get("cold-storage").get("status").asText()).isEqualTo("FAIL");

        // text: the table, a "How to fix" section and a red verdict
        Cli.Result text = cli(aws).run("backup", "doctor", t, "--to-vault", vault,
                "--verify-role", "arn:aws:iam::999999999999:role/ddbr-verify");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("CHECK", "STATUS", "How to fix", "cold-storage: ").contains("failed");
    }

    @Test
    void withoutAVerifyRoleTheDestinationChecksAreUnknownAndTheExitIsZero(LocalAws aws) throws Exception {
        String dest = memberAccount(aws);
        String vault = "arn:aws:backup:eu-central-1:" + dest + ":backup-vault:dr";
        String t = table(aws, dest);
        String source = "arn:aws:backup:us-east-1:" + SRC + ":backup-vault:Default";
        fake.vault(source, null).vaultKey(source, key(aws, SRC, dest));
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "aws:\n  retry: {max_attempts: 2}\ntables:\n  - name: " + t + "\n    backup:\n      copy_to: {vault_arn: \"" + vault + "\"}\n");
        Cli.Result r = cli(aws).run("-p", profile.toString(), "-o", "json", "backup", "doctor", t);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, JsonNode> c = checks(r.out());
        assertThat(c.get("destination-vault").get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(c.get("vault-access-policy").get("fix").asText()).contains("verify_role_arn");
        assertThat(JSON.readTree(r.out()).get("verdict").asText()).isEqualTo("UNKNOWN");
        for (String id : new String[] {"destination-vault", "vault-access-policy", "vault-lock", "destination-vault-key"}) {
            assertThat(c.get(id).get("status").asText()).as(id).isEqualTo("UNKNOWN");
        }
        assertThat(c.get("source-vault-key").get("status").asText()).isEqualTo("PASS");
        assertThat(r.err()).contains("4 check(s) could not be made");
        assertThat(fake.requests()).noneMatch(q -> q.startsWith("GET backup-vaults/dr"));
    }

    @Test
    void theDefaultVaultFailsWithoutLookingAtIt(LocalAws aws) throws Exception {
        String dest = memberAccount(aws);
        String t = table(aws, dest);
        Cli.Result r = cli(aws).run("-o", "json", "backup", "doctor", t, "--to-vault",
                "arn:aws:backup:eu-central-1:" + dest + ":backup-vault:Default");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(checks(r.out()).get("destination-vault").get("fix").asText()).contains("create-backup-vault");
    }

    @Test
    void anEndpointWithoutTheAwsBackupApiIsUnknownNotAPermissionsProblem(LocalAws aws) throws Exception {
        String dest = memberAccount(aws);
        String t = table(aws, dest);
        // moto has vaults (its own source vault, with a key shared with the destination, so that check passes)...
        String vaultName = LocalAws.uniqueName("src").replace("-", "");
        try (var backup = software.amazon.awssdk.services.backup.BackupClient.builder().endpointOverride(URI.create(aws.motoEndpoint()))
                .region(Region.US_EAST_1).credentialsProvider(creds()).build()) {
            String key = key(aws, SRC, dest);
            backup.createBackupVault(b -> b.backupVaultName(vaultName).encryptionKeyArn(key));
        }
        // ...but no AWS Backup settings/recovery-point API: it answers 404 with no error code
        Cli.Result r = Cli.localOnMoto(home, aws)
                .env("AWS_ENDPOINT_URL_BACKUP", aws.motoEndpoint())
                .run("-o", "json", "backup", "doctor", t, "--source-vault", vaultName, "--to-vault",
                        "arn:aws:backup:eu-central-1:" + dest + ":backup-vault:dr");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(checks(r.out()).get("source-vault-key").get("status").asText()).isEqualTo("PASS");
        Map<String, JsonNode> c = checks(r.out());
        for (String id : new String[] {"cross-account-backup", "dynamodb-opt-in", "advanced-dynamodb-backup", "cold-storage"}) {
            assertThat(c.get(id).get("status").asText()).as(id).isEqualTo("UNKNOWN");
            assertThat(c.get(id).get("detail").asText()).as(id).startsWith("unknown: the endpoint has no such API");
            assertThat(c.get(id).get("fix").asText()).as(id).startsWith("not a permissions problem").doesNotContain("allow ");
        }
    }
}
