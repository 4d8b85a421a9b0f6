package dev.ddbr.backup.copy;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@code backup copy}. JSON field names are a contract (docs/backups.md).
 *
 * @param state    COMPLETED, RUNNING (--no-wait), or FAILED
 * @param failedAt the step that failed: backup, copy or verify; null when nothing failed
 * @param verified true when the copy was seen in the destination vault, false when that check failed, null when
 *                 it was not made (no verify_role_arn)
 */
public record CopyResult(String table, String tableArn, String sourceVault, String backupJobId, String recoveryPointArn,
                         String copyJobId, String destinationVaultArn, String destinationRecoveryPointArn,
                         String state, String failedAt, String statusMessage, String cause, String fix,
                         Boolean verified, String verifyDetail, double seconds) implements TextRenderable {

    public boolean ok() {
        return failedAt == null && !Boolean.FALSE.equals(verified);
    }

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("table", table));
        kv.add(TextWriter.kv("source vault", sourceVault));
        kv.add(TextWriter.kv("backup job", backupJobId));
        kv.add(TextWriter.kv("recovery point", recoveryPointArn));
        kv.add(TextWriter.kv("copy job", copyJobId));
        kv.add(TextWriter.kv("destination vault", destinationVaultArn));
        kv.add(TextWriter.kv("copied recovery point", destinationRecoveryPointArn));
        kv.add(TextWriter.kv("state", state));
        kv.add(TextWriter.kv("verified", verified == null ? "not checked" : verified ? "yes" : "no"));
        if (verifyDetail != null) kv.add(TextWriter.kv("verify detail", verifyDetail));
        if (statusMessage != null) kv.add(TextWriter.kv("status message", statusMessage));
        if (cause != null) kv.add(TextWriter.kv("cause", cause));
        if (fix != null) kv.add(TextWriter.kv("fix", fix));
        kv.add(TextWriter.kv("seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds)));
        out.keyValues(kv);
        if (failedAt != null) {
            out.verdict(Style.Tone.BAD, "copy of " + table + " failed at the " + failedAt + " step");
        } else if (Boolean.FALSE.equals(verified)) {
            out.verdict(Style.Tone.BAD, "copy of " + table + " completed but could not be verified in the destination account");
        } else if ("RUNNING".equals(state)) {
            out.verdict(Style.Tone.GOOD, "copy job " + copyJobId + " started");
        } else {
            out.verdict(verified == null ? Style.Tone.WARN : Style.Tone.GOOD, "copy of " + table + " is in "
                    + destinationVaultArn + (verified == null ? " (not verified: no verify_role_arn)" : " and verified"));
        }
    }
}
