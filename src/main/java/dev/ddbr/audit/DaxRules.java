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
                             int nodes, List<String> zones, String nodeType, String iamRoleArn, String subnetGroup,
                             List<String> securityGroups) {
        public DaxCluster(String name, String arn, String status, String sseStatus, String endpointEncryption, int nodes, List<String> zones) {
            this(name, arn, status, sseStatus, endpointEncryption, nodes, zones, null, null, null, List.of());
        }

        /** The create-cluster command for a replacement with encryption at rest and TLS, three nodes. */
        String replacement(String suffix) {
            return "aws dax create-cluster --cluster-name " + name + "-" + suffix + " --node-type " + (nodeType == null ? "NODE_TYPE" : nodeType)
                    + " --replication-factor " + Math.max(3, nodes) + " --iam-role-arn " + (iamRoleArn == null ? "DAX_ROLE_ARN" : iamRoleArn)
                    + (subnetGroup == null ? "" : " --subnet-group-name " + subnetGroup)
                    + (securityGroups == null || securityGroups.isEmpty() ? "" : " --security-group-ids " + String.join(" ", securityGroups))
                    + " --sse-specification Enabled=true --cluster-endpoint-encryption-type TLS";
        }
    }

    public static List<Finding> check(List<DaxCluster> clusters) {
        List<Finding> out = new ArrayList<>();
        for (DaxCluster c : clusters) {
            if (!"ENABLED".equals(c.sseStatus())) {
                out.add(Finding.of(Rule.DAX_ENCRYPTION, c.arn(), null,
                        "DAX cluster " + c.name() + " does not encrypt data at rest (SSE " + (c.sseStatus() == null ? "not reported" : c.sseStatus()) + ").",
                        "# encryption at rest cannot be turned on in place: create a replacement, move clients to it, delete the old one\n"
                                + c.replacement("enc")));
            }
            if (!"TLS".equals(c.endpointEncryption())) {
                out.add(Finding.of(Rule.DAX_TLS, c.arn(), null,
                        "DAX cluster " + c.name() + " accepts unencrypted connections (endpoint encryption "
                                + (c.endpointEncryption() == null ? "NONE" : c.endpointEncryption()) + ").",
                        "# TLS cannot be turned on in place: create a replacement, move clients to its dax:// endpoint with TLS, delete the old one\n"
                                + c.replacement("tls")));
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
