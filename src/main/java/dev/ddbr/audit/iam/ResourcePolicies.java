package dev.ddbr.audit.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/** Reads resource-based policies (table resource policies, KMS key policies): who they let in. */
public final class ResourcePolicies {
    /** Condition keys that pin a grant to known principals, accounts, organisations or networks. */
    static final Set<String> RESTRICTING_KEYS = Set.of(
            "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
            "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcevpc",
            "aws:sourcevpce", "aws:sourceip", "aws:userid", "aws:username", "kms:calleraccount", "kms:viaservice");

    private ResourcePolicies() {}

    /**
     * An Allow statement open to everyone or to another account.
     *
     * @param principal  the principal as written ("*", an ARN or an account id)
     * @param everyone   {@code Principal: "*"}
     * @param account    the other account, or null for everyone
     * @param conditions the statement's conditions as text
     * @param restricted whether a condition restricts who can use it (organisation, account, source, network)
     */
    public record Exposure(String sid, String principal, boolean everyone, String account, List<String> conditions,
                           boolean restricted) {}

    /** Allow statements that reach everyone or accounts other than {@code ownAccount}. */
    public static List<Exposure> exposures(IamPolicy policy, String ownAccount) {
        List<Exposure> out = new ArrayList<>();
        for (IamStatement s : policy.statements()) {
            if (!IamEffect.ALLOW.value().equalsIgnoreCase(s.effect().value())) continue;
            List<String> conds = PolicyEvaluator.conditions(s);
            boolean restricted = s.conditions().stream()
                    .anyMatch(c -> RESTRICTING_KEYS.contains(c.key().value().toLowerCase(Locale.ROOT)));
            for (IamPrincipal p : s.principals()) {
                String type = p.type().value();
                if ("*".equals(type) || "AWS".equals(type) && "*".equals(p.id())) {
                    out.add(new Exposure(s.sid(), "*", true, null, conds, restricted));
                } else if ("AWS".equals(type)) {
                    String acct = accountOf(p.id());
                    if (acct != null && !acct.equals(ownAccount)) {
                        out.add(new Exposure(s.sid(), p.id(), false, acct, conds, restricted));
                    }
                }
            }
            if (!s.notPrincipals().isEmpty()) {
                // Allow with NotPrincipal: everyone except a few. As open as "*".
                out.add(new Exposure(s.sid(), "NotPrincipal", true, null, conds, restricted));
            }
        }
        return out;
    }

    /** The account of an AWS principal: a 12-digit id, or the account field of an ARN. Null when neither. */
    public static String accountOf(String principal) {
        if (principal == null) return null;
        if (principal.matches("\\d{12}")) return principal;
        String[] parts = principal.split(":", 6);
        if (parts.length >= 5 && parts[0].equals("arn") && parts[4].matches("\\d{12}")) return parts[4];
        return null;
    }

    /** Whether a principal of a statement names the role ARN itself, its account (root: IAM decides), or everyone. */
    public static Predicate<IamPrincipal> principalIs(String principalArn) {
        String acct = accountOf(principalArn);
        return p -> {
            String type = p.type().value();
            if ("*".equals(type)) return true;
            if (!"AWS".equals(type)) return false;
            String id = p.id();
            return "*".equals(id) || id.equals(principalArn) || id.equals(acct) || id.equals("arn:aws:iam::" + acct + ":root");
        };
    }

    /** Whether a principal of a statement is in {@code account} (any principal of it), or everyone. */
    public static Predicate<IamPrincipal> inAccount(String account) {
        return p -> {
            String type = p.type().value();
            if ("*".equals(type)) return true;
            if (!"AWS".equals(type)) return false;
            return "*".equals(p.id()) || account.equals(accountOf(p.id()));
        };
    }

    /**
     * Evaluate a resource-based policy for principals matching {@code who}: the statements that name them
     * (or, for a Deny, that do not exclude them through NotPrincipal) are evaluated like identity policies.
     */
    public static PolicyEvaluator.Result allows(IamPolicy policy, Predicate<IamPrincipal> who, String action, String resource) {
        List<IamStatement> applicable = new ArrayList<>();
        for (IamStatement s : policy.statements()) {
            boolean named = s.principals().stream().anyMatch(who);
            boolean notExcluded = !s.notPrincipals().isEmpty() && s.notPrincipals().stream().noneMatch(who);
            if (named || notExcluded) applicable.add(s);
        }
        if (applicable.isEmpty()) return new PolicyEvaluator.Result(Decision.IMPLICIT_DENY, List.of());
        return PolicyEvaluator.evaluate(List.of(IamPolicy.builder().version(policy.version()).statements(applicable).build()),
                null, action, resource);
    }
}
