package dev.ddbr.table;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;

/**
 * What {@code table describe} prints: the settings snapshot (its fields at the top level of the JSON, as before)
 * and {@code paths}, which path fits the table's size for a full copy or a hot-key analysis ({@link PathAdvice}).
 */
public record TableDescription(@JsonUnwrapped TableSettings settings, PathAdvice paths) implements TextRenderable {

    public static TableDescription of(TableSettings s) {
        return new TableDescription(s, PathAdvice.of(s.sizeBytes()));
    }

    @Override
    public void renderText(TextWriter out) {
        TableText.render(settings, out);
        out.blank();
        out.heading("Which path (full copy or hot-key analysis), for " + TableText.bytes(settings.sizeBytes()));
        out.keyValues(paths.rows());
    }
}
