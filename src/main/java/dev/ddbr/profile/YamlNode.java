package dev.ddbr.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML tree that remembers where each key and value came from. Built by walking Jackson's YAML token
 * stream, which also lets us reject what Jackson accepts silently: duplicate keys, aliases, and a
 * second document.
 */
sealed interface YamlNode {
    Location location();

    /** 1-based line and column. */
    record Location(int line, int column) {
        static final Location START = new Location(1, 1);

        static Location of(JsonLocation l) {
            return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }

        @Override public String toString() { return line + ":" + column; }
    }

    record Entry(String key, Location keyLocation, YamlNode value) {}

    record Mapping(Location location, List<Entry> entries) implements YamlNode {
        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {}

    /** A scalar with the YAML type Jackson resolved and its text as written. */
    record Scalar(Location location, Kind kind, String text) implements YamlNode {
        enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        /** How the value reads in a message: {@code string "thirty"}, {@code number 3.5}. */
        String describe() {
            return switch (kind) {
                case STRING -> "string " + Text.dbl(text);
                case INTEGER, FLOAT -> "number " + Text.shorten(text);
                case BOOLEAN -> "boolean " + Text.shorten(text);
                case NULL -> "nothing";
            };
        }
    }

    /** What a node is, for "expected a list, got a mapping". */
    static String describe(YamlNode node) {
        if (node instanceof Mapping) return "a mapping";
        if (node instanceof Sequence) return "a list";
        return ((Scalar) node).describe();
    }

    /** Parses one YAML document; empty when the text holds no document (only comments, say). */
    @SuppressWarnings("deprecation") // Jackson's MarkedYAMLException is the only declared way to the problem mark
    static Optional<YamlNode> parse(String text) {
        try (JsonParser p = Reader.FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return Optional.empty();
            YamlNode root = Reader.read(p, "");
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NULL) {
                    throw new ProfileProblem(Location.of(p.currentTokenLocation()),
                            "a second YAML document starts here; a profile is one document",
                            "remove the '---' separator and merge the documents");
                }
            }
            return root instanceof Scalar s && s.kind() == Scalar.Kind.NULL ? Optional.empty() : Optional.of(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            Location at = mark == null ? Location.of(e.getLocation()) : new Location(mark.getLine() + 1, mark.getColumn() + 1);
            Mark ctx = e.getContextMark();
            String hint = e.getContext() == null || ctx == null
                    ? "check indentation (spaces, not tabs) and quoting near this position"
                    : Text.oneLine(e.getContext()) + " that starts at line " + (ctx.getLine() + 1) + ", column "
                            + (ctx.getColumn() + 1) + "; check indentation (spaces, not tabs) and quoting";
            throw new ProfileProblem(at, "invalid YAML: " + Text.oneLine(e.getProblem()), hint);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            if (reason != null && reason.startsWith("Expected a field name")) reason = "a mapping key must be plain text";
            throw new ProfileProblem(Location.of(e.getLocation()), "invalid YAML: " + Text.oneLine(reason),
                    "check indentation (spaces, not tabs) and quoting near this position");
        } catch (IOException e) {
            throw new ProfileProblem(Location.START, "cannot parse YAML: " + Text.oneLine(e.getMessage()), null);
        }
    }

    /** The token walk. */
    final class Reader {
        static final YAMLFactory FACTORY = new YAMLFactory();

        private Reader() {}

        /** Reads the value whose first token is current. {@code path} names it in messages. */
        static YamlNode read(JsonParser p, String path) throws IOException {
            Location at = Location.of(p.currentTokenLocation());
            JsonToken t = p.currentToken();
            if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                throw new ProfileProblem(at, "YAML alias *" + Text.shorten(p.getText()) + " at " + Paths.name(path)
                        + "; profiles do not support anchors and aliases", "write the value out in full");
            }
            switch (t) {
                case START_OBJECT -> {
                    List<Entry> entries = new ArrayList<>();
                    Map<String, Location> seen = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        Location keyAt = Location.of(p.currentTokenLocation());
                        Location first = seen.putIfAbsent(key, keyAt);
                        if (first != null) {
                            throw new ProfileProblem(keyAt, "duplicate key " + Text.single(key) + " " + Paths.where(path)
                                    + " (first at line " + first.line() + ")", "keep one of them");
                        }
                        p.nextToken();
                        entries.add(new Entry(key, keyAt, read(p, Paths.child(path, key))));
                    }
                    return new Mapping(at, List.copyOf(entries));
                }
                case START_ARRAY -> {
                    List<YamlNode> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(read(p, Paths.index(path, items.size())));
                    }
                    return new Sequence(at, List.copyOf(items));
                }
                case VALUE_STRING -> { return new Scalar(at, Scalar.Kind.STRING, p.getText()); }
                case VALUE_NUMBER_INT -> { return new Scalar(at, Scalar.Kind.INTEGER, p.getText()); }
                case VALUE_NUMBER_FLOAT -> { return new Scalar(at, Scalar.Kind.FLOAT, p.getText()); }
                case VALUE_TRUE, VALUE_FALSE -> { return new Scalar(at, Scalar.Kind.BOOLEAN, p.getText()); }
                case VALUE_NULL -> { return new Scalar(at, Scalar.Kind.NULL, ""); }
                default -> throw new ProfileProblem(at, "unexpected YAML content (" + t + ")", null);
            }
        }
    }

    /** How paths read in messages: {@code tables[0].pitr.recovery_days}. */
    final class Paths {
        private Paths() {}

        static String child(String path, String key) { return path.isEmpty() ? key : path + "." + key; }

        static String index(String path, int i) { return path + "[" + i + "]"; }

        /** {@code in tables[0].pitr} or {@code at the top level}. */
        static String where(String path) { return path.isEmpty() ? "at the top level" : "in " + path; }

        /** The path, or "the top level". */
        static String name(String path) { return path.isEmpty() ? "the top level" : path; }
    }
}
