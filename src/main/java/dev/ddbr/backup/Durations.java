package dev.ddbr.backup;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 90s}, {@code 15m}, {@code 6h}, {@code 35d}, {@code 2w}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private Durations() {}

    public static Duration parse(String text, String option) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (s.isEmpty() || end != s.length() || total.isZero()) {
            throw DdbrException.invalid("invalid duration '" + text + "' for " + option,
                    "use a number and a unit: 90s, 15m, 6h, 35d, 2w (or combine them: 1h30m)");
        }
        return total;
    }

    /** Short form: {@code 2d3h}, {@code 15m}, {@code 42s}, {@code 1.2s}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s < 10 && d.toMillis() % 1000 != 0) return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        if (s < 60) return s + "s";
        StringBuilder b = new StringBuilder();
        long days = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60, sec = s % 60;
        if (days > 0) b.append(days).append('d');
        if (h > 0) b.append(h).append('h');
        if (m > 0 && days == 0) b.append(m).append('m');
        if (sec > 0 && days == 0 && h == 0) b.append(sec).append('s');
        return b.toString();
    }
}
