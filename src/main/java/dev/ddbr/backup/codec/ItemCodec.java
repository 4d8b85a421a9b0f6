package dev.ddbr.backup.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON, the line format of a native DynamoDB export: {@code {"Item":{"pk":{"S":"a"},...}}}.
 *
 * <p>Fidelity rules: numbers are kept as the exact strings DynamoDB returned (never parsed to a double),
 * binary values are standard base64, sets keep their order, unicode is written as UTF-8. A number written
 * as a bare JSON number by another tool is read with its exact decimal text. Unknown type descriptors,
 * or a value of the wrong JSON type, are errors naming the attribute.
 */
public final class ItemCodec {
    /** Items can be up to 400 KB; allow long strings and deep nesting (DynamoDB allows 32 levels). */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(50_000_000).maxNestingDepth(200).build())
            .build();

    private ItemCodec() {}

    /** A malformed line: where and why. */
    public static final class FormatException extends RuntimeException {
        public FormatException(String message) { super(message); }
    }

    // ------------------------------------------------------------------ writing

    /** One export line, without the trailing newline. */
    public static String toLine(Map<String, AttributeValue> item) {
        return new String(toLineBytes(item), StandardCharsets.UTF_8);
    }

    /** One export line as UTF-8 bytes, without the trailing newline. */
    public static byte[] toLineBytes(Map<String, AttributeValue> item) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        writeLine(item, buf);
        return buf.toByteArray();
    }

    /** Write {@code {"Item":{...}}} (no newline) to {@code out}. */
    public static void writeLine(Map<String, AttributeValue> item, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeFieldName("Item");
            writeMap(g, item);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item as a bare DynamoDB JSON map: {@code {"pk":{"S":"a"}}}. */
    public static String toJson(Map<String, AttributeValue> item) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
            writeMap(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void writeMap(JsonGenerator g, Map<String, AttributeValue> m) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, String name, AttributeValue v) throws IOException {
        g.writeStartObject();
        if (v.s() != null) {
            g.writeStringField("S", v.s());
        } else if (v.n() != null) {
            g.writeStringField("N", v.n());
        } else if (v.b() != null) {
            g.writeStringField("B", b64(v.b()));
        } else if (v.bool() != null) {
            g.writeBooleanField("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            g.writeBooleanField("NULL", true);
        } else if (v.hasSs()) {
            g.writeArrayFieldStart("SS");
            for (String s : v.ss()) g.writeString(s);
            g.writeEndArray();
        } else if (v.hasNs()) {
            g.writeArrayFieldStart("NS");
            for (String s : v.ns()) g.writeString(s);
            g.writeEndArray();
        } else if (v.hasBs()) {
            g.writeArrayFieldStart("BS");
            for (SdkBytes b : v.bs()) g.writeString(b64(b));
            g.writeEndArray();
        } else if (v.hasM()) {
            g.writeFieldName("M");
            writeMap(g, v.m());
        } else if (v.hasL()) {
            g.writeArrayFieldStart("L");
            for (AttributeValue x : v.l()) writeValue(g, name, x);
            g.writeEndArray();
        } else {
            throw new FormatException("attribute '" + name + "' has no value of a known type: " + v);
        }
        g.writeEndObject();
    }

    private static String b64(SdkBytes b) {
        return Base64.getEncoder().encodeToString(b.asByteArrayUnsafe());
    }

    // ------------------------------------------------------------------ reading

    /** Parse one export line: {@code {"Item":{...}}}, or a bare item map. */
    public static Map<String, AttributeValue> fromLine(String line) {
        return fromLine(line.getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, AttributeValue> fromLine(byte[] utf8) {
        try (JsonParser p = FACTORY.createParser(utf8)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a line must be a JSON object");
            JsonToken t = p.nextToken();
            Map<String, AttributeValue> item;
            if (t == JsonToken.FIELD_NAME && "Item".equals(p.currentName())) {
                p.nextToken();
                expect(p.currentToken(), JsonToken.START_OBJECT, "\"Item\" must be an object");
                item = readMapBody(p, "Item");
                JsonToken end = p.nextToken();
                // other top-level fields (none in DynamoDB JSON exports) are ignored
                while (end == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    p.skipChildren();
                    end = p.nextToken();
                }
            } else {
                // a bare item map: we are inside its object already
                item = readMapFieldsFrom(p, t, "item");
            }
            if (p.nextToken() != null) throw new FormatException("trailing content after the item");
            return item;
        } catch (IOException e) {
            throw new FormatException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Parse a bare DynamoDB JSON item map: {@code {"pk":{"S":"a"}}}. */
    public static Map<String, AttributeValue> fromJson(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an item must be a JSON object");
            return readMapBody(p, "item");
        } catch (IOException e) {
            throw new FormatException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static Map<String, AttributeValue> readMapBody(JsonParser p, String where) throws IOException {
        return readMapFieldsFrom(p, p.nextToken(), where);
    }

    private static Map<String, AttributeValue> readMapFieldsFrom(JsonParser p, JsonToken t, String where) throws IOException {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        while (t == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p, name));
            t = p.nextToken();
        }
        expect(t, JsonToken.END_OBJECT, "malformed " + where);
        return m;
    }

    private static AttributeValue readValue(JsonParser p, String name) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "attribute '" + name + "' must be an object like {\"S\":\"...\"}");
        if (p.nextToken() != JsonToken.FIELD_NAME) throw new FormatException("attribute '" + name + "' has no type descriptor");
        String type = p.currentName();
        JsonToken vt = p.nextToken();
        AttributeValue v = switch (type) {
            case "S" -> AttributeValue.fromS(text(p, vt, name, type));
            case "N" -> AttributeValue.fromN(number(p, vt, name));
            case "B" -> AttributeValue.fromB(bytes(text(p, vt, name, type), name));
            case "BOOL" -> {
                if (vt != JsonToken.VALUE_TRUE && vt != JsonToken.VALUE_FALSE) throw wrong(name, type, "true or false");
                yield AttributeValue.fromBool(vt == JsonToken.VALUE_TRUE);
            }
            case "NULL" -> {
                if (vt != JsonToken.VALUE_TRUE) throw wrong(name, type, "true");
                yield AttributeValue.fromNul(true);
            }
            case "SS" -> {
                List<String> out = new ArrayList<>();
                array(p, vt, name, type);
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) out.add(text(p, x, name, type));
                yield AttributeValue.fromSs(out);
            }
            case "NS" -> {
                List<String> out = new ArrayList<>();
                array(p, vt, name, type);
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) out.add(number(p, x, name));
                yield AttributeValue.fromNs(out);
            }
            case "BS" -> {
                List<SdkBytes> out = new ArrayList<>();
                array(p, vt, name, type);
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) out.add(bytes(text(p, x, name, type), name));
                yield AttributeValue.fromBs(out);
            }
            case "M" -> {
                expect(vt, JsonToken.START_OBJECT, "attribute '" + name + "' of type M must hold an object");
                yield AttributeValue.fromM(readMapBody(p, "map '" + name + "'"));
            }
            case "L" -> {
                List<AttributeValue> out = new ArrayList<>();
                array(p, vt, name, type);
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) out.add(readValue(p, name));
                yield AttributeValue.fromL(out);
            }
            default -> throw new FormatException("attribute '" + name + "' has unknown type '" + type + "'");
        };
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new FormatException("attribute '" + name + "' has more than one type descriptor");
        }
        return v;
    }

    private static String text(JsonParser p, JsonToken t, String name, String type) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw wrong(name, type, "a string");
        return p.getText();
    }

    /** A number's exact decimal text: a JSON string as is, or a bare JSON number's literal text. */
    private static String number(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw new FormatException("attribute '" + name + "' has an invalid number '" + s + "'");
            }
            return s;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getText();
        throw wrong(name, "N", "a number string");
    }

    private static SdkBytes bytes(String b64, String name) {
        try {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw new FormatException("attribute '" + name + "' has invalid base64");
        }
    }

    private static void array(JsonParser p, JsonToken t, String name, String type) {
        if (t != JsonToken.START_ARRAY) throw wrong(name, type, "an array");
    }

    private static FormatException wrong(String name, String type, String expected) {
        return new FormatException("attribute '" + name + "' of type " + type + " must hold " + expected);
    }

    private static void expect(JsonToken got, JsonToken want, String message) {
        if (got != want) throw new FormatException(message);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
