package dev.ddbr.profile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Small text helpers for one-line error messages: quoting, truncation, did-you-mean. */
public final class Text {
    /** Longest value echoed in a message; longer ones are cut and end in "...". */
    static final int MAX_ECHO = 40;

    private Text() {}

    /** {@code 'value'}, cut to {@link #MAX_ECHO} characters, control characters escaped. */
    static String single(String value) {
        return "'" + shorten(value) + "'";
    }

    /** {@code "value"}, cut to {@link #MAX_ECHO} characters, control characters escaped. */
    static String dbl(String value) {
        return "\"" + shorten(value) + "\"";
    }

    /** Escapes anything that would break a one-line message and cuts long text. */
    static String shorten(String value) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (count == MAX_ECHO) {
                sb.append("...");
                break;
            }
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(cp)) sb.append(String.format("\\u%04x", cp));
                    else sb.appendCodePoint(cp);
                }
            }
            count++;
        }
        return sb.toString();
    }

    /** A number as people write it: {@code 2}, not {@code 2.0}. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A message from a library, flattened to its first line. */
    static String oneLine(String message) {
        if (message == null) return "";
        String first = message.strip().lines().findFirst().orElse("").strip();
        if (first.length() > 200) first = first.substring(0, 200) + "...";
        return first.replaceAll("\\p{Cntrl}", " ");
    }

    /**
     * The candidate closest to {@code input}, if it is close enough to be a likely typo. Comparison
     * ignores case, treats '-' as '_' and camelCase as snake_case, so {@code roleArn} finds {@code role_arn}.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String in = normalise(input);
        int limit = in.length() <= 3 ? 1 : in.length() <= 6 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = normalise(candidate);
            int d = distance(in, c);
            if (d > limit && !(in.length() >= 3 && c.startsWith(in))) continue;
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static String normalise(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a transposition counts as one edit. */
    static int distance(String a, String b) {
        return dev.ddbr.util.EditDistance.of(a, b);
    }
}
