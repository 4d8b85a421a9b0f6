package dev.ddbr.restore;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The restores this machine knows about: one entry per journal under the state directory, the current one of each
 * target and the archived ones beside it. JSON field names are a documented contract (docs/restore.md).
 *
 * @param restores newest first
 */
public record RestoreList(String stateDir, List<Entry> restores) implements TextRenderable {

    /**
     * @param status   COMPLETE, COMPLETE_WITH_PROBLEMS, IN_PROGRESS (step {@code phase}), FAILED, or UNREADABLE
     * @param archived true for a journal a later restore into the same name moved aside
     * @param problem  UNREADABLE: why; FAILED: AWS's answer; else null
     */
    public record Entry(String region, String target, String kind, String source, String backupArn, boolean replace,
                        String status, String phase, Instant restoreTo, Instant startedAt, Instant finishedAt,
                        boolean archived, String problem, String journal) {}

    @Override
    public void renderText(TextWriter out) {
        if (restores.isEmpty()) {
            out.line("no restore journals in " + stateDir);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : restores) {
            rows.add(TextWriter.row(e.target() + (e.archived() ? " (archived)" : ""), e.region(),
                    e.kind() == null ? "-" : e.kind() + (e.replace() ? " --replace" : ""), e.source() == null ? "-" : e.source(),
                    e.status() + (RestoreReport.IN_PROGRESS.equals(e.status()) ? " (" + e.phase() + ")" : ""),
                    dev.ddbr.output.Times.text(e.startedAt()), e.journal()));
        }
        out.table(List.of("target", "region", "kind", "source", "status", "started", "journal"), rows);
    }
}
