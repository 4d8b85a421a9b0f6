package dev.ddbr.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes a result record to stdout as text, JSON or YAML. JSON and YAML serialise the project's own
 * records (never SDK model objects); instants are ISO-8601 strings; field names are camelCase.
 */
public final class Renderer {
    private final OutputFormat format;
    private final PrintWriter out;
    private final Style style;

    public Renderer(OutputFormat format, PrintWriter out, Style style) {
        this.format = format;
        this.out = out;
        this.style = style;
    }

    public OutputFormat format() { return format; }

    public Style style() { return style; }

    public void render(Object result) {
        switch (format) {
            case json -> { out.println(write(json(), result)); }
            case yaml -> { out.print(write(yaml(), result)); }
            case sarif -> {
                if (!(result instanceof SarifRenderable s)) {
                    throw DdbrException.invalid("-o sarif is only for 'ddbr audit'", "use -o text, json or yaml");
                }
                out.println(write(json(), s.toSarif()));
            }
            case cloudformation, terraform -> {
                if (!(result instanceof TemplateRenderable t)) {
                    throw DdbrException.invalid("-o " + format + " is only for 'ddbr alarms plan' and 'ddbr dashboard plan'",
                            "use -o text, json or yaml");
                }
                out.println(write(json(), t.toTemplate(format)));
            }
            case text -> {
                if (result instanceof TextRenderable t) {
                    t.renderText(new TextWriter(out, style));
                } else {
                    out.print(write(yaml(), result));
                }
            }
        }
        out.flush();
    }

    /**
     * A plan with where it acts: in text, {@code heading} as the first line, then the plan; in JSON and YAML,
     * the plan's object with {@code field: value} as its first member (a plan that is not an object is
     * rendered as it is, the heading going to no stream: callers pass objects).
     */
    public void renderWith(Object result, String heading, String field, Object value) {
        if (format == OutputFormat.text) {
            out.println(style.bold(heading));
            render(result);
            return;
        }
        if (format == OutputFormat.sarif) {
            render(result);
            return;
        }
        com.fasterxml.jackson.databind.JsonNode tree = json().valueToTree(result);
        if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode obj)) {
            render(result);
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode withField = json().createObjectNode();
        withField.set(field, json().valueToTree(value));
        obj.fields().forEachRemaining(e -> withField.set(e.getKey(), e.getValue()));
        render(withField);
    }

    private static String write(ObjectMapper m, Object o) {
        try {
            return m.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * Shared mappers, built on first use (a text run never pays for Jackson): JSON is pretty, ISO dates,
     * nulls kept (a null field is part of the contract); JSON_LINE is compact, for NDJSON events.
     */
    public static ObjectMapper json() { return Json.M; }

    public static ObjectMapper jsonLine() { return JsonLine.M; }

    public static ObjectMapper yaml() { return Yaml.M; }

    /** Shared JSON mapper: pretty, ISO dates, nulls kept (a null field is part of the contract). */
    private static final class Json {
        static final ObjectMapper M = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();
    }

    /** Compact JSON for NDJSON event lines. */
    private static final class JsonLine {
        static final ObjectMapper M = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    }

    private static final class Yaml {
        static final ObjectMapper M = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
