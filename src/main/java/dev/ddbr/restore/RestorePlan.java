package dev.ddbr.restore;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore will do, in order: the restore call with its overrides, then every setting re-applied on the
 * new table. {@code --dry-run} prints it; the journal keeps it.
 *
 * @param kind       pitr or backup
 * @param source     the source table's name
 * @param sourceArn  the source table's ARN
 * @param target     the new table's name
 * @param region     the Region
 * @param restoreTo  the point in time (null: the latest restorable time, or the backup's time)
 * @param request    the restore call
 * @param fixUps     the settings re-applied afterwards
 * @param replace    set for --replace: what happens to the current table first
 * @param notes      warnings the operator should read before going ahead
 */
public record RestorePlan(
        String kind,
        String source,
        String sourceArn,
        String target,
        String region,
        Instant restoreTo,
        RestoreRequest request,
        List<PlannedFixUp> fixUps,
        Replace replace,
        List<String> notes) implements TextRenderable {

    /**
     * @param safetyBackupName          the on-demand backup taken first
     * @param disableDeletionProtection whether deletion protection is turned off before the delete
     */
    public record Replace(String safetyBackupName, boolean disableDeletionProtection) {}

    @Override
    public void renderText(TextWriter out) {
        out.heading("Restore plan (dry run: nothing was changed)");
        out.keyValues(List.of(
                TextWriter.kv("source", source + (sourceArn == null ? "" : "  " + sourceArn)),
                TextWriter.kv("target", target),
                TextWriter.kv("region", region),
                TextWriter.kv("restore to", restoreTo == null ? "latest restorable time" : restoreTo.toString())));
        out.blank();
        int step = 1;
        if (replace != null) {
            out.line(step++ + ". CreateBackup " + source + " -> on-demand safety backup '" + replace.safetyBackupName() + "'");
            if (replace.disableDeletionProtection()) {
                out.line(step++ + ". UpdateTable " + source + " DeletionProtectionEnabled=false");
            }
            out.line(step++ + ". DeleteTable " + source + " (after the safety backup is AVAILABLE)");
        }
        out.line(step++ + ". " + request.api() + ":");
        List<String[]> kv = new ArrayList<>();
        if (request.sourceTableName() != null) kv.add(TextWriter.kv("   SourceTableName", request.sourceTableName()));
        if (request.sourceTableArn() != null && request.sourceTableName() == null) kv.add(TextWriter.kv("   SourceTableArn", request.sourceTableArn()));
        if (request.backupArn() != null) kv.add(TextWriter.kv("   BackupArn", request.backupArn()));
        kv.add(TextWriter.kv("   TargetTableName", request.targetTableName()));
        if (Boolean.TRUE.equals(request.useLatestRestorableTime())) kv.add(TextWriter.kv("   UseLatestRestorableTime", "true"));
        if (request.restoreDateTime() != null) kv.add(TextWriter.kv("   RestoreDateTime", request.restoreDateTime()));
        kv.add(TextWriter.kv("   BillingModeOverride", request.billingModeOverride()));
        TableSettings.Throughput t = request.provisionedThroughputOverride();
        if (t != null) kv.add(TextWriter.kv("   ProvisionedThroughputOverride", "read " + t.readCapacityUnits() + ", write " + t.writeCapacityUnits()));
        TableSettings.OnDemand od = request.onDemandThroughputOverride();
        if (od != null) kv.add(TextWriter.kv("   OnDemandThroughputOverride", "max read " + od.maxReadRequestUnits() + ", max write " + od.maxWriteRequestUnits()));
        if (request.globalSecondaryIndexOverride() != null) {
            for (TableSettings.Gsi g : request.globalSecondaryIndexOverride()) {
                kv.add(TextWriter.kv("   GlobalSecondaryIndexOverride", RestorePlanner.describeGsi(g)));
            }
        }
        kv.add(TextWriter.kv("   SSESpecificationOverride", request.sseSpecificationOverride() == null ? "(none)" : request.sseSpecificationOverride().toString()));
        out.keyValues(kv);
        out.line(step++ + ". wait until '" + target + "' is ACTIVE (DescribeTable)");
        out.line(step++ + ". re-apply on '" + target + "':");
        List<List<String>> rows = new ArrayList<>();
        for (PlannedFixUp f : fixUps) {
            rows.add(TextWriter.row("   " + f.name(), f.skip() == null ? "apply" : "skip", f.skip() == null ? f.action() : f.skip()));
        }
        out.table(List.of("   setting", "do", "what"), rows);
        out.line(step + ". compare the settings of '" + source + "' and '" + target + "' (drift check) and report");
        for (String n : notes) {
            out.blank();
            out.line("note: " + n);
        }
    }
}
