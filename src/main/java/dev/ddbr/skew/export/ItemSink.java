package dev.ddbr.skew.export;

/**
 * Receives the top-level attributes a byte-level item scanner was asked for, as UTF-8 bytes: no
 * {@code String} is built per item. Bytes passed in are only valid during the call.
 */
public interface ItemSink {
    /**
     * @return a slot number (0 or more) when this top-level attribute (its UTF-8 name) is wanted, else -1
     */
    int want(byte[] name, int off, int len);

    /**
     * A wanted attribute.
     *
     * @param slot    what {@link #want} returned for its name
     * @param keyType 'S', 'N' or 'B' when the value is a key type (then {@code key*} hold its key text in
     *                UTF-8, see {@link dev.ddbr.skew.KeyText}), else 0
     * @param size    the attribute's size by DynamoDB's rules, name included
     */
    void attribute(int slot, byte keyType, byte[] key, int keyOff, int keyLen, long size);
}
