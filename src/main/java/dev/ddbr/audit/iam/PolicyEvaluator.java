package dev.ddbr.audit.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Evaluates identity-based policies the way IAM does, for the questions the audit asks ("can this principal
 * delete this table?"): an explicit Deny wins; an Allow is needed; Action/NotAction and Resource/NotResource
 * with {@code *} and {@code ?} wildcards; actions are case-insensitive, resources case-sensitive; a permission
 * boundary caps what the policies allow.
 *
 * <p>Conditions are not evaluated (the request context is unknown), so they are treated conservatively: an
 * Allow under conditions counts as possible, a Deny under conditions does not count as a guarantee, and
 * both are reported. A resource with a policy variable ({@code ${aws:username}}) is treated like a condition.
 */
public final class PolicyEvaluator {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private PolicyEvaluator() {}

    /**
     * @param decision   the verdict
     * @param conditions the conditions that the verdict depends on, as text ("StringEquals aws:PrincipalOrgID=o-1")
     */
    public record Result(Decision decision, List<String> conditions) {
        public Result { conditions = List.copyOf(conditions); }
    }

    /** Parse a policy document with the SDK's policy builder; IAM documents may arrive URL-encoded. */
    public static IamPolicy parse(String document) {
        String d = document.strip();
        if (!d.startsWith("{")) {
            d = java.net.URLDecoder.decode(d.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
        return IamPolicy.fromJson(d);
    }

    /**
     * Evaluate {@code action} on {@code resource} against a principal's identity policies (inline, attached,
     * and its groups'), capped by {@code boundary} when it is not null.
     */
    public static Result evaluate(List<IamPolicy> policies, IamPolicy boundary, String action, String resource) {
        Result identity = evaluate(policies, action, resource);
        if (boundary == null || identity.decision() == Decision.EXPLICIT_DENY || identity.decision() == Decision.IMPLICIT_DENY) {
            if (boundary != null && identity.decision() == Decision.IMPLICIT_DENY) {
                Result b = evaluate(List.of(boundary), action, resource);
                if (b.decision() == Decision.EXPLICIT_DENY) return b;
            }
            return identity;
        }
        Result b = evaluate(List.of(boundary), action, resource);
        if (!b.decision().possible()) return b;
        Set<String> conds = new LinkedHashSet<>(identity.conditions());
        b.conditions().forEach(c -> conds.add("boundary: " + c));
        Decision d = identity.decision() == Decision.ALLOWED && b.decision() == Decision.ALLOWED
                ? Decision.ALLOWED : Decision.ALLOWED_WITH_CONDITIONS;
        return new Result(d, new ArrayList<>(conds));
    }

    static Result evaluate(List<IamPolicy> policies, String action, String resource) {
        boolean allowed = false;
        Set<String> allowConditions = new LinkedHashSet<>();
        boolean unconditionalAllow = false;
        Set<String> denyConditions = new LinkedHashSet<>();
        for (IamPolicy p : policies) {
            for (IamStatement s : p.statements()) {
                if (!actionApplies(s, action)) continue;
                Match rm = resourceApplies(s, resource);
                if (rm == Match.NO) continue;
                List<String> conds = conditions(s);
                if (rm == Match.VIA_VARIABLE) conds.add("policy variable in Resource");
                boolean deny = IamEffect.DENY.value().equalsIgnoreCase(s.effect().value());
                if (deny) {
                    if (conds.isEmpty()) return new Result(Decision.EXPLICIT_DENY, List.of());
                    conds.forEach(c -> denyConditions.add("denied when " + c));
                } else {
                    allowed = true;
                    if (conds.isEmpty()) unconditionalAllow = true;
                    else allowConditions.addAll(conds);
                }
            }
        }
        if (!allowed) return new Result(Decision.IMPLICIT_DENY, List.of());
        List<String> shown = new ArrayList<>();
        if (!unconditionalAllow) shown.addAll(allowConditions);
        shown.addAll(denyConditions);
        return new Result(shown.isEmpty() ? Decision.ALLOWED : Decision.ALLOWED_WITH_CONDITIONS, shown);
    }

    static boolean actionApplies(IamStatement s, String action) {
        if (!s.actions().isEmpty()) {
            for (IamAction a : s.actions()) if (Glob.actionMatches(a.value(), action)) return true;
            return false;
        }
        if (!s.notActions().isEmpty()) {
            for (IamAction a : s.notActions()) if (Glob.actionMatches(a.value(), action)) return false;
            return true;
        }
        return false;
    }

    enum Match { NO, YES, VIA_VARIABLE }

    static Match resourceApplies(IamStatement s, String resource) {
        if (!s.resources().isEmpty()) {
            Match best = Match.NO;
            for (IamResource r : s.resources()) {
                Match m = resourceMatches(r.value(), resource);
                if (m == Match.YES) return Match.YES;
                if (m == Match.VIA_VARIABLE) best = m;
            }
            return best;
        }
        if (!s.notResources().isEmpty()) {
            for (IamResource r : s.notResources()) {
                // A NotResource with a variable might exclude the resource: conservatively, the statement applies.
                if (resourceMatches(r.value(), resource) == Match.YES) return Match.NO;
            }
            return Match.YES;
        }
        return Match.NO;
    }

    static Match resourceMatches(String pattern, String resource) {
        if (!pattern.contains("${")) return Glob.matches(pattern, resource, false) ? Match.YES : Match.NO;
        // ${*}, ${?}, ${$} are escapes for the literal characters; other variables could be anything.
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder b = new StringBuilder();
        boolean variable = false;
        while (m.find()) {
            String v = m.group(1);
            String rep = switch (v) {
                case "*", "?", "$" -> v; // treated as the wildcard itself: a close enough approximation
                default -> { variable = true; yield "*"; }
            };
            m.appendReplacement(b, Matcher.quoteReplacement(rep));
        }
        m.appendTail(b);
        if (!Glob.matches(b.toString(), resource, false)) return Match.NO;
        return variable ? Match.VIA_VARIABLE : Match.YES;
    }

    /** The statement's conditions as text, one per operator and key: "StringEquals aws:SourceVpce=vpce-1|vpce-2". */
    public static List<String> conditions(IamStatement s) {
        java.util.Map<String, List<String>> byKey = new java.util.LinkedHashMap<>();
        for (IamCondition c : s.conditions()) {
            byKey.computeIfAbsent(c.operator().value() + " " + c.key().value(), k -> new ArrayList<>()).add(c.value());
        }
        List<String> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(k + "=" + String.join("|", v)));
        return out;
    }

    /**
     * Whether the policies grant every DynamoDB action on every resource ({@code dynamodb:*} on {@code *},
     * or broader: {@code *}, NotAction without DynamoDB), and are not capped by the boundary.
     */
    public static Result dynamodbWildcard(List<IamPolicy> policies, IamPolicy boundary) {
        Result r = wildcard(policies);
        if (!r.decision().possible() || boundary == null) return r;
        Result b = wildcard(List.of(boundary));
        if (!b.decision().possible()) return new Result(Decision.IMPLICIT_DENY, List.of());
        return r;
    }

    private static Result wildcard(List<IamPolicy> policies) {
        // A full "dynamodb:*" grant is cancelled only by an unconditional deny of all of DynamoDB on everything.
        for (IamPolicy p : policies) {
            for (IamStatement s : p.statements()) {
                if (IamEffect.DENY.value().equalsIgnoreCase(s.effect().value()) && s.conditions().isEmpty()
                        && coversAllDynamodb(s) && s.resources().stream().anyMatch(r -> "*".equals(r.value()))) {
                    return new Result(Decision.EXPLICIT_DENY, List.of());
                }
            }
        }
        List<String> conds = new ArrayList<>();
        boolean any = false;
        boolean unconditional = false;
        for (IamPolicy p : policies) {
            for (IamStatement s : p.statements()) {
                if (!IamEffect.ALLOW.value().equalsIgnoreCase(s.effect().value())) continue;
                if (!coversAllDynamodb(s)) continue;
                if (s.resources().stream().noneMatch(r -> "*".equals(r.value()))) continue;
                any = true;
                List<String> c = conditions(s);
                if (c.isEmpty()) unconditional = true; else conds.addAll(c);
            }
        }
        if (!any) return new Result(Decision.IMPLICIT_DENY, List.of());
        return unconditional ? new Result(Decision.ALLOWED, List.of()) : new Result(Decision.ALLOWED_WITH_CONDITIONS, conds);
    }

    private static boolean coversAllDynamodb(IamStatement s) {
        if (!s.actions().isEmpty()) return s.actions().stream().anyMatch(a -> Glob.coversService(a.value(), "dynamodb"));
        if (!s.notActions().isEmpty()) return s.notActions().stream().noneMatch(a -> Glob.touchesService(a.value(), "dynamodb"));
        return false;
    }
}
