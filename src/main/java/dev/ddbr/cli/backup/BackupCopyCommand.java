package dev.ddbr.cli.backup;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.copy.CopyResult;
import dev.ddbr.backup.copy.CopyService;
import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.WaitOptions;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.profile.TableProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "copy",
        description = {"Copy a fresh backup of TABLE into an AWS Backup vault in another account (disaster recovery).",
            "",
            "Starts an AWS Backup job of the table in the source account (idempotent: a re-run in the same UTC hour joins the job already started), waits for it, starts a copy job into --to-vault, waits, then looks at the copied recovery point from the destination account through the profile's copy_to.verify_role_arn (or --verify-role).",
            "",
            "The copy job is sent with Lifecycle.DeleteAfterDays from backup.copy_to.delete_after_days (without it, none: the copy keeps the source recovery point's retention). With a verify role, the destination vault's Vault Lock is read first: a retention outside its minimum and maximum is refused before anything starts (exit 252).",
            "",
            "A failed job's status message is shown with its cause and the fix; 'ddbr backup doctor' checks the usual causes before you copy; --dry-run prints the exact plan (which recovery point, to which vault, account and Region, with which role and lifecycle, and the Vault Lock check) from read-only calls and starts nothing. Defaults come from the profile's backup.copy_to (vault_arn, role_arn, verify_role_arn, delete_after_days). Exit 0 when the copy is complete (and verified when a verify role is set), 1 when a job failed or the copy could not be verified.",
            "",
            "Examples:",
            "  VAULT=arn:aws:backup:eu-central-1:222222222222:backup-vault:dr",
            "  ddbr backup copy orders --to-vault \"$VAULT\"",
            "  ddbr -p prod backup copy orders -o json",
            "  ddbr -p prod backup copy orders --no-wait",
            "  ddbr -p prod backup copy orders --dry-run",
            "",
            "[API: DescribeTable, backup:StartBackupJob, backup:DescribeBackupJob, backup:StartCopyJob, backup:DescribeCopyJob, iam:PassRole, sts:AssumeRole, backup:DescribeBackupVault, backup:DescribeRecoveryPoint (destination); sts:GetCallerIdentity (--dry-run)]"})
public class BackupCopyCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table to back up and copy.")
    String table;

    @Option(names = "--to-vault", paramLabel = "ARN", description = "Destination vault ARN (default: the profile's backup.copy_to.vault_arn).")
    String toVault;

    @Option(names = "--role", paramLabel = "ARN",
            description = "IAM role AWS Backup uses for both jobs (default: copy_to.role_arn, else the account's AWSBackupDefaultServiceRole).")
    String role;

    @Option(names = "--verify-role", paramLabel = "ARN",
            description = "Role in the destination account ddbr assumes to see the copy (default: copy_to.verify_role_arn).")
    String verifyRole;

    @Option(names = "--source-vault", paramLabel = "NAME", defaultValue = "Default",
            description = "Vault in the source account receiving the backup (default: ${DEFAULT-VALUE}).")
    String sourceVault;

    @Mixin
    WaitOptions waitOptions = new WaitOptions();

    @Option(names = "--dry-run", description = "Print the exact plan (table, source and destination vault, account, Region, role, lifecycle, Vault Lock check) and start no job.")
    boolean dryRun;

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        dev.ddbr.backup.copy.VaultArn.requireName(sourceVault, "--source-vault");
        CopyTarget target = CopyTarget.resolve(ctx(), table, toVault, verifyRole);
        VaultArn vault = target.vault();
        if (vault.isDefault()) {
            throw DdbrException.invalid("the destination is the default vault, which cannot receive cross-account copies",
                    "create a vault in the destination account ('aws backup create-backup-vault --backup-vault-name ddbr-dr') and copy there");
        }
        String r = role != null ? role : target.profile().flatMap(TableProfile.CopyTo::roleArn).orElse(null);
        Integer deleteAfterDays = target.profile().flatMap(TableProfile.CopyTo::deleteAfterDays).orElse(null);
        var req = new CopyService.Request(table, vault, sourceVault, r, target.verifyRole(), waitOptions.wait, waitOptions.timeout(), deleteAfterDays);
        if (dryRun) {
            renderPlan(new CopyService(aws(), Poller.standard()).plan(req));
            return ExitCodes.OK;
        }
        CopyResult res;
        // the progress says when a job id is printed: only then are there jobs "above" to go on with
        java.util.concurrent.atomic.AtomicBoolean jobStarted = new java.util.concurrent.atomic.AtomicBoolean();
        InfoSink info = new InfoSink(console());
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> jobStarted.get()
                ? "ddbr: interrupted; AWS Backup goes on with the jobs already started (their ids are above); the same"
                        + " command, run again within this UTC hour, joins them instead of starting new ones: " + again(vault)
                : "ddbr: interrupted before a job was started (one being requested is joined, not repeated, by the same"
                        + " command run again within this UTC hour); run again with: " + again(vault))) {
            res = new CopyService(aws(), Poller.standard()).copy(req, m -> {
                if (m.matches("(backup|copy) job \\S+ started.*")) jobStarted.set(true);
                info.accept(m);
            });
        }
        if (res.failedAt() != null) {
            console().error(res.failedAt() + " job failed: " + res.statusMessage() + " (cause: " + res.cause() + "; fix: " + res.fix() + ")");
        } else if (res.verified() == null && "COMPLETED".equals(res.state())) {
            console().warn("the copy was not verified from the destination account: set copy_to.verify_role_arn or --verify-role");
        }
        render(res);
        return res.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** This copy, to run again. */
    String again(VaultArn vault) {
        boolean defaultVault = "Default".equals(sourceVault);
        return ddbrCommand("backup", "copy", table, "--to-vault", vault.arn(),
                defaultVault ? null : "--source-vault", defaultVault ? null : sourceVault,
                role == null ? null : "--role", role, verifyRole == null ? null : "--verify-role", verifyRole,
                waitOptions.wait ? null : "--no-wait", "6h".equals(waitOptions.timeout) ? null : "--timeout",
                "6h".equals(waitOptions.timeout) ? null : waitOptions.timeout);
    }
}
