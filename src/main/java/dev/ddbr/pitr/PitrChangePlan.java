package dev.ddbr.pitr;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;

/**
 * What {@code pitr enable --dry-run} would change. JSON field names are a documented contract (docs/restore.md).
 *
 * @param dryRun                    always true: nothing was changed
 * @param table                     the table
 * @param region                    the Region
 * @param api                       the call that would be made (UpdateContinuousBackups)
 * @param recoveryPeriodDays        the recovery period it would set
 * @param currentStatus             ENABLED or DISABLED now
 * @param currentRecoveryPeriodDays the period now, when PITR is on
 * @param shrinks                   the period gets shorter, so the oldest history is dropped
 */
public record PitrChangePlan(boolean dryRun, String table, String region, String api, int recoveryPeriodDays,
                             String currentStatus, Integer currentRecoveryPeriodDays, boolean shrinks)
        implements TextRenderable {

    public static PitrChangePlan of(PitrService.EnablePlan p, String region) {
        return new PitrChangePlan(true, p.table(), region, "UpdateContinuousBackups", p.recoveryDays(), p.currentStatus(),
                p.currentDays(), p.shrinks());
    }

    @Override
    public void renderText(TextWriter out) {
        out.line("would call " + api + " " + table + ": PointInTimeRecoveryEnabled=true RecoveryPeriodInDays=" + recoveryPeriodDays
                + " (now: " + currentStatus + (currentRecoveryPeriodDays == null ? "" : ", " + currentRecoveryPeriodDays + " days") + ")");
        if (shrinks) out.line("note: shortening the period drops history older than " + recoveryPeriodDays + " days");
    }
}
