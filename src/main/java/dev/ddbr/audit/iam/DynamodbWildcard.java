package dev.ddbr.audit.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * What a principal holding a broad DynamoDB grant ({@code dynamodb:*}, {@code dynamo*}, {@code *} or a NotAction
 * that spares DynamoDB, on {@code *} or on every DynamoDB ARN of the account) is really left with once every
 * explicit Deny and the permission boundary are applied: each DynamoDB action is evaluated on every resource it
 * can act on (every table and its backups, streams and indexes in the account and Region; every global table;
 * {@code *} for actions without resource-level permissions).
 */
public final class DynamodbWildcard {
    private DynamodbWildcard() {}

    /** DynamoDB and DynamoDB Streams IAM actions (API operations plus the IAM-only PartiQL, replica and backup ones). */
    public static final List<String> ACTIONS = List.of(
            "BatchGetItem", "BatchWriteItem", "ConditionCheckItem", "CreateBackup", "CreateGlobalTable", "CreateTable",
            "CreateTableReplica", "DeleteBackup", "DeleteItem", "DeleteResourcePolicy", "DeleteTable", "DeleteTableReplica",
            "DescribeBackup", "DescribeContinuousBackups", "DescribeContributorInsights", "DescribeEndpoints", "DescribeExport",
            "DescribeGlobalTable", "DescribeGlobalTableSettings", "DescribeImport", "DescribeKinesisStreamingDestination",
            "DescribeLimits", "DescribeReservedCapacity", "DescribeReservedCapacityOfferings", "DescribeStream", "DescribeTable",
            "DescribeTableReplicaAutoScaling", "DescribeTimeToLive", "DisableKinesisStreamingDestination",
            "EnableKinesisStreamingDestination", "ExportTableToPointInTime", "GetItem", "GetRecords", "GetResourcePolicy",
            "GetShardIterator", "ImportTable", "ListBackups", "ListContributorInsights", "ListExports", "ListGlobalTables",
            "ListImports", "ListStreams", "ListTables", "ListTagsOfResource", "PartiQLDelete", "PartiQLInsert", "PartiQLSelect",
            "PartiQLUpdate", "PurchaseReservedCapacityOfferings", "PutItem", "PutResourcePolicy", "Query",
            "RestoreTableFromAwsBackup", "RestoreTableFromBackup", "RestoreTableToPointInTime", "Scan", "StartAwsBackupJob",
            "TagResource", "UntagResource", "UpdateContinuousBackups", "UpdateContributorInsights", "UpdateGlobalTable",
            "UpdateGlobalTableSettings", "UpdateItem", "UpdateKinesisStreamingDestination", "UpdateTable",
            "UpdateTableReplicaAutoScaling", "UpdateTimeToLive");

    /** Actions that delete a table, its backups or replicas, or weaken its protection (PITR, deletion protection, policy, TTL). */
    public static final Set<String> DESTRUCTIVE = Set.of("DeleteTable", "DeleteBackup", "DeleteTableReplica", "UpdateTable",
            "UpdateContinuousBackups", "PutResourcePolicy", "DeleteResourcePolicy", "UpdateGlobalTable", "UpdateGlobalTableSettings",
            "UpdateTimeToLive", "DisableKinesisStreamingDestination");

    /** Actions without resource-level permissions: IAM evaluates them against {@code *}. */
    static final Set<String> NO_RESOURCE = Set.of("ListTables", "ListBackups", "ListGlobalTables", "ListStreams",
            "ListContributorInsights", "ListExports", "ListImports", "DescribeLimits", "DescribeEndpoints",
            "DescribeReservedCapacity", "DescribeReservedCapacityOfferings", "PurchaseReservedCapacityOfferings");

    static final Set<String> GLOBAL_TABLE = Set.of("CreateGlobalTable", "UpdateGlobalTable", "DescribeGlobalTable",
            "DescribeGlobalTableSettings", "UpdateGlobalTableSettings", "ListGlobalTables");

    /** Reads: nothing they do changes data or settings. */
    public static boolean isRead(String action) {
        return action.startsWith("Describe") || action.startsWith("Get") || action.startsWith("List")
                || Set.of("BatchGetItem", "ConditionCheckItem", "PartiQLSelect", "Query", "Scan").contains(action);
    }

    /** What is left, worst first. */
    public enum Level {
        /** an action that deletes or weakens tables or backups remains */
        DESTRUCTIVE,
        /** data writes remain, nothing destructive */
        WRITES,
        /** reads only */
        READS
    }

    /**
     * @param decision    ALLOWED / ALLOWED_WITH_CONDITIONS when a broad grant exists and something is left,
     *                    IMPLICIT_DENY when there is no broad grant, EXPLICIT_DENY when Denies leave nothing
     * @param level       what is left, or null
     * @param left        actions allowed on every resource they act on (unconditionally or under conditions)
     * @param removed     actions not left: an unconditional Deny (in a policy or the boundary) takes them away everywhere,
     *                    or no Allow reaches every resource they act on, or the boundary leaves them out
     * @param denied      of {@code removed}, those an explicit Deny takes away
     * @param limited     actions a Deny takes away on some resources only (still allowed elsewhere)
     * @param conditional the left actions that are allowed only under conditions
     * @param conditions  the conditions they depend on (empty exactly when nothing left depends on one)
     */
    public record Verdict(Decision decision, Level level, List<String> left, List<String> removed, List<String> denied,
                          List<String> limited, List<String> conditional, List<String> conditions) {
        public boolean reported() { return decision.possible(); }

        /** Every DynamoDB action, on every resource, without conditions. */
        public boolean everything() { return removed.isEmpty() && limited.isEmpty() && conditional.isEmpty(); }

        public List<String> destructiveLeft() { return left.stream().filter(DESTRUCTIVE::contains).toList(); }
    }

    public static Verdict evaluate(List<IamPolicy> policies, IamPolicy boundary, String region, String account) {
        String acct = account == null ? "000000000000" : account;
        List<String> grantConditions = broadGrant(policies, region, acct);
        if (grantConditions == null) return new Verdict(Decision.IMPLICIT_DENY, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        List<String> left = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        List<String> limited = new ArrayList<>();
        List<String> conditional = new ArrayList<>();
        Set<String> conditions = new LinkedHashSet<>();
        for (String a : ACTIONS) {
            ArnPattern.Resource r = NO_RESOURCE.contains(a) ? ArnPattern.Resource.of("*")
                    : GLOBAL_TABLE.contains(a) ? ArnPattern.Resource.family("arn:aws:dynamodb::" + acct + ":global-table/")
                    : ArnPattern.Resource.family("arn:aws:dynamodb:" + region + ":" + acct + ":table/");
            PolicyEvaluator.Result res = PolicyEvaluator.evaluate(policies, boundary, "dynamodb:" + a, r);
            if (!res.decision().possible()) {
                removed.add(a);
                if (res.decision() == Decision.EXPLICIT_DENY) denied.add(a);
                continue;
            }
            left.add(a);
            if (!res.partly().isEmpty()) limited.add(a);
            if (res.decision() == Decision.ALLOWED_WITH_CONDITIONS) {
                conditional.add(a);
                conditions.addAll(res.conditions());
            }
        }
        if (left.isEmpty()) return new Verdict(Decision.EXPLICIT_DENY, null, List.of(), removed, denied, List.of(), List.of(), List.of());
        // Judged on what is left everywhere: an action a Deny keeps off some resources is not "on *" any more.
        List<String> everywhere = left.stream().filter(a -> !limited.contains(a)).toList();
        Level level = everywhere.stream().anyMatch(DESTRUCTIVE::contains) ? Level.DESTRUCTIVE
                : everywhere.stream().anyMatch(a -> !isRead(a)) ? Level.WRITES : Level.READS;
        return new Verdict(conditional.isEmpty() ? Decision.ALLOWED : Decision.ALLOWED_WITH_CONDITIONS, level,
                left, removed, denied, limited, conditional, new ArrayList<>(conditions));
    }

    /**
     * The conditions of the broadest Allow of all of DynamoDB on every DynamoDB resource (empty: unconditional), or
     * null when there is none.
     */
    static List<String> broadGrant(List<IamPolicy> policies, String region, String account) {
        ArnPattern.Resource everything = ArnPattern.Resource.family("arn:aws:dynamodb:" + region + ":" + account + ":");
        List<String> best = null;
        for (IamPolicy p : policies) {
            for (IamStatement s : p.statements()) {
                if (!IamEffect.ALLOW.value().equalsIgnoreCase(s.effect().value()) || !coversAllDynamodb(s)) continue;
                PolicyEvaluator.Applies a = PolicyEvaluator.resourceApplies(s, everything, PolicyEvaluator.variables(p));
                if (a.reach() != PolicyEvaluator.Reach.ALL) continue;
                List<String> c = PolicyEvaluator.conditions(s);
                if (c.isEmpty()) return List.of();
                if (best == null) best = new ArrayList<>();
                best.addAll(c);
            }
        }
        return best;
    }

    static boolean coversAllDynamodb(IamStatement s) {
        if (!s.actions().isEmpty()) return s.actions().stream().anyMatch(a -> Glob.coversService(a.value(), "dynamodb"));
        if (!s.notActions().isEmpty()) return s.notActions().stream().noneMatch(a -> Glob.touchesService(a.value(), "dynamodb"));
        return false;
    }

    /** "DeleteTable, DeleteBackup and 3 more". */
    static String names(List<String> actions, int max) {
        if (actions.size() <= max) return String.join(", ", actions);
        return String.join(", ", actions.subList(0, max)) + " and " + (actions.size() - max) + " more";
    }

    /** The finding's text after "role x ": what is left, with conditions exactly when the verdict depends on them. */
    public static String describe(Verdict v) {
        StringBuilder b = new StringBuilder();
        if (v.removed().isEmpty()) {
            b.append("is allowed dynamodb:* on *");
        } else if (v.level() == Level.READS) {
            // the data reads first: they are what "reads every table" means
            List<String> data = List.of("GetItem", "BatchGetItem", "Query", "Scan", "PartiQLSelect", "GetRecords");
            List<String> reads = new ArrayList<>(data.stream().filter(v.left()::contains).toList());
            v.left().stream().filter(a -> !data.contains(a)).forEach(reads::add);
            b.append("is allowed only DynamoDB reads on * (").append(names(reads, 6))
                    .append("): every other DynamoDB action is denied, or not allowed");
        } else {
            List<String> notAllowed = v.removed().stream().filter(a -> !v.denied().contains(a)).toList();
            b.append("is allowed dynamodb:* on * except ");
            if (!v.denied().isEmpty()) {
                b.append(names(v.denied(), 6)).append(" (taken away by an explicit Deny or the permission boundary)");
                if (!notAllowed.isEmpty()) b.append(" and ");
            }
            if (!notAllowed.isEmpty()) {
                b.append(names(notAllowed, 6)).append(" (no Allow reaches every resource they act on, or the permission boundary leaves them out)");
            }
        }
        if (!v.limited().isEmpty()) {
            b.append("; a Deny keeps ").append(names(v.limited(), 6)).append(" off some resources only");
        }
        if (!v.conditional().isEmpty()) {
            if (v.conditional().size() == v.left().size()) {
                b.append(" (under conditions: ").append(String.join("; ", v.conditions())).append(")");
            } else {
                b.append("; ").append(names(v.conditional(), 6)).append(" only under conditions (")
                        .append(String.join("; ", v.conditions())).append(")");
            }
        }
        return b.toString();
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
