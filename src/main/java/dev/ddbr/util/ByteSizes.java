package dev.ddbr.util;

import dev.ddbr.error.DdbrException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data sizes such as {@code 50GB} or {@code 1.5TiB}: decimal units (KB, MB, GB, TB, PB: powers of 1,000, as AWS
 * bills) and binary ones (KiB ... PiB: powers of 1,024); a unit is required, B for bytes.
 */
public final class ByteSizes {
    private ByteSizes() {}

    public static final String SYNTAX = "a size with a unit: 500MB, 50GB, 1.5TB, 100GiB";
    private static final Pattern SIZE = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgtp]i?b|b)\\s*$", Pattern.CASE_INSENSITIVE);

    /** The size in bytes; {@code what} names the setting in the error (exit 252). */
    public static long parse(String text, String what) {
        Matcher m = text == null ? null : SIZE.matcher(text);
        if (m == null || !m.matches()) {
            throw DdbrException.invalid("'" + text + "' is not a size for " + what, SYNTAX);
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long base = unit.contains("i") ? 1024 : 1000;
        int power = "bkmgtp".indexOf(unit.charAt(0));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(base).pow(power));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw DdbrException.invalid("'" + text + "' is too large for " + what, SYNTAX);
        }
        return bytes.longValue();
    }
}
