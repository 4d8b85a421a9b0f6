package dev.ddbr.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Scan pages as the bytes DynamoDB sent, for {@code backup export}: the items of a Scan response are already
 * DynamoDB JSON, the line format of an export, so decoding them into SDK objects and encoding them back is
 * work (most of the client's CPU) that changes nothing.
 *
 * <p>An HTTP client wrapper, used only by the export's own DynamoDB client: on a thread that called
 * {@link #arm()}, a successful, uncompressed Scan response is read whole, its CRC32 (DynamoDB's
 * {@code x-amz-crc32} header) checked, the byte range of each element of {@code Items} recorded, and the SDK
 * handed the same response with {@code "Items":[]}: it still parses {@code Count}, {@code LastEvaluatedKey}
 * and {@code ConsumedCapacity}, and still does its retries and error handling. {@link #take()} then returns
 * the page. Anything unexpected (compression, a shape the slicer does not recognise, a count that differs
 * from {@code Count}, whitespace other than spaces between tokens) leaves the response untouched, and the
 * caller uses the SDK's items instead.
 */
public final class RawScanPages {
    private RawScanPages() {}

    static final String SCAN_TARGET = "DynamoDB_20120810.Scan";
    private static final ThreadLocal<Page[]> SLOT = new ThreadLocal<>();

    /** One Scan response's items: element {@code i} is {@code body[start(i), end(i))}, a JSON object. */
    public static final class Page {
        private final byte[] body;
        private final int[] bounds;
        private final int count;

        Page(byte[] body, int[] bounds, int count) {
            this.body = body;
            this.bounds = bounds;
            this.count = count;
        }

        public int count() { return count; }
        int start(int i) { return bounds[2 * i]; }
        int end(int i) { return bounds[2 * i + 1]; }

        public String item(int i) {
            return new String(body, start(i), end(i) - start(i), StandardCharsets.UTF_8);
        }

        /** Each item as one line: {@code prefix item suffix}. */
        public void writeLines(OutputStream out, byte[] prefix, byte[] suffix) throws IOException {
            for (int i = 0; i < count; i++) {
                out.write(prefix);
                out.write(body, start(i), end(i) - start(i));
                out.write(suffix);
            }
        }
    }

    /** Capture the next Scan response(s) made on this thread; the last one wins (the SDK may retry). */
    public static void arm() {
        SLOT.set(new Page[1]);
    }

    /** The page captured since {@link #arm()}, or null when the response was left to the SDK. Disarms. */
    public static Page take() {
        Page[] slot = SLOT.get();
        SLOT.remove();
        return slot == null ? null : slot[0];
    }

    /** Wraps {@code delegate}; closing the wrapper does not close it (it is shared). */
    public static SdkHttpClient capturing(SdkHttpClient delegate) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                ExecutableHttpRequest call = delegate.prepareRequest(request);
                Page[] slot = SLOT.get();
                boolean scan = request.httpRequest().firstMatchingHeader("X-Amz-Target").filter(SCAN_TARGET::equals).isPresent();
                if (slot == null || !scan) return call;
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        return capture(call.call(), slot);
                    }

                    @Override
                    public void abort() {
                        call.abort();
                    }
                };
            }

            @Override
            public String clientName() {
                return delegate.clientName();
            }

            @Override
            public void close() {
                // the delegate is shared with the other clients
            }
        };
    }

    static HttpExecuteResponse capture(HttpExecuteResponse resp, Page[] slot) throws IOException {
        SdkHttpResponse http = resp.httpResponse();
        Optional<AbortableInputStream> in = resp.responseBody();
        boolean encoded = http.firstMatchingHeader("Content-Encoding").filter(e -> !e.equalsIgnoreCase("identity")).isPresent();
        if (http.statusCode() != 200 || in.isEmpty() || encoded) return resp;
        byte[] body;
        try (InputStream s = in.get()) {
            body = s.readAllBytes();
        }
        Optional<String> crc = http.firstMatchingHeader("x-amz-crc32");
        if (crc.isPresent()) {
            CRC32 c = new CRC32();
            c.update(body, 0, body.length);
            if (!crc.get().trim().equals(Long.toString(c.getValue()))) {
                // an IOException: the SDK retries the call, as it does on its own CRC32 check
                throw new IOException("Scan response failed its CRC32 check (x-amz-crc32 " + crc.get() + ", body " + c.getValue() + ")");
            }
        }
        Sliced s = slice(body);
        byte[] handed;
        SdkHttpResponse.Builder b = http.toBuilder();
        if (s == null) {
            handed = body;
        } else {
            handed = new byte[body.length - (s.itemsClose - s.itemsOpen - 1)];
            System.arraycopy(body, 0, handed, 0, s.itemsOpen + 1);
            System.arraycopy(body, s.itemsClose, handed, s.itemsOpen + 1, body.length - s.itemsClose);
            b.removeHeader("x-amz-crc32");
            slot[0] = new Page(body, s.bounds, s.count);
        }
        b.putHeader("Content-Length", Integer.toString(handed.length));
        return HttpExecuteResponse.builder().response(b.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(handed))).build();
    }

    /** Where the items are: {@code [} at itemsOpen, {@code ]} at itemsClose. */
    record Sliced(int itemsOpen, int itemsClose, int[] bounds, int count) {}

    private static final class Malformed extends Exception {
        Malformed() { super(null, null, false, false); }
    }

    private static final Malformed MALFORMED = new Malformed();

    /**
     * The byte ranges of the elements of the top-level {@code Items} array, checked against the top-level
     * {@code Count}; null when the body is not a response of that shape, or an item holds a line break or
     * tab between tokens (a line must stay one line).
     */
    static Sliced slice(byte[] b) {
        try {
            int i = ws(b, 0);
            if (b[i] != '{') return null;
            i = ws(b, i + 1);
            int open = -1, close = -1;
            long declared = -1;
            int[] bounds = new int[64];
            int n = 0;
            if (b[i] != '}') {
                while (true) {
                    if (b[i] != '"') return null;
                    int keyStart = i + 1;
                    i = string(b, i);
                    int keyEnd = i - 1;
                    i = ws(b, i);
                    if (b[i] != ':') return null;
                    i = ws(b, i + 1);
                    if (is(b, keyStart, keyEnd, "Items")) {
                        if (b[i] != '[' || open >= 0) return null;
                        open = i;
                        i = ws(b, i + 1);
                        if (b[i] == ']') {
                            close = i;
                            i++;
                        } else {
                            while (true) {
                                if (b[i] != '{') return null;
                                int start = i;
                                i = item(b, i);
                                if (2 * n + 2 > bounds.length) bounds = Arrays.copyOf(bounds, bounds.length * 2);
                                bounds[2 * n] = start;
                                bounds[2 * n + 1] = i;
                                n++;
                                i = ws(b, i);
                                if (b[i] == ']') { close = i; i++; break; }
                                if (b[i] != ',') return null;
                                i = ws(b, i + 1);
                            }
                        }
                    } else if (is(b, keyStart, keyEnd, "Count")) {
                        int start = i;
                        while (i < b.length && b[i] >= '0' && b[i] <= '9') i++;
                        if (i == start || i - start > 9) return null;
                        declared = Long.parseLong(new String(b, start, i - start, StandardCharsets.US_ASCII));
                    } else {
                        i = value(b, i);
                    }
                    i = ws(b, i);
                    if (b[i] == '}') break;
                    if (b[i] != ',') return null;
                    i = ws(b, i + 1);
                }
            }
            if (ws(b, i + 1) != b.length) return null;
            if (open < 0 || declared != n) return null;
            return new Sliced(open, close, bounds, n);
        } catch (Malformed | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static boolean is(byte[] b, int from, int to, String key) {
        if (to - from != key.length()) return false;
        for (int k = 0; k < key.length(); k++) if (b[from + k] != key.charAt(k)) return false;
        return true;
    }

    /** Skips whitespace; past the end returns b.length (callers index it only through the catch). */
    private static int ws(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        return i;
    }

    /** {@code b[i]} is the opening quote; returns the index after the closing one. Control bytes are malformed. */
    private static int string(byte[] b, int i) throws Malformed {
        i++;
        while (true) {
            byte c = b[i];
            if (c == '"') return i + 1;
            if (c == '\\') i += 2;
            else if (c >= 0 && c < 0x20) throw MALFORMED;
            else i++;
        }
    }

    /** An object or array starting at {@code b[i]}; only spaces may separate its tokens. Returns the index after it. */
    private static int item(byte[] b, int i) throws Malformed {
        int depth = 0;
        while (true) {
            byte c = b[i];
            switch (c) {
                case '"' -> { i = string(b, i); continue; }
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) return i + 1;
                }
                case '\n', '\r', '\t' -> throw MALFORMED;
                default -> { }
            }
            i++;
        }
    }

    /** Any JSON value at {@code b[i]}; returns the index after it. */
    private static int value(byte[] b, int i) throws Malformed {
        byte c = b[i];
        if (c == '"') return string(b, i);
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                c = b[i];
                if (c == '"') { i = string(b, i); continue; }
                if (c == '{' || c == '[') depth++;
                else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
                i++;
            }
        }
        int start = i;
        while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') i++;
        if (i == start) throw MALFORMED;
        return i;
    }
}
