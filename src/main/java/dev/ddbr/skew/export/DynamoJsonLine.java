package dev.ddbr.skew.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.skew.ItemSize;
import dev.ddbr.skew.KeyText;
import java.io.IOException;
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

    /**
     * Stream one line: the item's size, and the wanted top-level attributes handed to {@code visitor}.
     *
     * @throws ItemFormatException when the line is not {@code {"Item":{...}}} with valid type descriptors
     */
    public long scan(byte[] buf, int off, int len, AttributeVisitor visitor) throws ItemFormatException {
        try (JsonParser p = FACTORY.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ItemFormatException("expected {\"Item\":{...}}");
            long size = -1;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                if ("Item".equals(f)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) throw new ItemFormatException("\"Item\" is not an object");
                    size = item(p, visitor);
                } else {
                    p.nextToken();
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new ItemFormatException("unexpected " + t);
            if (p.nextToken() != null) throw new ItemFormatException("trailing data after the item");
            if (size < 0) throw new ItemFormatException("no \"Item\" in the line");
            return size;
        } catch (IOException e) {
            throw new ItemFormatException("malformed JSON: " + oneLine(e), e);
        }
    }

    private long item(JsonParser p, AttributeVisitor visitor) throws IOException, ItemFormatException {
        long size = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            boolean wanted = visitor.wants(name);
            keyText = null;
            long s = ItemSize.utf8Length(name) + typed(p, name, wanted);
            size += s;
            if (wanted) visitor.attribute(name, keyText, s);
        }
        return size;
    }

    private String keyText;

    /** At the value of a field: a type descriptor object. Returns its size; sets keyText when asked. */
    private long typed(JsonParser p, String where, boolean wantKey) throws IOException, ItemFormatException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new ItemFormatException("attribute '" + where + "': expected {\"TYPE\":value}");
        return typedInside(p, where, wantKey);
    }

    /** Like {@link #typed} with the START_OBJECT already consumed. */
    private long typedInside(JsonParser p, String where, boolean wantKey) throws IOException, ItemFormatException {
        if (p.nextToken() != JsonToken.FIELD_NAME) throw new ItemFormatException("attribute '" + where + "': empty type descriptor");
        String type = p.currentName();
        JsonToken v = p.nextToken();
        long size;
        switch (type) {
            case "S" -> {
                String s = string(p, v, where);
                size = ItemSize.utf8Length(s);
                if (wantKey) keyText = s;
            }
            case "N" -> {
                String s = string(p, v, where);
                size = ItemSize.numberBytes(s);
                if (wantKey) keyText = KeyText.number(s);
            }
            case "B" -> {
                String s = string(p, v, where);
                size = ItemSize.base64DecodedLength(s);
                if (wantKey) keyText = s;
            }
            case "BOOL" -> {
                if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) throw new ItemFormatException("attribute '" + where + "': BOOL is not true/false");
                size = 1;
            }
            case "NULL" -> {
                p.skipChildren();
                size = 1;
            }
            case "SS", "NS", "BS" -> {
                if (v != JsonToken.START_ARRAY) throw new ItemFormatException("attribute '" + where + "': " + type + " is not a list");
                size = 0;
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    String s = string(p, x, where);
                    size += type.equals("SS") ? ItemSize.utf8Length(s) : type.equals("NS") ? ItemSize.numberBytes(s)
                            : ItemSize.base64DecodedLength(s);
                }
            }
            case "L" -> {
                if (v != JsonToken.START_ARRAY) throw new ItemFormatException("attribute '" + where + "': L is not a list");
                size = 3;
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (x != JsonToken.START_OBJECT) throw new ItemFormatException("attribute '" + where + "': list element is not {\"TYPE\":value}");
                    size += 1 + typedInside(p, where, false);
                }
            }
            case "M" -> {
                if (v != JsonToken.START_OBJECT) throw new ItemFormatException("attribute '" + where + "': M is not an object");
                size = 3;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String n = p.currentName();
                    size += 1 + ItemSize.utf8Length(n) + typed(p, where, false);
                }
            }
            default -> throw new ItemFormatException("attribute '" + where + "': unknown type '" + type + "'");
        }
        if (p.nextToken() != JsonToken.END_OBJECT) throw new ItemFormatException("attribute '" + where + "': more than one type in a descriptor");
        return size;
    }

    private static String string(JsonParser p, JsonToken t, String where) throws IOException, ItemFormatException {
        if (t != JsonToken.VALUE_STRING) throw new ItemFormatException("attribute '" + where + "': expected a string value");
        return p.getText();
    }

    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
