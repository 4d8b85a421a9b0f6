package dev.ddbr.backup.verify;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a restore drill ({@code backup verify}). JSON field names are a contract (docs/backups.md).
 *
 * @param restoreSeconds   from the RestoreTableFromBackup call until the scratch table was ACTIVE: RTO evidence
 * @param sampleDiffering  keys (as DynamoDB JSON) of sampled items that differ from the source or are missing there
 * @param scratchDeleted   the scratch table was deleted (after its tags were checked)
 * @param verdict          PASS: counts equal and every sampled item equal; FAIL otherwise
 * @param steps            when each step started and finished: restore call, wait for ACTIVE, item count, sample
 *                         compare, delete the scratch table
 */
public record DrillReport(String table, String backupArn, String backupName, Instant backupCreatedAt, String scratchTable,
                          double restoreSeconds, long sourceItems, long restoredItems, boolean countsMatch,
                          int sampled, int sampleMatched, List<String> sampleDiffering, boolean scratchDeleted,
                          String scratchDetail, String verdict, List<String> notes,
                          List<dev.ddbr.restore.StepTime> steps) implements TextRenderable {

    public boolean ok() { return "PASS".equals(verdict); }

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("table", table));
        kv.add(TextWriter.kv("backup", backupName + " (" + backupCreatedAt + ")"));
        kv.add(TextWriter.kv("backup arn", backupArn));
        kv.add(TextWriter.kv("scratch table", scratchTable));
        kv.add(TextWriter.kv("restore time", String.format(Locale.ROOT, "%.1fs", restoreSeconds)));
        kv.add(TextWriter.kv("items (source / restored)", sourceItems + " / " + restoredItems + (countsMatch ? " (equal)" : " (DIFFERENT)")));
        kv.add(TextWriter.kv("sampled items", sampleMatched + " of " + sampled + " equal"));
        for (String k : sampleDiffering) kv.add(TextWriter.kv("differs", k));
        kv.add(TextWriter.kv("cleanup", scratchDeleted ? "deleted" : "kept: " + scratchDetail));
        for (String n : notes) kv.add(TextWriter.kv("note", n));
        out.keyValues(kv);
        out.verdict(ok() ? Style.Tone.GOOD : Style.Tone.BAD, ok()
                ? "backup of " + table + " restores: " + restoredItems + " items in " + String.format(Locale.ROOT, "%.1fs", restoreSeconds)
                : "restore drill of " + table + " found differences");
    }
}
