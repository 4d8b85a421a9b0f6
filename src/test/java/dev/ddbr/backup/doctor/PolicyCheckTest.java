package dev.ddbr.backup.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyCheckTest {
    static final String SRC = "111111111111";
    static final String ORG = "o-abc123defg";

    static String vault(String statement) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    @Test
    void aVaultPolicyAllowsTheSourceAccountByIdRootOrAnyArnInIt() {
        assertThat(PolicyCheck.vaultAllowsCopy(vault("{\"Sid\":\"a\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
                + "\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"}"), SRC, null).allowed()).isTrue();
        assertThat(PolicyCheck.vaultAllowsCopy(vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"222222222222\",\"111111111111\"]},"
                + "\"Action\":[\"backup:*\"],\"Resource\":\"*\"}"), SRC, null).allowed()).isTrue();
        assertThat(PolicyCheck.vaultAllowsCopy(vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"}"), SRC, ORG).allowed()).isFalse();
    }

    @Test
    void aWildcardPrincipalCountsOnlyWithTheSourceOrganizationInItsCondition() {
        String org = vault("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"" + ORG + "\"}}}");
        assertThat(PolicyCheck.vaultAllowsCopy(org, SRC, ORG).allowed()).isTrue();
        assertThat(PolicyCheck.vaultAllowsCopy(org, SRC, "o-other").allowed()).isFalse();
        assertThat(PolicyCheck.vaultAllowsCopy(org, SRC, null).allowed()).isFalse();
        String ip = vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        assertThat(PolicyCheck.vaultAllowsCopy(ip, SRC, ORG).allowed()).isFalse();
    }

    @Test
    void aDenyWinsAndOtherActionsDoNotCount() {
        String p = vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"no\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"backup:Copy*\",\"Resource\":\"*\"}");
        PolicyCheck.Verdict v = PolicyCheck.vaultAllowsCopy(p, SRC, ORG);
        assertThat(v.allowed()).isFalse();
        assertThat(v.detail()).contains("'no'").contains("denies");
        assertThat(PolicyCheck.vaultAllowsCopy(vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},"
                + "\"Action\":\"backup:DescribeBackupVault\",\"Resource\":\"*\"}"), SRC, ORG).allowed()).isFalse();
        assertThat(PolicyCheck.vaultAllowsCopy("not json", SRC, ORG).allowed()).isFalse();
    }

    @Test
    void aKeyPolicyMustGiveTheDestinationAccountDecryptDescribeKeyAndCreateGrant() {
        String all = vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}");
        assertThat(PolicyCheck.keyAllows(all, "222222222222").allowed()).isTrue();
        assertThat(PolicyCheck.keyAllows(vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}"), "222222222222").allowed()).isTrue();
        PolicyCheck.Verdict part = PolicyCheck.keyAllows(vault("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":[\"kms:Decrypt\"],\"Resource\":\"*\"}"), "222222222222");
        assertThat(part.allowed()).isFalse();
        assertThat(part.detail()).contains("kms:DescribeKey, kms:CreateGrant").doesNotContain("kms:Decrypt,");
        // the usual default policy: the key's own account only
        assertThat(PolicyCheck.keyAllows(vault("{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"), "222222222222").allowed()).isFalse();
    }
}
