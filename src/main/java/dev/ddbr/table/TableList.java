package dev.ddbr.table;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/** Result of {@code ddbr table list}. JSON: {@code {"region": ..., "tables": [...]}}. */
public record TableList(String region, List<Entry> tables) implements TextRenderable {
    static final List<String> HEADERS = List.of("name", "status", "billing", "items", "size", "replicas", "deletion protection");

    /**
     * One table. Every field but {@code name} is null with {@code --names-only}; {@code error} is set when
     * the table could not be described.
     */
    public record Entry(String name, String status, String billingMode, Long itemCount, Long sizeBytes,
                        Integer replicas, Boolean deletionProtection, String error) {
        static Entry nameOnly(String name) {
            return new Entry(name, null, null, null, null, null, null, null);
        }
    }

    @Override
    public void renderText(TextWriter out) {
        if (tables.isEmpty()) {
            // the header alone: the Region is empty (the command says so on stderr)
            out.table(HEADERS, List.of());
            return;
        }
        boolean detailed = tables.stream().anyMatch(t -> t.status() != null || t.error() != null);
        if (!detailed) {
            tables.forEach(t -> out.line(t.name()));
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : tables) {
            if (e.error() != null) {
                rows.add(TextWriter.row(e.name(), "?", null, null, null, null, e.error()));
            } else {
                rows.add(TextWriter.row(e.name(), e.status(), "PAY_PER_REQUEST".equals(e.billingMode()) ? "on-demand" : "provisioned",
                        String.valueOf(e.itemCount()), TableText.bytes(e.sizeBytes()),
                        e.replicas() == 0 ? "-" : String.valueOf(e.replicas()),
                        Boolean.TRUE.equals(e.deletionProtection()) ? "on" : "off"));
            }
        }
        out.table(HEADERS, rows);
    }
}
