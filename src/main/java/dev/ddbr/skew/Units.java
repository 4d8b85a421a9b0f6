package dev.ddbr.skew;

import java.util.Locale;

/** Human-readable figures for text output. */
public final class Units {
    private Units() {}

    public static String bytes(long b) {
        if (b < 1000) return b + " B";
        String[] u = {"kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int i = -1;
        while (v >= 1000 && i < u.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, u[i]);
    }

    public static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

    public static String percent(double share) { return String.format(Locale.ROOT, "%.1f%%", share * 100); }
}
