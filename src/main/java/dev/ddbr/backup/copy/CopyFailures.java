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
        return explain(statusMessage, table, vaultArn, "Default");
    }

    /** @param sourceVault the vault in the source account holding the recovery point being copied */
    public static Explanation explain(String statusMessage, String table, String vaultArn, String sourceVault) {
        String m = statusMessage == null ? "" : statusMessage.toLowerCase(Locale.ROOT);
        String src = sourceVault == null ? "Default" : sourceVault;
        String doctor = "ddbr backup doctor " + table + " --to-vault " + vaultArn + ("Default".equals(src) ? "" : " --source-vault " + src);
        if (m.contains("same organization") || m.contains("member of the same org") || m.contains("not a member of an organization")) {
            return new Explanation("the source and destination accounts are not in the same AWS Organization, "
                    + "or cross-account backup is not turned on for the organization",
                    "both accounts must be in one organization; in its management account run "
                    + "'aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true'; check with '" + doctor + "'");
        }
        if (m.contains("vault lock") || m.contains("retention") && (m.contains("minimum") || m.contains("maximum") || m.contains("lock"))
                || m.contains("lifecycle") && m.contains("lock")) {
            return new Explanation("the destination vault's Vault Lock refuses the copy's retention (shorter than its minimum or longer than its "
                    + "maximum retention; a copy sent without a lifecycle keeps the source recovery point's, which ddbr's backup job leaves unlimited)",
                    "set backup.copy_to.delete_after_days within the vault's limits ('aws backup describe-backup-vault --backup-vault-name NAME' "
                    + "in the destination account shows MinRetentionDays and MaxRetentionDays); check with '" + doctor + "'");
        }
        if (m.contains("key id is not accessible") || m.contains("describekey") || (m.contains("kms") && m.contains("access"))
                || m.contains("key is not accessible") || m.contains("kms key")) {
            return new Explanation("the destination account cannot use the KMS key the recovery point is encrypted with: with advanced "
                    + "DynamoDB backup that is the key of the source vault '" + src + "', not the table's key; an AWS managed vault key "
                    + "(aws/backup) can never be shared with another account",
                    "give the source vault a customer managed key whose key policy allows the destination account kms:Decrypt, "
                    + "kms:DescribeKey and kms:CreateGrant (a new vault: 'aws backup create-backup-vault --backup-vault-name ddbr-copy "
                    + "--encryption-key-arn KEY_ARN', then copy with --source-vault ddbr-copy); the table's own key need not change; check with '"
                    + doctor + "'");
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
            return new Explanation("AWS Backup's DynamoDB opt-in or advanced DynamoDB backup is not enabled in the source account and Region",
                    "run 'aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true "
                    + "--resource-type-management-preference DynamoDB=true'; check with '" + doctor + "'");
        }
        if (m.contains("iam") && (m.contains("role") || m.contains("passrole")) || m.contains("assume")) {
            return new Explanation("AWS Backup could not use the IAM role it was given",
                    "pass --role with a role that trusts backup.amazonaws.com and has AWSBackupServiceRolePolicyForBackup; "
                    + "the caller needs iam:PassRole on it");
        }
        return new Explanation("AWS Backup reported a failure", "run '" + doctor + "' to check the usual causes");
    }
}
