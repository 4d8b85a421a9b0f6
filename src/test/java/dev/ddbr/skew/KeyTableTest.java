package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTableTest {
    /** Keys of every length around the 16 bytes kept in the slot, many sharing their first 16 bytes. */
    @Test
    void countsExactlyForShortLongAndSharedPrefixKeys() {
        KeyTable table = new KeyTable(4);   // grows many times
        Map<String, long[]> expected = new HashMap<>();
        Random rnd = new Random(11);
        byte[] buf = new byte[64];
        for (int i = 0; i < 200_000; i++) {
            int len = rnd.nextInt(40);
            StringBuilder k = new StringBuilder();
            if (len > 16 && rnd.nextBoolean()) k.append("same-16-byte-pre");   // equal first 16 bytes
            while (k.length() < len) k.append((char) ('a' + rnd.nextInt(3)));
            String key = k.substring(0, len);
            byte[] b = key.getBytes(StandardCharsets.UTF_8);
            int off = rnd.nextInt(8);   // keys anywhere in a larger buffer
            System.arraycopy(b, 0, buf, off, b.length);
            long size = 1 + rnd.nextInt(100);
            table.add(buf, off, b.length, KeyTable.hash(b, 0, b.length), 1, size);
            long[] e = expected.computeIfAbsent(key, x -> new long[2]);
            e[0]++;
            e[1] += size;
        }
        assertThat(table.size()).isEqualTo(expected.size());
        Map<String, long[]> got = new HashMap<>();
        for (int slot : table.slots()) got.put(table.key(slot), new long[] {table.items(slot), table.bytes(slot)});
        assertThat(got).hasSameSizeAs(expected);
        expected.forEach((k, e) -> assertThat(got.get(k)).as(k).containsExactly(e[0], e[1]));
    }
}
