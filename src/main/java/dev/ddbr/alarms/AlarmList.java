package dev.ddbr.alarms;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The alarms that watch each table, ddbr's or not. JSON field names are documented in docs/alarms.md. */
public record AlarmList(String region, List<TableAlarms> tables) implements TextRenderable {

    /**
     * @param managedBy {@code ddbr:<profile>} for alarms ddbr manages, null for the others
     */
    public record Entry(String alarm, String state, String metric, String condition, String managedBy, Instant stateUpdated) {}

    public record TableAlarms(String table, List<Entry> alarms) {}

    @Override
    public void renderText(TextWriter out) {
        boolean first = true;
        for (TableAlarms t : tables) {
            if (!first) out.blank();
            first = false;
            out.heading(t.table() + " (" + t.alarms().size() + " alarms)");
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
