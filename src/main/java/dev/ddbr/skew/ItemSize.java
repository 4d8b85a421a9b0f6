package dev.ddbr.skew;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB item size by the service's documented rules (Developer Guide, "Item sizes and formats"):
 * <ul>
 *   <li>each attribute: the UTF-8 length of its name plus the size of its value;</li>
 *   <li>String: UTF-8 bytes; Binary: raw bytes; Number: 1 byte plus 1 per two significant digits
 *       (leading and trailing zeros trimmed), plus 1 for a negative number (approximate, as documented);</li>
 *   <li>Null and Boolean: 1 byte;</li>
 *   <li>List and Map: 3 bytes plus 1 byte per element, plus the elements (map entries count their names);</li>
 *   <li>sets: the sum of their elements.</li>
 * </ul>
 * The helpers are public so that streaming readers (export lines) can size values without building
 * {@link AttributeValue} objects.
 */
public final class ItemSize {
    /** The largest item DynamoDB stores. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {}

    public static long of(Map<String, AttributeValue> item) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            n += utf8Length(e.getKey()) + value(e.getValue());
        }
        return n;
    }

    public static long value(AttributeValue v) {
        if (v == null) return 0;
        if (v.s() != null) return utf8Length(v.s());
        if (v.n() != null) return numberBytes(v.n());
        if (v.b() != null) return v.b().asByteBuffer().remaining();
        if (v.bool() != null) return 1;
        if (Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasSs()) {
            long n = 0;
            for (String s : v.ss()) n += utf8Length(s);
            return n;
        }
        if (v.hasNs()) {
            long n = 0;
            for (String s : v.ns()) n += numberBytes(s);
            return n;
        }
        if (v.hasBs()) {
            long n = 0;
            for (SdkBytes b : v.bs()) n += b.asByteBuffer().remaining();
            return n;
        }
        if (v.hasL()) {
            List<AttributeValue> l = v.l();
            long n = containerBytes(l.size());
            for (AttributeValue e : l) n += value(e);
            return n;
        }
        if (v.hasM()) {
            Map<String, AttributeValue> m = v.m();
            long n = containerBytes(m.size());
            for (Map.Entry<String, AttributeValue> e : m.entrySet()) n += utf8Length(e.getKey()) + value(e.getValue());
            return n;
        }
        return 0;
    }

    /** List or map overhead: 3 bytes, plus 1 per element. */
    public static long containerBytes(int elements) {
        return 3L + elements;
    }

    /** Bytes of a raw binary value. */
    public static long binaryBytes(ByteBuffer b) { return b.remaining(); }

    /** Decoded length of a standard base64 string, without decoding it. */
    public static long base64DecodedLength(CharSequence s) {
        int len = s.length();
        if (len == 0) return 0;
        int pad = 0;
        if (s.charAt(len - 1) == '=') pad++;
        if (len > 1 && s.charAt(len - 2) == '=') pad++;
        return (long) len / 4 * 3 - pad + (len % 4 == 0 ? 0 : (len % 4) - 1);
    }

    /** The size of a number: 1 byte, plus 1 per two significant digits, plus 1 when negative. */
    public static long numberBytes(CharSequence n) {
        int len = n.length();
        int i = 0;
        boolean negative = false;
        if (i < len && (n.charAt(i) == '-' || n.charAt(i) == '+')) {
            negative = n.charAt(i) == '-';
            i++;
        }
        int end = len;
        for (int k = i; k < len; k++) {
            char c = n.charAt(k);
            if (c == 'e' || c == 'E') {
                end = k;
                break;
            }
        }
        // significant digits: strip the decimal point, then leading and trailing zeros
        int first = -1;
        int last = -1;
        int count = 0;
        for (int k = i; k < end; k++) {
            char c = n.charAt(k);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (first < 0) first = count;
                    last = count;
                }
                count++;
            }
        }
        int digits = first < 0 ? 0 : last - first + 1;
        long size = 1 + (digits + 1) / 2;
        return negative && digits > 0 ? size + 1 : size;
    }

    /** UTF-8 length of a string without encoding it. */
    public static int utf8Length(CharSequence s) {
        int len = s.length();
        int n = len;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 2; // 4 bytes for the pair of chars
                    i++;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }
}
