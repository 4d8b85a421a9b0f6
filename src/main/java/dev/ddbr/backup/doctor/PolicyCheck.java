package dev.ddbr.backup.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The two resource-policy questions a cross-account copy depends on, answered from the policy JSON: does the
 * destination vault's access policy let the source account (or its organization) CopyIntoBackupVault, and does
 * the table key's policy let the destination account use the key. A deliberately small evaluator: Allow and
 * Deny statements, Action/NotAction-free wildcards, Principal "*" / AWS account ids, root and other ARNs,
 * and the aws:PrincipalOrgID / aws:PrincipalAccount conditions. Anything it does not understand is not
 * counted as an allow.
 */
public final class PolicyCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCheck() {}

    /** The answer: allowed or not, and why (the statement id or what is missing). */
    public record Verdict(boolean allowed, String detail) {}

    /** Does the vault policy allow backup:CopyIntoBackupVault from {@code sourceAccount} (in {@code orgId}, may be null)? */
    public static Verdict vaultAllowsCopy(String policy, String sourceAccount, String orgId) {
        List<JsonNode> statements = statements(policy);
        for (JsonNode s : statements) {
            if (isDeny(s) && actionMatches(s, "backup:CopyIntoBackupVault") && principalMatches(s, sourceAccount, orgId)) {
                return new Verdict(false, "statement " + sid(s) + " denies backup:CopyIntoBackupVault to account " + sourceAccount);
            }
        }
        for (JsonNode s : statements) {
            if (isAllow(s) && actionMatches(s, "backup:CopyIntoBackupVault") && principalMatches(s, sourceAccount, orgId)) {
                return new Verdict(true, "statement " + sid(s) + " allows backup:CopyIntoBackupVault from account " + sourceAccount);
            }
        }
        return new Verdict(false, "no statement allows backup:CopyIntoBackupVault from account " + sourceAccount
                + (orgId == null ? "" : " or organization " + orgId));
    }

    /** The actions the destination account needs on a customer-managed key to take in a copy. */
    public static final List<String> KEY_ACTIONS = List.of("kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant");

    /** Which of {@link #KEY_ACTIONS} the key policy lets {@code account} use; the detail names the missing ones. */
    public static Verdict keyAllows(String policy, String account) {
        List<JsonNode> statements = statements(policy);
        Set<String> missing = new LinkedHashSet<>(KEY_ACTIONS);
        for (String a : KEY_ACTIONS) {
            boolean allowed = false;
            boolean denied = false;
            for (JsonNode s : statements) {
                if (!actionMatches(s, a) || !principalMatches(s, account, null)) continue;
                if (isDeny(s)) denied = true;
                if (isAllow(s)) allowed = true;
            }
            if (allowed && !denied) missing.remove(a);
        }
        if (missing.isEmpty()) return new Verdict(true, "the key policy allows account " + account + " " + String.join(", ", KEY_ACTIONS));
        return new Verdict(false, "the key policy does not allow account " + account + " " + String.join(", ", missing));
    }

    static List<JsonNode> statements(String policy) {
        List<JsonNode> out = new ArrayList<>();
        if (policy == null || policy.isBlank()) return out;
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (IOException e) {
            return out;
        }
        JsonNode st = root.path("Statement");
        if (st.isArray()) st.forEach(out::add);
        else if (st.isObject()) out.add(st);
        return out;
    }

    private static boolean isAllow(JsonNode s) { return "Allow".equalsIgnoreCase(s.path("Effect").asText()); }

    private static boolean isDeny(JsonNode s) { return "Deny".equalsIgnoreCase(s.path("Effect").asText()); }

    private static String sid(JsonNode s) { return s.hasNonNull("Sid") ? "'" + s.get("Sid").asText() + "'" : "(no Sid)"; }

    static boolean actionMatches(JsonNode s, String action) {
        for (String a : values(s.path("Action"))) {
            if (wildcard(a).matcher(action.toLowerCase(Locale.ROOT)).matches()) return true;
        }
        return false;
    }

    private static Pattern wildcard(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') b.append(".*");
            else if (c == '?') b.append('.');
            else b.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(b.toString());
    }

    /** Principal "*" (narrowed by an org or account condition, if any) or an AWS principal in {@code account}. */
    static boolean principalMatches(JsonNode s, String account, String orgId) {
        JsonNode p = s.path("Principal");
        List<String> principals = p.isTextual() ? List.of(p.asText()) : values(p.path("AWS"));
        for (String v : principals) {
            if (v.equals("*")) {
                if (conditionsAllow(s.path("Condition"), account, orgId)) return true;
            } else if (v.equals(account) || accountOf(v).equals(account)) {
                return true;
            }
        }
        return false;
    }

    /** No condition, or aws:PrincipalOrgID / aws:PrincipalAccount conditions that name the org / account. */
    private static boolean conditionsAllow(JsonNode condition, String account, String orgId) {
        if (condition.isMissingNode() || condition.isEmpty()) return true;
        for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                String key = k.getKey().toLowerCase(Locale.ROOT);
                List<String> want = values(k.getValue());
                if (key.equals("aws:principalorgid")) {
                    if (orgId == null || !want.contains(orgId)) return false;
                } else if (key.equals("aws:principalaccount")) {
                    if (!want.contains(account)) return false;
                } else {
                    return false; // a condition this evaluator cannot judge
                }
            }
        }
        return true;
    }

    private static String accountOf(String arn) {
        String[] p = arn.split(":", 6);
        return p.length >= 5 ? p[4] : "";
    }

    private static List<String> values(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) out.add(n.asText());
        else if (n.isArray()) n.forEach(v -> out.add(v.asText()));
        return out;
    }
}
