package dev.ddbr.skew;

import java.math.BigDecimal;
import java.util.Base64;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Partition keys rendered as strings, the same way from every source: S as is, N in canonical form
 * (no leading or trailing zeros, no exponent: {@code 1.50} and {@code 15E-1} are both {@code 1.5}),
 * B as standard base64.
 */
public final class KeyText {
    private KeyText() {}

    /** The key as text, or null when the value is not a key type (S, N or B). */
    public static String of(AttributeValue v) {
        if (v == null) return null;
        if (v.s() != null) return v.s();
        if (v.n() != null) return number(v.n());
        if (v.b() != null) return Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe());
        return null;
    }

    public static String number(String n) {
        try {
            BigDecimal d = new BigDecimal(n.strip());
            if (d.signum() == 0) return "0";
            return d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return n;
        }
    }

    /** A key as a binary value in base64, canonical (re-encoded) form. */
    public static String binary(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
