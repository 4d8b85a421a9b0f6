package dev.ddbr.audit.iam;

import dev.ddbr.audit.Finding;
import dev.ddbr.audit.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who can destroy or weaken the audited tables, and who holds dynamodb:* on *. */
public final class IamRules {
    private IamRules() {}

    /**
     * A table as the IAM checks see it.
     *
     * @param keyArn the customer managed KMS key, or null (AWS owned and AWS managed keys cannot be disabled by callers)
     */
    public record Target(String name, String arn, String region, String account, String keyArn) {}

    /** One thing a principal could do: what it means, and the IAM action and resource that grant it. */
    public record Capability(String what, String action, String resource, boolean destroy) {}

    public static List<Capability> capabilities(Target t) {
        List<Capability> c = new ArrayList<>();
        c.add(new Capability("delete the table", "dynamodb:DeleteTable", t.arn(), true));
        c.add(new Capability("delete its backups", "dynamodb:DeleteBackup", t.arn() + "/backup/01700000000000-ddbraudt", true));
        c.add(new Capability("delete its AWS Backup recovery points", "backup:DeleteRecoveryPoint",
                "arn:aws:backup:" + t.region() + ":" + t.account() + ":recovery-point:ddbr-audit-probe", true));
        if (t.keyArn() != null) {
            c.add(new Capability("disable its KMS key", "kms:DisableKey", t.keyArn(), true));
            c.add(new Capability("schedule deletion of its KMS key", "kms:ScheduleKeyDeletion", t.keyArn(), true));
        }
        c.add(new Capability("turn off PITR", "dynamodb:UpdateContinuousBackups", t.arn(), false));
        c.add(new Capability("turn off deletion protection", "dynamodb:UpdateTable", t.arn(), false));
        c.add(new Capability("change the resource policy", "dynamodb:PutResourcePolicy", t.arn(), false));
        c.add(new Capability("delete the resource policy", "dynamodb:DeleteResourcePolicy", t.arn(), false));
        return c;
    }

    public static List<Finding> check(List<Principal> principals, List<Target> tables) {
        List<Finding> out = new ArrayList<>();
        for (Principal p : principals) {
            PolicyEvaluator.Result w = PolicyEvaluator.dynamodbWildcard(p.policies(), p.boundary());
            if (w.decision().possible()) {
                out.add(Finding.of(Rule.IAM_DYNAMODB_WILDCARD, p.arn(), null,
                        p.kind() + " " + p.name() + " is allowed dynamodb:* on *" + conditions(w.conditions())
                                + " (from " + String.join(", ", p.sources()) + ").",
                        null));
            }
            for (Target t : tables) {
                for (boolean destroy : new boolean[] {true, false}) {
                    List<Capability> can = new ArrayList<>();
                    Set<String> conds = new LinkedHashSet<>();
                    for (Capability c : capabilities(t)) {
                        if (c.destroy() != destroy) continue;
                        PolicyEvaluator.Result r = PolicyEvaluator.evaluate(p.policies(), p.boundary(), c.action(), c.resource());
                        if (r.decision().possible()) {
                            can.add(c);
                            conds.addAll(r.conditions());
                        }
                    }
                    if (can.isEmpty()) continue;
                    String list = String.join(", ", can.stream().map(Capability::what).toList());
                    // IAM has no condition key for UpdateTable's deletion-protection flag: the Deny covers all of UpdateTable
                    boolean updateTable = can.stream().anyMatch(c -> c.action().equals("dynamodb:UpdateTable"));
                    out.add(Finding.of(destroy ? Rule.IAM_CAN_DESTROY : Rule.IAM_CAN_WEAKEN, p.arn(), t.name(),
                            p.kind() + " " + p.name() + " can " + list + conditions(new ArrayList<>(conds)) + "."
                                    + (updateTable ? " The fix denies all of dynamodb:UpdateTable on the table for this " + p.kind()
                                    + " (IAM cannot single out deletion protection), so it also stops its capacity, index and stream"
                                    + " changes; leave UpdateTable out of the Deny if it needs those." : ""),
                            denyCommand(p, t, can)));
                }
            }
        }
        return out;
    }

    private static String conditions(List<String> c) {
        return c.isEmpty() ? "" : " (under conditions: " + String.join("; ", c) + ")";
    }

    /** The exact command that removes the capability: an inline Deny on the principal for these actions. */
    static String denyCommand(Principal p, Target t, List<Capability> can) {
        StringBuilder actions = new StringBuilder();
        StringBuilder resources = new StringBuilder();
        Set<String> rs = new LinkedHashSet<>();
        for (Capability c : can) {
            if (actions.length() > 0) actions.append(",");
            actions.append('"').append(c.action()).append('"');
            rs.add(c.action().startsWith("dynamodb:DeleteBackup") ? t.arn() + "/backup/*"
                    : c.action().startsWith("backup:") ? "arn:aws:backup:" + t.region() + ":" + t.account() + ":recovery-point:*"
                    : c.resource());
        }
        for (String r : rs) {
            if (resources.length() > 0) resources.append(",");
            resources.append('"').append(r).append('"');
        }
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[" + actions
                + "],\"Resource\":[" + resources + "]}]}";
        String policyName = "ddbr-protect-" + t.name() + (can.get(0).destroy() ? "-destroy" : "-weaken");
        return switch (p.kind()) {
            case "role" -> "aws iam put-role-policy --role-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            case "user" -> "aws iam put-user-policy --user-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            case "group" -> "aws iam put-group-policy --group-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            default -> null;
        };
    }
}
