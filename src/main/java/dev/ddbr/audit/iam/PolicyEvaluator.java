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
    private PolicyEvaluator() {}

    /**
     * @param decision   the verdict
     * @param conditions the conditions that the verdict depends on, as text ("StringEquals aws:PrincipalOrgID=o-1");
     *                   empty exactly when the verdict depends on no condition, policy variable or conditional boundary
     * @param partly     Deny statements that reach only part of a resource family (so they do not count), as text
     */
    public record Result(Decision decision, List<String> conditions, List<String> partly) {
        public Result {
            conditions = List.copyOf(conditions);
            partly = partly == null ? List.of() : List.copyOf(partly);
        }

        public Result(Decision decision, List<String> conditions) { this(decision, conditions, List.of()); }
    }

    /**
     * Parse a policy document with the SDK's policy builder; IAM documents may arrive URL-encoded. A document without
     * {@code Version} is a 2008-10-17 policy (IAM's default), in which {@code ${...}} is literal text; the SDK's
     * builder would say 2012-10-17, so the version is set from the document itself.
     */
    public static IamPolicy parse(String document) {
        String d = document.strip();
        if (!d.startsWith("{")) {
            d = java.net.URLDecoder.decode(d.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
        IamPolicy p = IamPolicy.fromJson(d);
        String version;
        try {
            com.fasterxml.jackson.databind.JsonNode v = JSON.readTree(d).get("Version");
            version = v == null || !v.isTextual() ? LEGACY : v.asText();
        } catch (java.io.IOException e) {
            version = p.version();
        }
        String ver = version;
        return ver.equals(p.version()) ? p : p.copy(b -> b.version(ver));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** The old policy language: no policy variables. */
    static final String LEGACY = "2008-10-17";

    /** Whether {@code ${...}} in the policy's resources are policy variables (Version 2012-10-17). */
    static boolean variables(IamPolicy p) {
        return !LEGACY.equals(p.version());
    }

    /**
     * Evaluate {@code action} on {@code resource} against a principal's identity policies (inline, attached,
     * and its groups'), capped by {@code boundary} when it is not null.
     */
    public static Result evaluate(List<IamPolicy> policies, IamPolicy boundary, String action, String resource) {
        return evaluate(policies, boundary, action, ArnPattern.Resource.of(resource));
    }

    /**
     * Evaluate {@code action} on a resource or a family of resources ("every backup of the table"). For a family,
     * an Allow counts when it reaches some member (the principal can act on at least those), and a Deny only when
     * it covers every member (ids are not known in advance, so a Deny on some ids protects nothing for sure).
     */
    public static Result evaluate(List<IamPolicy> policies, IamPolicy boundary, String action, ArnPattern.Resource resource) {
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
        List<String> partly = new ArrayList<>(identity.partly());
        b.partly().forEach(c -> partly.add("boundary: " + c));
        Decision d = identity.decision() == Decision.ALLOWED && b.decision() == Decision.ALLOWED
                ? Decision.ALLOWED : Decision.ALLOWED_WITH_CONDITIONS;
        return new Result(d, new ArrayList<>(conds), partly);
    }

    static Result evaluate(List<IamPolicy> policies, String action, ArnPattern.Resource resource) {
        boolean allowed = false;
        Set<String> allowConditions = new LinkedHashSet<>();
        boolean unconditionalAllow = false;
        Set<String> denyConditions = new LinkedHashSet<>();
        List<String> partly = new ArrayList<>();
        for (IamPolicy p : policies) {
            boolean vars = variables(p);
            for (IamStatement s : p.statements()) {
                if (!actionApplies(s, action)) continue;
                Applies rm = resourceApplies(s, resource, vars);
                if (rm.reach() == Reach.NO) continue;
                boolean deny = IamEffect.DENY.value().equalsIgnoreCase(s.effect().value());
                List<String> conds = conditions(s);
                if (rm.reach() == Reach.VIA_VARIABLE) conds.add(rm.why());
                if (deny) {
                    if (rm.reach() == Reach.SOME || rm.reach() == Reach.VIA_VARIABLE && rm.partial()) {
                        // A Deny that covers only part of a family protects nothing for sure.
                        partly.add("a Deny covers only some of them (" + rm.why() + ")");
                        continue;
                    }
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
        return new Result(shown.isEmpty() ? Decision.ALLOWED : Decision.ALLOWED_WITH_CONDITIONS, shown, partly);
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

    /** How far a statement reaches a resource: not at all, all of it, only some of a family, or through a policy variable. */
    enum Reach { NO, ALL, SOME, VIA_VARIABLE }

    /**
     * @param why     the Resource/NotResource text behind a SOME or VIA_VARIABLE answer
     * @param partial for VIA_VARIABLE on a family: even with the variable it reaches only some members
     */
    record Applies(Reach reach, String why, boolean partial) {
        Applies(Reach reach, String why) { this(reach, why, false); }
    }

    static Applies resourceApplies(IamStatement s, ArnPattern.Resource resource, boolean vars) {
        if (!s.resources().isEmpty()) {
            Applies best = new Applies(Reach.NO, null);
            for (IamResource r : s.resources()) {
                ArnPattern p = ArnPattern.of(r.value(), vars);
                ArnPattern.Meet m = p.meet(resource);
                if (m == ArnPattern.Meet.NONE) continue;
                if (p.hasVariable()) {
                    if (best.reach() == Reach.NO) {
                        best = new Applies(Reach.VIA_VARIABLE, "policy variable in Resource " + r.value(), m == ArnPattern.Meet.SOME);
                    }
                } else if (m == ArnPattern.Meet.ALL) {
                    return new Applies(Reach.ALL, null);
                } else if (best.reach() != Reach.SOME) {
                    best = new Applies(Reach.SOME, "Resource " + r.value());
                }
            }
            return best;
        }
        if (!s.notResources().isEmpty()) {
            // The statement applies to what no NotResource pattern matches.
            String partial = null;
            String variable = null;
            boolean variablePartial = false;
            for (IamResource r : s.notResources()) {
                ArnPattern p = ArnPattern.of(r.value(), vars);
                ArnPattern.Meet m = p.meet(resource);
                if (m == ArnPattern.Meet.NONE) continue;
                if (p.hasVariable()) {
                    variable = "policy variable in NotResource " + r.value();
                    variablePartial |= m == ArnPattern.Meet.SOME;
                }
                else if (m == ArnPattern.Meet.ALL) return new Applies(Reach.NO, null);
                else partial = "NotResource " + r.value();
            }
            if (variable != null) return new Applies(Reach.VIA_VARIABLE, variable, variablePartial || partial != null);
            if (partial != null) return new Applies(Reach.SOME, partial);
            return new Applies(Reach.ALL, null);
        }
        return new Applies(Reach.NO, null);
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
}
