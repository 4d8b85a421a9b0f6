package dev.ddbr.audit.iam;

import dev.ddbr.audit.Finding;
import dev.ddbr.audit.Rule;
import dev.ddbr.profile.AuditSettings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who can destroy or weaken the audited tables, and who holds a broad DynamoDB grant (dynamodb:* on *). */
public final class IamRules {
    private IamRules() {}

    /**
     * A table as the IAM checks see it.
     *
     * @param keyArn the customer managed KMS key, or null (AWS owned and AWS managed keys cannot be disabled by callers)
     */
    public record Target(String name, String arn, String region, String account, String keyArn) {}

    /**
     * One thing a principal could do: what it means, and the IAM action and resource that grant it.
     *
     * @param resource the table or key ARN, or a family: "every backup of the table" ({@code TABLE_ARN/backup/...}),
     *                 "every AWS Backup recovery point of the account and Region" (a recovery point's ARN does not
     *                 name its table, so IAM cannot single out one table's recovery points)
     */
    public record Capability(String what, String action, ArnPattern.Resource resource, boolean destroy) {}

    public static List<Capability> capabilities(Target t) {
        List<Capability> c = new ArrayList<>();
        c.add(new Capability("delete the table", "dynamodb:DeleteTable", ArnPattern.Resource.of(t.arn()), true));
        c.add(new Capability("delete its backups", "dynamodb:DeleteBackup", ArnPattern.Resource.family(t.arn() + "/backup/"), true));
        c.add(new Capability("delete its AWS Backup recovery points", "backup:DeleteRecoveryPoint",
                ArnPattern.Resource.family("arn:aws:backup:" + t.region() + ":" + t.account() + ":recovery-point:"), true));
        if (t.keyArn() != null) {
            c.add(new Capability("disable its KMS key", "kms:DisableKey", ArnPattern.Resource.of(t.keyArn()), true));
            c.add(new Capability("schedule deletion of its KMS key", "kms:ScheduleKeyDeletion", ArnPattern.Resource.of(t.keyArn()), true));
        }
        c.add(new Capability("turn off PITR", "dynamodb:UpdateContinuousBackups", ArnPattern.Resource.of(t.arn()), false));
        c.add(new Capability("turn off deletion protection", "dynamodb:UpdateTable", ArnPattern.Resource.of(t.arn()), false));
        c.add(new Capability("change the resource policy", "dynamodb:PutResourcePolicy", ArnPattern.Resource.of(t.arn()), false));
        c.add(new Capability("delete the resource policy", "dynamodb:DeleteResourcePolicy", ArnPattern.Resource.of(t.arn()), false));
        return c;
    }

    /** The tables' Region and account are taken from the first table (the audit's own when there is none). */
    public static List<Finding> check(List<Principal> principals, List<Target> tables) {
        Target first = tables.isEmpty() ? null : tables.get(0);
        return check(principals, tables, first == null ? "us-east-1" : first.region(), first == null ? null : first.account());
    }

    public static List<Finding> check(List<Principal> principals, List<Target> tables, String region, String account) {
        List<Finding> out = new ArrayList<>();
        for (Principal p : principals) {
            DynamodbWildcard.Verdict w = DynamodbWildcard.evaluate(p.policies(), p.boundary(), region, account);
            if (w.reported()) {
                Severity sev = switch (w.level()) {
                    case DESTRUCTIVE -> Severity.HIGH;
                    case WRITES -> Severity.MEDIUM;
                    case READS -> Severity.LOW;
                };
                out.add(Finding.of(Rule.IAM_DYNAMODB_WILDCARD, sev, p.arn(), null,
                        p.kind() + " " + p.name() + " " + DynamodbWildcard.describe(w)
                                + " (from " + String.join(", ", p.sources()) + ").",
                        wildcardFix(p, w)));
            }
            for (Target t : tables) {
                for (boolean destroy : new boolean[] {true, false}) {
                    // capability -> the conditions its verdict depends on (empty: none)
                    Map<Capability, List<String>> can = new LinkedHashMap<>();
                    for (Capability c : capabilities(t)) {
                        if (c.destroy() != destroy) continue;
                        PolicyEvaluator.Result r = PolicyEvaluator.evaluate(p.policies(), p.boundary(), c.action(), c.resource());
                        if (r.decision().possible()) can.put(c, r.conditions());
                    }
                    if (can.isEmpty()) continue;
                    List<Capability> caps = new ArrayList<>(can.keySet());
                    boolean updateTable = caps.stream().anyMatch(c -> c.action().equals("dynamodb:UpdateTable"));
                    out.add(Finding.of(destroy ? Rule.IAM_CAN_DESTROY : Rule.IAM_CAN_WEAKEN, p.arn(), t.name(),
                            p.kind() + " " + p.name() + " can " + capabilityText(can) + "."
                                    // IAM has no condition key for UpdateTable's deletion-protection flag: the Deny covers all of UpdateTable
                                    + (updateTable ? " The fix denies all of dynamodb:UpdateTable on the table for this " + p.kind()
                                    + " (IAM cannot single out deletion protection), so it also stops its capacity, index and stream"
                                    + " changes; leave UpdateTable out of the Deny if it needs those." : ""),
                            denyCommand(p, t, caps)));
                }
            }
        }
        return out;
    }

    /**
     * "delete the table, delete its backups", then each group of capabilities that hold only under conditions:
     * "; under conditions (X): turn off PITR". "under conditions" appears exactly when a verdict depends on one.
     */
    static String capabilityText(Map<Capability, List<String>> can) {
        Map<List<String>, List<String>> groups = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>();
        can.forEach((c, conds) -> {
            if (conds.isEmpty()) plain.add(c.what());
            else groups.computeIfAbsent(conds, k -> new ArrayList<>()).add(c.what());
        });
        StringBuilder b = new StringBuilder(String.join(", ", plain));
        if (plain.isEmpty() && groups.size() == 1) {
            var g = groups.entrySet().iterator().next();
            return String.join(", ", g.getValue()) + " (under conditions: " + String.join("; ", g.getKey()) + ")";
        }
        for (var g : groups.entrySet()) {
            if (b.length() > 0) b.append("; ");
            b.append("under conditions (").append(String.join("; ", g.getKey())).append("): ").append(String.join(", ", g.getValue()));
        }
        return b.toString();
    }

    /** The exact command that removes the capability: an inline Deny on the principal for these actions. */
    static String denyCommand(Principal p, Target t, List<Capability> can) {
        Set<String> actions = new LinkedHashSet<>();
        Set<String> resources = new LinkedHashSet<>();
        for (Capability c : can) {
            actions.add(c.action());
            resources.add(c.resource().toString());
        }
        String policyName = "ddbr-protect-" + t.name() + (can.get(0).destroy() ? "-destroy" : "-weaken");
        return putPolicy(p, policyName, denyDocument(actions, resources));
    }

    /**
     * For a broad grant that can still destroy: an inline Deny of the destructive DynamoDB actions it keeps, on every
     * resource, after a note to narrow the grant itself. For writes or reads only: how to find the statement to narrow.
     */
    static String wildcardFix(Principal p, DynamodbWildcard.Verdict w) {
        String note = "# narrow the grant in " + String.join(", ", p.sources()) + " to the actions and table ARNs this " + p.kind() + " needs";
        // UpdateTable and friends also change capacity, indexes and streams: left out of an account-wide Deny
        // (iam-can-weaken gives the per-table Deny for them).
        List<String> destructive = w.destructiveLeft().stream().filter(a -> !a.startsWith("Update") || a.equals("UpdateContinuousBackups")).toList();
        if (!destructive.isEmpty()) {
            Set<String> actions = new LinkedHashSet<>();
            destructive.forEach(a -> actions.add("dynamodb:" + a));
            String put = putPolicy(p, "ddbr-deny-dynamodb-destroy", denyDocument(actions, Set.of("*")));
            if (put != null) {
                return note + "; meanwhile this Deny takes away deleting tables, backups, replicas and resource policies,"
                        + " and turning off PITR, on every table:\n" + put;
            }
        }
        String list = switch (p.kind()) {
            case "role" -> "aws iam list-role-policies --role-name " + p.name() + "\naws iam list-attached-role-policies --role-name " + p.name();
            case "user" -> "aws iam list-user-policies --user-name " + p.name() + "\naws iam list-attached-user-policies --user-name " + p.name();
            case "group" -> "aws iam list-group-policies --group-name " + p.name() + "\naws iam list-attached-group-policies --group-name " + p.name();
            default -> null;
        };
        return list == null ? null : note + ":\n" + list;
    }

    static String denyDocument(Set<String> actions, Set<String> resources) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[" + quoted(actions)
                + "],\"Resource\":[" + quoted(resources) + "]}]}";
    }

    private static String quoted(Set<String> values) {
        return String.join(",", values.stream().map(v -> "\"" + v + "\"").toList());
    }

    static String putPolicy(Principal p, String policyName, String doc) {
        return switch (p.kind()) {
            case "role" -> "aws iam put-role-policy --role-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            case "user" -> "aws iam put-user-policy --user-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            case "group" -> "aws iam put-group-policy --group-name " + p.name() + " --policy-name " + policyName + " --policy-document '" + doc + "'";
            default -> null;
        };
    }
}
