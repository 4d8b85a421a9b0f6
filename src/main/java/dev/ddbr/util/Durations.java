package dev.ddbr.util;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the durations and points in time operators type: {@code 15m}, {@code 2h}, {@code 1h30m},
 * {@code 90s}, {@code 7d}; and a time as {@code latest}, an ISO-8601 instant, or relative to now
 * ({@code -15m}, {@code -2h}). A duration always carries a unit: a bare number ({@code 35}) is refused, since
 * "35" could mean seconds to one reader and days to another ({@code backup prune --older-than 35}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[wdhms])");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(?:ms|[wdhms]))+");

    private Durations() {}

    /** Like {@link #parse(String)}, naming the option in the message; zero is refused. */
    public static Duration parse(String text, String option) {
        return parse(text, option, false);
    }

    /** Like {@link #parse(String, String)}, but zero ({@code 0s}: "none") is accepted; negative durations are not. */
    public static Duration parseZeroAllowed(String text, String option) {
        return parse(text, option, true);
    }

    private static Duration parse(String text, String option, boolean zeroAllowed) {
        Duration d;
        try {
            d = parse(text);
        } catch (DdbrException e) {
            String why = bareNumber(text) ? ": a number alone has no unit" : "";
            throw DdbrException.invalid("invalid duration '" + text + "' for " + option + why, e.hint());
        }
        if (d.isNegative() || d.isZero() && !zeroAllowed) {
            throw DdbrException.invalid("invalid duration '" + text + "' for " + option + ": it must be more than zero",
                    "use a number with a unit, such as 90s, 15m, 2h, 1h30m, 7d or 2w");
        }
        return d;
    }

    /**
     * {@code 500ms}, {@code 15m}, {@code 2h}, {@code 1h30m}, {@code 45s}, {@code 7d}, {@code 2w}, or ISO-8601
     * {@code PT2H}. A number without a unit is refused, with a hint that shows it with each unit.
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) throw bad(text);
        if (bareNumber(text)) {
            String n = text.strip();
            throw DdbrException.invalid("invalid duration '" + text + "': a number alone has no unit",
                    "add a unit: " + n + "s, " + n + "m, " + n + "h, " + n + "d or " + n + "w");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        if (!WHOLE.matcher(s).matches()) throw bad(text);
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    /** A number with no unit: {@code 35}, {@code 1.5}. */
    private static boolean bareNumber(String text) {
        return text != null && text.strip().matches("\\d+(\\.\\d+)?");
    }

    private static DdbrException bad(String text) {
        return DdbrException.invalid("invalid duration '" + text + "'",
                "use a number with a unit, such as 90s, 15m, 2h, 1h30m, 7d or 2w");
    }

    /**
     * A point in time: {@code latest} (null is returned: "the latest restorable time"), an ISO-8601 instant
     * with a zone ({@code 2024-05-01T10:00:00Z}, {@code 2024-05-01T12:00:00+02:00}), or {@code -DURATION}
     * before {@code now}.
     *
     * @return the instant, or null for {@code latest}
     */
    public static Instant parseWhen(String text, Instant now) {
        if (text == null || text.isBlank()) throw badWhen(text);
        String s = text.strip();
        if (s.equalsIgnoreCase("latest") || s.equalsIgnoreCase("now")) return null;
        if (s.startsWith("-")) {
            Duration d;
            try {
                d = parse(s.substring(1));
            } catch (DdbrException e) {
                if (bareNumber(s.substring(1))) {
                    String n = s.substring(1).strip();
                    throw DdbrException.invalid("invalid time '" + text + "': a number alone has no unit",
                            "add a unit: -" + n + "m, -" + n + "h or -" + n + "d before now");
                }
                throw badWhen(text);
            }
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw badWhen(text);
            }
        }
    }

    private static DdbrException badWhen(String text) {
        return DdbrException.invalid("invalid time '" + text + "'",
                "use 'latest', an ISO-8601 instant with a zone such as 2024-05-01T10:00:00Z, or a time "
                        + "before now such as -15m or -2h");
    }

    /** Short and exact enough for measured latencies: {@code 250ms}, {@code 1.5s}, {@code 2m05s}, {@code 1h02m}. */
    public static String formatPrecise(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = d.toSeconds();
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** {@code 3d 04h}, {@code 2h 05m 03s}, {@code 4m 10s}, {@code 12s}, {@code 0.4s}. */
    public static String format(Duration d) {
        if (d == null) return null;
        if (d.isNegative()) return "-" + format(d.negated());
        long s = d.getSeconds();
        if (s < 10 && d.toMillis() % 1000 != 0) return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        long days = s / 86400;
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (days > 0) return String.format(Locale.ROOT, "%dd %02dh", days, h % 24);
        if (h > 0) return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, sec);
        if (m > 0) return String.format(Locale.ROOT, "%dm %02ds", m, sec);
        return sec + "s";
    }
}
