package dev.ddbr.backup.copy;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code backup copy --dry-run} would do, from read-only calls. JSON field names are a contract (docs/backups.md).
 *
 * @param recoveryPoint   which recovery point is copied: always the new one of this run's backup job
 * @param deleteAfterDays the copy's Lifecycle.DeleteAfterDays, null when none is sent
 * @param lifecycle       the same in words
 * @param vaultLock       the destination vault's Vault Lock check, or why it was not made
 * @param steps           each call in order, with its target, account, Region and role
 */
public record CopyPlan(String table, String tableArn, String sourceAccount, String sourceRegion, String sourceVault, String role,
                       String recoveryPoint, String destinationVaultArn, String destinationAccount, String destinationRegion,
                       Integer deleteAfterDays, String lifecycle, String verifyRole, String vaultLock, List<String> steps,
                       boolean dryRun) implements TextRenderable {

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("table", tableArn));
        kv.add(TextWriter.kv("source vault", sourceVault + " (account " + sourceAccount + ", " + sourceRegion + ")"));
        kv.add(TextWriter.kv("recovery point", recoveryPoint));
        kv.add(TextWriter.kv("destination vault", destinationVaultArn + " (account " + destinationAccount + ", " + destinationRegion + ")"));
        kv.add(TextWriter.kv("role", role));
        kv.add(TextWriter.kv("lifecycle", lifecycle));
        kv.add(TextWriter.kv("verify role", verifyRole == null ? "none: the copy is not looked at from the destination account" : verifyRole));
        kv.add(TextWriter.kv("vault lock", vaultLock));
        out.keyValues(kv);
        out.blank();
        for (int i = 0; i < steps.size(); i++) out.line((i + 1) + ". " + steps.get(i));
        out.blank();
        out.line("dry run: no job was started");
    }
}
