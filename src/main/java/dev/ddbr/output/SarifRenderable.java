package dev.ddbr.output;

/**
 * A result that can be written as SARIF 2.1.0 ({@code -o sarif}). Only {@code ddbr audit} produces one; a
 * command whose result is not SarifRenderable rejects {@code -o sarif} (exit 252).
 */
public interface SarifRenderable {
    /** The complete SARIF log, as a JSON-serialisable tree. */
    Object toSarif();
}
