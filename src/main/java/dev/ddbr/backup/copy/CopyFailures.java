package dev.ddbr.backup.copy;

import java.util.Locale;

/**
 * Plain explanations and fixes for the status messages AWS Backup gives failed backup and copy jobs (and the
 * errors StartCopyJob returns), from the messages users actually hit. Unknown messages get a generic pointer
 * to {@code ddbr backup doctor}.
 */
public final class CopyFailures {
    private CopyFailures() {}

    /** What went wrong, in plain words, and the fix. */
    public record Explanation(String cause, String fix) {}

    public static Explanation explain(String statusMessage, String table, String vaultArn) {
        String m = statusMessage == null ? "" : statusMessage.toLowerCase(Locale.ROOT);
        String doctor = "ddbr backup doctor " + table + " --to-vault " + vaultArn;
        if (m.contains("same organization") || m.contains("member of the same org") || m.contains("not a member of an organization")) {
            return new Explanation("the source and destination accounts are not in the same AWS Organization, "
                    + "or cross-account backup is not turned on for the organization",
                    "both accounts must be in one organization; in its management account run "
                    + "'aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true'; check with '" + doctor + "'");
        }
        if (m.contains("key id is not accessible") || m.contains("describekey") || (m.contains("kms") && m.contains("access"))
                || m.contains("key is not accessible") || m.contains("kms key")) {
            return new Explanation("the destination account cannot use the KMS key the backup is encrypted with "
                    + "(AWS-managed keys such as aws/dynamodb can never be shared across accounts)",
                    "encrypt the table with a customer-managed key and allow the destination account kms:Decrypt, "
                    + "kms:DescribeKey and kms:CreateGrant in its key policy ('aws kms put-key-policy'); check with '" + doctor + "'");
        }
        if (m.contains("access denied to the vault") || m.contains("copyintobackupvault") || m.contains("vault access policy")
                || m.contains("access policy") || (m.contains("access denied") && m.contains("vault"))) {
            return new Explanation("the destination vault's access policy does not let the source account copy into it",
                    "in the destination account run 'aws backup put-backup-vault-access-policy' with a statement allowing "
                    + "backup:CopyIntoBackupVault to the source account (or the organization, aws:PrincipalOrgID); check with '" + doctor + "'");
        }
        if (m.contains("cold storage") || m.contains("cold tier") || m.contains("storage class")) {
            return new Explanation("the recovery point is in cold storage, and cold recovery points cannot be copied",
                    "copy a warm recovery point: take a new backup (ddbr backup copy does), or lengthen MoveToColdStorageAfterDays in the backup plan");
        }
        if (m.contains("default vault") || m.contains("default backup vault")) {
            return new Explanation("the destination is the default vault, which cannot receive cross-account copies",
                    "create a vault in the destination account ('aws backup create-backup-vault --backup-vault-name ddbr-dr') and copy there");
        }
        if (m.contains("advanced") && m.contains("dynamodb") || m.contains("opt") && m.contains("dynamodb")) {
            return new Explanation("advanced DynamoDB backup is not enabled in the source account and Region",
                    "run 'aws backup update-region-settings --resource-type-management-preference DynamoDB=true'");
        }
        if (m.contains("iam") && (m.contains("role") || m.contains("passrole")) || m.contains("assume")) {
            return new Explanation("AWS Backup could not use the IAM role it was given",
                    "pass --role with a role that trusts backup.amazonaws.com and has AWSBackupServiceRolePolicyForBackup; "
                    + "the caller needs iam:PassRole on it");
        }
        return new Explanation("AWS Backup reported a failure", "run '" + doctor + "' to check the usual causes");
    }
}
