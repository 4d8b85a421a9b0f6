package dev.ddbr.skew;

import java.util.Arrays;

/**
 * Exact items and bytes per key, keys held as UTF-8 bytes: an open-addressing table over primitive
 * arrays (48 bytes a slot plus the key bytes, no object per key). Keys are compared byte for byte, so
 * counts are exact whatever the hash does. The first 16 bytes of each key are also kept in its slot, so
 * that a key of up to 16 bytes (most partition keys) is found with one memory access instead of two (the
 * slot, then the arena): with hundreds of thousands of keys both are cache misses, and they were most of
 * {@code skew export}'s time on small items. Not thread-safe.
 */
final class KeyTable {
    private static final double LOAD = 0.6;

    private static final int W = 6;
    static final int INLINE = 16;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Six longs a slot, side by side: hash, items, bytes, offset << 32 | length, then the key's first 16
     * bytes (little-endian, zero-padded).
     */
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
        slots = new long[capacity * W];
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
        return add(k, off, len, word(k, off, len, 0), word(k, off, len, 8), h, n, b);
    }

    /**
     * {@link #add(byte[], int, int, long, long, long)} with the key's first 16 bytes already read into
     * {@code w0} and {@code w1} ({@link #word}); {@code k} may be null when {@code len <= 16}.
     */
    boolean add(byte[] k, int off, int len, long w0, long w1, long h, long n, long b) {
        long[] t = slots;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int x = i * W;
            long sh = t[x];
            if (sh == 0) break;
            if (sh == h && t[x + 4] == w0 && t[x + 5] == w1) {
                long ref = t[x + 3];
                if ((int) ref == len && (len <= INLINE || same(arena, (int) (ref >>> 32) + INLINE, k, off + INLINE, len - INLINE))) {
                    t[x + 1] += n;
                    t[x + 2] += b;
                    return false;
                }
            }
            i = (i + 1) & mask;
        }
        if (used + len > arena.length) arena = Arrays.copyOf(arena, Math.max(used + len, arena.length * 2));
        if (k != null) {
            System.arraycopy(k, off, arena, used, len);
        } else {
            for (int j = 0; j < len; j++) arena[used + j] = (byte) ((j < 8 ? w0 >>> (8 * j) : w1 >>> (8 * (j - 8))));
        }
        int x = i * W;
        t[x] = h;
        t[x + 1] = n;
        t[x + 2] = b;
        t[x + 3] = (long) used << 32 | len;
        t[x + 4] = w0;
        t[x + 5] = w1;
        used += len;
        if (++size > resizeAt) grow();
        return true;
    }

    /** The slot a key of hash {@code h} is looked for first (a key's home). */
    int home(long h) { return (int) (h ^ (h >>> 32)) & mask; }

    /** Slots in the table (a power of two). */
    int capacity() { return mask + 1; }

    /** Bytes of memory a slot takes. */
    static int slotBytes() { return W * Long.BYTES; }

    /** Bytes [from, from + 8) of the key, little-endian, zero past its end. */
    static long word(byte[] k, int off, int len, int from) {
        if (len >= from + 8) return (long) LONGS.get(k, off + from);
        if (len <= from) return 0;
        // a short tail: one 8-byte read when the buffer goes on that far, masked to the key's bytes
        if (k.length - off - from >= 8) return (long) LONGS.get(k, off + from) & (-1L >>> (64 - 8 * (len - from)));
        long w = 0;
        for (int j = Math.min(len, from + 8) - 1; j >= from; j--) w = w << 8 | (k[off + j] & 0xff);
        return w;
    }

    private static boolean same(byte[] a, int ao, byte[] k, int ko, int len) {
        for (int j = 0; j < len; j++) if (a[ao + j] != k[ko + j]) return false;
        return true;
    }

    private void grow() {
        long[] old = slots;
        allocate((old.length / W) * 2);
        long[] t = slots;
        for (int j = 0; j < old.length; j += W) {
            long h = old[j];
            if (h == 0) continue;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (t[i * W] != 0) i = (i + 1) & mask;
            System.arraycopy(old, j, t, i * W, W);
        }
    }

    /** Visits every key. */
    interface EntryVisitor {
        void entry(byte[] arena, int off, int len, long hash, long items, long bytes);
    }

    void forEach(EntryVisitor v) {
        long[] t = slots;
        for (int x = 0; x < t.length; x += W) {
            if (t[x] != 0) v.entry(arena, (int) (t[x + 3] >>> 32), (int) t[x + 3], t[x], t[x + 1], t[x + 2]);
        }
    }

    /** Slot numbers in use, for {@link #items(int)}, {@link #bytes(int)} and {@link #key(int)}. */
    int[] slots() {
        int[] s = new int[size];
        int n = 0;
        for (int x = 0; x < slots.length; x += W) if (slots[x] != 0) s[n++] = x / W;
        return s;
    }

    long items(int slot) { return slots[slot * W + 1]; }

    long bytes(int slot) { return slots[slot * W + 2]; }

    String key(int slot) {
        long ref = slots[slot * W + 3];
        return new String(arena, (int) (ref >>> 32), (int) ref, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The text of a key with this hash when there is one, else null. */
    String text(long h) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            long x = slots[i * W];
            if (x == 0) return null;
            if (x == h) return key(i);
            i = (i + 1) & mask;
        }
    }
}
