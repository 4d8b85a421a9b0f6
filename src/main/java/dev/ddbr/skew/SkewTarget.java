package dev.ddbr.skew;

import java.util.Set;

/**
 * What to count: the base table's partition key ({@code index} null) or a GSI's.
 *
 * @param index        the GSI name, or null for the base table
 * @param keyAttribute the partition key attribute
 * @param keyType      S, N or B (or "?" when unknown)
 * @param projected    attributes an index entry holds (keys included), or null when it holds the whole item
 */
public record SkewTarget(String index, String keyAttribute, String keyType, Set<String> projected) {
    public boolean isTable() { return index == null; }

    public String label() { return index == null ? "table" : "index '" + index + "'"; }
}
