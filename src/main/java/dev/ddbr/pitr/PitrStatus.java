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

    /**
     * @param status             ENABLED, DISABLED, or ERROR (see {@code error})
     * @param recoveryPeriodDays 1 to 35
     * @param required           the profile requires PITR (pitr.required)
     * @param requiredDays       the profile's pitr.recovery_days, when the table is in the profile
     * @param problem            why this table does not meet the profile, or null
     */
    public record Entry(String table, String status, Integer recoveryPeriodDays, Instant earliestRestorableTime,
                        Instant latestRestorableTime, boolean required, Integer requiredDays, String problem, String error) {}

    public boolean hasProblems() {
        return tables.stream().anyMatch(e -> e.problem() != null || e.error() != null);
    }

    @Override
    public void renderText(TextWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : tables) {
            rows.add(TextWriter.row(e.table(), e.status(),
                    e.recoveryPeriodDays() == null ? null : e.recoveryPeriodDays() + "d",
                    e.earliestRestorableTime() == null ? null : e.earliestRestorableTime().toString(),
                    e.latestRestorableTime() == null ? null : e.latestRestorableTime().toString(),
                    e.error() != null ? e.error() : e.problem()));
        }
        out.table(List.of("table", "pitr", "period", "earliest", "latest", "problem"), rows);
        long off = tables.stream().filter(e -> "DISABLED".equals(e.status())).count();
        long problems = tables.stream().filter(e -> e.problem() != null || e.error() != null).count();
        out.blank();
        if (problems > 0) {
            out.verdict(Style.Tone.BAD, problems + " of " + tables.size() + " table(s) fall short of the profile or could not be read");
        } else if (off > 0) {
            out.verdict(Style.Tone.WARN, off + " of " + tables.size() + " table(s) have PITR off");
        } else {
            out.verdict(Style.Tone.GOOD, "PITR is on for all " + tables.size() + " table(s)");
        }
    }
}
