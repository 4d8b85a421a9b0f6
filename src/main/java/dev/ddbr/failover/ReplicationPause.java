package dev.ddbr.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;

/**
 * Pauses replication into one replica the way AWS FIS does: a time-limited Deny statement for the
 * replication service-linked role, merged into the table's resource policy (never overwriting the other
 * statements) with {@code ExpectedRevisionId}, and removed again. The statement carries a
 * {@code DateLessThan aws:CurrentTime} condition, so even if ddbr dies before removing it, it stops
 * denying by itself; {@code ddbr failover drill --cleanup} removes such leftovers by their Sid prefix.
 */
public final class ReplicationPause {
    public static final String SID_PREFIX = "ddbr-drill-pause-";
    public static final String ROLE_PATH = "role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication";
    /**
     * The actions AWS FIS denies to the replication service-linked role for
     * {@code aws:dynamodb:global-table-pause-replication} on an MREC global table: the same list, in the same
     * order, as the statement FIS appends (AWS FIS User Guide, "FIS actions reference", Amazon DynamoDB actions,
     * aws:dynamodb:global-table-pause-replication, https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#global-table-pause-replication).
     */
    static final List<String> ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:Scan",
            "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive");
    /** FIS's second MREC statement: the replication data-plane actions, for the replication service principal. */
    static final List<String> SERVICE_ACTIONS = List.of("dynamodb:ReadDataForReplication", "dynamodb:WriteDataForReplication");
    public static final String REPLICATION_SERVICE = "replication.dynamodb.amazonaws.com";
    /** Suffix of the Sid of the service-principal statement (FIS names its twin "...ServicePrincipal"). */
    public static final String SERVICE_SUFFIX = "-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 8;

    private final DynamoDbClient ddb;
    private final String tableArn;
    private final Sleeper sleeper;

    /** Waits between retries; injectable so tests need no real waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public ReplicationPause(DynamoDbClient ddb, String tableArn, Sleeper sleeper) {
        this.ddb = ddb;
        this.tableArn = tableArn;
        this.sleeper = sleeper;
    }

    public static String sid(String runId) { return SID_PREFIX + runId; }

    /** The replication service-linked role of the account that owns {@code tableArn}. */
    public static String replicationRoleArn(String tableArn) {
        String[] p = tableArn.split(":");
        if (p.length < 6) throw DdbrException.invalid("not a table ARN: " + tableArn, null);
        return "arn:" + p[1] + ":iam::" + p[4] + ":" + ROLE_PATH;
    }

    /**
     * The Deny statement for the replication service-linked role, as FIS writes it: {@code Principal "*"} narrowed
     * by {@code ArnEquals aws:PrincipalArn} (valid even where the role cannot be named as a principal), expiring on
     * its own at {@code until}.
     */
    public static ObjectNode statement(String sid, String tableArn, Instant until) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Sid", sid);
        s.put("Effect", "Deny");
        s.putObject("Principal").put("AWS", "*");
        ArrayNode a = s.putArray("Action");
        ACTIONS.forEach(a::add);
        s.put("Resource", tableArn);
        ObjectNode c = s.putObject("Condition");
        c.putObject("DateLessThan").put("aws:CurrentTime", until.truncatedTo(ChronoUnit.SECONDS).toString());
        c.putObject("ArnEquals").put("aws:PrincipalArn", replicationRoleArn(tableArn));
        return s;
    }

    /** The Deny of the replication data-plane actions for the replication service principal, as FIS writes it. */
    public static ObjectNode serviceStatement(String sid, String tableArn, Instant until) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Sid", sid + SERVICE_SUFFIX);
        s.put("Effect", "Deny");
        s.putObject("Principal").put("AWS", "*");
        ArrayNode a = s.putArray("Action");
        SERVICE_ACTIONS.forEach(a::add);
        s.put("Resource", tableArn);
        ObjectNode c = s.putObject("Condition");
        c.putObject("StringEquals").put("aws:PrincipalServiceName", REPLICATION_SERVICE);
        c.putObject("DateLessThan").put("aws:CurrentTime", until.truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    /** Does this Sid belong to the pause of run {@code sid} (either of its two statements)? */
    public static boolean ofPause(String sid, String candidate) {
        return candidate.equals(sid) || candidate.equals(sid + SERVICE_SUFFIX);
    }

    /** Add both statements, merged with whatever is there (one PutResourcePolicy). Returns the new revision id. */
    public String add(String sid, Instant until) {
        ObjectNode service = serviceStatement(sid, tableArn, until);
        ObjectNode stmt = statement(sid, tableArn, until);
        return edit("add replication-pause statements", doc -> {
            ArrayNode st = statements(doc);
            for (int i = st.size() - 1; i >= 0; i--) {
                if (ofPause(sid, st.get(i).path("Sid").asText())) st.remove(i);
            }
            st.add(service);
            st.add(stmt);
            return true;
        });
    }

    /** Remove the statements whose Sid matches; the policy is deleted when nothing else is left. */
    public List<String> remove(Predicate<String> sidMatches) {
        List<String> removed = new ArrayList<>();
        edit("remove replication-pause statements", doc -> {
            removed.clear();
            ArrayNode st = statements(doc);
            for (int i = st.size() - 1; i >= 0; i--) {
                String sid = st.get(i).path("Sid").asText("");
                if (sidMatches.test(sid)) {
                    removed.add(0, sid);
                    st.remove(i);
                }
            }
            return !removed.isEmpty();
        });
        return removed;
    }

    /** The statements now in the policy whose Sid starts with the ddbr prefix. */
    public List<String> leftovers() {
        Current c = current();
        if (c == null) return List.of();
        List<String> out = new ArrayList<>();
        statements(c.doc).forEach(s -> {
            String sid = s.path("Sid").asText("");
            if (sid.startsWith(SID_PREFIX)) out.add(sid);
        });
        return out;
    }

    private record Current(ObjectNode doc, String revisionId) {}

    private interface Edit {
        /** Change the document in place; false when there is nothing to change. */
        boolean apply(ObjectNode doc);
    }

    private Current current() {
        try {
            GetResourcePolicyResponse r = ddb.getResourcePolicy(b -> b.resourceArn(tableArn));
            JsonNode doc = JSON.readTree(r.policy());
            if (!(doc instanceof ObjectNode o)) throw DdbrException.aws("the resource policy of " + tableArn + " is not a JSON object", null, null);
            return new Current(o, r.revisionId());
        } catch (PolicyNotFoundException e) {
            return null;
        } catch (java.io.IOException e) {
            throw DdbrException.aws("cannot parse the resource policy of " + tableArn + ": " + e.getMessage(), null, e);
        }
    }

    private String edit(String what, Edit edit) {
        SdkException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Current cur;
            try {
                cur = current();
            } catch (SdkException e) {
                throw AwsErrors.translate(e, what + " on " + tableArn);
            }
            ObjectNode doc = cur == null ? newDocument() : cur.doc;
            if (!edit.apply(doc)) return cur == null ? null : cur.revisionId;
            try {
                if (statements(doc).isEmpty()) {
                    String rev = cur.revisionId;
                    ddb.deleteResourcePolicy(b -> b.resourceArn(tableArn).expectedRevisionId(rev));
                    return null;
                }
                String expected = cur == null ? "NO_POLICY" : cur.revisionId;
                String text = JSON.writeValueAsString(doc);
                if (text.length() > 20 * 1024) {
                    throw DdbrException.invalid("the resource policy of " + tableArn + " would exceed 20 KB with the pause statement",
                            "use an AWS FIS template (failover.fis_template_id) instead");
                }
                return ddb.putResourcePolicy(b -> b.resourceArn(tableArn).policy(text).expectedRevisionId(expected)).revisionId();
            } catch (PolicyNotFoundException e) {
                last = e; // someone else changed the policy in between: read it again and redo the edit
            } catch (SdkException e) {
                // Updates to the same policy are refused for ~15 s after a change; other throttling too.
                String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a ? AwsErrors.code(a) : "";
                if (AwsErrors.kind(e) != AwsErrors.Kind.THROTTLED && !code.equals("ResourceInUseException")
                        && !code.equals("LimitExceededException")) {
                    throw AwsErrors.translate(e, what + " on " + tableArn);
                }
                last = e;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try {
                sleeper.sleep(Duration.ofMillis(Math.min(8000, 250L << attempt)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw AwsErrors.translate(last, what + " on " + tableArn);
            }
        }
        throw AwsErrors.translate(last, what + " on " + tableArn + " (the policy kept changing)");
    }

    private static ObjectNode newDocument() {
        ObjectNode d = JSON.createObjectNode();
        d.put("Version", "2012-10-17");
        d.putArray("Statement");
        return d;
    }

    /** The Statement array, converting a single statement object into an array in place. */
    static ArrayNode statements(ObjectNode doc) {
        JsonNode st = doc.get("Statement");
        if (st instanceof ArrayNode a) return a;
        ArrayNode a = doc.putArray("Statement");
        if (st != null && st.isObject()) a.add(st);
        return a;
    }
}
