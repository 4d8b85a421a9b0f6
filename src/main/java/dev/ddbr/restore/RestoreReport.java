package dev.ddbr.restore;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore did. JSON field names are a documented contract (docs/restore.md).
 *
 * @param status        COMPLETE, COMPLETE_WITH_PROBLEMS (a fix-up failed or drift remains), IN_PROGRESS, or FAILED
 *                      (AWS refused the call that starts the restore; nothing was created)
 * @param failure       FAILED: AWS's answer to the refused call; otherwise null
 * @param oldStreamArn  --replace of a table with a stream: the stream readers used until the delete
 * @param newStreamArn  --replace: the restored table's stream (readers must move to it)
 * @param streamConsumers --replace: the Lambda event source mappings on the old stream, with the commands to repoint each
 * @param streamConsumersUnknown --replace: why the mappings could not be listed (null when they were)
 * @param items         with --verify-items (or under the profile's size): the items counted; null otherwise
 * @param restoredTo    the point in time the data is from (from the new table's RestoreSummary when known)
 * @param startedAt     when the restore call was made
 * @param activeAt      when the new table was ACTIVE
 * @param finishedAt    when the fix-ups and the drift check were done
 * @param totalSeconds  finishedAt - startedAt: the recovery time this restore achieved
 * @param waitedSeconds startedAt to activeAt
 * @param next          what to do next, as a command or a sentence
 * @param journal       the journal file
 * @param steps         when each step started and finished (restore call, wait, each fix-up, drift check, ...)
 */
public record RestoreReport(
        String kind,
        String status,
        String source,
        String sourceArn,
        String target,
        String targetArn,
        String region,
        String backupArn,
        Instant restoredTo,
        Instant startedAt,
        Instant activeAt,
        Instant finishedAt,
        Long waitedSeconds,
        Long totalSeconds,
        List<FixUpResult> fixUps,
        List<DriftItem> drift,
        List<String> unverified,
        String safetyBackupArn,
        String failure,
        String oldStreamArn,
        String newStreamArn,
        List<StreamConsumer> streamConsumers,
        String streamConsumersUnknown,
        Items items,
        String next,
        String journal,
        List<StepTime> steps) implements TextRenderable {

    /**
     * The data check: the restored table's items, and the source's at the restore's time where that is known.
     *
     * @param target       items in the restored table (Scan Select=COUNT, exact), null when they could not be counted
     * @param sourceAtTime the source's items at the restore's time, where known (a backup's ItemCount: approximate)
     * @param sourceBasis  where {@code sourceAtTime} comes from, or why it is not known
     * @param problem      why the target could not be counted; null when it was
     */
    public record Items(Long target, Long sourceAtTime, String sourceBasis, String problem) {}

    public static final String COMPLETE = "COMPLETE";
    public static final String COMPLETE_WITH_PROBLEMS = "COMPLETE_WITH_PROBLEMS";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String FAILED = "FAILED";

    public boolean hasProblems() {
        return FAILED.equals(status) || drift.size() > 0 || fixUps.stream().anyMatch(f -> FixUpResult.FAILED.equals(f.status()));
    }

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("source", source + (backupArn == null ? "" : "  (backup " + backupArn + ")")));
        kv.add(TextWriter.kv("target", target));
        kv.add(TextWriter.kv("region", region));
        kv.add(TextWriter.kv("restored to", restoredTo == null ? "latest restorable time" : dev.ddbr.output.Times.text(restoredTo)));
        kv.add(TextWriter.kv("started", dev.ddbr.output.Times.text(startedAt)));
        kv.add(TextWriter.kv("active", activeAt == null ? "not yet" : dev.ddbr.output.Times.text(activeAt) + "  (after " + fmt(waitedSeconds) + ")"));
        kv.add(TextWriter.kv("finished", dev.ddbr.output.Times.text(finishedAt)));
        kv.add(TextWriter.kv("total (RTO)", fmt(totalSeconds)));
        if (safetyBackupArn != null) kv.add(TextWriter.kv("safety backup", safetyBackupArn));
        out.keyValues(kv);
        if (!fixUps.isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            for (FixUpResult f : fixUps) rows.add(TextWriter.row(f.name(), f.status(), f.detail()));
            out.table(List.of("setting", "status", "detail"), rows);
        }
        if (items != null) {
            out.blank();
            out.line("items: " + (items.target() == null ? items.problem() : items.target() + " in '" + target + "' (counted)")
                    + "; source at the restore's time: " + (items.sourceAtTime() == null ? "" : items.sourceAtTime() + ", ")
                    + items.sourceBasis());
        }
        if (oldStreamArn != null && !IN_PROGRESS.equals(status)) {
            out.blank();
            out.line("stream: " + oldStreamArn + " -> " + (newStreamArn == null ? "(none yet)" : newStreamArn)
                    + " (readers of the old stream stopped with the delete)");
            for (StreamConsumer c : streamConsumers) {
                out.line("  Lambda " + c.functionArn() + " (mapping " + c.uuid() + "): " + (c.repoint() == null ? "repoint it by hand" : c.repoint()));
            }
            if (streamConsumersUnknown != null) out.line("  could not list the Lambda mappings on it: " + streamConsumersUnknown);
        }
        if (FAILED.equals(status)) {
            out.blank();
            out.verdict(Style.Tone.BAD, "restore failed: " + failure);
            out.line(next);
            return;
        }
        if (IN_PROGRESS.equals(status)) {
            out.blank();
            out.verdict(Style.Tone.NEUTRAL, "restore in progress; " + next);
            return;
        }
        out.blank();
        if (drift.isEmpty()) {
            out.line("drift: none" + (unverified.isEmpty() ? "" : " (not verifiable: " + String.join(", ", unverified) + ")"));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (DriftItem d : drift) rows.add(TextWriter.row(d.field(), d.source(), d.target()));
            out.table(List.of("drift", "source", "target"), rows);
            if (!unverified.isEmpty()) out.line("not verifiable: " + String.join(", ", unverified));
        }
        out.blank();
        long failed = fixUps.stream().filter(f -> FixUpResult.FAILED.equals(f.status())).count();
        if (COMPLETE.equals(status)) {
            out.verdict(Style.Tone.GOOD, "restore complete: '" + target + "' matches '" + source + "' (RTO " + fmt(totalSeconds) + ")");
        } else {
            out.verdict(Style.Tone.WARN, "restore complete with problems: " + failed + " fix-up(s) failed, "
                    + drift.size() + " setting(s) differ (RTO " + fmt(totalSeconds) + ")");
        }
        if (next != null) out.line(next);
    }

    private static String fmt(Long seconds) {
        return seconds == null ? "-" : Durations.format(Duration.ofSeconds(seconds));
    }
}
