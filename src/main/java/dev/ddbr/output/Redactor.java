package dev.ddbr.output;

import java.util.regex.Pattern;

/** Removes credentials and session tokens from anything ddbr prints, --debug included. */
public final class Redactor {
    private static final Pattern[] PATTERNS = {
        // access key ids
        Pattern.compile("\\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\\b"),
        // key=value / "key": "value" forms of secrets and tokens
        Pattern.compile("(?i)((?:aws_)?(?:secret_?access_?key|secretAccessKey|session_?token|sessionToken|x-amz-security-token|security_?token|password)\"?\\s*[:=]\\s*\"?)([^\"\\s,}]+)"),
        // SigV4 signatures
        Pattern.compile("(?i)(Signature=)[0-9a-f]+"),
        Pattern.compile("(?i)(Credential=)[^,\\s]+"),
    };

    private Redactor() {}

    public static String redact(String s) {
        if (s == null) return null;
        String r = PATTERNS[0].matcher(s).replaceAll("[redacted-key-id]");
        r = PATTERNS[1].matcher(r).replaceAll("$1[redacted]");
        r = PATTERNS[2].matcher(r).replaceAll("$1[redacted]");
        r = PATTERNS[3].matcher(r).replaceAll("$1[redacted]");
        return r;
    }
}
