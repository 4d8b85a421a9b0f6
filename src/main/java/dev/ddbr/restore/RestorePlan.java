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
     * What --replace does before the final restore: a point-in-time restore into a staging table (the source is
     * untouched), a safety backup of the current table and a backup of the staging table, then the delete.
     *
     * @param stagingTable              the new table the point-in-time restore goes into first
     * @param stagingRequest            that restore call
     * @param safetyBackupName          the on-demand backup of the current table, taken just before the delete
     * @param stagingBackupName         the on-demand backup of the staging table, restored under the source's name
     * @param disableDeletionProtection whether deletion protection is turned off just before the delete
     */
    public record Replace(String stagingTable, RestoreRequest stagingRequest, String safetyBackupName,
                          String stagingBackupName, boolean disableDeletionProtection) {}

    /** The same plan with other fix-ups. */
    public RestorePlan withFixUps(List<PlannedFixUp> f) {
        return new RestorePlan(kind, source, sourceArn, target, region, restoreTo, request, f, replace, notes);
    }

    /** The same plan with another final restore call (--replace learns its backup's ARN on the way). */
    public RestorePlan withRequest(RestoreRequest r) {
        return new RestorePlan(kind, source, sourceArn, target, region, restoreTo, r, fixUps, replace, notes);
    }

    @Override
    public void renderText(TextWriter out) {
        out.heading("Restore plan (dry run: nothing was changed)");
        out.keyValues(List.of(
                TextWriter.kv("source", source + (sourceArn == null ? "" : "  " + sourceArn)),
                TextWriter.kv("target", target),
                TextWriter.kv("region", region),
                TextWriter.kv("restore to", restoreTo == null ? "latest restorable time" : dev.ddbr.output.Times.text(restoreTo))));
        out.blank();
        int step = 1;
        if (replace != null) {
            out.line(step++ + ". " + replace.stagingRequest().api() + " " + source + " -> staging table '" + replace.stagingTable()
                    + "' (" + source + " is not touched yet):");
            request(out, replace.stagingRequest());
            out.line(step++ + ". wait until '" + replace.stagingTable() + "' is ACTIVE; tag it " + RestorePlanner.TAG_CREATED_BY + "=ddbr"
                    + " (ddbr's own scratch table, deleted at the end; '" + target + "' never gets that tag)");
            out.line(step++ + ". CreateBackup " + source + " -> safety backup '" + replace.safetyBackupName() + "' (the table as it is now)");
            out.line(step++ + ". CreateBackup " + replace.stagingTable() + " -> '" + replace.stagingBackupName()
                    + "'; wait until both backups are AVAILABLE");
            if (replace.disableDeletionProtection()) {
                out.line(step++ + ". UpdateTable " + source + " DeletionProtectionEnabled=false (turned back on below)");
            }
            out.line(step++ + ". DeleteTable " + source + "; wait until it is gone (from here until step " + (step + 1)
                    + " the table does not exist)");
            out.line(step++ + ". RestoreTableFromBackup '" + replace.stagingBackupName() + "' -> " + target + ":");
        } else {
            out.line(step++ + ". " + request.api() + ":");
        }
        request(out, request);
        out.line(step++ + ". wait until '" + target + "' is ACTIVE (DescribeTable)");
        out.line(step++ + ". re-apply on '" + target + "':");
        List<List<String>> rows = new ArrayList<>();
        for (PlannedFixUp f : fixUps) {
            rows.add(TextWriter.row("   " + f.name(), f.skip() == null ? "apply" : "skip", f.skip() == null ? f.action() : f.skip()));
        }
        out.table(List.of("   setting", "do", "what"), rows);
        out.line(step++ + ". compare the settings of '" + source + "'" + (replace != null ? " (as they were before the delete)" : "")
                + " and '" + target + "' (drift check) and report");
        if (replace != null) {
            out.line(step + ". DeleteTable " + replace.stagingTable() + " (ddbr's own staging table; both backups are kept)");
        }
        for (String n : notes) {
            out.blank();
            out.line("note: " + n);
        }
    }

    private static void request(TextWriter out, RestoreRequest request) {
        List<String[]> kv = new ArrayList<>();
        if (request.sourceTableName() != null) kv.add(TextWriter.kv("   SourceTableName", request.sourceTableName()));
        if (request.sourceTableArn() != null && request.sourceTableName() == null) kv.add(TextWriter.kv("   SourceTableArn", request.sourceTableArn()));
        if (request.backupArn() != null) kv.add(TextWriter.kv("   BackupArn", request.backupArn()));
        if (request.backupArn() == null && "RestoreTableFromBackup".equals(request.api())) kv.add(TextWriter.kv("   BackupArn", "(the staging table's backup, once AVAILABLE)"));
        kv.add(TextWriter.kv("   TargetTableName", request.targetTableName()));
        if (Boolean.TRUE.equals(request.useLatestRestorableTime())) kv.add(TextWriter.kv("   UseLatestRestorableTime", "true"));
        if (request.restoreDateTime() != null) kv.add(TextWriter.kv("   RestoreDateTime", dev.ddbr.output.Times.text(request.restoreDateTime())));
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
    }
}
