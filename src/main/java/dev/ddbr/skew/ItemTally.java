package dev.ddbr.skew;

import dev.ddbr.skew.export.AttributeVisitor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One worker's counts for a list of targets (the table and its GSIs), fed one item at a time from a
 * streaming reader. It is also the {@link AttributeVisitor} the readers call for each item.
 */
public final class ItemTally implements AttributeVisitor {
    private final List<SkewTarget> targets;
    private final KeyStats[] stats;
    private final Set<String> wanted = new HashSet<>();
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private final boolean needSizes;

    public ItemTally(List<SkewTarget> targets, int exactLimit) {
        this.targets = List.copyOf(targets);
        this.stats = new KeyStats[targets.size()];
        boolean ns = false;
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new KeyStats(exactLimit);
            SkewTarget t = targets.get(i);
            wanted.add(t.keyAttribute());
            if (t.projected() != null) {
                wanted.addAll(t.projected());
                ns = true;
            }
        }
        this.needSizes = ns;
    }

    public List<SkewTarget> targets() { return targets; }

    public KeyStats stats(int i) { return stats[i]; }

    /** Start a new item. */
    public void begin() {
        keys.clear();
        if (needSizes) sizes.clear();
    }

    @Override
    public boolean wants(String name) { return wanted.contains(name); }

    @Override
    public void attribute(String name, String keyText, long size) {
        if (keyText != null) keys.put(name, keyText);
        if (needSizes) sizes.put(name, size);
    }

    /**
     * Count the item just read.
     *
     * @return null when fine, else why the item cannot be counted (no base-table key)
     */
    public String end(long itemSize) {
        for (int i = 0; i < stats.length; i++) {
            SkewTarget t = targets.get(i);
            String key = keys.get(t.keyAttribute());
            if (key == null) {
                if (t.isTable()) return "item has no partition key '" + t.keyAttribute() + "' of type S, N or B";
                continue; // sparse index: the item is not in it
            }
            long bytes = itemSize;
            if (t.projected() != null) {
                bytes = 0;
                for (String a : t.projected()) {
                    Long s = sizes.get(a);
                    if (s != null) bytes += s;
                }
            }
            stats[i].add(key, bytes);
        }
        return null;
    }

    public void merge(ItemTally other) {
        for (int i = 0; i < stats.length; i++) stats[i].merge(other.stats[i]);
    }
}
