package dev.ddbr.backup.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.backup.doctor.DoctorReport.Check;
import dev.ddbr.backup.doctor.DoctorReport.Status;
import org.junit.jupiter.api.Test;

class VaultKeysTest {
    static final String SRC = "111111111111";
    static final String DEST = "222222222222";
    static final String KEY = "arn:aws:kms:eu-west-1:" + SRC + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static String policy(String account) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + SRC
                + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}" + (account == null ? "" : ",{\"Sid\":\"copy\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}")
                + "]}";
    }

    @Test
    void anAwsManagedSourceVaultKeyFailsAndTheFixIsAnotherVaultNotReKeyingTheTable() {
        Check c = VaultKeys.source(new VaultKeys.Key("Default", KEY, "AWS", "Enabled", null, null), SRC, DEST, "eu-west-1");
        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.detail()).contains("AWS managed key").contains("cannot be shared with account " + DEST).contains("not the table's");
        assertThat(c.fix()).contains("create-backup-vault").contains("--encryption-key-arn").contains("--source-vault")
                .contains("the table keeps its own key").doesNotContain("update-table");
    }

    @Test
    void aCustomerManagedSourceVaultKeyPassesOnlyWhenItsPolicySharesItWithTheDestination() {
        Check shared = VaultKeys.source(new VaultKeys.Key("Default", KEY, "CUSTOMER", "Enabled", policy(DEST), null), SRC, DEST, "eu-west-1");
        assertThat(shared.status()).isEqualTo(Status.PASS);
        Check notShared = VaultKeys.source(new VaultKeys.Key("Default", KEY, "CUSTOMER", "Enabled", policy("333333333333"), null), SRC, DEST, "eu-west-1");
        assertThat(notShared.status()).isEqualTo(Status.FAIL);
        assertThat(notShared.fix()).contains("put-key-policy --key-id " + KEY).contains("arn:aws:iam::" + DEST + ":root");
        Check disabled = VaultKeys.source(new VaultKeys.Key("Default", KEY, "CUSTOMER", "Disabled", policy(DEST), null), SRC, DEST, "eu-west-1");
        assertThat(disabled.status()).isEqualTo(Status.FAIL);
        assertThat(disabled.fix()).startsWith("aws kms enable-key --key-id " + KEY);
    }

    @Test
    void whatCouldNotBeReadIsUnknownAndASameAccountCopyHasNothingToShare() {
        assertThat(VaultKeys.source(new VaultKeys.Key("Default", null, null, null, null, "AccessDenied"), SRC, DEST, "eu-west-1").status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(VaultKeys.source(new VaultKeys.Key("Default", KEY, null, null, null, "kms:DescribeKey: AccessDenied"), SRC, DEST, "eu-west-1").status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(VaultKeys.source(new VaultKeys.Key("Default", KEY, "CUSTOMER", "Enabled", null, "kms:GetKeyPolicy: AccessDenied"), SRC, DEST, "eu-west-1")
                .status()).isEqualTo(Status.UNKNOWN);
        assertThat(VaultKeys.source(new VaultKeys.Key("Default", KEY, "AWS", "Enabled", null, null), SRC, SRC, "eu-west-1").status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void theDestinationVaultMayUseAwsBackupsManagedKeyButNotADisabledOne() {
        String dk = "arn:aws:kms:eu-central-1:" + DEST + ":key/abcd";
        assertThat(VaultKeys.destination(new VaultKeys.Key("dr", dk, "AWS", "Enabled", null, null), DEST, "eu-central-1").status())
                .isEqualTo(Status.PASS);
        assertThat(VaultKeys.destination(new VaultKeys.Key("dr", dk, "CUSTOMER", "Enabled", null, null), DEST, "eu-central-1").status())
                .isEqualTo(Status.PASS);
        Check pending = VaultKeys.destination(new VaultKeys.Key("dr", dk, "CUSTOMER", "PendingDeletion", null, null), DEST, "eu-central-1");
        assertThat(pending.status()).isEqualTo(Status.FAIL);
        assertThat(pending.fix()).contains("in account " + DEST).contains("cancel-key-deletion");
        assertThat(VaultKeys.destination(new VaultKeys.Key("dr", dk, null, null, null, "AccessDenied"), DEST, "eu-central-1").status())
                .isEqualTo(Status.UNKNOWN);
    }
}
