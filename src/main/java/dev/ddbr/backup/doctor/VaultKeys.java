package dev.ddbr.backup.doctor;

import dev.ddbr.backup.doctor.DoctorReport.Check;
import dev.ddbr.backup.doctor.DoctorReport.Status;

/**
 * Which KMS keys a cross-account copy of an advanced DynamoDB backup depends on, and the verdict on each. With
 * advanced DynamoDB backup, AWS Backup encrypts the recovery point with the key of the vault it is stored in, not
 * the table's key (AWS Backup Developer Guide, "Encryption for backups in AWS Backup"); a cross-account copy is
 * re-encrypted with the destination vault's key ("Creating backup copies across AWS accounts"). So:
 * <ul>
 *   <li>the <b>source vault's key</b> must be a customer managed key whose policy lets the destination account use
 *       it: AWS managed keys (aws/backup) cannot be shared with another account;</li>
 *   <li>the <b>destination vault's key</b> may be the AWS Backup managed key (aws/backup) or a customer managed key
 *       for fully managed resource types such as DynamoDB with advanced backup; a customer managed key must be
 *       enabled;</li>
 *   <li>the <b>table's key</b> does not take part (it is what the backup job reads, with the backup role).</li>
 * </ul>
 * Pure functions of what DescribeBackupVault, kms:DescribeKey and kms:GetKeyPolicy said.
 */
public final class VaultKeys {
    private VaultKeys() {}

    /**
     * What is known about a vault's key.
     *
     * @param vault      the vault's name
     * @param keyArn     DescribeBackupVault {@code EncryptionKeyArn}, or null when the vault could not be read
     * @param keyManager kms:DescribeKey {@code KeyManager} (AWS or CUSTOMER), or null when it could not be described
     * @param keyState   kms:DescribeKey {@code KeyState} (Enabled, Disabled, PendingDeletion...), or null
     * @param policy     the key's default policy (customer managed keys only), or null when not read
     * @param error      why something could not be read, or null
     */
    public record Key(String vault, String keyArn, String keyManager, String keyState, String policy, String error) {}

    public static final String SOURCE = "source-vault-key";
    public static final String DESTINATION = "destination-vault-key";

    /** The source vault's key, judged for a copy to {@code destAccount} ({@code srcAccount} owns the vault). */
    public static Check source(Key k, String srcAccount, String destAccount, String region) {
        String newVault = "in account " + srcAccount + ": create a customer managed key whose policy lets account " + destAccount
                + " use it, then 'aws backup create-backup-vault --backup-vault-name ddbr-copy --encryption-key-arn KEY_ARN --region "
                + region + "' and copy from it with --source-vault ddbr-copy (the table keeps its own key)";
        if (k.keyArn() == null) {
            return new Check(SOURCE, Status.UNKNOWN, "the key of source vault '" + k.vault() + "' could not be read"
                    + (k.error() == null ? "" : ": " + k.error()), "allow backup:DescribeBackupVault on the source vault, then run the doctor again");
        }
        if (srcAccount != null && srcAccount.equals(destAccount)) {
            return new Check(SOURCE, Status.PASS, "source vault '" + k.vault() + "' key " + k.keyArn()
                    + ": the copy stays in account " + srcAccount + ", nothing to share", null);
        }
        if ("AWS".equals(k.keyManager())) {
            return new Check(SOURCE, Status.FAIL, "source vault '" + k.vault() + "' is encrypted with the AWS managed key " + k.keyArn()
                    + " (aws/backup), which cannot be shared with account " + destAccount
                    + "; with advanced DynamoDB backup the recovery point is encrypted with this vault key, not the table's", newVault);
        }
        if (k.keyManager() == null) {
            return new Check(SOURCE, Status.UNKNOWN, "the source vault key " + k.keyArn() + " could not be described"
                    + (k.error() == null ? "" : " (" + k.error() + ")"), "allow kms:DescribeKey and kms:GetKeyPolicy on " + k.keyArn());
        }
        if (k.keyState() != null && !"Enabled".equals(k.keyState())) {
            return new Check(SOURCE, Status.FAIL, "the source vault key " + k.keyArn() + " is " + k.keyState()
                    + ": AWS Backup cannot read the recovery point to copy it", "aws kms enable-key --key-id " + k.keyArn() + " --region " + region
                    + ("PendingDeletion".equals(k.keyState()) ? " (after aws kms cancel-key-deletion --key-id " + k.keyArn() + ")" : ""));
        }
        if (k.policy() == null) {
            return new Check(SOURCE, Status.UNKNOWN, "the policy of the source vault key " + k.keyArn() + " could not be read"
                    + (k.error() == null ? "" : " (" + k.error() + ")"), "allow kms:GetKeyPolicy on " + k.keyArn());
        }
        PolicyCheck.Verdict v = PolicyCheck.keyAllows(k.policy(), destAccount);
        String stmt = "{\"Sid\":\"AllowBackupCopyAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + destAccount
                + ":root\"},\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}";
        String fix = "add " + stmt + " to the policy of the source vault key: aws kms get-key-policy --key-id " + k.keyArn()
                + " --policy-name default --query Policy --output text > policy.json, edit it, then aws kms put-key-policy --key-id " + k.keyArn()
                + " --policy-name default --policy file://policy.json";
        return v.allowed()
                ? new Check(SOURCE, Status.PASS, "source vault '" + k.vault() + "' key " + k.keyArn() + " is customer managed; " + v.detail(), null)
                : new Check(SOURCE, Status.FAIL, "source vault '" + k.vault() + "' key " + k.keyArn() + ": " + v.detail(), fix);
    }

    /** The destination vault's key, read in the destination account through the verify role. */
    public static Check destination(Key k, String destAccount, String region) {
        if (k.keyArn() == null) {
            boolean noKey = k.error() != null && k.error().contains("no EncryptionKeyArn");
            return new Check(DESTINATION, Status.UNKNOWN, "the key of destination vault '" + k.vault() + "' could not be read"
                    + (k.error() == null ? "" : ": " + k.error()), noKey ? null : "give the verify role backup:DescribeBackupVault in account " + destAccount);
        }
        if ("AWS".equals(k.keyManager())) {
            return new Check(DESTINATION, Status.PASS, "destination vault '" + k.vault() + "' uses the AWS Backup managed key " + k.keyArn()
                    + " (aws/backup), which AWS Backup accepts for copies of advanced DynamoDB backups", null);
        }
        if (k.keyManager() == null) {
            return new Check(DESTINATION, Status.UNKNOWN, "the destination vault key " + k.keyArn() + " could not be described"
                    + (k.error() == null ? "" : " (" + k.error() + ")"), "give the verify role kms:DescribeKey on " + k.keyArn());
        }
        if (k.keyState() != null && !"Enabled".equals(k.keyState())) {
            return new Check(DESTINATION, Status.FAIL, "the destination vault key " + k.keyArn() + " is " + k.keyState()
                    + ": AWS Backup cannot encrypt the copy with it", "in account " + destAccount + ": aws kms enable-key --key-id " + k.keyArn()
                    + " --region " + region + ("PendingDeletion".equals(k.keyState()) ? " (after aws kms cancel-key-deletion)" : ""));
        }
        return new Check(DESTINATION, Status.PASS, "destination vault '" + k.vault() + "' uses the customer managed key " + k.keyArn()
                + (k.keyState() == null ? "" : " (" + k.keyState() + ")") + "; the copy is re-encrypted with it", null);
    }
}
