package dev.ddbr.audit.iam;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Resource or NotResource ARN pattern, matched the way IAM documents it (IAM User Guide, "IAM JSON policy
 * elements: Resource", "Using wildcards in resource ARNs", and "IAM policy elements: Variables and tags"):
 * <ul>
 *   <li>{@code *} and {@code ?} work within one ARN segment (the parts separated by colons): {@code ?} is one
 *       character other than {@code :}; a {@code *} that is not the last character of its segment does not match
 *       across a {@code :}; a {@code *} that is the last character of a segment "can expand to match beyond the
 *       colon boundaries" ({@code arn:aws:dynamodb:*} covers every DynamoDB ARN);</li>
 *   <li>with {@code Version: 2012-10-17}, {@code ${*}}, {@code ${?}} and {@code ${$}} are the literal characters,
 *       and {@code ${key}} / {@code ${key, 'default'}} is a policy variable: the match then depends on the request
 *       (a condition), and the variable can only stand for text the key can hold ({@code aws:username} holds no
 *       {@code /} or {@code :}, an account id is twelve digits);</li>
 *   <li>with {@code Version: 2008-10-17} (or no Version, which defaults to it) {@code ${...}} is literal text.</li>
 * </ul>
 */
public final class ArnPattern {
    private static final Map<String, ArnPattern> CACHE = new ConcurrentHashMap<>();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** Characters an IAM user name may hold ([\w+=,.@-], 1 to 64). */
    static final String USER_NAME = "[A-Za-z0-9_+=,.@-]{1,64}";
    /** Characters a tag value may hold (letters, digits, spaces, and _ . : / = + - @). */
    static final String TAG_VALUE = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";

    private final Pattern regex;
    private final boolean variable;
    private final boolean endsWithStar;
    private final String text;

    private ArnPattern(String text, Pattern regex, boolean variable, boolean endsWithStar) {
        this.text = text;
        this.regex = regex;
        this.variable = variable;
        this.endsWithStar = endsWithStar;
    }

    /** @param variables whether {@code ${...}} is a policy variable (Version 2012-10-17) or literal text (2008-10-17) */
    public static ArnPattern of(String pattern, boolean variables) {
        return CACHE.computeIfAbsent((variables ? "v:" : "l:") + pattern, k -> compile(pattern, variables));
    }

    /** Whether the pattern holds a policy variable, so a match depends on the request. */
    public boolean hasVariable() { return variable; }

    public String text() { return text; }

    /** How a pattern meets a resource: an exact ARN, or a family (every ARN with a prefix and an id after it). */
    public enum Meet { NONE, SOME, ALL }

    /**
     * How this pattern meets {@code r}: ALL when it matches the ARN (for a family: every member), SOME when it matches
     * some members of a family only (a family's ids are unknown), NONE when it can match nothing of it. With a
     * variable, the answer is what the variable could make it (the caller treats it as conditional).
     */
    public Meet meet(Resource r) {
        if (!r.family()) return regex.matcher(r.arn()).matches() ? Meet.ALL : Meet.NONE;
        Matcher m = regex.matcher(r.arn());
        boolean whole = m.matches();
        if (whole && endsWithStar) return Meet.ALL;
        // hitEnd: the matcher ran out of input, so some longer ARN (prefix + id) may match
        return whole || m.hitEnd() ? Meet.SOME : Meet.NONE;
    }

    private static ArnPattern compile(String p, boolean variables) {
        StringBuilder re = new StringBuilder();
        boolean variable = false;
        int i = 0;
        boolean lastStar = false;
        while (i < p.length()) {
            char c = p.charAt(i);
            lastStar = false;
            if (variables && c == '$' && i + 1 < p.length() && p.charAt(i + 1) == '{') {
                int end = p.indexOf('}', i);
                if (end > 0) {
                    String v = p.substring(i + 2, end).trim();
                    switch (v) {
                        case "*", "?", "$" -> re.append(Pattern.quote(v));
                        default -> {
                            variable = true;
                            re.append(variableRegex(v));
                        }
                    }
                    i = end + 1;
                    continue;
                }
            }
            if (c == '*') {
                boolean segmentEnd = i + 1 == p.length() || p.charAt(i + 1) == ':';
                re.append(segmentEnd ? ".*" : "[^:]*");
                lastStar = true;
            } else if (c == '?') {
                re.append("[^:]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return new ArnPattern(p, Pattern.compile(re.toString(), Pattern.DOTALL), variable, lastStar);
    }

    /** What a policy variable can stand for; {@code key, 'default'} may also be the default text. */
    static String variableRegex(String v) {
        String key = v;
        String def = null;
        int comma = v.indexOf(',');
        if (comma > 0) {
            key = v.substring(0, comma).trim();
            String d = v.substring(comma + 1).trim();
            if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) def = d.substring(1, d.length() - 1);
        }
        String k = key.toLowerCase(Locale.ROOT);
        String cls;
        if (k.equals("aws:username")) cls = USER_NAME;
        else if (k.equals("aws:principalaccount") || k.equals("aws:sourceaccount") || k.equals("aws:resourceaccount")) cls = "[0-9]{12}";
        else if (k.equals("aws:requestedregion")) cls = "[a-z0-9-]+";
        else if (k.equals("aws:principaltype")) cls = "(?:Account|User|FederatedUser|AssumedRole|Anonymous)";
        else if (k.equals("aws:userid")) cls = "[A-Za-z0-9_+=,.@:-]+";
        else if (k.startsWith("aws:principaltag/") || k.startsWith("aws:resourcetag/") || k.startsWith("aws:requesttag/")) cls = TAG_VALUE;
        else cls = ".*";
        return def == null ? "(?:" + cls + ")" : "(?:" + cls + "|" + Pattern.quote(def) + ")";
    }

    /**
     * What a request is about.
     *
     * @param arn    an ARN, or for a family the prefix every member starts with (an id follows)
     * @param family whether this is a family: "every backup of the table", "every recovery point in the account and
     *               Region", whose ids nobody knows in advance
     */
    public record Resource(String arn, boolean family) {
        public static Resource of(String arn) { return new Resource(arn, false); }

        public static Resource family(String prefix) { return new Resource(prefix, true); }

        @Override
        public String toString() { return family ? arn + "*" : arn; }
    }
}
