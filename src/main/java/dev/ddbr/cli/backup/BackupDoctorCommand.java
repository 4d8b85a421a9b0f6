package dev.ddbr.cli.backup;

import dev.ddbr.backup.doctor.CopyDoctor;
import dev.ddbr.backup.doctor.DoctorReport;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "doctor",
        description = {"Check, before copying, everything a cross-account copy of TABLE to --to-vault depends on.",
            "",
            "Checks: both accounts in one AWS Organization; cross-account backup enabled; AWS Backup's service opt-in for DynamoDB and advanced DynamoDB backup enabled in the Region; the destination vault exists and is not the default vault; its access policy allows backup:CopyIntoBackupVault from this account or organization; its Vault Lock minimum and maximum retention accept the copy's retention (backup.copy_to.delete_after_days); the source vault's key is customer managed and its key policy lets the destination account use it (with advanced DynamoDB backup, AWS Backup encrypts the backup with the vault's key, not the table's; AWS managed keys cannot be shared); the destination vault's key is usable; the latest recovery point is not in cold storage.",
            "",
            "Each check is pass, fail or unknown, with the exact fix. The destination account is read through copy_to.verify_role_arn (or --verify-role); without one, its checks are unknown. An endpoint without an API (HTTP 404, not implemented) makes that check unknown, not a permissions failure. Changes nothing. Exit 0 when nothing failed (unknown checks are warned about), 1 when a check failed.",
            "",
            "Examples:",
            "  VAULT=arn:aws:backup:eu-central-1:222222222222:backup-vault:dr",
            "  ddbr backup doctor orders --to-vault \"$VAULT\"",
            "  ddbr -p prod backup doctor orders -o json | jq '.checks[]'",
            "",
            "[API: DescribeTable, kms:DescribeKey, kms:GetKeyRotationStatus, kms:GetKeyPolicy, organizations:DescribeOrganization, organizations:ListAccounts, backup:DescribeGlobalSettings, backup:DescribeRegionSettings, backup:DescribeBackupVault, backup:ListRecoveryPointsByResource, backup:DescribeRecoveryPoint, sts:AssumeRole, backup:DescribeBackupVault, backup:GetBackupVaultAccessPolicy, kms:DescribeKey (destination)]"})
public class BackupDoctorCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table to be copied.")
    String table;

    @Option(names = "--to-vault", paramLabel = "ARN", description = "Destination vault ARN (default: the profile's backup.copy_to.vault_arn).")
    String toVault;

    @Option(names = "--verify-role", paramLabel = "ARN",
            description = "Role in the destination account to read the vault with (default: copy_to.verify_role_arn).")
    String verifyRole;

    @Option(names = "--source-vault", paramLabel = "NAME", defaultValue = "Default",
            description = "Vault in this account that 'backup copy' backs up into first; its key is checked (default: ${DEFAULT-VALUE}).")
    String sourceVault;

    @Override
    protected int execute() {
        dev.ddbr.backup.copy.VaultArn.requireName(sourceVault, "--source-vault");
        CopyTarget target = CopyTarget.resolve(ctx(), table, toVault, verifyRole);
        Integer deleteAfterDays = target.profile().flatMap(dev.ddbr.profile.TableProfile.CopyTo::deleteAfterDays).orElse(null);
        DoctorReport r = new CopyDoctor(aws()).check(table, target.vault(), target.verifyRole(), sourceVault, deleteAfterDays);
        render(r);
        long unknown = r.count(DoctorReport.Status.UNKNOWN);
        if (unknown > 0) console().warn(unknown + " check(s) could not be made; see the fixes to make them");
        return "FAIL".equals(r.verdict()) ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
