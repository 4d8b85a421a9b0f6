package dev.ddbr.restore;

/**
 * A setting that differs between the source and the restored table after the fix-ups.
 *
 * @param field  the settings snapshot field, e.g. "encryption.kmsKeyArn"
 * @param source the source's value
 * @param target the restored table's value
 */
public record DriftItem(String field, String source, String target) {}
