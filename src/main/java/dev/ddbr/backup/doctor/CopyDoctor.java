package dev.ddbr.backup.doctor;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.backup.doctor.DoctorReport.Check;
import dev.ddbr.backup.doctor.DoctorReport.Status;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.Organization;

/**
 * {@code backup doctor}: every precondition of a cross-account copy through AWS Backup, each pass, fail or
 * unknown with the exact fix. Never changes anything.
 */
public final class CopyDoctor {
    private final ClientFactory aws;

    public CopyDoctor(ClientFactory aws) { this.aws = aws; }

    public DoctorReport check(String table, VaultArn vault, String verifyRoleArn) {
        String region = aws.region();
        TableSettings settings = new SnapshotReader(aws).read(table, region, EnumSet.of(SnapshotPart.KMS));
        String tableArn = settings.arn();
        String src = VaultArn.accountOf(tableArn);
        String dest = vault.account();
        List<Check> checks = new ArrayList<>();
        String orgId = organization(checks, src, dest);
        BackupClient backup = aws.backup();
        crossAccount(checks, backup);
        advanced(checks, backup, region);
        destinationVault(checks, vault, verifyRoleArn, src, orgId);
        key(checks, settings, table, dest, region);
        coldStorage(checks, backup, tableArn);
        return DoctorReport.of(table, vault.arn(), src, dest, region, checks);
    }

    private String organization(List<Check> checks, String src, String dest) {
        Organization org;
        try {
            org = aws.organizations().describeOrganization(b -> {}).organization();
        } catch (SdkException e) {
            String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException se ? AwsErrors.code(se) : "";
            if (code.equals("AWSOrganizationsNotInUseException")) {
                checks.add(new Check("organization", Status.FAIL, "the source account " + src + " is not in an AWS Organization",
                        "cross-account copies need both accounts in one organization: invite it with 'aws organizations invite-account-to-organization --target Id=" + src + ",Type=ACCOUNT' from the management account"));
            } else {
                checks.add(unknown("organization", "organizations:DescribeOrganization", e, "organizations:DescribeOrganization failed: " + AwsErrors.describe(e),
                        "allow organizations:DescribeOrganization, or compare 'aws organizations describe-organization --query Organization.Id' in both accounts"));
            }
            return null;
        }
        if (src.equals(dest)) {
            checks.add(new Check("organization", Status.PASS, "source and destination are the same account (" + src + ")", null));
            return org.id();
        }
        try {
            boolean found = false;
            String token = null;
            do {
                String t = token;
                var resp = aws.organizations().listAccounts(b -> b.nextToken(t));
                for (Account a : resp.accounts()) if (dest.equals(a.id())) found = true;
                token = resp.nextToken();
            } while (token != null && !found);
            checks.add(found
                    ? new Check("organization", Status.PASS, "accounts " + src + " and " + dest + " are both in organization " + org.id(), null)
                    : new Check("organization", Status.FAIL, "the destination account " + dest + " is not in organization " + org.id(),
                            "invite it from the management account (" + org.masterAccountId() + "): 'aws organizations invite-account-to-organization --target Id="
                                    + dest + ",Type=ACCOUNT', or copy to a vault in an account of " + org.id()));
        } catch (SdkException e) {
            checks.add(unknown("organization", "organizations:ListAccounts", e, "source account is in organization " + org.id()
                    + "; its accounts cannot be listed from here (" + AwsErrors.describe(e) + ")",
                    "in the management account " + org.masterAccountId() + " run \"aws organizations list-accounts --query 'Accounts[?Id==`" + dest + "`]'\""));
        }
        return org.id();
    }

    private static void crossAccount(List<Check> checks, BackupClient backup) {
        String fix = "in the organization's management account run 'aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true'";
        try {
            Map<String, String> g = backup.describeGlobalSettings(b -> {}).globalSettings();
            String v = g.get("isCrossAccountBackupEnabled");
            checks.add("true".equalsIgnoreCase(v)
                    ? new Check("cross-account-backup", Status.PASS, "isCrossAccountBackupEnabled is true", null)
                    : new Check("cross-account-backup", Status.FAIL, "isCrossAccountBackupEnabled is " + (v == null ? "not set" : v), fix));
        } catch (SdkException e) {
            boolean notMember = AwsErrors.message(e).toLowerCase(java.util.Locale.ROOT).contains("organization");
            checks.add(notMember && !noSuchApi(e)
                    ? new Check("cross-account-backup", Status.FAIL, "backup:DescribeGlobalSettings failed: " + AwsErrors.describe(e),
                            "join the account to an organization, then " + fix)
                    : unknown("cross-account-backup", "backup:DescribeGlobalSettings", e, "backup:DescribeGlobalSettings failed: " + AwsErrors.describe(e),
                            "allow backup:DescribeGlobalSettings, or run 'aws backup describe-global-settings'"));
        }
    }

    private static void advanced(List<Check> checks, BackupClient backup, String region) {
        String fix = "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region " + region;
        try {
            var r = backup.describeRegionSettings(b -> {});
            Boolean on = r.resourceTypeManagementPreference().get("DynamoDB");
            checks.add(Boolean.TRUE.equals(on)
                    ? new Check("advanced-dynamodb-backup", Status.PASS, "advanced DynamoDB backup is enabled in " + region, null)
                    : new Check("advanced-dynamodb-backup", Status.FAIL, "advanced DynamoDB backup is not enabled in " + region
                            + " (without it DynamoDB backups cannot be copied across accounts)", fix));
        } catch (SdkException e) {
            checks.add(unknown("advanced-dynamodb-backup", "backup:DescribeRegionSettings", e, "backup:DescribeRegionSettings failed: " + AwsErrors.describe(e),
                    "allow backup:DescribeRegionSettings, or run 'aws backup describe-region-settings --region " + region + "'"));
        }
    }

    private void destinationVault(List<Check> checks, VaultArn vault, String verifyRole, String src, String orgId) {
        if (vault.isDefault()) {
            checks.add(new Check("destination-vault", Status.FAIL, "the destination is the default vault, which cannot receive cross-account copies",
                    "in account " + vault.account() + " run 'aws backup create-backup-vault --backup-vault-name ddbr-dr --region " + vault.region() + "' and copy there"));
            return;
        }
        String noRole = "set backup.copy_to.verify_role_arn (a role in account " + vault.account()
                + " that this account may assume) or pass --verify-role, then run the doctor again";
        if (verifyRole == null) {
            checks.add(new Check("destination-vault", Status.UNKNOWN, "not checked: no verify role for account " + vault.account(), noRole));
            checks.add(new Check("vault-access-policy", Status.UNKNOWN, "not checked: no verify role for account " + vault.account(), noRole));
            return;
        }
        BackupClient dest;
        try {
            dest = aws.backupAs(verifyRole, vault.region());
            dest.describeBackupVault(b -> b.backupVaultName(vault.name()).backupVaultAccountId(vault.account()));
            checks.add(new Check("destination-vault", Status.PASS, "vault '" + vault.name() + "' exists in " + vault.account() + " " + vault.region(), null));
        } catch (SdkException | DdbrException e) {
            if (e instanceof SdkException se && AwsErrors.kind(se) == AwsErrors.Kind.NOT_FOUND) {
                checks.add(new Check("destination-vault", Status.FAIL, "vault '" + vault.name() + "' does not exist in " + vault.account() + " " + vault.region(),
                        "in account " + vault.account() + " run 'aws backup create-backup-vault --backup-vault-name " + vault.name() + " --region " + vault.region() + "'"));
            } else {
                String why = e instanceof SdkException se ? AwsErrors.describe(se) : e.getMessage();
                checks.add(unknown("destination-vault", "backup:DescribeBackupVault", e, "cannot look at the vault as " + verifyRole + ": " + why,
                        "let this account assume " + verifyRole + " (sts:AssumeRole) and give the role backup:DescribeBackupVault and backup:GetBackupVaultAccessPolicy"));
                checks.add(new Check("vault-access-policy", Status.UNKNOWN, "not checked: the vault could not be read", null));
                return;
            }
            checks.add(new Check("vault-access-policy", Status.UNKNOWN, "not checked: the vault does not exist", null));
            return;
        }
        String principal = orgId != null
                ? "\"Principal\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"" + orgId + "\"}}"
                : "\"Principal\":{\"AWS\":\"arn:aws:iam::" + src + ":root\"}";
        String fix = "in account " + vault.account() + " run: aws backup put-backup-vault-access-policy --backup-vault-name " + vault.name()
                + " --region " + vault.region() + " --policy '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowCopyFromSource\",\"Effect\":\"Allow\",\"Action\":\"backup:CopyIntoBackupVault\",\"Resource\":\"*\","
                + principal + "}]}' (merge it with any statements the policy already has)";
        try {
            String policy = dest.getBackupVaultAccessPolicy(b -> b.backupVaultName(vault.name())).policy();
            PolicyCheck.Verdict v = PolicyCheck.vaultAllowsCopy(policy, src, orgId);
            checks.add(new Check("vault-access-policy", v.allowed() ? Status.PASS : Status.FAIL, v.detail(), v.allowed() ? null : fix));
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                checks.add(new Check("vault-access-policy", Status.FAIL, "vault '" + vault.name() + "' has no access policy, so no other account can copy into it", fix));
            } else {
                checks.add(unknown("vault-access-policy", "backup:GetBackupVaultAccessPolicy", e, "backup:GetBackupVaultAccessPolicy failed: " + AwsErrors.describe(e),
                        "give " + verifyRole + " backup:GetBackupVaultAccessPolicy"));
            }
        }
    }

    private void key(List<Check> checks, TableSettings s, String table, String dest, String region) {
        TableSettings.Encryption enc = s.encryption();
        boolean unread = s.unavailable() != null && s.unavailable().stream().anyMatch(u -> "encryption".equals(u.field()));
        if (enc == null && unread) enc = new TableSettings.Encryption("KMS_UNRESOLVED", null, null, null, null, null, null);
        String type = enc == null ? "AWS_OWNED" : enc.keyType();
        String cmk = "create a customer-managed key that account " + dest + " may use, then 'aws dynamodb update-table --table-name " + table
                + " --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=KEY_ARN --region " + region + "'";
        switch (type) {
            case "CUSTOMER_MANAGED" -> checks.add(new Check("table-key", Status.PASS, "customer-managed key " + enc.kmsKeyArn(), null));
            case "AWS_MANAGED" -> {
                checks.add(new Check("table-key", Status.FAIL, "the table uses the AWS-managed key aws/dynamodb, which can never be shared with another account", cmk));
                return;
            }
            case "AWS_OWNED" -> {
                checks.add(new Check("table-key", Status.PASS, "AWS-owned key (the default): there is no key to share", null));
                return;
            }
            default -> {
                checks.add(new Check("table-key", Status.UNKNOWN, "the key type could not be resolved (kms:DescribeKey on "
                        + (enc.kmsKeyArn() == null ? "the table's key" : enc.kmsKeyArn()) + " failed)", "allow kms:DescribeKey on the table's key"));
                return;
            }
        }
        String keyArn = enc.kmsKeyArn();
        String stmt = "{\"Sid\":\"AllowBackupCopyAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + dest
                + ":root\"},\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}";
        String fix = "add " + stmt + " to the key policy: aws kms get-key-policy --key-id " + keyArn
                + " --policy-name default --query Policy --output text > policy.json, edit it, then aws kms put-key-policy --key-id " + keyArn
                + " --policy-name default --policy file://policy.json";
        try {
            String policy = aws.kms(keyRegion(keyArn, region)).getKeyPolicy(b -> b.keyId(keyArn).policyName("default")).policy();
            PolicyCheck.Verdict v = PolicyCheck.keyAllows(policy, dest);
            checks.add(new Check("key-policy", v.allowed() ? Status.PASS : Status.FAIL, v.detail(), v.allowed() ? null : fix));
        } catch (SdkException e) {
            checks.add(unknown("key-policy", "kms:GetKeyPolicy", e, "kms:GetKeyPolicy failed: " + AwsErrors.describe(e),
                    "allow kms:GetKeyPolicy on " + keyArn + ", or check the policy yourself for " + stmt));
        }
    }

    private static String keyRegion(String keyArn, String dflt) {
        String[] p = keyArn == null ? new String[0] : keyArn.split(":");
        return p.length > 3 && !p[3].isEmpty() ? p[3] : dflt;
    }

    private static void coldStorage(List<Check> checks, BackupClient backup, String tableArn) {
        try {
            List<RecoveryPointByResource> pts = new ArrayList<>(backup.listRecoveryPointsByResource(b -> b.resourceArn(tableArn)).recoveryPoints());
            Optional<RecoveryPointByResource> latest = pts.stream().filter(p -> p.creationDate() != null)
                    .max(Comparator.comparing(RecoveryPointByResource::creationDate));
            if (latest.isEmpty()) {
                checks.add(new Check("cold-storage", Status.PASS, "no recovery point yet ('ddbr backup copy' takes a fresh, warm one)", null));
                return;
            }
            RecoveryPointByResource p = latest.get();
            var d = backup.describeRecoveryPoint(b -> b.backupVaultName(p.backupVaultName()).recoveryPointArn(p.recoveryPointArn()));
            String sc = d.storageClassAsString();
            checks.add("COLD".equals(sc)
                    ? new Check("cold-storage", Status.FAIL, "the latest recovery point " + p.recoveryPointArn() + " is in cold storage and cannot be copied",
                            "copy a warm recovery point: 'ddbr backup copy' takes a fresh backup; lengthen MoveToColdStorageAfterDays in the backup plan's lifecycle")
                    : new Check("cold-storage", Status.PASS, "the latest recovery point is " + (sc == null ? "not in cold storage" : sc) + " (" + p.recoveryPointArn() + ")", null));
        } catch (SdkException e) {
            checks.add(unknown("cold-storage", "backup:ListRecoveryPointsByResource", e, "cannot read the table's recovery points: " + AwsErrors.describe(e),
                    "allow backup:ListRecoveryPointsByResource and backup:DescribeRecoveryPoint"));
        }
    }

    /**
     * The endpoint answered that it has no such API (HTTP 404 without a not-found error code, 501, or an
     * unknown-operation code): that says nothing about permissions.
     */
    static boolean noSuchApi(Throwable e) {
        AwsErrors.Kind k = AwsErrors.kind(e);
        if (k == AwsErrors.Kind.UNSUPPORTED) return true;
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.statusCode() == 404
                && k != AwsErrors.Kind.NOT_FOUND;
    }

    /** A check that could not be made: "no such API" when the endpoint lacks it, else the given detail and fix. */
    static Check unknown(String id, String api, Throwable e, String detail, String fix) {
        if (noSuchApi(e)) {
            return new Check(id, Status.UNKNOWN, "unknown: the endpoint has no such API (" + api + " answered "
                    + AwsErrors.describe(e) + ")",
                    "not a permissions problem: run the doctor against an endpoint that has " + api + " (AWS itself), or check --endpoint-url / AWS_ENDPOINT_URL");
        }
        return new Check(id, Status.UNKNOWN, detail, fix);
    }
}
