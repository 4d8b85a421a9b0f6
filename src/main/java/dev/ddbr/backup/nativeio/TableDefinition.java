package dev.ddbr.backup.nativeio;

import dev.ddbr.error.DdbrException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/**
 * A new table's key schema, global secondary indexes and billing given on the command line of
 * {@code backup import --native} (for a source table that no longer exists, or lives in another account):
 * {@code --key pk:S[,sk:N]}, {@code --gsi NAME=pk:S[,sk:S][:ALL|KEYS_ONLY|INCLUDE(a,b)]} (repeatable) and
 * {@code --billing on-demand|provisioned:RCU/WCU}. Parsed strictly against ImportTable's API model (attribute
 * names 1-255 characters, types S|N|B, index names 3-255 of [a-zA-Z0-9_.-], 1-20 INCLUDE attributes, capacity at
 * least 1) and DynamoDB's rules the model cannot say (one type per attribute, at most 100 INCLUDE attributes
 * over all indexes, distinct index names); any problem is one {@link DdbrException#invalid} line.
 */
public record TableDefinition(List<Key> keys, List<Index> indexes, Billing billing) {
    public static final String KEY_FORM = "--key pk:S[,sk:N]";
    public static final String GSI_FORM = "--gsi NAME=pk:S[,sk:S][:ALL|KEYS_ONLY|INCLUDE(a,b)]";
    public static final String BILLING_FORM = "--billing on-demand|provisioned:RCU/WCU";

    /** One key attribute: its name and scalar type (S, N or B). */
    public record Key(String name, String type) {
        @Override
        public String toString() { return name + " (" + type + ")"; }
    }

    /** A GSI: name, keys (partition, then optional sort), projection ALL | KEYS_ONLY | INCLUDE with its attributes. */
    public record Index(String name, List<Key> keys, String projection, List<String> include) {}

    /** PAY_PER_REQUEST, or PROVISIONED with the table's (and each index's) read and write capacity. */
    public record Billing(String mode, Long readCapacityUnits, Long writeCapacityUnits) {
        public static final Billing ON_DEMAND = new Billing("PAY_PER_REQUEST", null, null);

        @Override
        public String toString() {
            return readCapacityUnits == null ? "on-demand" : "provisioned " + readCapacityUnits + " RCU / " + writeCapacityUnits + " WCU";
        }
    }

    static final int MAX_NAME = 255;
    static final int MAX_INCLUDE_PER_INDEX = 20;
    static final int MAX_INCLUDE_TOTAL = 100;
    private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern PROJECTION = Pattern.compile("(.*):(ALL|KEYS_ONLY|INCLUDE\\((.*)\\))", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CAPACITY = Pattern.compile("[0-9]{1,18}");

    /**
     * @param key     {@code --key}, required
     * @param gsis    each {@code --gsi}, in order (may be empty)
     * @param billing {@code --billing}, null for on-demand
     */
    public static TableDefinition parse(String key, List<String> gsis, String billing) {
        if (key == null) throw DdbrException.invalid("the table's definition needs its key: " + KEY_FORM, "e.g. --key pk:S,sk:N");
        List<Key> keys = keys(key, "--key '" + key + "'");
        Map<String, String> types = new LinkedHashMap<>();
        keys.forEach(k -> types.put(k.name(), k.type()));
        List<Index> indexes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int included = 0;
        for (String g : gsis) {
            Index i = index(g);
            if (!names.add(i.name())) {
                throw DdbrException.invalid("--gsi: index '" + i.name() + "' is given twice", "give each index once, with its own name");
            }
            for (Key k : i.keys()) {
                String before = types.putIfAbsent(k.name(), k.type());
                if (before != null && !before.equals(k.type())) {
                    throw DdbrException.invalid("--gsi '" + g + "': attribute '" + k.name() + "' is " + k.type() + " here but " + before
                            + " in an earlier key; an attribute has one type", "give '" + k.name() + "' the same type (S, N or B) everywhere");
                }
            }
            included += i.include().size();
            indexes.add(i);
        }
        if (included > MAX_INCLUDE_TOTAL) {
            throw DdbrException.invalid("--gsi: " + included + " INCLUDE attributes over all indexes; DynamoDB allows at most " + MAX_INCLUDE_TOTAL,
                    "project fewer attributes, or use ALL");
        }
        return new TableDefinition(keys, List.copyOf(indexes), billing(billing));
    }

    private static List<Key> keys(String spec, String where) {
        String[] parts = spec.split(",", -1);
        if (parts.length > 2) {
            throw DdbrException.invalid(where + ": a key has a partition key and at most one sort key, not " + parts.length + " attributes",
                    "e.g. pk:S or pk:S,sk:N");
        }
        List<Key> out = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) throw DdbrException.invalid(where + ": an attribute is missing (a stray comma?)", "write NAME:TYPE[,NAME:TYPE], e.g. pk:S,sk:N");
            int colon = p.lastIndexOf(':');
            if (colon < 0) {
                throw DdbrException.invalid(where + ": '" + p + "' has no type", "write NAME:TYPE with TYPE S, N or B, e.g. " + (p.isEmpty() ? "pk" : p) + ":S");
            }
            String name = p.substring(0, colon);
            String type = p.substring(colon + 1).toUpperCase(Locale.ROOT);
            if (name.isEmpty()) throw DdbrException.invalid(where + ": an attribute name is empty", "write NAME:TYPE, e.g. pk:S");
            if (name.length() > MAX_NAME) {
                throw DdbrException.invalid(where + ": attribute name '" + abbreviate(name) + "' has " + name.length() + " characters; at most " + MAX_NAME,
                        "use the attribute's real name");
            }
            if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
                throw DdbrException.invalid(where + ": '" + p.substring(colon + 1) + "' is not a key type", "a key attribute is S (string), N (number) or B (binary), e.g. " + name + ":S");
            }
            if (!out.isEmpty() && out.get(0).name().equals(name)) {
                throw DdbrException.invalid(where + ": '" + name + "' is both the partition and the sort key", "name two different attributes, or give one");
            }
            out.add(new Key(name, type));
        }
        return List.copyOf(out);
    }

    private static Index index(String spec) {
        String where = "--gsi '" + spec + "'";
        int eq = spec.indexOf('=');
        if (eq < 0) throw DdbrException.invalid(where + ": no index name", "write " + GSI_FORM.substring(6) + ", e.g. by-status=status:S:KEYS_ONLY");
        String name = spec.substring(0, eq);
        if (!INDEX_NAME.matcher(name).matches()) {
            throw DdbrException.invalid(where + ": '" + abbreviate(name) + "' is not an index name",
                    "an index name has 3 to 255 characters: letters, digits, '_', '-' and '.'");
        }
        String rest = spec.substring(eq + 1);
        String projection = "ALL";
        List<String> include = List.of();
        Matcher m = PROJECTION.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            projection = m.group(2).toUpperCase(Locale.ROOT);
            if (m.group(3) != null) {
                projection = "INCLUDE";
                include = include(m.group(3), where);
            }
        } else if (rest.toUpperCase(Locale.ROOT).contains(":INCLUDE")) {
            throw DdbrException.invalid(where + ": INCLUDE needs its attributes in parentheses", "e.g. " + name + "=status:S:INCLUDE(total,owner)");
        }
        if (rest.isEmpty()) throw DdbrException.invalid(where + ": no key", "e.g. " + name + "=status:S or " + name + "=status:S,created:N:KEYS_ONLY");
        List<Key> keys = keys(rest, where);
        for (String a : include) {
            if (keys.stream().anyMatch(k -> k.name().equals(a))) {
                throw DdbrException.invalid(where + ": '" + a + "' is a key of the index; INCLUDE lists non-key attributes", "leave '" + a + "' out of INCLUDE(...)");
            }
        }
        return new Index(name, keys, projection, include);
    }

    private static List<String> include(String list, String where) {
        if (list.isEmpty()) throw DdbrException.invalid(where + ": INCLUDE() names no attribute", "e.g. INCLUDE(total,owner), or use KEYS_ONLY");
        List<String> out = new ArrayList<>();
        for (String a : list.split(",", -1)) {
            if (a.isEmpty()) throw DdbrException.invalid(where + ": an INCLUDE attribute name is empty", "e.g. INCLUDE(total,owner)");
            if (a.length() > MAX_NAME) {
                throw DdbrException.invalid(where + ": INCLUDE attribute '" + abbreviate(a) + "' has " + a.length() + " characters; at most " + MAX_NAME,
                        "use the attribute's real name");
            }
            if (out.contains(a)) throw DdbrException.invalid(where + ": INCLUDE names '" + a + "' twice", "name each attribute once");
            out.add(a);
        }
        if (out.size() > MAX_INCLUDE_PER_INDEX) {
            throw DdbrException.invalid(where + ": INCLUDE names " + out.size() + " attributes; an index projects at most " + MAX_INCLUDE_PER_INDEX,
                    "project fewer attributes, or use ALL");
        }
        return List.copyOf(out);
    }

    private static Billing billing(String spec) {
        if (spec == null || spec.equals("on-demand")) return Billing.ON_DEMAND;
        String hint = "--billing on-demand, or provisioned:RCU/WCU with whole numbers of at least 1, e.g. provisioned:100/50";
        if (!spec.startsWith("provisioned:")) {
            throw DdbrException.invalid("--billing '" + spec + "' is neither on-demand nor provisioned:RCU/WCU", hint);
        }
        String[] rw = spec.substring("provisioned:".length()).split("/", -1);
        if (rw.length != 2) throw DdbrException.invalid("--billing '" + spec + "': give read and write capacity as RCU/WCU", hint);
        return new Billing("PROVISIONED", capacity(rw[0], "read", spec, hint), capacity(rw[1], "write", spec, hint));
    }

    private static long capacity(String s, String what, String spec, String hint) {
        long v = CAPACITY.matcher(s).matches() ? Long.parseLong(s) : 0;
        if (v < 1) throw DdbrException.invalid("--billing '" + spec + "': " + what + " capacity '" + s + "' is not a whole number of at least 1", hint);
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * ImportTable's TableCreationParameters: key schema, attribute definitions for exactly the key attributes of the
     * table and its indexes (each once), the indexes, billing; throughput on the table and every index only when
     * PROVISIONED (each index gets the table's capacity), as the API model demands.
     */
    public TableCreationParameters parameters(String table) {
        Map<String, String> types = new LinkedHashMap<>();
        keys.forEach(k -> types.putIfAbsent(k.name(), k.type()));
        indexes.forEach(i -> i.keys().forEach(k -> types.putIfAbsent(k.name(), k.type())));
        ProvisionedThroughput throughput = billing.readCapacityUnits() == null ? null
                : ProvisionedThroughput.builder().readCapacityUnits(billing.readCapacityUnits()).writeCapacityUnits(billing.writeCapacityUnits()).build();
        TableCreationParameters.Builder b = TableCreationParameters.builder().tableName(table)
                .keySchema(schema(keys))
                .attributeDefinitions(types.entrySet().stream()
                        .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build()).toList())
                .billingMode(billing.mode());
        if (throughput != null) b.provisionedThroughput(throughput);
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes.stream().map(i -> {
                Projection.Builder p = Projection.builder().projectionType(i.projection());
                if (!i.include().isEmpty()) p.nonKeyAttributes(i.include());
                GlobalSecondaryIndex.Builder g = GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(schema(i.keys())).projection(p.build());
                if (throughput != null) g.provisionedThroughput(throughput);
                return g.build();
            }).toList());
        }
        return b.build();
    }

    private static List<KeySchemaElement> schema(List<Key> keys) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(KeySchemaElement.builder().attributeName(keys.get(i).name()).keyType(i == 0 ? "HASH" : "RANGE").build());
        }
        return out;
    }

    /** One line for the preflight: {@code pk (S), sk (N); index by-status: status (S), KEYS_ONLY; on-demand}. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.join(", ", keys.stream().map(Key::toString).toList()));
        for (Index i : indexes) {
            s.append("; index ").append(i.name()).append(": ").append(String.join(", ", i.keys().stream().map(Key::toString).toList()))
                    .append(", ").append(i.projection());
            if (!i.include().isEmpty()) s.append("(").append(String.join(",", i.include())).append(")");
        }
        return s.append("; ").append(billing).toString();
    }
}
