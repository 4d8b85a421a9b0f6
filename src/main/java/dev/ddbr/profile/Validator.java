package dev.ddbr.profile;

import dev.ddbr.profile.Schema.Field;
import dev.ddbr.profile.Schema.ListOf;
import dev.ddbr.profile.Schema.MapOf;
import dev.ddbr.profile.Schema.Node;
import dev.ddbr.profile.Schema.Problem;
import dev.ddbr.profile.Schema.Section;
import dev.ddbr.profile.Schema.Type;
import dev.ddbr.profile.Schema.Value;
import dev.ddbr.profile.YamlNode.Entry;
import dev.ddbr.profile.YamlNode.Location;
import dev.ddbr.profile.YamlNode.Mapping;
import dev.ddbr.profile.YamlNode.Paths;
import dev.ddbr.profile.YamlNode.Scalar;
import dev.ddbr.profile.YamlNode.Sequence;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a located YAML tree against {@link Schema} and returns plain values: {@code Map} for
 * mappings (document order), {@code List}, {@code Integer}, {@code Double}, {@code Boolean}, {@code String}.
 * Absent keys are absent (defaults are applied by the binder). The first problem, in document order,
 * is thrown as a {@link ProfileProblem}.
 */
final class Validator {
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern YAML_TRUE_FALSE = Pattern.compile("true|True|TRUE|false|False|FALSE");

    private Validator() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> validate(YamlNode root) {
        rejectSecrets(root, "");
        return (Map<String, Object>) check(Schema.PROFILE, root, "", root.location());
    }

    /** Secrets first, anywhere in the file, before any message could echo a value. */
    private static void rejectSecrets(YamlNode node, String path) {
        if (node instanceof Mapping m) {
            for (Entry e : m.entries()) {
                if (Schema.looksSecret(e.key())) {
                    throw new ProfileProblem(e.keyLocation(), "key " + Text.single(e.key()) + " " + Paths.where(path)
                            + " looks like a secret; a profile never holds secrets",
                            "remove it; ddbr takes credentials from the AWS SDK: aws.profile or --aws-profile, "
                                    + "AWS_* environment variables, SSO or an instance role");
                }
                rejectSecrets(e.value(), Paths.child(path, e.key()));
            }
        } else if (node instanceof Sequence s) {
            for (int i = 0; i < s.items().size(); i++) rejectSecrets(s.items().get(i), Paths.index(path, i));
        } else if (node instanceof Scalar s && s.kind() == Scalar.Kind.STRING && Schema.holdsAccessKeyId(s.text())) {
            throw new ProfileProblem(s.location(), "the value of " + Paths.name(path)
                    + " looks like an AWS access key ID; a profile never holds credentials",
                    "remove it; use an AWS named profile (aws.profile) or the AWS_* environment variables");
        }
    }

    /**
     * @param at where to point for a missing value: the key of the entry
     * @return the checked value; for a container written as nothing ({@code aws:}): an empty map for a section
     *         without required keys, else null (as if absent)
     */
    private static Object check(Node schema, YamlNode node, String path, Location at) {
        if (node instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
            if (schema instanceof Value) {
                throw new ProfileProblem(at, "missing value for " + path, "give a value or remove the key");
            }
            // a section with nothing after it and no required keys is there, with its defaults (as {}):
            // 'backup:' alone opts a table into backup run
            if (schema instanceof Section section && section.fields().stream().noneMatch(Field::required)) return Map.of();
            return null;
        }
        if (schema instanceof Section section) return section(section, node, path);
        if (schema instanceof MapOf map) return map(map, node, path);
        if (schema instanceof ListOf list) return list(list, node, path);
        return scalar((Value) schema, node, path);
    }

    private static Map<String, Object> section(Section schema, YamlNode node, String path) {
        Mapping m = mapping(node, path);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            Field f = schema.field(e.key()).orElseThrow(() -> unknownKey(schema, e, path));
            Object v = check(f.node(), e.value(), Paths.child(path, e.key()), e.keyLocation());
            if (v != null) out.put(e.key(), v);
        }
        for (Field f : schema.fields()) {
            if (f.required() && !out.containsKey(f.key())) {
                Location at = m.entry(f.key()).map(Entry::keyLocation).orElse(m.location());
                throw new ProfileProblem(at, "missing required key " + Text.single(f.key()) + " " + Paths.where(path),
                        f.key() + ": " + f.description());
            }
        }
        return out;
    }

    private static ProfileProblem unknownKey(Section schema, Entry e, String path) {
        List<String> keys = schema.keys();
        String allowed = String.join(", ", keys);
        String what = "unknown key " + Text.single(e.key()) + " " + Paths.where(path);
        return Text.closest(e.key(), keys)
                .map(c -> new ProfileProblem(e.keyLocation(), what + "; did you mean " + Text.single(c) + "?",
                        "allowed keys " + Paths.where(path) + ": " + allowed))
                .orElseGet(() -> new ProfileProblem(e.keyLocation(), what + "; allowed keys: " + allowed,
                        "see docs/profile.md; 'ddbr profile init' prints a commented starter profile"));
    }

    private static Map<String, Object> map(MapOf schema, YamlNode node, String path) {
        Mapping m = mapping(node, path);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            Problem p = schema.key().check().test(e.key(), path);
            if (p != null) throw new ProfileProblem(e.keyLocation(), p.message(), p.hint());
            Object v = check(schema.value(), e.value(), Paths.child(path, e.key()), e.keyLocation());
            out.put(e.key(), v == null ? Map.of() : v);
        }
        return out;
    }

    private static List<Object> list(ListOf schema, YamlNode node, String path) {
        if (!(node instanceof Sequence seq)) {
            String hint = schema.item() instanceof Section s
                    ? "start each " + schema.itemName() + " with '- " + s.keys().get(0) + ": ...'"
                    : "write a list: [a, b] or one '- item' per line";
            throw new ProfileProblem(node.location(), "expected a list for " + path + ", got " + YamlNode.describe(node), hint);
        }
        List<Object> out = new ArrayList<>();
        Map<Object, Location> seen = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = Paths.index(path, i);
            if (item instanceof Scalar sc && sc.kind() == Scalar.Kind.NULL) {
                throw new ProfileProblem(item.location(), "empty entry " + itemPath, "fill it in or remove the '-'");
            }
            Object v = check(schema.item(), item, itemPath, item.location());
            if (schema.unique()) {
                Object key = v;
                Location at = item.location();
                if (schema.uniqueKey() != null) {
                    key = ((Map<?, ?>) v).get(schema.uniqueKey());
                    at = ((Mapping) item).entry(schema.uniqueKey()).map(e -> e.value().location()).orElse(at);
                }
                Location first = seen.putIfAbsent(key, at);
                if (first != null) {
                    throw new ProfileProblem(at, "duplicate " + schema.itemName() + (schema.uniqueKey() == null ? " " : " " + schema.uniqueKey() + " ")
                            + Text.single(String.valueOf(key)) + " in " + itemPath + " (first at line " + first.line() + ")",
                            "list each " + schema.itemName() + " once");
                }
            }
            out.add(v);
        }
        if (out.size() < schema.minItems()) {
            throw new ProfileProblem(seq.location(), path + " needs at least " + schema.minItems() + " "
                    + (schema.unique() ? "distinct " : "") + schema.itemName() + "s, got " + out.size(), null);
        }
        return out;
    }

    private static Mapping mapping(YamlNode node, String path) {
        if (node instanceof Mapping m) return m;
        throw new ProfileProblem(node.location(), "expected a mapping (key: value) for " + Paths.name(path) + ", got "
                + YamlNode.describe(node), null);
    }

    private static Object scalar(Value schema, YamlNode node, String path) {
        Type type = schema.type();
        if (!(node instanceof Scalar s)) {
            throw new ProfileProblem(node.location(), "expected " + type.expected() + " for " + path + ", got "
                    + YamlNode.describe(node), null);
        }
        Object value = switch (type) {
            case STRING -> {
                if (s.kind() != Scalar.Kind.STRING) {
                    throw wrongType(s, type, path, "quote it to make it text: \"" + Text.shorten(s.text()) + "\"");
                }
                yield s.text();
            }
            case BOOLEAN -> {
                if (s.kind() != Scalar.Kind.BOOLEAN) {
                    throw wrongType(s, type, path, YAML_TRUE_FALSE.matcher(s.text()).matches() ? "remove the quotes" : null);
                }
                if (!YAML_TRUE_FALSE.matcher(s.text()).matches()) {
                    throw new ProfileProblem(s.location(), "expected true or false for " + path + ", got " + Text.shorten(s.text()),
                            "YAML 1.1 words yes/no/on/off are not booleans in a ddbr profile: write true or false");
                }
                yield Boolean.valueOf(s.text().toLowerCase(java.util.Locale.ROOT));
            }
            case INTEGER -> {
                if (s.kind() == Scalar.Kind.FLOAT) {
                    throw new ProfileProblem(s.location(), "expected a whole number for " + path + ", got " + Text.shorten(s.text()), null);
                }
                number(s, type, path, DECIMAL_INT);
                BigInteger big = new BigInteger(s.text().startsWith("+") ? s.text().substring(1) : s.text());
                if (big.bitLength() >= 64) {
                    throw new ProfileProblem(s.location(), path + " is out of range, got " + Text.shorten(s.text()),
                            "allowed: " + schema.allowed());
                }
                yield big.longValue();
            }
            case NUMBER -> {
                number(s, type, path, DECIMAL);
                yield Double.valueOf(s.text());
            }
        };
        Problem p = schema.check().test(value, path);
        if (p != null) throw new ProfileProblem(s.location(), p.message(), p.hint());
        return value instanceof Long l ? Integer.valueOf(l.intValue()) : value;
    }

    /** Numbers must be numbers, written in plain decimal: no quotes, hex, octal, '_' or .inf. */
    private static void number(Scalar s, Type type, String path, Pattern format) {
        if (s.kind() != Scalar.Kind.INTEGER && s.kind() != Scalar.Kind.FLOAT) {
            boolean numeric = s.kind() == Scalar.Kind.STRING && DECIMAL.matcher(s.text().strip()).matches();
            throw wrongType(s, type, path, numeric ? "remove the quotes" : null);
        }
        if (!format.matcher(s.text()).matches()) {
            throw new ProfileProblem(s.location(), "unsupported number " + Text.shorten(s.text()) + " for " + path
                    + "; write a plain decimal number", null);
        }
    }

    private static ProfileProblem wrongType(Scalar s, Type type, String path, String hint) {
        return new ProfileProblem(s.location(), "expected " + type.expected() + " for " + path + ", got " + s.describe(), hint);
    }
}
