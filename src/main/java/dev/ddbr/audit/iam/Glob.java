package dev.ddbr.audit.iam;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** IAM wildcard matching: {@code *} is any run of characters (colons and slashes included), {@code ?} one character. */
public final class Glob {
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Glob() {}

    public static boolean matches(String pattern, String value, boolean ignoreCase) {
        if ("*".equals(pattern)) return true;
        String key = (ignoreCase ? "i:" : "s:") + pattern;
        Pattern p = CACHE.computeIfAbsent(key, k -> compile(pattern, ignoreCase));
        return p.matcher(value).matches();
    }

    private static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (lit.length() > 0) { re.append(Pattern.quote(lit.toString())); lit.setLength(0); }
                re.append(c == '*' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) re.append(Pattern.quote(lit.toString()));
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /** Actions are case-insensitive: {@code DynamoDB:deletetable} is {@code dynamodb:DeleteTable}. */
    public static boolean actionMatches(String pattern, String action) {
        return matches(pattern.trim(), action, true);
    }

    /**
     * Whether an action pattern grants every action of a service ({@code dynamodb:*}, {@code dynamo*},
     * {@code *}), as opposed to a subset ({@code dynamodb:Get*}).
     */
    public static boolean coversService(String pattern, String service) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        if (p.contains("?")) return false;
        int star = p.indexOf('*');
        if (star < 0) return false;
        String prefix = p.substring(0, star);
        return (service + ":").startsWith(prefix) && matches(p, service + ":anything", true);
    }

    /** Whether a NotAction pattern may exclude some action of the service. */
    public static boolean touchesService(String pattern, String service) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        int w = firstWildcard(p);
        String prefix = w < 0 ? p : p.substring(0, w);
        String s = service + ":";
        return prefix.startsWith(s) || s.startsWith(prefix);
    }

    private static int firstWildcard(String p) {
        int a = p.indexOf('*');
        int b = p.indexOf('?');
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }
}
