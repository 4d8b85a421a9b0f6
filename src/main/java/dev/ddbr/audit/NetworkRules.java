package dev.ddbr.audit;

import dev.ddbr.audit.iam.ArnPattern;
import dev.ddbr.audit.iam.Glob;
import dev.ddbr.audit.iam.PolicyEvaluator;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The network checks (the article's VPC advice): per VPC, a DynamoDB endpoint that every subnet reaches and whose
 * policy stays within the audited tables; per table, resource policies that pin access to a VPC endpoint or VPC, and
 * whether such a Deny spares the roles DynamoDB replication and AWS Backup act as. Pure functions of what the
 * Auditor read.
 */
public final class NetworkRules {
    private NetworkRules() {}

    /** The service-linked role global tables replicate as (created with the first global table). */
    public static final String REPLICATION_ROLE_PATH = "role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication";
    /** The role AWS Backup uses when a plan's selection does not name another one. */
    public static final String BACKUP_DEFAULT_ROLE_PATH = "role/service-role/AWSBackupDefaultServiceRole";

    public record Vpc(String id, List<Subnet> subnets, List<RouteTable> routeTables, List<Endpoint> endpoints) {}

    public record Subnet(String id) {}

    /** @param subnets the subnets explicitly associated with it */
    public record RouteTable(String id, boolean main, List<String> subnets) {}

    /**
     * A DynamoDB VPC endpoint.
     *
     * @param type          Gateway or Interface
     * @param state         available, pending, ...
     * @param routeTableIds route tables a gateway endpoint is associated with
     * @param policy        the endpoint policy document, or null (full access)
     */
    public record Endpoint(String id, String type, String state, List<String> routeTableIds, String policy) {}

    /**
     * @param vpc        what was read about the VPC
     * @param tableArns  the audited tables: an endpoint policy reaching beyond them is wider than needed
     */
    public static List<Finding> check(Vpc vpc, String region, String account, List<String> tableArns) {
        List<Finding> out = new ArrayList<>();
        String arn = "arn:aws:ec2:" + region + ":" + (account == null ? "" : account) + ":vpc/" + vpc.id();
        List<Endpoint> usable = vpc.endpoints().stream()
                .filter(e -> e.state() == null || !Set.of("deleting", "deleted", "failed", "rejected", "expired")
                        .contains(e.state().toLowerCase(Locale.ROOT)))
                .toList();
        // the route table each subnet uses: its explicit association, else the VPC's main route table
        String main = vpc.routeTables().stream().filter(RouteTable::main).map(RouteTable::id).findFirst().orElse(null);
        Map<String, String> tableOf = new LinkedHashMap<>();
        for (Subnet s : vpc.subnets()) {
            String rt = vpc.routeTables().stream().filter(r -> r.subnets().contains(s.id())).map(RouteTable::id).findFirst().orElse(main);
            tableOf.put(s.id(), rt);
        }
        Set<String> routeTables = new LinkedHashSet<>(tableOf.values());
        routeTables.remove(null);
        if (routeTables.isEmpty() && main != null) routeTables.add(main);
        if (usable.isEmpty()) {
            out.add(Finding.of(Rule.VPC_ENDPOINT, arn, null,
                    "VPC " + vpc.id() + " has no DynamoDB VPC endpoint (gateway or interface): its traffic to DynamoDB leaves through"
                            + " an internet or NAT gateway, and table policies cannot require aws:SourceVpce.",
                    "aws ec2 create-vpc-endpoint --region " + region + " --vpc-id " + vpc.id() + " --vpc-endpoint-type Gateway --service-name com.amazonaws."
                            + region + ".dynamodb" + (routeTables.isEmpty() ? "" : " --route-table-ids " + String.join(" ", routeTables))));
            return out;
        }
        boolean anyInterface = usable.stream().anyMatch(e -> "interface".equalsIgnoreCase(e.type()));
        List<Endpoint> gateways = usable.stream().filter(e -> "gateway".equalsIgnoreCase(e.type())).toList();
        if (!anyInterface && !gateways.isEmpty()) {
            Set<String> routed = new LinkedHashSet<>();
            gateways.forEach(g -> routed.addAll(g.routeTableIds()));
            Map<String, List<String>> missing = new LinkedHashMap<>(); // route table -> subnets
            tableOf.forEach((subnet, rt) -> {
                if (rt != null && !routed.contains(rt)) missing.computeIfAbsent(rt, k -> new ArrayList<>()).add(subnet);
            });
            if (!missing.isEmpty()) {
                List<String> parts = new ArrayList<>();
                missing.forEach((rt, subnets) -> parts.add(String.join(", ", subnets) + " (route table " + rt + ")"));
                out.add(Finding.of(Rule.VPC_ENDPOINT_ROUTES, arn, null,
                        "Gateway endpoint " + gateways.get(0).id() + " of VPC " + vpc.id() + " is not associated with the route table of subnets "
                                + String.join("; ", parts) + ": their DynamoDB traffic does not use the endpoint.",
                        "aws ec2 modify-vpc-endpoint --region " + region + " --vpc-endpoint-id " + gateways.get(0).id()
                                + " --add-route-table-ids " + String.join(" ", missing.keySet())));
            }
        }
        if (!tableArns.isEmpty()) {
            for (Endpoint e : usable) {
                String wide = widerThan(e.policy(), tableArns);
                if (wide == null) continue;
                out.add(Finding.of(Rule.VPC_ENDPOINT_POLICY, "arn:aws:ec2:" + region + ":" + (account == null ? "" : account)
                                + ":vpc-endpoint/" + e.id(), null,
                        "The policy of DynamoDB endpoint " + e.id() + " (VPC " + vpc.id() + ") allows more than the audited tables: " + wide
                                + ". Anything in the VPC can reach other tables, in this account or others, through it.",
                        "aws ec2 modify-vpc-endpoint --region " + region + " --vpc-endpoint-id " + e.id() + " --policy-document '"
                                + endpointPolicy(tableArns) + "'"));
            }
        }
        return out;
    }

    /** An endpoint policy that allows DynamoDB on the tables and their indexes, streams and backups only. */
    static String endpointPolicy(List<String> tableArns) {
        List<String> r = new ArrayList<>();
        for (String t : tableArns) {
            r.add("\"" + t + "\"");
            r.add("\"" + t + "/*\"");
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\",\"Resource\":["
                + String.join(",", r) + "]}]}";
    }

    /**
     * Why an endpoint policy reaches beyond {@code tableArns}, or null when it does not. A Resource is within the
     * tables when it is a table's ARN, or starts with it followed by {@code /} (its indexes, streams, backups); a
     * NotResource, or any other pattern ({@code *}, {@code table/*}, another table) is wider. No policy means full access.
     */
    static String widerThan(String policy, List<String> tableArns) {
        if (policy == null || policy.isBlank()) return "no policy, which means full access";
        IamPolicy p;
        try {
            p = PolicyEvaluator.parse(policy);
        } catch (RuntimeException e) {
            return null;
        }
        for (IamStatement s : p.statements()) {
            if (!IamEffect.ALLOW.value().equalsIgnoreCase(s.effect().value())) continue;
            boolean dynamodb = s.actions().stream().anyMatch(a -> Glob.touchesService(a.value(), "dynamodb"))
                    || !s.notActions().isEmpty();
            if (!dynamodb) continue;
            if (!s.notResources().isEmpty()) return "statement " + sid(s) + " uses NotResource";
            for (IamResource r : s.resources()) {
                String v = r.value();
                boolean within = tableArns.stream().anyMatch(t -> v.equals(t) || v.startsWith(t + "/"));
                if (!within) return "statement " + sid(s) + " allows Resource " + v;
            }
        }
        return null;
    }

    private static String sid(IamStatement s) { return s.sid() == null ? "without Sid" : "'" + s.sid() + "'"; }

    /**
     * A table's resource policy and the network: a Deny that applies unless the request comes through a VPC endpoint or
     * VPC ({@code aws:SourceVpce} / {@code aws:SourceVpc}) is good (info); when it does not spare the replication
     * service-linked role (the table has replicas) or the role AWS Backup uses (the table is in a backup plan, or
     * {@code audit.backup_role_arn} is set), it is critical: those calls come from AWS, not from the VPC.
     */
    public static void resourcePolicy(TableSettings t, boolean replicated, boolean backedUp, String backupRoleArn, List<Finding> out) {
        if (t.resourcePolicy() == null || t.resourcePolicy().policy() == null) return;
        IamPolicy p;
        try {
            p = PolicyEvaluator.parse(t.resourcePolicy().policy());
        } catch (RuntimeException e) {
            return; // TableRules reports the parse error
        }
        String account = dev.ddbr.audit.iam.ResourcePolicies.accountOf(t.arn());
        String replicationRole = "arn:aws:iam::" + account + ":" + REPLICATION_ROLE_PATH;
        String backupRole = backupRoleArn != null ? backupRoleArn : "arn:aws:iam::" + account + ":" + BACKUP_DEFAULT_ROLE_PATH;
        List<String> pinned = new ArrayList<>();
        for (IamStatement s : p.statements()) {
            if (!IamEffect.DENY.value().equalsIgnoreCase(s.effect().value())) continue;
            List<String> network = s.conditions().stream()
                    .filter(c -> isNegated(c) && Set.of("aws:sourcevpce", "aws:sourcevpc").contains(c.key().value().toLowerCase(Locale.ROOT)))
                    .map(c -> c.key().value() + " " + c.value()).distinct().toList();
            if (network.isEmpty()) continue;
            String sid = s.sid() == null ? "a Deny statement" : "Deny statement '" + s.sid() + "'";
            pinned.add(sid + " (" + String.join(", ", network) + ")");
            List<String> blocked = new ArrayList<>();
            if (replicated && appliesTo(s, replicationRole, account, t.arn(), "dynamodb:PutItem") == Boolean.TRUE) {
                blocked.add("the global tables replication role AWSServiceRoleForDynamoDBReplication: replication stops (replicas go"
                        + " REPLICATION_NOT_AUTHORIZED; an eventually consistent replica becomes a single-Region table after 20 hours,"
                        + " a strongly consistent (MRSC) replica stops accepting writes)");
            }
            if (backedUp && appliesTo(s, backupRole, account, t.arn(), "dynamodb:StartAwsBackupJob") == Boolean.TRUE) {
                blocked.add("AWS Backup's role " + backupRole + ": backup jobs and restores of the table fail");
            }
            if (!blocked.isEmpty()) {
                out.add(Finding.of(Rule.RESOURCE_POLICY_SERVICE_ROLES, t.arn(), t.name(),
                        "The resource policy's " + sid + " denies requests from outside " + String.join(", ", network)
                                + " without exempting " + String.join("; and ", blocked) + ".",
                        "aws dynamodb get-resource-policy --resource-arn " + t.arn() + " --query Policy --output text > policy.json\n"
                                + "# edit policy.json: add to the Deny's Condition \"ArnNotLike\": {\"aws:PrincipalArn\": [\"" + replicationRole
                                + "\", \"" + backupRole + "\"]}\n"
                                + "aws dynamodb put-resource-policy --resource-arn " + t.arn() + " --policy file://policy.json"
                                + (t.resourcePolicy().revisionId() == null ? "" : " --expected-revision-id " + t.resourcePolicy().revisionId())));
            }
        }
        if (!pinned.isEmpty()) {
            out.add(Finding.of(Rule.RESOURCE_POLICY_NETWORK, t.arn(), t.name(),
                    "Good: the resource policy denies access from outside the VPC endpoint or VPC: " + String.join("; ", pinned) + ".", null));
        }
    }

    static boolean isNegated(IamCondition c) {
        String op = c.operator().value();
        return op.startsWith("StringNotEquals") || op.startsWith("StringNotLike") || op.startsWith("ArnNotEquals") || op.startsWith("ArnNotLike");
    }

    /**
     * Whether a Deny statement applies to a call by {@code role} (a request made by AWS on its behalf, so with no
     * aws:SourceVpce or aws:SourceVpc): TRUE when it surely does, FALSE when it surely does not, null when a condition
     * depends on something unknown.
     */
    static Boolean appliesTo(IamStatement s, String role, String account, String table, String action) {
        if (!PolicyEvaluatorAccess.actionApplies(s, action)) return false;
        boolean resource = s.resources().stream().anyMatch(r -> ArnPattern.of(r.value(), true).meet(ArnPattern.Resource.of(table)) != ArnPattern.Meet.NONE);
        if (!s.notResources().isEmpty()) {
            resource = s.notResources().stream().noneMatch(r -> ArnPattern.of(r.value(), true).meet(ArnPattern.Resource.of(table)) != ArnPattern.Meet.NONE);
        }
        if (!resource) return false;
        boolean principal = s.principals().stream().anyMatch(principalMatches(role, account));
        if (!s.notPrincipals().isEmpty()) principal = s.notPrincipals().stream().noneMatch(principalMatches(role, account));
        if (!principal) return false;
        Boolean all = Boolean.TRUE;
        Map<String, List<String>> byCondition = new LinkedHashMap<>();
        for (IamCondition c : s.conditions()) {
            byCondition.computeIfAbsent(c.operator().value() + "|" + c.key().value(), k -> new ArrayList<>()).add(c.value());
        }
        for (Map.Entry<String, List<String>> e : byCondition.entrySet()) {
            String[] ok = e.getKey().split("\\|", 2);
            Boolean r = condition(ok[0], ok[1].toLowerCase(Locale.ROOT), e.getValue(), role, account);
            if (r == Boolean.FALSE) return false;
            if (r == null) all = null;
        }
        return all;
    }

    private static java.util.function.Predicate<IamPrincipal> principalMatches(String role, String account) {
        return p -> {
            String type = p.type().value();
            if ("*".equals(type)) return true;
            if (!"AWS".equals(type)) return false;
            String id = p.id();
            return "*".equals(id) || id.equals(role) || id.equals(account) || id.equals("arn:aws:iam::" + account + ":root");
        };
    }

    /** One condition, for a request by {@code role} made by AWS (no VPC source keys). */
    static Boolean condition(String operator, String key, List<String> values, String role, String account) {
        boolean ifExists = operator.endsWith("IfExists");
        String op = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        String actual = switch (key) {
            case "aws:principalarn" -> role;
            case "aws:principalaccount" -> account;
            case "aws:sourcevpce", "aws:sourcevpc", "aws:vpcsourceip" -> null; // absent: the call comes from AWS
            case "aws:principalisawsservice" -> "false";
            default -> "?";
        };
        if ("?".equals(actual)) return null;
        if (actual == null) {
            // A missing key: negated operators and ...IfExists match, the others do not.
            return ifExists || op.contains("Not");
        }
        boolean like = op.endsWith("Like");
        boolean any = values.stream().anyMatch(v -> like ? Glob.matches(v, actual, false) : v.equals(actual));
        return switch (op) {
            case "StringEquals", "StringLike", "ArnEquals", "ArnLike" -> any;
            case "StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike" -> !any;
            case "StringEqualsIgnoreCase" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(actual));
            case "StringNotEqualsIgnoreCase" -> values.stream().noneMatch(v -> v.equalsIgnoreCase(actual));
            case "Bool" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(actual));
            default -> null;
        };
    }

    /** Package bridge to the evaluator's action matching. */
    static final class PolicyEvaluatorAccess {
        static boolean actionApplies(IamStatement s, String action) {
            if (!s.actions().isEmpty()) return s.actions().stream().anyMatch(a -> Glob.actionMatches(a.value(), action));
            if (!s.notActions().isEmpty()) return s.notActions().stream().noneMatch(a -> Glob.actionMatches(a.value(), action));
            return false;
        }
    }
}
