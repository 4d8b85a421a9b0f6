package dev.ddbr.alarms;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alarms that watch each table, ddbr's or not: in the profile's Region ({@code region}), then a global table's
 * in each replica's Region. JSON field names are documented in docs/alarms.md.
 */
public record AlarmList(String region, List<TableAlarms> tables) implements TextRenderable {

    /**
     * @param managedBy {@code ddbr:<profile>} for alarms ddbr manages, null for the others
     */
    public record Entry(String alarm, String state, String metric, String condition, String managedBy, Instant stateUpdated) {}

    /** @param region the Region of these alarms (a global table appears once per Region) */
    public record TableAlarms(String table, String region, List<Entry> alarms) {}

    @Override
    public void renderText(TextWriter out) {
        boolean first = true;
        for (TableAlarms t : tables) {
            if (!first) out.blank();
            first = false;
            out.heading(t.table() + (t.region().equals(region) ? "" : " in " + t.region()) + " (" + t.alarms().size() + " alarms)");
            if (t.alarms().isEmpty()) {
                out.line("  no alarm watches it; 'ddbr alarms plan' shows the recommended set");
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Entry e : t.alarms()) rows.add(TextWriter.row(e.alarm(), e.state(), e.managedBy(), e.condition()));
            out.table(List.of("alarm", "state", "managed by", "condition"), rows);
        }
    }
}
