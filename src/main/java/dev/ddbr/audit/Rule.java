package dev.ddbr.audit;

import dev.ddbr.profile.AuditSettings.Severity;

/**
 * Every check {@code ddbr audit} makes. The id is ddbr's own and stable (it is part of the JSON and SARIF
 * contract, docs/audit.md); the control is the AWS Security Hub control id where one exists.
 */
public enum Rule {
    TABLE_MISSING("table-missing", null, Severity.HIGH, "Every table the profile names exists"),
    PITR_ENABLED("pitr-enabled", "DynamoDB.2", Severity.HIGH, "Point-in-time recovery is on"),
    PITR_PERIOD("pitr-period", null, Severity.MEDIUM, "PITR recovery period is at least the profile's minimum"),
    BACKUP_PLAN("backup-plan", "DynamoDB.4", Severity.MEDIUM, "The table is protected by an AWS Backup plan"),
    BACKUP_AGE("backup-age", null, Severity.HIGH, "The newest recovery point is within the profile's age limit"),
    DELETION_PROTECTION("deletion-protection", "DynamoDB.6", Severity.MEDIUM, "Deletion protection is on"),
    AUTO_SCALING("auto-scaling", "DynamoDB.1", Severity.MEDIUM, "Provisioned tables and their GSIs scale with demand"),
    AUTO_SCALING_HEADROOM("auto-scaling-headroom", null, Severity.LOW, "Auto scaling has headroom above current capacity"),
    CAPACITY_HEADROOM("capacity-headroom", null, Severity.MEDIUM, "Peak consumed capacity (busiest minute of 14 days) stays below 80% of the most the table or GSI can scale to"),
    KMS_CUSTOMER_MANAGED("kms-customer-managed", null, Severity.LOW, "The table is not encrypted with an AWS owned key (high with audit.require_customer_managed_key)"),
    KMS_AWS_MANAGED("kms-aws-managed-key", null, Severity.LOW, "The table is not encrypted with the AWS managed key aws/dynamodb (high with audit.require_customer_managed_key)"),
    KMS_KEY_STATE("kms-key-state", null, Severity.CRITICAL, "The table's KMS key is enabled and not pending deletion"),
    KMS_ROTATION("kms-key-rotation", null, Severity.LOW, "The customer managed key rotates automatically"),
    KMS_BACKUP_ROLE("kms-key-policy-backup-role", null, Severity.HIGH, "The key policy lets the backup role use the key"),
    KMS_COPY_DESTINATION("kms-key-policy-copy-destination", null, Severity.HIGH, "The vault keys of a cross-account copy let it succeed (source vault key shared with the destination, destination key usable)"),
    GLOBAL_TABLE_LEGACY("global-table-legacy", null, Severity.HIGH, "The global table uses the current version (2019.11.21)"),
    REPLICA_STATUS("replica-status", null, Severity.HIGH, "Every replica is ACTIVE"),
    REPLICA_PARITY("replica-parity", null, Severity.MEDIUM, "Replicas match: GSIs, capacity and auto scaling, PITR, deletion protection, key"),
    RESOURCE_POLICY_PUBLIC("resource-policy-public", null, Severity.CRITICAL, "The resource policy does not grant access to everyone"),
    RESOURCE_POLICY_CROSS_ACCOUNT("resource-policy-cross-account", null, Severity.MEDIUM, "The resource policy grants other accounts access only under restricting conditions"),
    RESOURCE_POLICY_SERVICE_ROLES("resource-policy-service-roles", null, Severity.CRITICAL, "A Deny pinning the table to a VPC endpoint or VPC exempts the global tables replication role (replicated tables) and AWS Backup's role (backed-up tables)"),
    RESOURCE_POLICY_NETWORK("resource-policy-network", null, Severity.INFO, "Good: the resource policy denies access from outside a VPC endpoint or VPC"),
    VPC_ENDPOINT("vpc-endpoint-dynamodb", null, Severity.MEDIUM, "Each audited VPC has a DynamoDB VPC endpoint (gateway or interface)"),
    VPC_ENDPOINT_ROUTES("vpc-endpoint-route-tables", null, Severity.MEDIUM, "The DynamoDB gateway endpoint is associated with the route table of every subnet of the VPC"),
    VPC_ENDPOINT_POLICY("vpc-endpoint-policy", null, Severity.LOW, "The DynamoDB endpoint policy allows no more than the audited tables"),
    ALARM_THROTTLING("alarm-throttling", null, Severity.LOW, "A CloudWatch alarm watches throttling"),
    ALARM_SYSTEM_ERRORS("alarm-system-errors", null, Severity.LOW, "A CloudWatch alarm watches system errors"),
    ALARM_REPLICATION_LATENCY("alarm-replication-latency", null, Severity.LOW, "A CloudWatch alarm watches replication latency (global tables)"),
    DAX_ENCRYPTION("dax-encryption-at-rest", "DynamoDB.3", Severity.MEDIUM, "DAX clusters encrypt data at rest"),
    DAX_TLS("dax-tls", "DynamoDB.7", Severity.MEDIUM, "DAX clusters encrypt connections with TLS"),
    DAX_MULTI_AZ("dax-multi-az", null, Severity.MEDIUM, "DAX clusters have more than one node, across Availability Zones"),
    IAM_CAN_DESTROY("iam-can-destroy", null, Severity.HIGH, "Who can delete the table, its backups or recovery points, or disable its key"),
    IAM_CAN_WEAKEN("iam-can-weaken", null, Severity.MEDIUM, "Who can turn off PITR or deletion protection, or change the resource policy"),
    IAM_DYNAMODB_WILDCARD("iam-dynamodb-wildcard", null, Severity.HIGH, "No principal is allowed dynamodb:* on *"),
    NOT_EVALUATED("not-evaluated", null, Severity.INFO, "A check could not be evaluated (API unavailable or denied)");

    private final String id;
    private final String control;
    private final Severity severity;
    private final String title;

    Rule(String id, String control, Severity severity, String title) {
        this.id = id;
        this.control = control;
        this.severity = severity;
        this.title = title;
    }

    public String id() { return id; }

    /** Security Hub control id, or null. */
    public String control() { return control; }

    /** The usual severity; some findings raise or lower it (a disabled key is critical, a rotation gap low). */
    public Severity severity() { return severity; }

    public String title() { return title; }
}
