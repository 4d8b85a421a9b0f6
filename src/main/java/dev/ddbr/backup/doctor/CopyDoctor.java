package dev.ddbr.backup.doctor;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.backup.copy.VaultLock;
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
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.kms.KmsClient;
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
        return check(table, vault, verifyRoleArn, "Default", null);
    }

    /**
     * @param sourceVault     the vault in this account the backup goes into first (backup copy --source-vault)
     * @param deleteAfterDays the copy's retention (backup.copy_to.delete_after_days), or null when none is sent
     */
    public DoctorReport check(String table, VaultArn vault, String verifyRoleArn, String sourceVault, Integer deleteAfterDays) {
        String region = aws.region();
        TableSettings settings = new SnapshotReader(aws).read(table, region, EnumSet.of(SnapshotPart.KMS));
        String tableArn = settings.arn();
        String src = VaultArn.accountOf(tableArn);
        String dest = vault.account();
        List<Check> checks = new ArrayList<>();
        String orgId = organization(checks, src, dest);
        BackupClient backup = aws.backup();
        crossAccount(checks, backup);
        Boolean advanced = regionSettings(checks, backup, region);
        DescribeBackupVaultResponse destVault = destinationVault(checks, vault, verifyRoleArn, src, orgId);
        vaultLock(checks, vault, verifyRoleArn, destVault, deleteAfterDays);
        checks.add(sourceVaultKey(backup, sourceVault, region, src, dest));
        checks.add(destinationVaultKey(vault, verifyRoleArn, destVault));
        tableKey(checks, settings, table, dest, region, advanced);
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

    /**
     * The AWS Backup Region settings: the service opt-in for DynamoDB (ResourceTypeOptInPreference: without it AWS
     * Backup does not protect DynamoDB tables in the Region) and advanced DynamoDB backup
     * (ResourceTypeManagementPreference: needed for cross-account copies). Returns whether advanced backup is on,
     * or null when unknown.
     */
    private static Boolean regionSettings(List<Check> checks, BackupClient backup, String region) {
        try {
            var r = backup.describeRegionSettings(b -> {});
            Boolean optIn = r.resourceTypeOptInPreference().get("DynamoDB");
            checks.add(Boolean.TRUE.equals(optIn)
                    ? new Check("dynamodb-opt-in", Status.PASS, "AWS Backup's service opt-in for DynamoDB is on in " + region, null)
                    : new Check("dynamodb-opt-in", Status.FAIL, "AWS Backup's service opt-in for DynamoDB is " + (optIn == null ? "not set" : "off")
                            + " in " + region + ": AWS Backup does not protect DynamoDB tables there (on-demand jobs, and plans selecting by tag or '*')",
                            "aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true --region " + region));
            Boolean on = r.resourceTypeManagementPreference().get("DynamoDB");
            checks.add(Boolean.TRUE.equals(on)
                    ? new Check("advanced-dynamodb-backup", Status.PASS, "advanced DynamoDB backup is enabled in " + region, null)
                    : new Check("advanced-dynamodb-backup", Status.FAIL, "advanced DynamoDB backup is not enabled in " + region
                            + " (without it DynamoDB backups cannot be copied across accounts)",
                            "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region " + region));
            return Boolean.TRUE.equals(on);
        } catch (SdkException e) {
            Check u = unknown("advanced-dynamodb-backup", "backup:DescribeRegionSettings", e, "backup:DescribeRegionSettings failed: " + AwsErrors.describe(e),
                    "allow backup:DescribeRegionSettings, or run 'aws backup describe-region-settings --region " + region + "'");
            checks.add(new Check("dynamodb-opt-in", u.status(), u.detail(), u.fix()));
            checks.add(u);
            return null;
        }
    }

    /** Vault Lock retention limits of the destination against the copy's retention. */
    private static void vaultLock(List<Check> checks, VaultArn vault, String verifyRole, DescribeBackupVaultResponse v, Integer deleteAfterDays) {
        if (v == null) {
            checks.add(new Check("vault-lock", Status.UNKNOWN, "not checked: the destination vault was not read",
                    verifyRole == null ? "set backup.copy_to.verify_role_arn or pass --verify-role" : null));
            return;
        }
        VaultLock lock = lockOf(v);
        String retention = deleteAfterDays == null ? "no Lifecycle (the copy keeps the source recovery point's retention: indefinitely)"
                : "DeleteAfterDays " + deleteAfterDays + " (backup.copy_to.delete_after_days)";
        if (!lock.limitsRetention()) {
            checks.add(new Check("vault-lock", Status.PASS, "vault '" + vault.name() + "' has no Vault Lock retention limits; the copy is sent with " + retention, null));
            return;
        }
        String why = lock.violation(deleteAfterDays);
        checks.add(why == null
                ? new Check("vault-lock", Status.PASS, "vault '" + vault.name() + "' is locked (" + lock.describe() + "); the copy is sent with " + retention, null)
                : new Check("vault-lock", Status.FAIL, "vault '" + vault.name() + "' is locked (" + lock.describe() + ") and AWS Backup would fail the copy job: " + why,
                        "set backup.copy_to.delete_after_days for the table in the profile to " + lock.accepted() + " days"));
    }

    /** The lock limits DescribeBackupVault reports. */
    public static VaultLock lockOf(DescribeBackupVaultResponse v) {
        return new VaultLock(Boolean.TRUE.equals(v.locked()), v.minRetentionDays(), v.maxRetentionDays());
    }

    /** The source vault's key: DescribeBackupVault, then kms:DescribeKey and (customer managed) kms:GetKeyPolicy. */
    private Check sourceVaultKey(BackupClient backup, String name, String region, String src, String dest) {
        String keyArn;
        try {
            keyArn = backup.describeBackupVault(b -> b.backupVaultName(name)).encryptionKeyArn();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                return new Check(VaultKeys.SOURCE, Status.FAIL, "the source vault '" + name + "' does not exist in account " + src + " " + region
                        + ": the backup job has nowhere to go", "create it with a customer managed key that account " + dest
                        + " may use: 'aws backup create-backup-vault --backup-vault-name " + name + " --encryption-key-arn KEY_ARN --region " + region
                        + "', or pass --source-vault with an existing vault");
            }
            return unknown(VaultKeys.SOURCE, "backup:DescribeBackupVault", e, "the source vault '" + name + "' could not be read: " + AwsErrors.describe(e),
                    "allow backup:DescribeBackupVault on the source vault, then run the doctor again");
        }
        return VaultKeys.source(describeKey(aws.kms(keyRegion(keyArn, region)), name, keyArn, true), src, dest, region);
    }

    private Check destinationVaultKey(VaultArn vault, String verifyRole, DescribeBackupVaultResponse v) {
        if (v == null) {
            return new Check(VaultKeys.DESTINATION, Status.UNKNOWN, "not checked: the destination vault was not read",
                    verifyRole == null ? "set backup.copy_to.verify_role_arn or pass --verify-role" : null);
        }
        VaultKeys.Key k;
        try {
            k = describeKey(aws.kmsAs(verifyRole, vault.region()), vault.name(), v.encryptionKeyArn(), false);
        } catch (DdbrException e) {
            k = new VaultKeys.Key(vault.name(), v.encryptionKeyArn(), null, null, null, e.getMessage());
        }
        return VaultKeys.destination(k, vault.account(), vault.region());
    }

    private static VaultKeys.Key describeKey(KmsClient kms, String vault, String keyArn, boolean readPolicy) {
        return VaultKeyReader.read(kms, vault, keyArn, readPolicy, AwsErrors::describe);
    }

    /** The destination vault as the verify role sees it, or null when it could not be read. */
    private DescribeBackupVaultResponse destinationVault(List<Check> checks, VaultArn vault, String verifyRole, String src, String orgId) {
        if (vault.isDefault()) {
            checks.add(new Check("destination-vault", Status.FAIL, "the destination is the default vault, which cannot receive cross-account copies",
                    "in account " + vault.account() + " run 'aws backup create-backup-vault --backup-vault-name ddbr-dr --region " + vault.region() + "' and copy there"));
            return null;
        }
        String noRole = "set backup.copy_to.verify_role_arn (a role in account " + vault.account()
                + " that this account may assume) or pass --verify-role, then run the doctor again";
        if (verifyRole == null) {
            checks.add(new Check("destination-vault", Status.UNKNOWN, "not checked: no verify role for account " + vault.account(), noRole));
            checks.add(new Check("vault-access-policy", Status.UNKNOWN, "not checked: no verify role for account " + vault.account(), noRole));
            return null;
        }
        BackupClient dest;
        DescribeBackupVaultResponse described;
        try {
            dest = aws.backupAs(verifyRole, vault.region());
            described = dest.describeBackupVault(b -> b.backupVaultName(vault.name()).backupVaultAccountId(vault.account()));
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
                return null;
            }
            checks.add(new Check("vault-access-policy", Status.UNKNOWN, "not checked: the vault does not exist", null));
            return null;
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
        return described;
    }

    /**
     * The table's own key. With advanced DynamoDB backup the recovery point is encrypted with the vault's key, so the
     * table's key never blocks the copy (the backup role only needs to use it to read the table); only without
     * advanced backup, when the backup keeps the table's key, does an AWS managed table key (aws/dynamodb) block a
     * cross-account copy, and the fix is to enable advanced backup, not to re-key the table.
     */
    private static void tableKey(List<Check> checks, TableSettings s, String table, String dest, String region, Boolean advanced) {
        TableSettings.Encryption enc = s.encryption();
        boolean unread = s.unavailable() != null && s.unavailable().stream().anyMatch(u -> "encryption".equals(u.field()));
        String type = enc == null ? (unread ? "KMS_UNRESOLVED" : "AWS_OWNED") : enc.keyType();
        String what = switch (type) {
            case "CUSTOMER_MANAGED" -> "the customer managed key " + enc.kmsKeyArn();
            case "AWS_MANAGED" -> "the AWS managed key aws/dynamodb";
            case "AWS_OWNED" -> "an AWS owned key (the default)";
            default -> "a key whose type could not be resolved (kms:DescribeKey failed)";
        };
        if (Boolean.TRUE.equals(advanced)) {
            checks.add(new Check("table-key", Status.PASS, "the table uses " + what + "; with advanced DynamoDB backup the copy is encrypted with the vault keys, not this one", null));
            return;
        }
        String enable = "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region " + region
                + " (the recovery point then uses the vault's key; the table keeps its key)";
        switch (type) {
            case "AWS_MANAGED" -> checks.add(new Check("table-key", advanced == null ? Status.UNKNOWN : Status.FAIL,
                    "the table uses the AWS managed key aws/dynamodb and advanced DynamoDB backup is " + (advanced == null ? "not known to be" : "not")
                            + " enabled: without it the backup keeps the table's key, which cannot be shared with account " + dest, enable));
            case "KMS_UNRESOLVED" -> checks.add(new Check("table-key", Status.UNKNOWN, "the table's key type could not be resolved, and without advanced DynamoDB backup the backup keeps it",
                    "allow kms:DescribeKey on the table's key, or " + enable));
            default -> checks.add(new Check("table-key", Status.PASS, "the table uses " + what, null));
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
