package dev.ddbr.skew.export;

/** Receives the top-level attributes a streaming item reader was asked for. */
public interface AttributeVisitor {
    /** True to receive {@link #attribute} for this top-level attribute name. */
    boolean wants(String name);

    /**
     * @param name    the attribute name
     * @param keyText the value rendered as a key (see {@link dev.ddbr.skew.KeyText}) when it is S, N or B; else null
     * @param size    the attribute's size by DynamoDB's rules, name included
     */
    void attribute(String name, String keyText, long size);
}
