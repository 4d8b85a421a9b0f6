package dev.ddbr.skew;

import dev.ddbr.skew.export.AttributeVisitor;
import dev.ddbr.skew.export.ItemSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One worker's counts for a list of targets (the table and its GSIs), fed one item at a time from a
 * streaming reader. It is the {@link ItemSink} of the byte-level JSON scanner (no object per item) and the
 * {@link AttributeVisitor} of the other readers.
 */
public final class ItemTally implements AttributeVisitor, ItemSink {
    private final List<SkewTarget> targets;
    private final KeyStats[] stats;
    /** The wanted top-level attribute names, one slot each. */
    private final String[] names;
    private final byte[][] nameBytes;
    /** Per target: the slot of its key attribute, and the slots of its projected attributes (or null). */
    private final int[] keySlot;
    private final int[][] projectedSlots;
    // per slot, for the current item
    private final boolean[] present;
    private final long[] sizes;
    private final int[] keyLen;
    private final byte[][] keys;

    public ItemTally(List<SkewTarget> targets, int exactLimit) {
        this.targets = List.copyOf(targets);
        this.stats = new KeyStats[targets.size()];
        List<String> wanted = new ArrayList<>();
        keySlot = new int[targets.size()];
        projectedSlots = new int[targets.size()][];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new KeyStats(exactLimit);
            SkewTarget t = targets.get(i);
            keySlot[i] = slot(wanted, t.keyAttribute());
            if (t.projected() != null) {
                List<String> sorted = new ArrayList<>(t.projected());
                sorted.sort(null);
                projectedSlots[i] = sorted.stream().mapToInt(a -> slot(wanted, a)).toArray();
            }
        }
        names = wanted.toArray(new String[0]);
        nameBytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) nameBytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
        present = new boolean[names.length];
        sizes = new long[names.length];
        keyLen = new int[names.length];
        keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) keys[i] = new byte[64];
    }

    private static int slot(List<String> wanted, String name) {
        int i = wanted.indexOf(name);
        if (i >= 0) return i;
        wanted.add(name);
        return wanted.size() - 1;
    }

    public List<SkewTarget> targets() { return targets; }

    public KeyStats stats(int i) { return stats[i]; }

    /** Start a new item. */
    public void begin() {
        Arrays.fill(present, false);
        Arrays.fill(keyLen, -1);
    }

    // --- ItemSink (bytes) -----------------------------------------------------------------------------

    @Override
    public int want(byte[] name, int off, int len) {
        for (int i = 0; i < nameBytes.length; i++) {
            byte[] n = nameBytes[i];
            if (n.length == len && Arrays.equals(n, 0, len, name, off, off + len)) return i;
        }
        return -1;
    }

    @Override
    public void attribute(int slot, byte keyType, byte[] key, int keyOff, int len, long size) {
        present[slot] = true;
        sizes[slot] = size;
        if (keyType != 0) {
            byte[] k = keys[slot];
            if (k.length < len) keys[slot] = k = new byte[Math.max(len, k.length * 2)];
            System.arraycopy(key, keyOff, k, 0, len);
            keyLen[slot] = len;
        }
    }

    // --- AttributeVisitor (strings) -------------------------------------------------------------------

    @Override
    public boolean wants(String name) {
        for (String n : names) if (n.equals(name)) return true;
        return false;
    }

    @Override
    public void attribute(String name, String keyText, long size) {
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(name)) continue;
            byte[] k = keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8);
            attribute(i, k == null ? 0 : (byte) 'S', k, 0, k == null ? 0 : k.length, size);
            return;
        }
    }

    /**
     * Count the item just read.
     *
     * @return null when fine, else why the item cannot be counted (no base-table key)
     */
    public String end(long itemSize) {
        for (int i = 0; i < stats.length; i++) {
            int slot = keySlot[i];
            int len = keyLen[slot];
            if (len < 0) {
                SkewTarget t = targets.get(i);
                if (t.isTable()) return "item has no partition key '" + t.keyAttribute() + "' of type S, N or B";
                continue; // sparse index: the item is not in it
            }
            long bytes = itemSize;
            int[] proj = projectedSlots[i];
            if (proj != null) {
                bytes = 0;
                for (int a : proj) if (present[a]) bytes += sizes[a];
            }
            stats[i].add(keys[slot], 0, len, bytes);
        }
        return null;
    }

    public void merge(ItemTally other) {
        for (int i = 0; i < stats.length; i++) stats[i].merge(other.stats[i]);
    }
}
