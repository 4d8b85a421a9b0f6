package dev.ddbr.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyFailuresTest {
    static final String V = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";

    @Test
    void theMessagesUsersHitGetTheirCauseAndFix() {
        assertThat(CopyFailures.explain("Access denied: Copy job failed. Both source and destination account must be a member of the same organization", "t", V).fix())
                .contains("update-global-settings");
        assertThat(CopyFailures.explain("AMI snapshot copy failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default CMK", "t", V).cause())
                .contains("KMS key");
        assertThat(CopyFailures.explain("Access denied to the vault", "t", V).fix()).contains("put-backup-vault-access-policy");
        assertThat(CopyFailures.explain("Cannot copy a recovery point in cold storage", "t", V).cause()).contains("cold storage");
        assertThat(CopyFailures.explain("Cross-account copy to the default backup vault is not supported.", "t", V).fix()).contains("create-backup-vault");
        assertThat(CopyFailures.explain("something new", "t", V).fix()).contains("ddbr backup doctor t --to-vault " + V);
    }

    @Test
    void aKeyFailureBlamesTheSourceVaultKeyNotTheTablesKey() {
        CopyFailures.Explanation x = CopyFailures.explain("Copy job failed with error: Given key ID is not accessible. "
                + "You must have DescribeKey permissions on the default CMK", "orders", V, "prod-vault");
        assertThat(x.cause()).contains("source vault 'prod-vault'").contains("not the table's key").contains("aws/backup");
        assertThat(x.fix()).contains("--source-vault ddbr-copy").contains("the table's own key need not change")
                .contains("ddbr backup doctor orders --to-vault " + V + " --source-vault prod-vault").doesNotContain("update-table");
    }

    @Test
    void aVaultLockRefusalPointsAtDeleteAfterDays() {
        CopyFailures.Explanation x = CopyFailures.explain("Copy job failed: the lifecycle of the copy does not satisfy the Vault Lock "
                + "retention limits of the destination backup vault", "t", V);
        assertThat(x.cause()).contains("Vault Lock");
        assertThat(x.fix()).contains("backup.copy_to.delete_after_days").contains("MinRetentionDays");
        assertThat(CopyFailures.explain("Resource type DynamoDB is not opted in", "t", V).fix())
                .contains("--resource-type-opt-in-preference DynamoDB=true");
    }

    @Test
    void vaultArnsAreParsedAndTheDefaultVaultIsRecognised() {
        VaultArn v = VaultArn.parse(V, "--to-vault");
        assertThat(v.account()).isEqualTo("222222222222");
        assertThat(v.region()).isEqualTo("eu-central-1");
        assertThat(v.name()).isEqualTo("dr");
        assertThat(v.isDefault()).isFalse();
        assertThat(VaultArn.parse("arn:aws:backup:eu-central-1:222222222222:backup-vault:Default", "x").isDefault()).isTrue();
        assertThatThrownBy(() -> VaultArn.parse("dr", "--to-vault")).isInstanceOf(DdbrException.class)
                .extracting(e -> ((DdbrException) e).exitCode()).isEqualTo(252);
        assertThat(VaultArn.requireName("ddbr-copy_1", "--source-vault")).isEqualTo("ddbr-copy_1");
        assertThatThrownBy(() -> VaultArn.requireName("my vault", "--source-vault")).isInstanceOf(DdbrException.class)
                .hasMessageContaining("--source-vault 'my vault' is not a backup vault name");
        assertThatThrownBy(() -> VaultArn.requireName("x", "--source-vault")).isInstanceOf(DdbrException.class);
    }

    @Test
    void theBackupTokenIsTheSameWithinAnHourAndDiffersAcrossHoursTablesAndVaults() {
        String a = CopyService.backupToken("arn:t", V, Instant.parse("2025-06-30T02:00:01Z"));
        assertThat(CopyService.backupToken("arn:t", V, Instant.parse("2025-06-30T02:59:59Z"))).isEqualTo(a);
        assertThat(CopyService.backupToken("arn:t", V, Instant.parse("2025-06-30T03:00:00Z"))).isNotEqualTo(a);
        assertThat(CopyService.backupToken("arn:u", V, Instant.parse("2025-06-30T02:00:01Z"))).isNotEqualTo(a);
        assertThat(a).hasSize(32).matches("[0-9a-f]+");
    }
}
