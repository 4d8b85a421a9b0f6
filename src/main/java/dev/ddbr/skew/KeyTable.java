package dev.ddbr.skew;

import java.util.Arrays;

/**
 * Exact items and bytes per key, keys held as UTF-8 bytes: an open-addressing table over primitive
 * arrays (about 32 bytes a slot plus the key bytes, no object per key). Keys are compared byte for byte,
 * so counts are exact whatever the hash does. Not thread-safe.
 */
final class KeyTable {
    private static final double LOAD = 0.6;

    /** Four longs a slot, side by side (one cache line holds two slots): hash, items, bytes, offset << 32 | length. */
    private long[] slots;
    private byte[] arena = new byte[1 << 12];
    private int used;
    private int size;
    private int mask;
    private int resizeAt;

    KeyTable() {
        this(1 << 10);
    }

    /** Room for about {@code keys} keys before the first resize. */
    KeyTable(int keys) {
        allocate(Integer.highestOneBit(Math.max(16, (int) (keys / LOAD)) - 1) << 1);
    }

    /** Empty it, keeping its memory. */
    void clear() {
        Arrays.fill(slots, 0L);
        used = 0;
        size = 0;
    }

    private void allocate(int capacity) {
        slots = new long[capacity * 4];
        mask = capacity - 1;
        resizeAt = (int) (capacity * LOAD);
    }

    /** A well-mixed 64-bit hash of the bytes, never 0 (0 marks an empty slot). */
    static long hash(byte[] k, int off, int len) {
        long h = 0xcbf29ce484222325L ^ len;
        for (int i = off, end = off + len; i < end; i++) h = (h ^ k[i]) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    int size() { return size; }

    /**
     * Add {@code n} items and {@code b} bytes to the key ({@code h} is its {@link #hash}).
     *
     * @return true when the key is new
     */
    boolean add(byte[] k, int off, int len, long h, long n, long b) {
        long[] t = slots;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int x = i << 2;
            long sh = t[x];
            if (sh == 0) break;
            if (sh == h) {
                long ref = t[x + 3];
                int o = (int) (ref >>> 32);
                if ((int) ref == len && same(arena, o, k, off, len)) {
                    t[x + 1] += n;
                    t[x + 2] += b;
                    return false;
                }
            }
            i = (i + 1) & mask;
        }
        if (used + len > arena.length) arena = Arrays.copyOf(arena, Math.max(used + len, arena.length * 2));
        System.arraycopy(k, off, arena, used, len);
        int x = i << 2;
        t[x] = h;
        t[x + 1] = n;
        t[x + 2] = b;
        t[x + 3] = (long) used << 32 | len;
        used += len;
        if (++size > resizeAt) grow();
        return true;
    }

    private static boolean same(byte[] a, int ao, byte[] k, int ko, int len) {
        for (int j = 0; j < len; j++) if (a[ao + j] != k[ko + j]) return false;
        return true;
    }

    private void grow() {
        long[] old = slots;
        allocate((old.length >> 2) * 2);
        long[] t = slots;
        for (int j = 0; j < old.length; j += 4) {
            long h = old[j];
            if (h == 0) continue;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (t[i << 2] != 0) i = (i + 1) & mask;
            System.arraycopy(old, j, t, i << 2, 4);
        }
    }

    /** Visits every key. */
    interface EntryVisitor {
        void entry(byte[] arena, int off, int len, long hash, long items, long bytes);
    }

    void forEach(EntryVisitor v) {
        long[] t = slots;
        for (int x = 0; x < t.length; x += 4) {
            if (t[x] != 0) v.entry(arena, (int) (t[x + 3] >>> 32), (int) t[x + 3], t[x], t[x + 1], t[x + 2]);
        }
    }

    /** Slot numbers in use, for {@link #items(int)}, {@link #bytes(int)} and {@link #key(int)}. */
    int[] slots() {
        int[] s = new int[size];
        int n = 0;
        for (int x = 0; x < slots.length; x += 4) if (slots[x] != 0) s[n++] = x >> 2;
        return s;
    }

    long items(int slot) { return slots[(slot << 2) + 1]; }

    long bytes(int slot) { return slots[(slot << 2) + 2]; }

    String key(int slot) {
        long ref = slots[(slot << 2) + 3];
        return new String(arena, (int) (ref >>> 32), (int) ref, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The text of a key with this hash when there is one, else null. */
    String text(long h) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            long x = slots[i << 2];
            if (x == 0) return null;
            if (x == h) return key(i);
            i = (i + 1) & mask;
        }
    }
}
