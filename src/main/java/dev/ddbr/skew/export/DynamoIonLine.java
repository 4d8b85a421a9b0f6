package dev.ddbr.skew.export;

import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.system.IonReaderBuilder;
import dev.ddbr.skew.ItemSize;
import dev.ddbr.skew.KeyText;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One line of an ION export: {@code $ion_1_0 {Item:{pk:"a",n:1.5,b:{{aGk=}},tags:$dynamodb_SS::["x"]}}}.
 *
 * <p>Ion types map to DynamoDB types: string to S, int and decimal to N, blob to B, bool to BOOL, null
 * to NULL, list to L, struct to M; lists annotated {@code $dynamodb_SS}, {@code $dynamodb_NS} and
 * {@code $dynamodb_BS} are sets. Like {@link DynamoJsonLine}: {@link #parse} for importing,
 * {@link #scan} for streaming analysis.
 */
public final class DynamoIonLine {
    private static final IonReaderBuilder BUILDER = IonReaderBuilder.standard();

    /** Parse a line into an item. */
    public static Map<String, AttributeValue> parse(String line) throws ItemFormatException {
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (IonReader r = BUILDER.build(b)) {
            moveToItem(r);
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            r.stepIn();
            while (r.next() != null) {
                String name = r.getFieldName();
                item.put(name, value(r, name));
            }
            r.stepOut();
            return item;
        } catch (IonException | IOException | IllegalStateException e) {
            throw new ItemFormatException("malformed Ion: " + DynamoJsonLine.oneLine(e), e);
        }
    }

    /** Positions the reader on the Item struct of the line's single top-level value. */
    private static void moveToItem(IonReader r) throws ItemFormatException {
        IonType t = r.next();
        if (t != IonType.STRUCT) throw new ItemFormatException("expected {Item:{...}}");
        r.stepIn();
        IonType f;
        boolean found = false;
        while ((f = r.next()) != null) {
            if ("Item".equals(r.getFieldName())) {
                if (f != IonType.STRUCT || r.isNullValue()) throw new ItemFormatException("Item is not a struct");
                found = true;
                break;
            }
        }
        if (!found) throw new ItemFormatException("no Item in the line");
    }

    private static AttributeValue value(IonReader r, String where) throws ItemFormatException {
        IonType t = r.getType();
        if (r.isNullValue()) return AttributeValue.fromNul(true);
        switch (t) {
            case STRING, SYMBOL: return AttributeValue.fromS(r.stringValue());
            case INT: return AttributeValue.fromN(r.bigIntegerValue().toString());
            case DECIMAL: return AttributeValue.fromN(KeyText.number(r.bigDecimalValue().toString()));
            case FLOAT: return AttributeValue.fromN(KeyText.number(BigDecimal.valueOf(r.doubleValue()).toString()));
            case BLOB, CLOB: return AttributeValue.fromB(SdkBytes.fromByteArray(r.newBytes()));
            case BOOL: return AttributeValue.fromBool(r.booleanValue());
            case LIST, SEXP: {
                String set = setType(r);
                List<AttributeValue> l = new ArrayList<>();
                r.stepIn();
                while (r.next() != null) l.add(value(r, where));
                r.stepOut();
                if (set == null) return AttributeValue.fromL(l);
                return switch (set) {
                    case "SS" -> AttributeValue.fromSs(l.stream().map(AttributeValue::s).toList());
                    case "NS" -> AttributeValue.fromNs(l.stream().map(AttributeValue::n).toList());
                    default -> AttributeValue.fromBs(l.stream().map(AttributeValue::b).toList());
                };
            }
            case STRUCT: {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                r.stepIn();
                while (r.next() != null) m.put(r.getFieldName(), value(r, where + "." + r.getFieldName()));
                r.stepOut();
                return AttributeValue.fromM(m);
            }
            default: throw new ItemFormatException("attribute '" + where + "': unsupported Ion type " + t);
        }
    }

    private static String setType(IonReader r) {
        for (String a : r.getTypeAnnotations()) {
            switch (a) {
                case "$dynamodb_SS": return "SS";
                case "$dynamodb_NS": return "NS";
                case "$dynamodb_BS": return "BS";
                default: break;
            }
        }
        return null;
    }

    // --- streaming ------------------------------------------------------------------------------

    /** Stream one line: the item's size, and the wanted top-level attributes handed to {@code visitor}. */
    public long scan(byte[] buf, int off, int len, AttributeVisitor visitor) throws ItemFormatException {
        try (IonReader r = BUILDER.build(buf, off, len)) {
            moveToItem(r);
            long size = 0;
            r.stepIn();
            while (r.next() != null) {
                String name = r.getFieldName();
                boolean wanted = visitor.wants(name);
                String key = null;
                long s;
                if (wanted && !r.isNullValue()) {
                    switch (r.getType()) {
                        case STRING, SYMBOL -> key = r.stringValue();
                        case INT -> key = r.bigIntegerValue().toString();
                        case DECIMAL -> key = KeyText.number(r.bigDecimalValue().toString());
                        case BLOB -> key = KeyText.binary(r.newBytes());
                        default -> { }
                    }
                }
                s = ItemSize.utf8Length(name) + size(r, name);
                size += s;
                if (wanted) visitor.attribute(name, key, s);
            }
            r.stepOut();
            if (r.next() != null) throw new ItemFormatException("trailing data after the item");
            return size;
        } catch (IonException | IOException | IllegalStateException | NullPointerException e) {
            throw new ItemFormatException("malformed Ion: " + DynamoJsonLine.oneLine(e), e);
        }
    }

    private static long size(IonReader r, String where) throws ItemFormatException {
        if (r.isNullValue()) return 1;
        IonType t = r.getType();
        switch (t) {
            case STRING, SYMBOL: return ItemSize.utf8Length(r.stringValue());
            case INT: return ItemSize.numberBytes(r.bigIntegerValue().toString());
            case DECIMAL: return ItemSize.numberBytes(r.bigDecimalValue().toPlainString());
            case FLOAT: return ItemSize.numberBytes(BigDecimal.valueOf(r.doubleValue()).toPlainString());
            case BLOB, CLOB: return r.byteSize();
            case BOOL: return 1;
            case LIST, SEXP: {
                boolean set = setType(r) != null;
                long n = 0;
                int count = 0;
                r.stepIn();
                while (r.next() != null) {
                    n += size(r, where);
                    count++;
                }
                r.stepOut();
                return set ? n : n + ItemSize.containerBytes(count);
            }
            case STRUCT: {
                long n = 0;
                int count = 0;
                r.stepIn();
                while (r.next() != null) {
                    n += ItemSize.utf8Length(r.getFieldName()) + size(r, where);
                    count++;
                }
                r.stepOut();
                return n + ItemSize.containerBytes(count);
            }
            default: throw new ItemFormatException("attribute '" + where + "': unsupported Ion type " + t);
        }
    }
}
