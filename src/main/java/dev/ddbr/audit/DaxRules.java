package dev.ddbr.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** DAX cluster checks (Security Hub DynamoDB.3 and DynamoDB.7, plus node redundancy). */
public final class DaxRules {
    private DaxRules() {}

    /**
     * A DAX cluster as the audit sees it.
     *
     * @param sseStatus          ENABLED, DISABLED, ENABLING, DISABLING, or null when not reported
     * @param endpointEncryption TLS or NONE
     * @param zones              the Availability Zones of its nodes
     */
    public record DaxCluster(String name, String arn, String status, String sseStatus, String endpointEncryption,
                             int nodes, List<String> zones) {}

    public static List<Finding> check(List<DaxCluster> clusters) {
        List<Finding> out = new ArrayList<>();
        for (DaxCluster c : clusters) {
            if (!"ENABLED".equals(c.sseStatus())) {
                out.add(Finding.of(Rule.DAX_ENCRYPTION, c.arn(), null,
                        "DAX cluster " + c.name() + " does not encrypt data at rest (SSE " + (c.sseStatus() == null ? "not reported" : c.sseStatus()) + ").",
                        "recreate it with encryption: aws dax create-cluster --cluster-name " + c.name()
                                + "-enc --sse-specification Enabled=true ... (encryption at rest cannot be turned on in place)"));
            }
            if (!"TLS".equals(c.endpointEncryption())) {
                out.add(Finding.of(Rule.DAX_TLS, c.arn(), null,
                        "DAX cluster " + c.name() + " accepts unencrypted connections (endpoint encryption "
                                + (c.endpointEncryption() == null ? "NONE" : c.endpointEncryption()) + ").",
                        "recreate it with TLS: aws dax create-cluster --cluster-name " + c.name()
                                + "-tls --cluster-endpoint-encryption-type TLS ... (cannot be changed in place)"));
            }
            Set<String> zones = new TreeSet<>(c.zones());
            if (c.nodes() < 2 || zones.size() < 2) {
                out.add(Finding.of(Rule.DAX_MULTI_AZ, c.arn(), null,
                        "DAX cluster " + c.name() + " has " + c.nodes() + " node" + (c.nodes() == 1 ? "" : "s") + " in "
                                + (zones.isEmpty() ? "unknown zones" : zones.size() + " Availability Zone" + (zones.size() == 1 ? "" : "s") + " " + zones)
                                + ": one node or zone failure takes the cache down.",
                        c.nodes() < 3 ? "aws dax increase-replication-factor --cluster-name " + c.name() + " --new-replication-factor 3" : null));
            }
        }
        return out;
    }
}
