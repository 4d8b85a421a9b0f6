package dev.ddbr.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
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
 * backup copy: the table lives in moto, STS AssumeRole of the verify role runs on moto, and the AWS Backup jobs
 * run on {@link FakeAwsBackup}; the real SDK talks HTTP to both.
 */
@EmulatorTest
public class BackupCopyIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VAULT = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";
    static final String VERIFY = "arn:aws:iam::222222222222:role/ddbr-verify";

    @TempDir
    Path home;
    FakeAwsBackup fake;

    @BeforeEach
    void start() {
        fake = FakeAwsBackup.start();
        fake.vault(VAULT, null);
    }

    @AfterEach
    void stop() { fake.close(); }

    Cli cli(LocalAws aws) {
        return Cli.localOnMoto(home, aws)
                .env("AWS_ENDPOINT_URL_BACKUP", fake.endpoint());
    }

    public static String table(LocalAws aws) {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(aws.motoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String t = LocalAws.uniqueName("copy");
            ddb.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            return t;
        }
    }

    @Test
    void copiesVerifiesInTheDestinationAndARerunStartsNoSecondJob(LocalAws aws) throws Exception {
        String t = table(aws);
        Cli.Result r = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT,
                "--verify-role", VERIFY, "--role", "arn:aws:iam::123456789012:role/backup-copier");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(j.get("verified").asBoolean()).isTrue();
        assertThat(j.get("destinationRecoveryPointArn").asText()).startsWith("arn:aws:backup:eu-central-1:222222222222:recovery-point:");
        assertThat(j.get("verifyDetail").asText()).contains("COMPLETED");
        assertThat(fake.requests()).anyMatch(q -> q.startsWith("GET backup-vaults/dr/recovery-points/" + j.get("destinationRecoveryPointArn").asText()));
        // the exact requests: the source vault, the table's ARN, the role and an idempotency token
        JsonNode start = fake.startBodies.get(0);
        assertThat(start.get("BackupVaultName").asText()).isEqualTo("Default");
        assertThat(start.get("ResourceArn").asText()).endsWith(":table/" + t);
        assertThat(start.get("IamRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/backup-copier");
        assertThat(start.get("IdempotencyToken").asText()).hasSize(32);
        JsonNode copy = fake.startBodies.get(1);
        assertThat(copy.get("DestinationBackupVaultArn").asText()).isEqualTo(VAULT);
        assertThat(copy.get("RecoveryPointArn").asText()).isEqualTo(j.get("recoveryPointArn").asText());

        // a re-run (say after a crash) in the same hour joins the same jobs
        Cli.Result again = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT,
                "--verify-role", VERIFY, "--role", "arn:aws:iam::123456789012:role/backup-copier");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.out()).get("backupJobId").asText()).isEqualTo(j.get("backupJobId").asText());
        assertThat(fake.backupJobsStarted()).isEqualTo(1);
        assertThat(fake.copyJobsStarted()).isEqualTo(1);
    }

    @Test
    void aFailedCopyJobIsExplainedWithItsFix(LocalAws aws) {
        String t = table(aws);
        fake.failCopiesWith(FakeAwsBackup.ORG_MESSAGE);
        Cli.Result r = cli(aws).run("backup", "copy", t, "--to-vault", VAULT);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("copy job failed: " + FakeAwsBackup.ORG_MESSAGE)
                .contains("not in the same AWS Organization").contains("isCrossAccountBackupEnabled=true");
        assertThat(r.out()).contains("FAILED").contains("failed at the copy step");

        fake.failCopiesWith(FakeAwsBackup.KMS_MESSAGE);
        String t2 = table(aws);
        Cli.Result k = cli(aws).run("-o", "json", "backup", "copy", t2, "--to-vault", VAULT);
        assertThat(k.exitCode()).as(k.toString()).isEqualTo(1);
        assertThat(k.out()).contains("\"failedAt\" : \"copy\"").contains("source vault 'Default', not the table's key")
                .contains("aws/backup").doesNotContain("update-table");
    }

    @Test
    void afterAFailedCopyIsFixedARerunStartsANewCopyOfTheSameRecoveryPoint(LocalAws aws) throws Exception {
        String t = table(aws);
        fake.failCopiesWith(FakeAwsBackup.VAULT_MESSAGE);
        Cli.Result failed = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("put-backup-vault-access-policy");
        fake.failCopiesWith(null);
        Cli.Result fixed = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT);
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(fixed.err()).contains("of an earlier run FAILED; starting a new one");
        // the completed backup job is joined, the failed copy job is not
        assertThat(JSON.readTree(fixed.out()).get("recoveryPointArn").asText())
                .isEqualTo(JSON.readTree(failed.out()).get("recoveryPointArn").asText());
        assertThat(fake.backupJobsStarted()).isEqualTo(1);
        assertThat(fake.copyJobsStarted()).isEqualTo(2);
        assertThat(fake.startBodies.get(1).get("IdempotencyToken").asText())
                .isNotEqualTo(fake.startBodies.get(fake.startBodies.size() - 1).get("IdempotencyToken").asText());
    }

    @Test
    void aRejectedStartCopyJobNamesTheVaultPolicyFix(LocalAws aws) {
        String t = table(aws);
        fake.rejectStartCopy("AccessDeniedException", 403, FakeAwsBackup.VAULT_MESSAGE);
        Cli.Result r = cli(aws).run("backup", "copy", t, "--to-vault", VAULT);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err().lines().reduce((a, b) -> b).orElse("")).startsWith("ddbr: error:").contains("Access denied to the vault")
                .contains("put-backup-vault-access-policy").contains("backup:CopyIntoBackupVault");
    }

    @Test
    void withoutAVerifyRoleTheCopyIsReportedUnverified(LocalAws aws) throws Exception {
        String t = table(aws);
        Cli.Result r = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("verified").isNull()).isTrue();
        assertThat(r.err()).contains("not verified from the destination account");
        // the default role of the source account
        assertThat(fake.startBodies.get(0).get("IamRoleArn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole");
    }

    @Test
    void noWaitReturnsOnceTheCopyJobStartedAndAStuckJobTimesOutWithTheCommandToCheckIt(LocalAws aws) throws Exception {
        String t = table(aws);
        Cli.Result r = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT, "--no-wait");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("state").asText()).isEqualTo("RUNNING");
        assertThat(j.get("copyJobId").asText()).isNotBlank();
        // one look right after the start (a job of an earlier run that failed is not joined), no waiting
        assertThat(fake.requests()).filteredOn(q -> q.startsWith("GET copy-jobs/")).hasSize(1);

        fake.pollsToComplete(1_000_000);
        String t2 = table(aws);
        Cli.Result slow = cli(aws).run("backup", "copy", t2, "--to-vault", VAULT, "--timeout", "1s");
        assertThat(slow.exitCode()).as(slow.toString()).isEqualTo(1);
        assertThat(slow.err()).contains("timed out").contains("aws backup describe-backup-job --backup-job-id");
    }

    @Test
    void badVaultsAreRefusedBeforeAnythingStarts(LocalAws aws) {
        Cli.Result d = cli(aws).run("backup", "copy", "orders", "--to-vault",
                "arn:aws:backup:eu-central-1:222222222222:backup-vault:Default");
        assertThat(d.exitCode()).as(d.toString()).isEqualTo(252);
        assertThat(d.err()).contains("default vault");
        Cli.Result bad = cli(aws).run("backup", "copy", "orders", "--to-vault", "dr");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(252);
        assertThat(fake.requests()).isEmpty();
    }

    java.nio.file.Path profile(String table, String copyTo) throws Exception {
        java.nio.file.Path p = home.resolve("copy.yaml");
        java.nio.file.Files.writeString(p, "tables:\n  - name: " + table + "\n    backup:\n      copy_to: {vault_arn: \"" + VAULT
                + "\", verify_role_arn: \"" + VERIFY + "\"" + copyTo + "}\n");
        return p;
    }

    @Test
    void theProfilesRetentionIsSentAsTheCopysLifecycle(LocalAws aws) throws Exception {
        String t = table(aws);
        fake.vaultLock(VAULT, 7L, 400L);
        Cli.Result r = cli(aws).run("-p", profile(t, ", delete_after_days: 35").toString(), "-o", "json", "backup", "copy", t);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode copy = fake.startBodies.get(1);
        assertThat(copy.get("Lifecycle").get("DeleteAfterDays").asLong()).isEqualTo(35);
        assertThat(copy.get("Lifecycle").has("MoveToColdStorageAfterDays")).isFalse();
        assertThat(JSON.readTree(r.out()).get("verified").asBoolean()).isTrue();
    }

    @Test
    void aRetentionTheDestinationsVaultLockRefusesIsRefusedBeforeAnythingStarts(LocalAws aws) throws Exception {
        String t = table(aws);
        fake.vaultLock(VAULT, 30L, 400L);
        Cli.Result shortKeep = cli(aws).run("-p", profile(t, ", delete_after_days: 7").toString(), "backup", "copy", t);
        assertThat(shortKeep.exitCode()).as(shortKeep.toString()).isEqualTo(252);
        assertThat(shortKeep.err().trim()).startsWith("ddbr: error: vault " + VAULT + " is locked (minimum retention 30 days, maximum retention 400 days)")
                .contains("delete_after_days is 7, below the vault lock's minimum retention of 30 days")
                .contains("between 30 and 400").contains("nothing was started");
        // no Lifecycle: the copy would be kept indefinitely, above the maximum
        Cli.Result forever = cli(aws).run("-p", profile(t, "").toString(), "backup", "copy", t);
        assertThat(forever.exitCode()).as(forever.toString()).isEqualTo(252);
        assertThat(forever.err()).contains("kept indefinitely");
        assertThat(fake.backupJobsStarted()).isZero();
        assertThat(fake.copyJobsStarted()).isZero();
    }

    @Test
    void aDryRunShowsTheExactPlanAndStartsNoJob(LocalAws aws) throws Exception {
        String t = table(aws);
        fake.vaultLock(VAULT, 7L, 400L);
        Cli.Result r = cli(aws).run("-p", profile(t, ", delete_after_days: 35").toString(), "backup", "copy", t, "--dry-run",
                "--role", "arn:aws:iam::123456789012:role/backup-copier");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("acting on: account 123456789012, Region us-east-1")
                .contains("Default (account 123456789012, us-east-1)")
                .contains(VAULT + " (account 222222222222, eu-central-1)")
                .contains("DeleteAfterDays 35 (backup.copy_to.delete_after_days)")
                .contains("Vault Lock (minimum retention 7 days, maximum retention 400 days) accepts this retention")
                .contains("1. StartBackupJob of arn:aws:dynamodb:us-east-1:123456789012:table/" + t + " into vault 'Default'")
                .contains("StartCopyJob of the new recovery point to " + VAULT)
                .contains("DescribeRecoveryPoint of the copy in vault 'dr' as " + VERIFY)
                .contains("dry run: no job was started");
        Cli.Result j = cli(aws).run("-o", "json", "backup", "copy", t, "--to-vault", VAULT, "--dry-run", "--no-wait");
        assertThat(j.exitCode()).as(j.toString()).isZero();
        JsonNode plan = JSON.readTree(j.out());
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("destinationAccount").asText()).isEqualTo("222222222222");
        assertThat(plan.get("destinationRegion").asText()).isEqualTo("eu-central-1");
        assertThat(plan.get("role").asText()).isEqualTo("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole");
        assertThat(plan.get("deleteAfterDays").isNull()).isTrue();
        assertThat(plan.get("vaultLock").asText()).startsWith("not checked (no verify role)");
        assertThat(plan.get("steps").get(plan.get("steps").size() - 1).asText()).contains("--no-wait");
        assertThat(plan.get("actingOn").get("account").asText()).isEqualTo("123456789012");
        // a retention the lock refuses is refused by the dry run too
        fake.vaultLock(VAULT, 30L, 400L);
        Cli.Result refused = cli(aws).run("-p", profile(t, ", delete_after_days: 7").toString(), "backup", "copy", t, "--dry-run");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
        assertThat(refused.err()).contains("below the vault lock's minimum retention of 30 days");
        assertThat(fake.backupJobsStarted()).isZero();
        assertThat(fake.copyJobsStarted()).isZero();
    }

    @Test
    void withoutAVerifyRoleTheLockIsJudgedByAwsAndTheFailureIsExplained(LocalAws aws) {
        String t = table(aws);
        fake.vaultLock(VAULT, null, 30L);
        Cli.Result r = cli(aws).run("backup", "copy", t, "--to-vault", VAULT);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("copy job failed: " + FakeAwsBackup.LOCK_MESSAGE).contains("backup.copy_to.delete_after_days");
        assertThat(fake.startBodies.get(1).has("Lifecycle")).isFalse();
    }

    @Test
    void aMistypedRetentionKeyIsAProfileErrorWithItsPlaceAndTheNearestKey(LocalAws aws) throws Exception {
        String t = table(aws);
        Cli.Result r = cli(aws).run("-p", profile(t, ", delete_after_day: 35").toString(), "backup", "copy", t);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).contains("copy.yaml:4:").contains("delete_after_day").contains("delete_after_days");
        Cli.Result zero = cli(aws).run("-p", profile(t, ", delete_after_days: 0").toString(), "backup", "copy", t);
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(253);
        assertThat(zero.err()).contains("delete_after_days");
        assertThat(fake.backupJobsStarted()).isZero();
    }
}
