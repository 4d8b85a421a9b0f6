package dev.ddbr.skew.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One line of a DynamoDB JSON export: {@code {"Item":{"pk":{"S":"a"},"n":{"N":"1"},...}}}.
 *
 * <p>Two ways in: {@link #parse(String)} builds SDK {@link AttributeValue}s (for importing), and
 * {@link #scan} streams the line, returning the item's size by DynamoDB's rules and handing the
 * requested top-level attributes to a visitor, without building objects (for analysis). One instance
 * per thread.
 */
public final class DynamoJsonLine {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    /** Parse a line into an item. */
    public static Map<String, AttributeValue> parse(String line) throws ItemFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new ItemFormatException("malformed JSON: " + oneLine(e), e);
        }
        if (root == null || !root.isObject() || !root.has("Item") || !root.get("Item").isObject()) {
            throw new ItemFormatException("expected {\"Item\":{...}}");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("Item").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            item.put(e.getKey(), value(e.getValue(), e.getKey()));
        }
        return item;
    }

    private static AttributeValue value(JsonNode n, String where) throws ItemFormatException {
        if (n == null || !n.isObject() || n.size() != 1) {
            throw new ItemFormatException("attribute '" + where + "': expected one type descriptor like {\"S\":...}");
        }
        Map.Entry<String, JsonNode> e = n.fields().next();
        JsonNode v = e.getValue();
        try {
            return switch (e.getKey()) {
                case "S" -> AttributeValue.fromS(text(v, where));
                case "N" -> AttributeValue.fromN(text(v, where));
                case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(v, where))));
                case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
                case "NULL" -> AttributeValue.fromNul(true);
                case "SS" -> AttributeValue.fromSs(texts(v, where));
                case "NS" -> AttributeValue.fromNs(texts(v, where));
                case "BS" -> {
                    List<SdkBytes> bs = new ArrayList<>();
                    for (String s : texts(v, where)) bs.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(s)));
                    yield AttributeValue.fromBs(bs);
                }
                case "L" -> {
                    if (!v.isArray()) throw new ItemFormatException("attribute '" + where + "': L is not a list");
                    List<AttributeValue> l = new ArrayList<>();
                    for (JsonNode x : v) l.add(value(x, where));
                    yield AttributeValue.fromL(l);
                }
                case "M" -> {
                    if (!v.isObject()) throw new ItemFormatException("attribute '" + where + "': M is not an object");
                    Map<String, AttributeValue> m = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        m.put(f.getKey(), value(f.getValue(), where + "." + f.getKey()));
                    }
                    yield AttributeValue.fromM(m);
                }
                default -> throw new ItemFormatException("attribute '" + where + "': unknown type '" + e.getKey() + "'");
            };
        } catch (IllegalArgumentException bad) {
            throw new ItemFormatException("attribute '" + where + "': bad base64");
        }
    }

    private static String text(JsonNode v, String where) throws ItemFormatException {
        if (!v.isTextual()) throw new ItemFormatException("attribute '" + where + "': expected a string");
        return v.textValue();
    }

    private static List<String> texts(JsonNode v, String where) throws ItemFormatException {
        if (!v.isArray()) throw new ItemFormatException("attribute '" + where + "': expected a list");
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) out.add(text(x, where));
        return out;
    }

    // --- streaming ------------------------------------------------------------------------------

    private final DynamoJsonScanner scanner = new DynamoJsonScanner();
    private final VisitorSink sink = new VisitorSink();

    /**
     * Stream one line: the item's size, and the wanted top-level attributes handed to {@code visitor}
     * (with {@link DynamoJsonScanner}; analysis uses that directly with an {@link ItemSink}).
     *
     * @throws ItemFormatException when the line is not {@code {"Item":{...}}} with valid type descriptors
     */
    public long scan(byte[] buf, int off, int len, AttributeVisitor visitor) throws ItemFormatException {
        sink.visitor = visitor;
        sink.names.clear();
        return scanner.scan(buf, off, len, sink);
    }

    /** Adapts a String-based visitor. */
    private static final class VisitorSink implements ItemSink {
        AttributeVisitor visitor;
        final List<String> names = new ArrayList<>();

        @Override
        public int want(byte[] name, int off, int len) {
            String n = new String(name, off, len, StandardCharsets.UTF_8);
            if (!visitor.wants(n)) return -1;
            names.add(n);
            return names.size() - 1;
        }

        @Override
        public void attribute(int slot, byte keyType, byte[] key, int keyOff, int keyLen, long size) {
            visitor.attribute(names.get(slot), keyType == 0 ? null : new String(key, keyOff, keyLen, StandardCharsets.UTF_8), size);
        }
    }

    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
