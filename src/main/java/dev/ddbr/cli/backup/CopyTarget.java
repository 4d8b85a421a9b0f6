package dev.ddbr.cli.backup;

import dev.ddbr.backup.copy.VaultArn;
import dev.ddbr.cli.AppContext;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import java.util.Optional;

/**
 * Where a cross-account copy goes, for {@code backup copy} and {@code backup doctor}: the flags, else the
 * table's {@code backup.copy_to} in the profile.
 */
record CopyTarget(Optional<TableProfile.CopyTo> profile, VaultArn vault, String verifyRole) {

    static CopyTarget resolve(AppContext ctx, String table, String toVault, String verifyRole) {
        Optional<TableProfile.CopyTo> cfg = ctx.profileOrEmpty().tableOrDefaults(table).backup().copyTo();
        String vaultText = toVault != null ? toVault : cfg.map(TableProfile.CopyTo::vaultArn).orElseThrow(
                () -> DdbrException.invalid("no destination vault for '" + table + "'",
                        "pass --to-vault ARN, or set backup.copy_to.vault_arn for the table in the profile"));
        VaultArn vault = VaultArn.parse(vaultText, "--to-vault");
        String v = verifyRole != null ? verifyRole : cfg.flatMap(TableProfile.CopyTo::verifyRoleArn).orElse(null);
        return new CopyTarget(cfg, vault, v);
    }
}
