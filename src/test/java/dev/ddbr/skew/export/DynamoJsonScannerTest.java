package dev.ddbr.skew.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.skew.ItemSize;
import dev.ddbr.skew.ItemTally;
import dev.ddbr.skew.KeyStats;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.testing.ExportWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonScannerTest {
    /** Collects what the scanner hands over: name → key text (or "" when not a key type) and size. */
    static final class Collect implements ItemSink {
        final Map<String, String> keys = new LinkedHashMap<>();
        final Map<String, Long> sizes = new LinkedHashMap<>();
        final List<String> slots = new ArrayList<>();

        @Override
        public int want(byte[] name, int off, int len) {
            slots.add(new String(name, off, len, StandardCharsets.UTF_8));
            return slots.size() - 1;
        }

        @Override
        public void attribute(int slot, byte keyType, byte[] key, int keyOff, int keyLen, long size) {
            String n = slots.get(slot);
            keys.put(n, keyType == 0 ? "" : (char) keyType + ":" + new String(key, keyOff, keyLen, StandardCharsets.UTF_8));
            sizes.put(n, size);
        }
    }

    static long scan(String line, ItemSink sink) throws ItemFormatException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return new DynamoJsonScanner().scan(b, 0, b.length, sink);
    }

    static Map<String, AttributeValue> random(Random r, int depth) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) m.put(text(r) + i, value(r, depth));
        return m;
    }

    static String text(Random r) {
        String[] parts = {"a", "é", "😀", "\"", "\\", "\n", "\t", "/", "\u0001", "z9", " ", "€", "\u2028"};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) sb.append(parts[r.nextInt(parts.length)]);
        return sb.toString();
    }

    static AttributeValue value(Random r, int depth) {
        int k = r.nextInt(depth > 2 ? 9 : 11);
        return switch (k) {
            case 0 -> AttributeValue.fromS(text(r));
            case 1 -> AttributeValue.fromN(List.of("0", "-0.00", "123.4500", "1E+10", "-7", "99999999999999999999").get(r.nextInt(6)));
            case 2 -> AttributeValue.fromB(SdkBytes.fromByteArray(new byte[r.nextInt(7)]));
            case 3 -> AttributeValue.fromBool(r.nextBoolean());
            case 4 -> AttributeValue.fromNul(true);
            case 5 -> AttributeValue.fromSs(List.of(text(r) + "x", "y"));
            case 6 -> AttributeValue.fromNs(List.of("1", "-2.5"));
            case 7 -> AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[4])));
            case 8 -> AttributeValue.fromS("plain");
            case 9 -> AttributeValue.fromL(List.of(value(r, depth + 1), value(r, depth + 1)));
            default -> AttributeValue.fromM(random(r, depth + 1));
        };
    }

    @Test
    void sizesAgreeWithTheModelForEscapesNestingAndEveryType() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Map<String, AttributeValue> item = random(r, 0);
            String line = ExportWriter.jsonLine(item);
            Collect c = new Collect();
            assertThat(scan(line, c)).as(line).isEqualTo(ItemSize.of(item));
            for (var e : item.entrySet()) {
                assertThat(c.sizes.get(e.getKey())).as(line).isEqualTo(ItemSize.of(Map.of(e.getKey(), e.getValue())));
            }
        }
    }

    @Test
    void keysAreCanonicalTextWhateverTheEscaping() throws Exception {
        Collect c = new Collect();
        scan("{\"Item\":{\"p\\u006b\":{\"S\":\"caf\\u00e9 \\ud83d\\ude00\"},\"n\":{\"N\":\"15E-1\"},\"i\":{\"N\":\"-42\"},"
                + "\"b\":{\"B\":\"AQID\"},\"f\":{\"BOOL\":true}}}", c);
        assertThat(c.keys).containsEntry("pk", "S:café 😀").containsEntry("n", "N:1.5").containsEntry("i", "N:-42")
                .containsEntry("b", "B:AQID").containsEntry("f", "");
        // and whitespace between tokens is fine
        Collect d = new Collect();
        assertThat(scan(" { \"Item\" : { \"pk\" : { \"S\" : \"a\" } } , \"x\" : [1, 2.5e3, null, {\"y\": false}] } ", d)).isEqualTo(3);
        assertThat(d.keys).containsEntry("pk", "S:a");
    }

    @Test
    void recordsCutAnywhereAskForMoreAndNeverMisread() throws Exception {
        Map<String, AttributeValue> item = random(new Random(3), 0);
        item.put("pk", AttributeValue.fromS("key-\u00e9"));
        String line = ExportWriter.jsonLine(item);
        byte[] one = (line + "\n").getBytes(StandardCharsets.UTF_8);
        long size = ItemSize.of(item);
        DynamoJsonScanner s = new DynamoJsonScanner();
        for (int cut = 1; cut < one.length - 1; cut++) {
            int at = cut;
            try {
                long got = s.scanRecord(one, 0, at, false, new Collect());
                // only a cut right after the closing brace (and blanks) may complete
                assertThat(got).isEqualTo(size);
                assertThat(new String(one, at, one.length - at, StandardCharsets.UTF_8)).isBlank();
            } catch (DynamoJsonScanner.NeedMore more) {
                // read more and try again: fine
            }
            // at the end of the data, a cut record is an error, never a wrong count
            if (at < one.length - 1) {
                assertThatThrownBy(() -> s.scanRecord(one, 0, at, true, new Collect()))
                        .isInstanceOf(ItemFormatException.class).hasMessageContaining("malformed");
            }
        }
        Collect c = new Collect();
        assertThat(s.scanRecord(one, 0, one.length, false, c)).isEqualTo(size);
        assertThat(s.recordEnd()).isEqualTo(one.length - 1);
        assertThat(c.keys).containsEntry("pk", "S:key-é");
    }

    @Test
    void rejectsWhatIsNotAnExportLine() {
        String[][] bad = {
            {"{\"Item\":{\"pk\":{\"S\":\"a\"}}", "malformed"},
            {"{\"Item\":{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}}", "more than one type"},
            {"{\"Item\":{\"pk\":{\"X\":\"a\"}}}", "unknown type 'X'"},
            {"{\"Item\":{\"pk\":{}}}", "empty type descriptor"},
            {"{\"Item\":{\"pk\":{\"S\":1}}}", "expected a string value"},
            {"{\"Item\":{\"pk\":{\"BOOL\":\"yes\"}}}", "BOOL is not true/false"},
            {"{\"Item\":{\"pk\":{\"L\":[1]}}}", "list element"},
            {"{\"Item\":{\"pk\":{\"S\":\"a\"}}} x", "trailing data"},
            {"{\"Other\":{}}", "no \"Item\""},
            {"{\"Item\":{\"pk\":{\"S\":\"a\\q\"}}}", "malformed"},
            {"{\"Item\":{\"pk\":{\"S\":\"a\u0001\"}}}", "malformed"},
            {"[1]", "expected {\"Item\""},
            {"{\"Item\":{\"pk\":{\"S\":\"a\"}},\"x\":01.2.3}", "malformed"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> scan(b[0], new Collect())).as(b[0]).isInstanceOf(ItemFormatException.class)
                    .hasMessageContaining(b[1]);
        }
        String deep = "{\"Item\":{\"pk\":" + "{\"L\":[".repeat(100) + "]}".repeat(100) + "}}";
        assertThatThrownBy(() -> scan(deep, new Collect())).hasMessageContaining("nested too deeply");
    }

    @Test
    void tallyCountsTableAndSparseIndexKeysFromBytes() throws Exception {
        ItemTally t = new ItemTally(List.of(new SkewTarget(null, "pk", "S", null),
                new SkewTarget("gsi", "g", "N", Set.of("pk", "g"))), 100);
        DynamoJsonScanner s = new DynamoJsonScanner();
        String[] lines = {
            "{\"Item\":{\"pk\":{\"S\":\"a\"},\"g\":{\"N\":\"1.0\"},\"big\":{\"S\":\"xxxxxxxxxx\"}}}",
            "{\"Item\":{\"pk\":{\"S\":\"a\"},\"g\":{\"N\":\"1\"}}}",
            "{\"Item\":{\"pk\":{\"S\":\"b\"}}}",
        };
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            t.begin();
            assertThat(t.end(s.scan(b, 0, b.length, t))).isNull();
        }
        KeyStats.Summary table = t.stats(0).summarize(5);
        assertThat(table.items()).isEqualTo(3);
        assertThat(table.top()).containsExactly(new KeyStats.Count("a", 2, 19 + 6), new KeyStats.Count("b", 1, 3));
        KeyStats.Summary gsi = t.stats(1).summarize(5);
        // "1.0" and "1" are one key; the entries hold only pk and g: 3 + 3 bytes each
        assertThat(gsi.top()).containsExactly(new KeyStats.Count("1", 2, 12));
        byte[] noKey = "{\"Item\":{\"g\":{\"N\":\"1\"}}}".getBytes(StandardCharsets.UTF_8);
        t.begin();
        assertThat(t.end(s.scan(noKey, 0, noKey.length, t))).contains("no partition key 'pk'");
    }
}
