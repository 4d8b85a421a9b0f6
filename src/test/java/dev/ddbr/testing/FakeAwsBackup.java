package dev.ddbr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, stateful fake of the AWS Backup REST API (restJson1, the paths and shapes of the service model that
 * the SDK's marshallers use), because no local emulator runs AWS Backup jobs (moto answers 404). Tests point
 * the REAL SDK at it with {@code AWS_ENDPOINT_URL_BACKUP}. Jobs move CREATED → RUNNING → COMPLETED over
 * successive DescribeBackupJob / DescribeCopyJob calls; failures are scripted with the messages users hit.
 *
 * <p>Operations: StartBackupJob (PUT /backup-jobs), DescribeBackupJob (GET /backup-jobs/{id}), StartCopyJob
 * (PUT /copy-jobs), DescribeCopyJob (GET /copy-jobs/{id}), ListRecoveryPointsByResource
 * (GET /resources/{arn}/recovery-points/), DescribeBackupVault (GET /backup-vaults/{name}),
 * GetBackupVaultAccessPolicy (GET /backup-vaults/{name}/access-policy), ListBackupVaults (GET /backup-vaults/: the
 * vaults of the fake's own account and Region), ListRecoveryPointsByBackupVault (GET /backup-vaults/{name}/recovery-points/,
 * filtered by the {@code resourceArn} and {@code resourceType} query parameters), DescribeRecoveryPoint
 * (GET /backup-vaults/{name}/recovery-points/{arn}), DescribeRegionSettings (GET /account-settings),
 * DescribeGlobalSettings (GET /global-settings), ListBackupPlans (GET /backup/plans/), ListBackupSelections
 * (GET /backup/plans/{id}/selections/), GetBackupSelection (GET /backup/plans/{id}/selections/{id}). Vaults carry EncryptionKeyArn (a KMS key, e.g. one made in moto)
 * and Vault Lock fields (Locked, MinRetentionDays, MaxRetentionDays, LockDate); a copy job whose Lifecycle breaks
 * the destination's lock fails. Anything else: 404 with no error code, as moto answers.
 */
public final class FakeAwsBackup implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The messages AWS Backup gives copy jobs that fail for the usual reasons. */
    public static final String ORG_MESSAGE = "Access denied: Copy job failed. Both source and destination account must be a member of the same organization";
    public static final String KMS_MESSAGE = "Copy job failed with error: Given key ID is not accessible. You must have DescribeKey permissions on the default CMK";
    public static final String VAULT_MESSAGE = "Access denied to the vault. Check the vault access policy of the destination backup vault";
    /**
     * What the fake says when a copy's retention breaks the destination's Vault Lock. AWS documents that the vault
     * "fails the backup or copy job" (DescribeBackupVault MinRetentionDays/MaxRetentionDays); this wording is the
     * fake's own, not a captured AWS message.
     */
    public static final String LOCK_MESSAGE = "Copy job failed: the lifecycle of the copy does not satisfy the Vault Lock retention limits of the destination backup vault";

    private final HttpServer server;
    private final Map<String, ObjectNode> backupJobs = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> copyJobs = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> pointsByResource = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> pointsByArn = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> vaults = new ConcurrentHashMap<>();
    private final Map<String, String> vaultPolicies = new ConcurrentHashMap<>();
    /** plan name -> selection name -> the BackupSelection JSON (as GetBackupSelection returns it). */
    private final Map<String, Map<String, ObjectNode>> plans = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger backupJobsStarted = new AtomicInteger();
    private final AtomicInteger copyJobsStarted = new AtomicInteger();

    private volatile String account = "123456789012";
    private volatile String region = "us-east-1";
    private volatile String copyFailure;
    private volatile String backupFailure;
    private volatile String[] startCopyError;
    private volatile Boolean crossAccountEnabled = true;
    private volatile boolean notInOrganization;
    private volatile boolean dynamodbAdvanced = true;
    private volatile boolean dynamodbOptIn = true;
    private volatile int pollsToComplete = 2;

    private FakeAwsBackup() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeAwsBackup start() {
        try {
            return new FakeAwsBackup();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start FakeAwsBackup", e);
        }
    }

    /**
     * Where the SDK should send its requests: in an emulator test, the API-model proxy in front of the fake, so
     * the requests are checked against AWS Backup's model like those to moto (see {@link ApiModelNet}).
     */
    public synchronized String endpoint() {
        if (front == null) {
            front = LocalAws.running().map(aws -> aws.apiModel().front(directEndpoint(), "fake-backup")).orElse(directEndpoint());
        }
        return front;
    }

    /** The fake itself, bypassing the API-model proxy. */
    public String directEndpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    private String front;

    // --- scripting -------------------------------------------------------------------------------

    /** The source account and Region the fake plays (ARNs it makes). */
    public FakeAwsBackup account(String account, String region) {
        this.account = account;
        this.region = region;
        return this;
    }

    /** A vault (in any account) with an optional access policy JSON. */
    public FakeAwsBackup vault(String vaultArn, String policy) {
        String name = vaultArn.substring(vaultArn.lastIndexOf(':') + 1);
        ObjectNode v = JSON.createObjectNode().put("BackupVaultName", name).put("BackupVaultArn", vaultArn)
                .put("VaultType", "BACKUP_VAULT").put("VaultState", "AVAILABLE")
                .put("EncryptionKeyArn", "arn:aws:kms:" + vaultArn.split(":")[3] + ":" + vaultArn.split(":")[4] + ":key/0000aaaa-bb11-cc22-dd33-eeeeeeeeeeee")
                .put("CreationDate", 1.7e9).put("NumberOfRecoveryPoints", 0).put("Locked", false);
        vaults.put(name, v);
        if (policy != null) vaultPolicies.put(name, policy);
        return this;
    }

    /**
     * A backup plan with one selection: {@code resources} ARN patterns and {@code tags} ("key=value", each a
     * STRINGEQUALS ListOfTags condition on aws:ResourceTag/key). ListBackupPlans, ListBackupSelections and
     * GetBackupSelection answer with it; the plan id is the plan name.
     */
    public FakeAwsBackup plan(String planName, String selectionName, List<String> resources, List<String> tags) {
        ObjectNode sel = JSON.createObjectNode().put("SelectionName", selectionName)
                .put("IamRoleArn", "arn:aws:iam::" + account + ":role/service-role/AWSBackupDefaultServiceRole");
        ArrayNode r = sel.putArray("Resources");
        resources.forEach(r::add);
        ArrayNode t = sel.putArray("ListOfTags");
        for (String kv : tags) {
            String[] p = kv.split("=", 2);
            t.add(JSON.createObjectNode().put("ConditionType", "STRINGEQUALS").put("ConditionKey", "aws:ResourceTag/" + p[0])
                    .put("ConditionValue", p[1]));
        }
        plans.computeIfAbsent(planName, k -> new ConcurrentHashMap<>()).put(selectionName, sel);
        return this;
    }

    /** The vault's KMS key (DescribeBackupVault EncryptionKeyArn), e.g. a key made in moto. */
    public FakeAwsBackup vaultKey(String vaultArn, String keyArn) {
        ObjectNode v = vaults.get(vaultArn.substring(vaultArn.lastIndexOf(':') + 1));
        v.put("EncryptionKeyArn", keyArn);
        return this;
    }

    /**
     * Vault Lock on the vault, as DescribeBackupVault shows it: Locked, MinRetentionDays / MaxRetentionDays (null:
     * not set) and LockDate. Copy jobs into it whose retention breaks the limits fail, as AWS documents.
     */
    public FakeAwsBackup vaultLock(String vaultArn, Long minDays, Long maxDays) {
        ObjectNode v = vaults.get(vaultArn.substring(vaultArn.lastIndexOf(':') + 1));
        v.put("Locked", true).put("LockDate", 1.7e9);
        if (minDays != null) v.put("MinRetentionDays", minDays);
        if (maxDays != null) v.put("MaxRetentionDays", maxDays);
        return this;
    }

    /** A recovery point of {@code resourceArn} in {@code vaultName}, COLD or WARM. */
    public String recoveryPoint(String resourceArn, String vaultName, String storageClass, double creationEpoch) {
        String arn = "arn:aws:backup:" + region + ":" + account + ":recovery-point:" + UUID.randomUUID();
        addPoint(resourceArn, vaultName, arn, storageClass, creationEpoch);
        return arn;
    }

    /**
     * A recovery point of {@code resourceArn} in the vault {@code vaultArn} of another account or Region (a copy):
     * ListRecoveryPointsByBackupVault finds it, ListRecoveryPointsByResource of the source does not.
     */
    public String copyInVault(String resourceArn, String vaultArn, double creationEpoch) {
        String[] v = vaultArn.split(":");
        String arn = "arn:aws:backup:" + v[3] + ":" + v[4] + ":recovery-point:" + UUID.randomUUID();
        addPoint(null, v[6], arn, "WARM", creationEpoch);
        pointsByArn.get(arn).put("ResourceArn", resourceArn).put("BackupVaultArn", vaultArn);
        return arn;
    }

    /** Every copy job fails with this status message. */
    public FakeAwsBackup failCopiesWith(String statusMessage) { this.copyFailure = statusMessage; return this; }

    /** Every backup job fails with this status message. */
    public FakeAwsBackup failBackupsWith(String statusMessage) { this.backupFailure = statusMessage; return this; }

    /** StartCopyJob itself answers with this error (code, HTTP status, message). */
    public FakeAwsBackup rejectStartCopy(String code, int status, String message) {
        this.startCopyError = new String[] {code, String.valueOf(status), message};
        return this;
    }

    public FakeAwsBackup crossAccountBackup(Boolean enabled) { this.crossAccountEnabled = enabled; return this; }
    public FakeAwsBackup notInOrganization() { this.notInOrganization = true; return this; }
    public FakeAwsBackup dynamodbAdvancedBackup(boolean enabled) { this.dynamodbAdvanced = enabled; return this; }
    /** AWS Backup's service opt-in for DynamoDB (DescribeRegionSettings ResourceTypeOptInPreference["DynamoDB"]). */
    public FakeAwsBackup dynamodbOptIn(boolean enabled) { this.dynamodbOptIn = enabled; return this; }
    /** How many Describe calls see RUNNING before COMPLETED (or FAILED). */
    public FakeAwsBackup pollsToComplete(int n) { this.pollsToComplete = n; return this; }

    public int backupJobsStarted() { return backupJobsStarted.get(); }

    /** Counted down at the first StartBackupJob. */
    public final java.util.concurrent.CountDownLatch firstBackupJob = new java.util.concurrent.CountDownLatch(1);
    public int copyJobsStarted() { return copyJobsStarted.get(); }
    /** "METHOD /path" of every request, in order. */
    public List<String> requests() { synchronized (requests) { return List.copyOf(requests); } }
    /** The JSON bodies of the StartBackupJob / StartCopyJob requests, in order. */
    public final List<JsonNode> startBodies = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void close() { server.stop(0); }

    // --- the API ---------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            List<String> seg = new ArrayList<>();
            for (String s : raw.split("/")) if (!s.isEmpty()) seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            requests.add(method + " " + String.join("/", seg));
            byte[] bodyBytes = ex.getRequestBody().readAllBytes();
            JsonNode body = bodyBytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bodyBytes);
            query.set(ex.getRequestURI().getRawQuery());
            Reply r = route(method, seg, body);
            byte[] out = r.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            if (r.errorType != null) ex.getResponseHeaders().add("x-amzn-ErrorType", r.errorType);
            ex.sendResponseHeaders(r.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) { os.write(out); }
            }
        } catch (RuntimeException e) {
            byte[] out = ("{\"message\":\"fake error: " + e + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, out.length);
            try (OutputStream os = ex.getResponseBody()) { os.write(out); }
        }
    }

    private final ThreadLocal<String> query = new ThreadLocal<>();

    /** A query parameter of the request being handled, or null. */
    private String param(String name) {
        String q = query.get();
        if (q == null) return null;
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0 && kv.substring(0, i).equals(name)) return URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    private record Reply(int status, String body, String errorType) {}

    private static Reply ok(JsonNode n) { return new Reply(200, n.toString(), null); }

    /** An error as AWS Backup sends it: x-amzn-ErrorType header, and Code/Message/Type in the body. */
    private static Reply error(int status, String code, String message) {
        ObjectNode n = JSON.createObjectNode().put("Code", code).put("Message", message).put("Type", "User");
        return new Reply(status, n.toString(), code);
    }

    private Reply route(String m, List<String> s, JsonNode body) {
        int n = s.size();
        if (m.equals("GET") && n >= 2 && s.get(0).equals("backup") && s.get(1).equals("plans")) {
            if (n == 2) {
                ArrayNode a = JSON.createArrayNode();
                for (String plan : new java.util.TreeSet<>(plans.keySet())) {
                    a.add(JSON.createObjectNode().put("BackupPlanId", plan).put("BackupPlanName", plan)
                            .put("BackupPlanArn", "arn:aws:backup:" + region + ":" + account + ":backup-plan:" + plan).put("VersionId", "v1"));
                }
                return ok(JSON.createObjectNode().set("BackupPlansList", a));
            }
            Map<String, ObjectNode> sels = plans.get(s.get(2));
            if (sels == null) return error(404, "ResourceNotFoundException", "Backup plan " + s.get(2) + " not found.");
            if (n == 4 && s.get(3).equals("selections")) {
                ArrayNode a = JSON.createArrayNode();
                for (String sel : new java.util.TreeSet<>(sels.keySet())) {
                    a.add(JSON.createObjectNode().put("SelectionId", sel).put("SelectionName", sel).put("BackupPlanId", s.get(2))
                            .put("IamRoleArn", sels.get(sel).get("IamRoleArn").asText()));
                }
                return ok(JSON.createObjectNode().set("BackupSelectionsList", a));
            }
            if (n == 5 && s.get(3).equals("selections")) {
                ObjectNode sel = sels.get(s.get(4));
                if (sel == null) return error(404, "ResourceNotFoundException", "Selection " + s.get(4) + " not found.");
                ObjectNode r = JSON.createObjectNode().put("SelectionId", s.get(4)).put("BackupPlanId", s.get(2));
                r.set("BackupSelection", sel.deepCopy());
                return ok(r);
            }
        }
        if (m.equals("PUT") && n == 1 && s.get(0).equals("backup-jobs")) return startBackupJob(body);
        if (m.equals("GET") && n == 2 && s.get(0).equals("backup-jobs")) return describeJob(backupJobs, s.get(1), false);
        if (m.equals("PUT") && n == 1 && s.get(0).equals("copy-jobs")) return startCopyJob(body);
        if (m.equals("GET") && n == 2 && s.get(0).equals("copy-jobs")) return describeJob(copyJobs, s.get(1), true);
        if (m.equals("GET") && n == 3 && s.get(0).equals("resources") && s.get(2).equals("recovery-points")) {
            ArrayNode a = JSON.createArrayNode();
            List<ObjectNode> pts = new ArrayList<>(pointsByResource.getOrDefault(s.get(1), List.of()));
            pts.sort((x, y) -> Double.compare(y.get("CreationDate").asDouble(), x.get("CreationDate").asDouble()));
            for (ObjectNode p : pts) {
                a.add(JSON.createObjectNode().put("RecoveryPointArn", p.get("RecoveryPointArn").asText())
                        .put("CreationDate", p.get("CreationDate").asDouble()).put("Status", p.get("Status").asText())
                        .put("EncryptionKeyArn", p.path("EncryptionKeyArn").asText(null))
                        .put("BackupSizeBytes", 1024).put("BackupVaultName", p.get("BackupVaultName").asText())
                        .put("IsParent", false).put("ResourceName", p.path("ResourceName").asText(null)));
            }
            return ok(JSON.createObjectNode().set("RecoveryPoints", a));
        }
        if (m.equals("GET") && n == 1 && s.get(0).equals("backup-vaults")) {
            // ListBackupVaults: the vaults of the account and Region the fake plays (not the other accounts' ones)
            ArrayNode a = JSON.createArrayNode();
            vaults.values().stream().filter(v -> v.get("BackupVaultArn").asText().startsWith("arn:aws:backup:" + region + ":" + account + ":"))
                    .sorted((x, y) -> x.get("BackupVaultName").asText().compareTo(y.get("BackupVaultName").asText()))
                    .forEach(v -> a.add(v.deepCopy()));
            return ok(JSON.createObjectNode().set("BackupVaultList", a));
        }
        if (m.equals("GET") && n == 2 && s.get(0).equals("backup-vaults")) {
            ObjectNode v = vaults.get(s.get(1));
            return v == null ? error(404, "ResourceNotFoundException", "Backup vault " + s.get(1) + " does not exist.") : ok(v);
        }
        if (m.equals("GET") && n == 3 && s.get(0).equals("backup-vaults") && s.get(2).equals("access-policy")) {
            ObjectNode v = vaults.get(s.get(1));
            if (v == null) return error(404, "ResourceNotFoundException", "Backup vault " + s.get(1) + " does not exist.");
            String p = vaultPolicies.get(s.get(1));
            if (p == null) return error(404, "ResourceNotFoundException", "Backup vault " + s.get(1) + " has no access policy.");
            return ok(JSON.createObjectNode().put("BackupVaultName", s.get(1)).put("BackupVaultArn", v.get("BackupVaultArn").asText())
                    .put("Policy", p));
        }
        if (m.equals("GET") && n == 3 && s.get(0).equals("backup-vaults") && s.get(2).equals("recovery-points")) {
            if (!vaults.containsKey(s.get(1))) return error(404, "ResourceNotFoundException", "Backup vault " + s.get(1) + " does not exist.");
            String resource = param("resourceArn");
            String type = param("resourceType");
            ArrayNode a = JSON.createArrayNode();
            for (ObjectNode p : pointsByArn.values()) {
                if (!p.get("BackupVaultName").asText().equals(s.get(1))) continue;
                if (resource != null && !resource.equals(p.path("ResourceArn").asText(null))) continue;
                if (type != null && !type.equals(p.path("ResourceType").asText(null))) continue;
                a.add(p.deepCopy());
            }
            return ok(JSON.createObjectNode().set("RecoveryPoints", a));
        }
        if (m.equals("GET") && n == 4 && s.get(0).equals("backup-vaults") && s.get(2).equals("recovery-points")) {
            ObjectNode p = pointsByArn.get(s.get(3));
            if (p == null || !p.get("BackupVaultName").asText().equals(s.get(1))) {
                return error(404, "ResourceNotFoundException", "Recovery point " + s.get(3) + " not found.");
            }
            return ok(p);
        }
        if (m.equals("GET") && n == 1 && s.get(0).equals("account-settings")) {
            ObjectNode opt = JSON.createObjectNode().put("DynamoDB", dynamodbOptIn).put("EBS", true).put("RDS", true);
            ObjectNode mgmt = JSON.createObjectNode().put("DynamoDB", dynamodbAdvanced).put("EFS", true);
            ObjectNode r = JSON.createObjectNode();
            r.set("ResourceTypeOptInPreference", opt);
            r.set("ResourceTypeManagementPreference", mgmt);
            return ok(r);
        }
        if (m.equals("GET") && n == 1 && s.get(0).equals("global-settings")) {
            if (notInOrganization) {
                return error(400, "InvalidRequestException", "This action is only available to accounts that are members of an AWS Organization.");
            }
            ObjectNode g = JSON.createObjectNode();
            if (crossAccountEnabled != null) g.put("isCrossAccountBackupEnabled", String.valueOf(crossAccountEnabled));
            ObjectNode r = JSON.createObjectNode();
            r.set("GlobalSettings", g);
            r.put("LastUpdateTime", 1.7e9);
            return ok(r);
        }
        return new Reply(404, "", null);
    }

    private Reply startBackupJob(JsonNode b) {
        startBodies.add(b);
        for (String f : List.of("BackupVaultName", "ResourceArn", "IamRoleArn")) {
            if (!b.hasNonNull(f)) return error(400, "MissingParameterValueException", f + " is required");
        }
        String token = b.path("IdempotencyToken").asText(null);
        if (token != null && tokens.containsKey("backup|" + token)) {
            ObjectNode j = backupJobs.get(tokens.get("backup|" + token));
            return ok(JSON.createObjectNode().put("BackupJobId", j.get("BackupJobId").asText())
                    .put("RecoveryPointArn", j.get("RecoveryPointArn").asText()).put("CreationDate", j.get("CreationDate").asDouble())
                    .put("IsParent", false));
        }
        backupJobsStarted.incrementAndGet();
        firstBackupJob.countDown();
        String id = UUID.randomUUID().toString().toUpperCase();
        // an advanced DynamoDB backup's recovery point is an AWS Backup ARN
        String rpArn = "arn:aws:backup:" + region + ":" + account + ":recovery-point:" + UUID.randomUUID();
        double now = System.currentTimeMillis() / 1000.0;
        ObjectNode j = JSON.createObjectNode().put("AccountId", account).put("BackupJobId", id)
                .put("BackupVaultName", b.get("BackupVaultName").asText())
                .put("BackupVaultArn", "arn:aws:backup:" + region + ":" + account + ":backup-vault:" + b.get("BackupVaultName").asText())
                .put("RecoveryPointArn", rpArn).put("ResourceArn", b.get("ResourceArn").asText())
                .put("CreationDate", now).put("State", "CREATED").put("PercentDone", "0.0")
                .put("IamRoleArn", b.get("IamRoleArn").asText()).put("ResourceType", "DynamoDB").put("IsParent", false);
        if (backupFailure != null) j.put("x-fail", backupFailure);
        backupJobs.put(id, j);
        if (token != null) tokens.put("backup|" + token, id);
        return ok(JSON.createObjectNode().put("BackupJobId", id).put("RecoveryPointArn", rpArn).put("CreationDate", now).put("IsParent", false));
    }

    private Reply startCopyJob(JsonNode b) {
        startBodies.add(b);
        for (String f : List.of("RecoveryPointArn", "SourceBackupVaultName", "DestinationBackupVaultArn", "IamRoleArn")) {
            if (!b.hasNonNull(f)) return error(400, "MissingParameterValueException", f + " is required");
        }
        String[] reject = startCopyError;
        if (reject != null) return error(Integer.parseInt(reject[1]), reject[0], reject[2]);
        String src = b.get("RecoveryPointArn").asText();
        ObjectNode point = pointsByArn.get(src);
        if (point != null && "COLD".equals(point.path("StorageClass").asText())) {
            return error(400, "InvalidRequestException", "Cannot copy a recovery point in cold storage: " + src);
        }
        String dest = b.get("DestinationBackupVaultArn").asText();
        JsonNode lifecycle = b.path("Lifecycle");
        if (!lifecycle.isMissingNode()) {
            for (String f : List.of("DeleteAfterDays", "MoveToColdStorageAfterDays")) {
                if (lifecycle.has(f) && !lifecycle.get(f).isIntegralNumber()) {
                    return error(400, "InvalidParameterValueException", "Lifecycle." + f + " must be a number");
                }
            }
            if (lifecycle.has("DeleteAfterDays") && lifecycle.has("MoveToColdStorageAfterDays")
                    && lifecycle.get("DeleteAfterDays").asLong() < lifecycle.get("MoveToColdStorageAfterDays").asLong() + 90) {
                return error(400, "InvalidParameterValueException", "DeleteAfterDays must be at least 90 days after MoveToColdStorageAfterDays");
            }
        }
        if (dest.endsWith(":backup-vault:Default") && !dest.split(":")[4].equals(account)) {
            return error(400, "InvalidParameterValueException", "Cross-account copy to the default backup vault is not supported.");
        }
        String token = b.path("IdempotencyToken").asText(null);
        if (token != null && tokens.containsKey("copy|" + token)) {
            ObjectNode j = copyJobs.get(tokens.get("copy|" + token));
            return ok(JSON.createObjectNode().put("CopyJobId", j.get("CopyJobId").asText())
                    .put("CreationDate", j.get("CreationDate").asDouble()).put("IsParent", false));
        }
        copyJobsStarted.incrementAndGet();
        String id = UUID.randomUUID().toString().toUpperCase();
        double now = System.currentTimeMillis() / 1000.0;
        String[] d = dest.split(":");
        ObjectNode j = JSON.createObjectNode().put("AccountId", account).put("CopyJobId", id)
                .put("SourceBackupVaultArn", "arn:aws:backup:" + region + ":" + account + ":backup-vault:" + b.get("SourceBackupVaultName").asText())
                .put("SourceRecoveryPointArn", src).put("DestinationBackupVaultArn", dest)
                .put("CreationDate", now).put("State", "CREATED").put("IamRoleArn", b.get("IamRoleArn").asText())
                .put("ResourceType", "DynamoDB").put("IsParent", false)
                .put("x-destination", "arn:aws:backup:" + d[3] + ":" + d[4] + ":recovery-point:" + UUID.randomUUID());
        j.put("ResourceArn", backupJobs.values().stream().filter(x -> x.get("RecoveryPointArn").asText().equals(src))
                .map(x -> x.get("ResourceArn").asText()).findFirst().orElse(null));
        if (copyFailure != null) j.put("x-fail", copyFailure);
        ObjectNode destVault = vaults.get(d[6]);
        if (destVault != null && copyFailure == null) {
            Long keep = lifecycle.has("DeleteAfterDays") ? lifecycle.get("DeleteAfterDays").asLong() : null; // none: kept indefinitely
            boolean tooShort = destVault.has("MinRetentionDays") && keep != null && keep < destVault.get("MinRetentionDays").asLong();
            boolean tooLong = destVault.has("MaxRetentionDays") && (keep == null || keep > destVault.get("MaxRetentionDays").asLong());
            if (tooShort || tooLong) j.put("x-fail", LOCK_MESSAGE);
        }
        copyJobs.put(id, j);
        if (token != null) tokens.put("copy|" + token, id);
        return ok(JSON.createObjectNode().put("CopyJobId", id).put("CreationDate", now).put("IsParent", false));
    }

    /** Each Describe moves the job on: CREATED, RUNNING (pollsToComplete times), then COMPLETED or FAILED. */
    private Reply describeJob(Map<String, ObjectNode> jobs, String id, boolean copy) {
        ObjectNode j = jobs.get(id);
        if (j == null) {
            return error(404, "ResourceNotFoundException", (copy ? "Copy" : "Backup") + " job " + id + " not found.");
        }
        int p;
        synchronized (j) {
            p = polls.merge(id, 1, Integer::sum);
            String state = j.get("State").asText();
            if (!state.equals("COMPLETED") && !state.equals("FAILED")) {
                if (p <= pollsToComplete) {
                    j.put("State", "RUNNING").put("PercentDone", String.valueOf(100.0 * p / (pollsToComplete + 1)));
                } else if (j.has("x-fail")) {
                    j.put("State", "FAILED").put("StatusMessage", j.get("x-fail").asText())
                            .put("CompletionDate", System.currentTimeMillis() / 1000.0);
                } else {
                    j.put("State", "COMPLETED").put("PercentDone", "100.0").put("CompletionDate", System.currentTimeMillis() / 1000.0)
                            .put("BackupSizeInBytes", 2048);
                    if (copy) {
                        j.put("DestinationRecoveryPointArn", j.get("x-destination").asText());
                        String dest = j.get("DestinationBackupVaultArn").asText();
                        // the copy lives in the destination account: DescribeRecoveryPoint finds it there, but the
                        // source account's ListRecoveryPointsByResource does not list it
                        addPoint(null, dest.substring(dest.lastIndexOf(':') + 1),
                                j.get("x-destination").asText(), "WARM", System.currentTimeMillis() / 1000.0);
                    } else {
                        addPoint(j.get("ResourceArn").asText(), j.get("BackupVaultName").asText(),
                                j.get("RecoveryPointArn").asText(), "WARM", System.currentTimeMillis() / 1000.0);
                    }
                }
            }
        }
        ObjectNode shown = j.deepCopy();
        shown.remove(List.of("x-fail", "x-destination"));
        return ok(copy ? JSON.createObjectNode().set("CopyJob", shown) : shown);
    }

    private void addPoint(String resourceArn, String vaultName, String arn, String storageClass, double created) {
        ObjectNode p = JSON.createObjectNode().put("RecoveryPointArn", arn).put("BackupVaultName", vaultName)
                .put("BackupVaultArn", "arn:aws:backup:" + region + ":" + account + ":backup-vault:" + vaultName)
                .put("ResourceArn", resourceArn).put("ResourceType", "DynamoDB").put("Status", "COMPLETED")
                .put("StorageClass", storageClass).put("CreationDate", created).put("CompletionDate", created)
                .put("BackupSizeInBytes", 2048).put("IsEncrypted", true).put("IsParent", false);
        if ("COLD".equals(storageClass)) {
            p.set("Lifecycle", JSON.createObjectNode().put("MoveToColdStorageAfterDays", 1).put("DeleteAfterDays", 120));
        }
        pointsByArn.put(arn, p);
        if (resourceArn != null) {
            pointsByResource.computeIfAbsent(resourceArn, k -> Collections.synchronizedList(new ArrayList<>())).add(p);
        }
    }

    /** The recovery points the fake holds for a resource (newest last), for assertions. */
    public List<String> recoveryPointsOf(String resourceArn) {
        List<String> out = new ArrayList<>();
        for (ObjectNode p : pointsByResource.getOrDefault(resourceArn, List.of())) out.add(p.get("RecoveryPointArn").asText());
        return out;
    }

    /** Map view of request counts by "METHOD path-prefix", for assertions. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String r : requests()) {
            String k = r.replaceAll("/[^/]*$", "/*");
            c.merge(k, 1, Integer::sum);
        }
        return c;
    }
}
