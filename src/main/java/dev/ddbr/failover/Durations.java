package dev.ddbr.failover;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them: {@code 500ms}, {@code 60s}, {@code 15m}, {@code 2h}, {@code 1d},
 * combinations such as {@code 1m30s}, a bare number of seconds, or ISO-8601 ({@code PT1M}).
 * (A private version until the shared helper lands; same grammar.)
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String text, String what) {
        if (text == null || text.isBlank()) throw bad(text, what);
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(s));
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return nonNegative(Duration.parse(s.toUpperCase(Locale.ROOT)), text, what);
            } catch (DateTimeParseException e) {
                throw bad(text, what);
            }
        }
        Matcher m = PART.matcher(s);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw bad(text, what);
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end != s.length() || end == 0) throw bad(text, what);
        return d;
    }

    /** "1.5s", "250ms", "2m05s": short and exact enough for reports. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = d.toSeconds();
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private static Duration nonNegative(Duration d, String text, String what) {
        if (d.isNegative()) throw bad(text, what);
        return d;
    }

    private static DdbrException bad(String text, String what) {
        return DdbrException.invalid("invalid duration '" + text + "' for " + what,
                "use a number and a unit, e.g. 500ms, 60s, 15m, 2h, or 1m30s");
    }
}
