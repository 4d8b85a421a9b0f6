package dev.ddbr.output;

/** A result record that knows how to show itself to a person. JSON and YAML come from the record's fields. */
public interface TextRenderable {
    void renderText(TextWriter out);
}
