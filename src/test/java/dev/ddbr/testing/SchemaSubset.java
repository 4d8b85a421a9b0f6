package dev.ddbr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema subset (type, properties, required, additionalProperties, enum, items, $ref to
 * definitions, minLength, maxLength, minimum, maxItems, pattern), enough to check generated CloudFormation and
 * Terraform against the resource schemas kept under src/test/resources/schemas/. Returns every violation.
 */
public final class SchemaSubset {
    private final JsonNode root;

    private SchemaSubset(JsonNode root) { this.root = root; }

    public static SchemaSubset load(String resource) {
        try (InputStream in = SchemaSubset.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return new SchemaSubset(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of {@code value} against resource type {@code type}, each with its JSON path. */
    public List<String> check(String type, JsonNode value, String path) {
        JsonNode schema = root.path("resources").path(type);
        if (schema.isMissingNode()) return List.of(path + ": unknown resource type " + type);
        List<String> out = new ArrayList<>();
        check(schema, value, path, out);
        return out;
    }

    private void check(JsonNode schema, JsonNode v, String path, List<String> out) {
        if (schema.has("$ref")) {
            check(root.path("definitions").path(schema.get("$ref").asText()), v, path, out);
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!v.isObject()) { out.add(path + ": expected an object, got " + v.getNodeType()); return; }
                for (JsonNode r : schema.path("required")) {
                    if (!v.has(r.asText())) out.add(path + ": missing required " + r.asText());
                }
                JsonNode props = schema.path("properties");
                JsonNode extra = schema.path("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (props.has(e.getKey())) check(props.get(e.getKey()), e.getValue(), path + "." + e.getKey(), out);
                    else if (extra.isObject()) check(extra, e.getValue(), path + "." + e.getKey(), out);
                    else if (extra.isBoolean() && !extra.asBoolean()) out.add(path + ": unknown property " + e.getKey());
                }
            }
            case "array" -> {
                if (!v.isArray()) { out.add(path + ": expected an array, got " + v.getNodeType()); return; }
                if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) out.add(path + ": more than " + schema.get("maxItems") + " items");
                for (int i = 0; i < v.size(); i++) check(schema.path("items"), v.get(i), path + "[" + i + "]", out);
            }
            case "string" -> {
                if (!v.isTextual()) { out.add(path + ": expected a string, got " + v.getNodeType()); return; }
                String s = v.asText();
                if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) out.add(path + ": shorter than " + schema.get("minLength"));
                if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) out.add(path + ": longer than " + schema.get("maxLength"));
                if (schema.has("pattern") && !java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                    out.add(path + ": '" + s + "' does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> { if (!v.isIntegralNumber()) out.add(path + ": expected an integer, got " + v); }
            case "number" -> { if (!v.isNumber()) out.add(path + ": expected a number, got " + v); }
            case "boolean" -> { if (!v.isBoolean()) out.add(path + ": expected a boolean, got " + v); }
            default -> out.add(path + ": schema without a type");
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(v);
            if (!found) out.add(path + ": " + v + " is not one of " + schema.get("enum"));
        }
        if (schema.has("minimum") && v.isNumber() && v.asDouble() < schema.get("minimum").asDouble()) {
            out.add(path + ": below " + schema.get("minimum"));
        }
    }
}
