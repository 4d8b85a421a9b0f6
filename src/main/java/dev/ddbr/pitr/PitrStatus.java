package dev.ddbr.pitr;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * PITR state of some tables. JSON field names are a documented contract (docs/restore.md).
 *
 * @param region the Region
 * @param tables one entry per table
 */
public record PitrStatus(String region, List<Entry> tables) implements TextRenderable {
    /** The status of a table whose PITR state could not be read because the endpoint lacks the API or denies it. */
    public static final String UNAVAILABLE = "UNAVAILABLE";

    /**
     * @param status             ENABLED, DISABLED, UNAVAILABLE (see {@code unavailable}) or ERROR (see {@code error})
     * @param recoveryPeriodDays 1 to 35
     * @param required           the profile requires PITR (pitr.required)
     * @param requiredDays       the profile's pitr.recovery_days, when the table is in the profile
     * @param problem            why this table does not meet the profile, or null
     * @param error              why the status could not be read (an AWS error, or "table not found"), or null
     * @param unavailable        for UNAVAILABLE: the endpoint lacks DescribeContinuousBackups or denies it; not a
     *                           problem by itself (exit 0), only when the profile requires PITR
     */
    public record Entry(String table, String status, Integer recoveryPeriodDays, Instant earliestRestorableTime,
                        Instant latestRestorableTime, boolean required, Integer requiredDays, String problem, String error,
                        String unavailable) {}

    /** Something is known to be wrong: a table falls short of the profile, or its status could not be read. */
    public boolean hasProblems() {
        return tables.stream().anyMatch(e -> e.problem() != null || e.error() != null);
    }

    @Override
    public void renderText(TextWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : tables) {
            List<String> notes = new ArrayList<>();
            if (e.error() != null) notes.add(e.error());
            if (e.unavailable() != null) notes.add(e.unavailable());
            if (e.problem() != null) notes.add(e.problem());
            rows.add(TextWriter.row(e.table(), UNAVAILABLE.equals(e.status()) ? "unavailable" : e.status(),
                    e.recoveryPeriodDays() == null ? null : e.recoveryPeriodDays() + "d",
                    dev.ddbr.output.Times.text(e.earliestRestorableTime()),
                    dev.ddbr.output.Times.text(e.latestRestorableTime()),
                    notes.isEmpty() ? null : String.join("; ", notes)));
        }
        out.table(List.of("table", "pitr", "period", "earliest", "latest", "note"), rows);
        long off = tables.stream().filter(e -> "DISABLED".equals(e.status())).count();
        long shortfalls = tables.stream().filter(e -> e.problem() != null).count();
        long unreadable = tables.stream().filter(e -> e.error() != null).count();
        long unavailable = tables.stream().filter(e -> UNAVAILABLE.equals(e.status())).count();
        out.blank();
        if (shortfalls > 0 || unreadable > 0) {
            List<String> parts = new ArrayList<>();
            if (shortfalls > 0) parts.add(shortfalls + " of " + tables.size() + " table(s) fall short of the profile");
            if (unreadable > 0) parts.add(unreadable + " of " + tables.size() + " table(s) could not be read");
            out.verdict(Style.Tone.BAD, String.join("; ", parts));
        } else if (unavailable > 0) {
            out.verdict(Style.Tone.WARN, "PITR status unavailable for " + unavailable + " of " + tables.size()
                    + " table(s) (see the note column); no profile requirement is broken");
        } else if (off > 0) {
            out.verdict(Style.Tone.WARN, off + " of " + tables.size() + " table(s) have PITR off");
        } else {
            out.verdict(Style.Tone.GOOD, "PITR is on for all " + tables.size() + " table(s)");
        }
    }
}
