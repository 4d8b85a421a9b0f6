package dev.ddbr.skew.export;

import dev.ddbr.skew.ItemSize;
import dev.ddbr.skew.KeyText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level reader for one line of a DynamoDB JSON export ({@code {"Item":{"pk":{"S":"a"},...}}}):
 * validates the JSON and the type descriptors, returns the item's size by DynamoDB's rules (see
 * {@link ItemSize}) and hands the wanted top-level attributes, with their key text in UTF-8, to an
 * {@link ItemSink}. It builds no object per item: strings are sized straight from their UTF-8 bytes
 * (escapes decoded only when present). One instance per thread.
 */
public final class DynamoJsonScanner {
    private static final int MAX_DEPTH = 64;
    /** Bytes that end a plain run inside a string: the quote, the backslash and control characters. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) SPECIAL[c] = true;
        SPECIAL['"'] = true;
        SPECIAL['\\'] = true;
    }

    private byte[] b;
    private int p;
    private int end;
    private int lineStart;
    /** The last string read: its raw bytes between the quotes, and whether it holds escapes. */
    private int sStart;
    private int sEnd;
    private boolean sEsc;
    /** The current top-level attribute's name (for messages). */
    private int nameStart;
    private int nameEnd;
    private byte[] nameScratch = new byte[64];
    private byte[] keyScratch = new byte[64];
    /** The key found by the last {@link #typed} call that was asked for one. */
    private byte keyType;
    private byte[] keyBuf;
    private int keyOff;
    private int keyLen;

    /**
     * Scan one line.
     *
     * @return the item's size in bytes
     * @throws ItemFormatException when the line is not {@code {"Item":{...}}} with valid type descriptors
     */
    public long scan(byte[] buf, int off, int len, ItemSink sink) throws ItemFormatException {
        return scan(buf, off, off + len, true, false, sink);
    }

    /**
     * Signals that a record runs past the bytes at hand: read more and scan it again from its start.
     * Thrown only when the caller said more data may follow. Preallocated, without a stack trace.
     */
    public static final class NeedMore extends RuntimeException {
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super("record continues past the buffer", null, false, false);
        }
    }

    /**
     * Scan the record that starts at {@code off} in a buffer of newline-separated records, without first
     * looking for its newline: the record ends after the item's closing brace and any blanks, at a
     * {@code '\n'} (not consumed) or the end of the data. {@link #recordEnd()} tells where.
     *
     * @param eof true when no data follows {@code end}; else a record cut by {@code end} throws {@link NeedMore}
     * @return the item's size in bytes
     */
    public long scanRecord(byte[] buf, int off, int end, boolean eof, ItemSink sink) throws ItemFormatException {
        return scan(buf, off, end, eof, true, sink);
    }

    /** Where the last {@link #scanRecord} stopped: at its newline or the end of the data. */
    public int recordEnd() { return p; }

    private boolean eof;

    private long scan(byte[] buf, int off, int end, boolean eof, boolean record, ItemSink sink) throws ItemFormatException {
        b = buf;
        p = off;
        lineStart = off;
        this.end = end;
        this.eof = eof;
        nameStart = nameEnd = -1;
        ws();
        if (next() != '{') throw new ItemFormatException("expected {\"Item\":{...}}");
        long size = -1;
        ws();
        if (peek() == '}') {
            p++;
        } else {
            while (true) {
                ws();
                string();
                boolean isItem = !sEsc && sEnd - sStart == 4 && b[sStart] == 'I' && b[sStart + 1] == 't'
                        && b[sStart + 2] == 'e' && b[sStart + 3] == 'm';
                colon();
                if (isItem) {
                    if (next() != '{') throw new ItemFormatException("\"Item\" is not an object");
                    size = item(sink);
                } else {
                    skipValue(0);
                }
                ws();
                byte c = next();
                if (c == '}') break;
                if (c != ',') throw malformed("expected ',' or '}'");
            }
        }
        ws();
        if (p == end) {
            if (!eof) throw NeedMore.INSTANCE;
        } else if (!record || b[p] != '\n') {
            throw new ItemFormatException("trailing data after the item");
        }
        if (size < 0) throw new ItemFormatException("no \"Item\" in the line");
        return size;
    }

    /** Inside {@code "Item":{}, the brace consumed. */
    private long item(ItemSink sink) throws ItemFormatException {
        long size = 0;
        ws();
        if (peek() == '}') {
            p++;
            return 0;
        }
        while (true) {
            ws();
            string();
            nameStart = sStart;
            nameEnd = sEnd;
            int slot;
            long nameLen;
            if (!sEsc) {
                nameLen = sEnd - sStart;
                slot = sink.want(b, sStart, sEnd - sStart);
            } else {
                int n = decode(sStart, sEnd, true);
                nameLen = n;
                slot = sink.want(nameScratch, 0, n);
            }
            colon();
            keyType = 0;
            long s = nameLen + typed(slot >= 0, 0);
            size += s;
            if (slot >= 0) sink.attribute(slot, keyType, keyBuf, keyOff, keyLen, s);
            ws();
            byte c = next();
            if (c == '}') return size;
            if (c != ',') throw malformed("expected ',' or '}'");
        }
    }

    private static final int S = 1, N = 2, B = 3, BOOL = 4, NULL = 5, SS = 6, NS = 7, BS = 8, L = 9, M = 10;

    /** At a type descriptor {@code {"T":value}}: returns the value's size; sets the key when asked. */
    private long typed(boolean wantKey, int depth) throws ItemFormatException {
        if (depth > MAX_DEPTH) throw new ItemFormatException("attribute '" + where() + "': nested too deeply");
        int type = typeHeader();
        long size;
        switch (type) {
            case S -> {
                expectString();
                size = sEsc ? escapedUtf8Length(sStart, sEnd) : sEnd - sStart;
                if (wantKey) {
                    keyType = 'S';
                    if (sEsc) {
                        keyBuf = keyScratch;
                        keyOff = 0;
                        keyLen = decode(sStart, sEnd, false);
                        keyBuf = keyScratch; // decode may have grown it
                    } else {
                        keyBuf = b;
                        keyOff = sStart;
                        keyLen = sEnd - sStart;
                    }
                }
            }
            case N -> {
                expectString();
                if (!sEsc) {
                    size = numberBytes(b, sStart, sEnd);
                    if (wantKey) {
                        keyType = 'N';
                        if (canonicalInteger(b, sStart, sEnd)) {
                            keyBuf = b;
                            keyOff = sStart;
                            keyLen = sEnd - sStart;
                        } else {
                            setKeyText(KeyText.number(new String(b, sStart, sEnd - sStart, StandardCharsets.UTF_8)));
                        }
                    }
                } else {
                    String n = decodedString(sStart, sEnd);
                    size = ItemSize.numberBytes(n);
                    if (wantKey) {
                        keyType = 'N';
                        setKeyText(KeyText.number(n));
                    }
                }
            }
            case B -> {
                expectString();
                if (!sEsc) {
                    size = base64DecodedLength(b, sStart, sEnd);
                    if (wantKey) {
                        keyType = 'B';
                        keyBuf = b;
                        keyOff = sStart;
                        keyLen = sEnd - sStart;
                    }
                } else {
                    String s = decodedString(sStart, sEnd);
                    size = ItemSize.base64DecodedLength(s);
                    if (wantKey) {
                        keyType = 'B';
                        setKeyText(s);
                    }
                }
            }
            case BOOL -> {
                if (!literal()) throw new ItemFormatException("attribute '" + where() + "': BOOL is not true/false");
                size = 1;
            }
            case NULL -> {
                skipValue(depth + 1);
                size = 1;
            }
            case SS, NS, BS -> {
                if (next() != '[') throw new ItemFormatException("attribute '" + where() + "': " + typeName(type) + " is not a list");
                size = 0;
                ws();
                if (peek() == ']') {
                    p++;
                } else {
                    while (true) {
                        ws();
                        expectString();
                        if (sEsc) {
                            String s = decodedString(sStart, sEnd);
                            size += type == SS ? ItemSize.utf8Length(s) : type == NS ? ItemSize.numberBytes(s)
                                    : ItemSize.base64DecodedLength(s);
                        } else {
                            size += type == SS ? sEnd - sStart : type == NS ? numberBytes(b, sStart, sEnd)
                                    : base64DecodedLength(b, sStart, sEnd);
                        }
                        ws();
                        byte c = next();
                        if (c == ']') break;
                        if (c != ',') throw malformed("expected ',' or ']'");
                    }
                }
            }
            case L -> {
                if (next() != '[') throw new ItemFormatException("attribute '" + where() + "': L is not a list");
                size = 3;
                ws();
                if (peek() == ']') {
                    p++;
                } else {
                    while (true) {
                        ws();
                        if (peek() != '{') throw new ItemFormatException("attribute '" + where() + "': list element is not {\"TYPE\":value}");
                        size += 1 + typed(false, depth + 1);
                        ws();
                        byte c = next();
                        if (c == ']') break;
                        if (c != ',') throw malformed("expected ',' or ']'");
                    }
                }
            }
            case M -> {
                if (next() != '{') throw new ItemFormatException("attribute '" + where() + "': M is not an object");
                size = 3;
                ws();
                if (peek() == '}') {
                    p++;
                } else {
                    while (true) {
                        ws();
                        string();
                        long nameLen = sEsc ? escapedUtf8Length(sStart, sEnd) : sEnd - sStart;
                        colon();
                        size += 1 + nameLen + typed(false, depth + 1);
                        ws();
                        byte c = next();
                        if (c == '}') break;
                        if (c != ',') throw malformed("expected ',' or '}'");
                    }
                }
            }
            default -> throw new IllegalStateException("type " + type);
        }
        ws();
        byte c = next();
        if (c == ',') throw new ItemFormatException("attribute '" + where() + "': more than one type in a descriptor");
        if (c != '}') throw malformed("expected '}'");
        return size;
    }

    /** At {@code {"T":}: reads it, returns the type, leaves p at the value. */
    private int typeHeader() throws ItemFormatException {
        int q = p;
        byte[] a = b;
        // the compact form exports use: {"S":  {"SS":  {"BOOL":
        if (q + 8 <= end && a[q] == '{' && a[q + 1] == '"') {
            byte c0 = a[q + 2];
            int t = 0;
            if (a[q + 3] == '"' && a[q + 4] == ':') {
                t = c0 == 'S' ? S : c0 == 'N' ? N : c0 == 'M' ? M : c0 == 'L' ? L : c0 == 'B' ? B : 0;
                q += 5;
            } else if (a[q + 3] == 'S' && a[q + 4] == '"' && a[q + 5] == ':') {
                t = c0 == 'S' ? SS : c0 == 'N' ? NS : c0 == 'B' ? BS : 0;
                q += 6;
            } else if (a[q + 6] == '"' && a[q + 7] == ':') {
                if (c0 == 'B' && a[q + 3] == 'O' && a[q + 4] == 'O' && a[q + 5] == 'L') t = BOOL;
                else if (c0 == 'N' && a[q + 3] == 'U' && a[q + 4] == 'L' && a[q + 5] == 'L') t = NULL;
                q += 8;
            }
            if (t != 0) {
                p = q;
                ws();
                return t;
            }
        }
        if (next() != '{') throw new ItemFormatException("attribute '" + where() + "': expected {\"TYPE\":value}");
        ws();
        if (peek() == '}') throw new ItemFormatException("attribute '" + where() + "': empty type descriptor");
        string();
        int type = type();
        colon();
        return type;
    }

    private int type() throws ItemFormatException {
        int len = sEnd - sStart;
        if (!sEsc) {
            byte c0 = b[sStart];
            if (len == 1) {
                switch (c0) {
                    case 'S': return S;
                    case 'N': return N;
                    case 'B': return B;
                    case 'L': return L;
                    case 'M': return M;
                    default: break;
                }
            } else if (len == 2 && b[sStart + 1] == 'S') {
                switch (c0) {
                    case 'S': return SS;
                    case 'N': return NS;
                    case 'B': return BS;
                    default: break;
                }
            } else if (len == 4) {
                if (c0 == 'B' && b[sStart + 1] == 'O' && b[sStart + 2] == 'O' && b[sStart + 3] == 'L') return BOOL;
                if (c0 == 'N' && b[sStart + 1] == 'U' && b[sStart + 2] == 'L' && b[sStart + 3] == 'L') return NULL;
            }
        }
        throw new ItemFormatException("attribute '" + where() + "': unknown type '" + decodedString(sStart, sEnd) + "'");
    }

    private static String typeName(int type) {
        return switch (type) {
            case SS -> "SS";
            case NS -> "NS";
            default -> "BS";
        };
    }

    private void setKeyText(String s) {
        byte[] k = s.getBytes(StandardCharsets.UTF_8);
        keyBuf = k;
        keyOff = 0;
        keyLen = k.length;
    }

    private String where() {
        if (nameStart < 0) return "?";
        return decodedString(nameStart, nameEnd);
    }

    // --- lexing -----------------------------------------------------------------------------------

    private byte next() throws ItemFormatException {
        if (p >= end) throw endOfData();
        return b[p++];
    }

    private byte peek() throws ItemFormatException {
        if (p >= end) throw endOfData();
        return b[p];
    }

    /** At the end of the bytes at hand: {@link NeedMore} when more may follow, else the error to throw. */
    private ItemFormatException endOfData() {
        if (!eof) throw NeedMore.INSTANCE;
        return malformed("unexpected end of line");
    }

    /** Blanks between tokens; a newline ends a record, so it is not one of them. */
    private void ws() {
        if (p < end && b[p] <= ' ') blanks();
    }

    private void blanks() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r') return;
            p++;
        }
    }

    private void colon() throws ItemFormatException {
        ws();
        if (next() != ':') throw malformed("expected ':'");
        ws();
    }

    private void expectString() throws ItemFormatException {
        if (peek() != '"') throw new ItemFormatException("attribute '" + where() + "': expected a string value");
        string();
    }

    /** At a '"': reads a string, setting sStart/sEnd/sEsc. */
    private void string() throws ItemFormatException {
        if (p >= end) throw endOfData();
        if (b[p] != '"') throw malformed("expected a string");
        int i = p + 1;
        int start = i;
        boolean esc = false;
        byte[] a = b;
        int e = end;
        while (true) {
            while (i < e && !SPECIAL[a[i] & 0xff]) i++;
            if (i >= e) {
                p = i;
                throw endOfData();
            }
            byte c = a[i];
            if (c == '"') break;
            if (c == '\\') {
                esc = true;
                if (i + 1 >= e) {
                    p = i;
                    throw endOfData();
                }
                byte x = a[i + 1];
                if (x == 'u') {
                    if (i + 5 >= e) {
                        p = i;
                        throw endOfData();
                    }
                    for (int k = i + 2; k < i + 6; k++) {
                        if (hex(a[k]) < 0) throw malformed("bad \\u escape");
                    }
                    i += 6;
                } else if (x == '"' || x == '\\' || x == '/' || x == 'b' || x == 'f' || x == 'n' || x == 'r' || x == 't') {
                    i += 2;
                } else {
                    throw malformed("bad escape");
                }
            } else if (c >= 0 && c < 0x20) {
                throw malformed("control character in a string");
            } else {
                i++;
            }
        }
        sStart = start;
        sEnd = i;
        sEsc = esc;
        p = i + 1;
    }

    /** true/false (for BOOL). */
    private boolean literal() throws ItemFormatException {
        if (match("true") || match("false")) return true;
        return false;
    }

    private boolean match(String word) {
        int n = word.length();
        if (p + n > end) {
            if (!eof) throw NeedMore.INSTANCE;
            return false;
        }
        for (int k = 0; k < n; k++) if (b[p + k] != word.charAt(k)) return false;
        p += n;
        return true;
    }

    /** Any JSON value. */
    private void skipValue(int depth) throws ItemFormatException {
        if (depth > MAX_DEPTH) throw malformed("nested too deeply");
        byte c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> {
                p++;
                ws();
                if (peek() == '}') {
                    p++;
                    return;
                }
                while (true) {
                    ws();
                    string();
                    colon();
                    skipValue(depth + 1);
                    ws();
                    byte x = next();
                    if (x == '}') return;
                    if (x != ',') throw malformed("expected ',' or '}'");
                }
            }
            case '[' -> {
                p++;
                ws();
                if (peek() == ']') {
                    p++;
                    return;
                }
                while (true) {
                    ws();
                    skipValue(depth + 1);
                    ws();
                    byte x = next();
                    if (x == ']') return;
                    if (x != ',') throw malformed("expected ',' or ']'");
                }
            }
            case 't', 'f', 'n' -> {
                if (!match("true") && !match("false") && !match("null")) throw malformed("unrecognized token");
            }
            default -> {
                if (c != '-' && (c < '0' || c > '9')) throw malformed("unexpected character '" + (char) c + "'");
                int start = p;
                p++;
                while (p < end) {
                    byte x = b[p];
                    if ((x >= '0' && x <= '9') || x == '.' || x == 'e' || x == 'E' || x == '+' || x == '-') p++;
                    else break;
                }
                if (p == end && !eof) throw NeedMore.INSTANCE;
                try {
                    new java.math.BigDecimal(new String(b, start, p - start, StandardCharsets.US_ASCII));
                } catch (NumberFormatException bad) {
                    throw malformed("bad number");
                }
            }
        }
    }

    private ItemFormatException malformed(String what) {
        return new ItemFormatException("malformed JSON: " + what + " at column " + (Math.min(p, end) - lineStart + 1));
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private int codeUnit(int i) {
        return hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]);
    }

    /** UTF-8 length of an escaped string's value, as {@link ItemSize#utf8Length} counts it. */
    private long escapedUtf8Length(int from, int to) {
        long n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c != '\\') {
                n++;
                i++;
            } else if (b[i + 1] != 'u') {
                n++;
                i += 2;
            } else {
                int u = codeUnit(i);
                i += 6;
                if (Character.isHighSurrogate((char) u) && i + 5 < to && b[i] == '\\' && b[i + 1] == 'u'
                        && Character.isLowSurrogate((char) codeUnit(i))) {
                    n += 4;
                    i += 6;
                } else {
                    n += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
                }
            }
        }
        return n;
    }

    private String decodedString(int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        int runStart = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            if (i > runStart) sb.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            byte x = b[i + 1];
            switch (x) {
                case 'u' -> {
                    sb.append((char) codeUnit(i));
                    i += 6;
                }
                case 'b' -> { sb.append('\b'); i += 2; }
                case 'f' -> { sb.append('\f'); i += 2; }
                case 'n' -> { sb.append('\n'); i += 2; }
                case 'r' -> { sb.append('\r'); i += 2; }
                case 't' -> { sb.append('\t'); i += 2; }
                default -> { sb.append((char) x); i += 2; }
            }
            runStart = i;
        }
        if (to > runStart) sb.append(new String(b, runStart, to - runStart, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Decodes into nameScratch or keyScratch (as UTF-8); returns the length. */
    private int decode(int from, int to, boolean name) {
        byte[] k = decodedString(from, to).getBytes(StandardCharsets.UTF_8);
        byte[] dst = name ? nameScratch : keyScratch;
        if (dst.length < k.length) {
            dst = Arrays.copyOf(dst, Math.max(k.length, dst.length * 2));
            if (name) nameScratch = dst;
            else keyScratch = dst;
        }
        System.arraycopy(k, 0, dst, 0, k.length);
        return k.length;
    }

    // --- sizing from bytes ------------------------------------------------------------------------

    /** {@link ItemSize#numberBytes} over ASCII bytes. */
    static long numberBytes(byte[] n, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (n[i] == '-' || n[i] == '+')) {
            negative = n[i] == '-';
            i++;
        }
        int first = -1;
        int last = -1;
        int count = 0;
        for (int k = i; k < to; k++) {
            byte c = n[k];
            if (c == 'e' || c == 'E') break;
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

    /** {@link ItemSize#base64DecodedLength} over ASCII bytes. */
    static long base64DecodedLength(byte[] s, int from, int to) {
        int len = to - from;
        if (len == 0) return 0;
        int pad = 0;
        if (s[to - 1] == '=') pad++;
        if (len > 1 && s[to - 2] == '=') pad++;
        return (long) len / 4 * 3 - pad + (len % 4 == 0 ? 0 : (len % 4) - 1);
    }

    /** True when the number text is already in {@link KeyText#number} form: 0 or -?[1-9][0-9]*. */
    static boolean canonicalInteger(byte[] n, int from, int to) {
        int len = to - from;
        if (len == 1 && n[from] == '0') return true;
        int i = from;
        if (i < to && n[i] == '-') i++;
        if (i >= to || n[i] < '1' || n[i] > '9') return false;
        for (i++; i < to; i++) if (n[i] < '0' || n[i] > '9') return false;
        return true;
    }
}
