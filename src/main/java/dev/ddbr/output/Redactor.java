package dev.ddbr.output;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials and session tokens from anything ddbr writes, --debug included.
 *
 * <p>Two ways, both needed. By <b>value</b>: the secret access key and session token of the credentials ddbr
 * actually used are registered here when the SDK resolves them ({@code aws/ClientFactory} wraps every credentials
 * provider), and every occurrence of them, as they are, URL-encoded or JSON-escaped, is masked in everything ddbr
 * writes: stdout, stderr (through {@link RedactingWriter}), journals and manifests, whatever the server echoed.
 * Nothing is resolved for this: a command that never used AWS has nothing registered. By <b>form</b>: access key
 * ids, {@code key=value} forms of secrets and SigV4 signatures, in error lines and debug traces only (data on stdout
 * is not rewritten by pattern).
 */
public final class Redactor {
    /** What a masked value becomes. */
    public static final String MASK = "[redacted]";
    /**
     * Values shorter than this are not masked by value: real secret access keys are 40 characters and session tokens
     * hundreds, while masking a short value (an emulator's "test") would rewrite ordinary output.
     */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final Pattern[] PATTERNS = {
        // access key ids
        Pattern.compile("\\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\\b"),
        // key=value / "key": "value" forms of secrets and tokens
        Pattern.compile("(?i)((?:aws_)?(?:secret_?access_?key|secretAccessKey|session_?token|sessionToken|x-amz-security-token|security_?token|password)[\"']?\\s*[:=]\\s*[\"']?)([^\"'\\s,}]+)"),
        // SigV4 signatures
        Pattern.compile("(?i)(Signature=)[0-9a-f]+"),
        Pattern.compile("(?i)(Credential=)[^,\\s]+"),
    };

    /** Every form of every registered secret, longest first (so a token is masked whole before any part of it). */
    private static volatile String[] forms = new String[0];

    private Redactor() {}

    /**
     * Registers a secret value (secret access key, session token) in use by this process: from now on it is masked
     * wherever ddbr writes it. Null and short values are ignored (see {@link #MIN_SECRET_LENGTH}).
     */
    public static void secret(String value) {
        if (value == null || value.length() < MIN_SECRET_LENGTH) return;
        synchronized (Redactor.class) {
            Set<String> all = new LinkedHashSet<>(Arrays.asList(forms));
            if (!all.add(value)) return;
            all.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
            all.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            all.add(value.replace("/", "\\/"));
            all.add(value.replace("+", " ")); // form-decoded once by a server
            String[] next = all.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                    .sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new);
            forms = next;
        }
    }

    /** Whether any secret value is registered (then output passes through {@link #maskValues}). */
    public static boolean hasSecrets() { return forms.length > 0; }

    /** Masks the registered secret values in {@code s}, and nothing else: safe on data. */
    public static String maskValues(String s) {
        if (s == null) return null;
        String[] f = forms;
        String r = s;
        for (String v : f) {
            if (r.contains(v)) r = r.replace(v, MASK);
        }
        return r;
    }

    /** Masks the registered secret values and anything that looks like a credential: for messages and traces. */
    public static String redact(String s) {
        if (s == null) return null;
        String r = maskValues(s);
        r = PATTERNS[0].matcher(r).replaceAll("[redacted-key-id]");
        r = PATTERNS[1].matcher(r).replaceAll("$1[redacted]");
        r = PATTERNS[2].matcher(r).replaceAll("$1[redacted]");
        r = PATTERNS[3].matcher(r).replaceAll("$1[redacted]");
        return r;
    }

    /** Forgets every registered value: for tests that check the registry from a clean state. */
    static void clearForTests() {
        synchronized (Redactor.class) {
            forms = new String[0];
        }
    }
}
