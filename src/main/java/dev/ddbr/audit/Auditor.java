package dev.ddbr.audit;

import dev.ddbr.audit.DaxRules.DaxCluster;
import dev.ddbr.audit.TableFacts.Backups;
import dev.ddbr.audit.TableFacts.KeyPolicy;
import dev.ddbr.audit.TableFacts.RecoveryPoint;
import dev.ddbr.audit.iam.Glob;
import dev.ddbr.audit.iam.IamEnumerator;
import dev.ddbr.audit.iam.IamRules;
import dev.ddbr.audit.iam.ResourcePolicies;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.profile.Profile;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableLister;
import dev.ddbr.table.TableSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Runs the audit: reads each table's settings snapshot and the facts around it (backups, key policy, replicas),
 * the Region's DAX clusters, the VPCs' DynamoDB endpoints (audit.vpcs or --all-vpcs) and the account's IAM
 * principals, then applies the rules. A profile table that does not exist is a table-missing finding. A check whose API is
 * unavailable or denied becomes an info finding and the audit goes on.
 */
public final class Auditor {
    private final ClientFactory aws;
    private final Profile profile;
    private final Clock clock;
    private final Consumer<String> progress;

    /** @param progress receives "auditing orders" style messages (stderr, verbose) */
    public Auditor(ClientFactory aws, Profile profile, Clock clock, Consumer<String> progress) {
        this.aws = aws;
        this.profile = profile;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * @param tables    named tables; empty means the profile's tables, or every table in the Region
     * @param iam       check IAM principals
     * @param dax       check DAX clusters
     */
    public AuditReport run(List<String> tables, boolean iam, boolean dax, Severity failOn) {
        return run(tables, iam, dax, false, failOn);
    }

    /**
     * @param allVpcs check every VPC of the Region (DescribeVpcs) instead of the profile's {@code audit.vpcs}
     */
    public AuditReport run(List<String> tables, boolean iam, boolean dax, boolean allVpcs, Severity failOn) {
        String region = aws.region();
        boolean named = !tables.isEmpty();
        List<String> names = named ? tables
                : !profile.tables().isEmpty() ? profile.tables().stream().map(t -> t.name()).toList()
                : new TableLister(aws).names();
        List<Finding> findings = new ArrayList<>();
        List<IamRules.Target> targets = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        SnapshotReader reader = new SnapshotReader(aws);
        Instant now = clock.instant();
        for (String name : names) {
            progress.accept("auditing table " + name);
            TableSettings t;
            try {
                t = reader.read(name, EnumSet.allOf(SnapshotPart.class));
            } catch (DdbrException e) {
                if (named) throw e;
                if (e.getCause() != null && AwsErrors.kind(e.getCause()) == AwsErrors.Kind.NOT_FOUND) {
                    missing.add(name);
                } else {
                    findings.add(Finding.notEvaluated(name, name, "the table", e.getMessage()));
                }
                continue;
            }
            var tp = profile.tableOrDefaults(name);
            TableFacts.Usage usage = CapacityUsage.judged(t) ? CapacityUsage.read(aws.cloudwatch(t.region()), t, now) : null;
            TableFacts.Legacy legacy = t.globalTableVersion() == null ? legacy(t) : null;
            List<TableSettings.Replica> all = legacy != null && Boolean.TRUE.equals(legacy.legacy()) ? legacy.replicationGroup() : t.replicas();
            TableFacts facts = new TableFacts(t, profile.auditFor(name), tp, backups(t), keyPolicy(t), replicas(t, all, reader), usage, legacy,
                    copyKeys(t, tp));
            findings.addAll(TableRules.check(facts, now));
            String keyArn = t.encryption() != null && "CUSTOMER_MANAGED".equals(t.encryption().keyType()) ? t.encryption().kmsKeyArn() : null;
            targets.add(new IamRules.Target(t.name(), t.arn(), t.region(), ResourcePolicies.accountOf(t.arn()), keyArn));
        }
        if (dax) {
            progress.accept("auditing DAX clusters");
            findings.addAll(dax(region));
        }
        String account = targets.isEmpty() ? callerAccount() : targets.get(0).account();
        for (String name : missing) findings.add(TableRules.missing(name, region, account));
        List<String> vpcs = profile.audit().vpcs();
        if (allVpcs || !vpcs.isEmpty()) {
            progress.accept("auditing VPC endpoints");
            findings.addAll(network(region, account, allVpcs ? null : vpcs, targets.stream().map(IamRules.Target::arn).toList()));
        }
        Integer principals = null;
        if (iam) {
            progress.accept("auditing IAM principals");
            try {
                IamEnumerator.Result r = new IamEnumerator(aws.iam()).enumerate();
                principals = r.principals().size();
                findings.addAll(IamRules.check(r.principals(), targets, region, account));
                for (String p : r.problems()) findings.add(Finding.notEvaluated("iam", null, "an IAM policy", p));
            } catch (SdkException e) {
                findings.add(Finding.notEvaluated("iam", null,
                        "who can delete or weaken the tables (iam:GetAccountAuthorizationDetails)", why(e)));
            }
        }
        return AuditReport.of(account, region, names, principals, findings, failOn);
    }

    /** The caller's account (sts:GetCallerIdentity, asked once per run) when no table ARN tells it; null when STS does not answer. */
    private String callerAccount() {
        var on = aws.actingOn(aws.region());
        if (on.account() == null) progress.accept("could not tell the account: " + on.accountProblem());
        return on.account();
    }

    static String why(Throwable e) {
        return switch (AwsErrors.kind(e)) {
            case ACCESS_DENIED -> "access denied (" + AwsErrors.describe(e) + ")";
            case UNSUPPORTED -> "the endpoint does not support it";
            default -> AwsErrors.describe(e);
        };
    }

    /** AWS Backup's Region settings for DynamoDB, read once per Region. */
    record RegionSettings(Boolean optIn, Boolean advanced, String error) {}

    private final Map<String, RegionSettings> regionSettings = new java.util.concurrent.ConcurrentHashMap<>();

    RegionSettings regionSettings(String region) {
        return regionSettings.computeIfAbsent(region, r -> {
            try {
                var s = aws.backup(r).describeRegionSettings(b -> {});
                return new RegionSettings(s.resourceTypeOptInPreference().get("DynamoDB"), s.resourceTypeManagementPreference().get("DynamoDB"), null);
            } catch (SdkException e) {
                return new RegionSettings(null, null, why(e));
            }
        });
    }

    private Backups backups(TableSettings t) {
        BackupClient backup = aws.backup(t.region());
        Boolean inPlan = null;
        String plan = null;
        String planError = null;
        List<String> unevaluated = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        try {
            RegionSettings rs = regionSettings(t.region());
            plan = coveringPlan(backup, t, unevaluated, rs.optIn(), rs.error(), blocked);
            inPlan = plan != null;
        } catch (SdkException e) {
            planError = why(e);
        }
        List<RecoveryPoint> points = null;
        String pointsError = null;
        try {
            List<RecoveryPoint> ps = new ArrayList<>();
            backup.listRecoveryPointsByResourcePaginator(r -> r.resourceArn(t.arn())).recoveryPoints()
                    .forEach(p -> ps.add(new RecoveryPoint(p.creationDate(), p.statusAsString())));
            points = ps;
        } catch (SdkException e) {
            pointsError = why(e);
        }
        List<Instant> onDemand = null;
        String onDemandError = null;
        try {
            List<Instant> os = new ArrayList<>();
            String start = null;
            do {
                String st = start;
                var resp = aws.dynamodb(t.region()).listBackups(r -> r.tableName(t.name()).backupType(BackupTypeFilter.ALL)
                        .exclusiveStartBackupArn(st));
                resp.backupSummaries().forEach(b -> {
                    if (b.backupCreationDateTime() != null && !"DELETED".equals(b.backupStatusAsString())) os.add(b.backupCreationDateTime());
                });
                start = resp.lastEvaluatedBackupArn();
            } while (start != null);
            onDemand = os;
        } catch (SdkException e) {
            onDemandError = why(e);
        }
        return new Backups(inPlan, plan, planError, points, pointsError, onDemand, onDemandError, plan == null ? unevaluated : List.of(),
                plan == null ? blocked : List.of());
    }

    /**
     * The name of a backup plan whose selection covers the table, or null; selections whose verdict is uncertain
     * are added to {@code unevaluated} as "selection 'x' of plan 'y': why".
     */
    static String coveringPlan(BackupClient backup, TableSettings t, List<String> unevaluated) {
        return coveringPlan(backup, t, unevaluated, true, null, new ArrayList<>());
    }

    /**
     * As above, with the Region's DynamoDB opt-in: a selection that reaches the table only by tag or '*' covers it
     * only when the opt-in is on ({@code optIn} false: added to {@code blocked}; null: unevaluated with
     * {@code optInError}).
     */
    static String coveringPlan(BackupClient backup, TableSettings t, List<String> unevaluated, Boolean optIn, String optInError,
                               List<String> blocked) {
        for (var plan : backup.listBackupPlansPaginator(r -> { }).backupPlansList()) {
            for (var sel : backup.listBackupSelectionsPaginator(r -> r.backupPlanId(plan.backupPlanId())).backupSelectionsList()) {
                BackupSelection s = backup.getBackupSelection(r -> r.backupPlanId(plan.backupPlanId()).selectionId(sel.selectionId()))
                        .backupSelection();
                BackupSelections.Verdict v = BackupSelections.selects(s, t);
                String named = "selection '" + s.selectionName() + "' of plan '" + plan.backupPlanName() + "'";
                if (Boolean.TRUE.equals(v.selected()) && !BackupSelections.namesDynamoDb(s, t)) {
                    if (Boolean.FALSE.equals(optIn)) {
                        blocked.add(named);
                        continue;
                    }
                    if (optIn == null) {
                        unevaluated.add(named + ": it selects the table by tag or '*', which AWS Backup honours only with the DynamoDB opt-in on,"
                                + " and backup:DescribeRegionSettings " + (optInError == null ? "did not say" : "failed: " + optInError));
                        continue;
                    }
                }
                if (Boolean.TRUE.equals(v.selected())) return plan.backupPlanName();
                if (v.selected() == null) {
                    unevaluated.add("selection '" + s.selectionName() + "' of plan '" + plan.backupPlanName() + "': " + v.why());
                }
            }
        }
        return null;
    }

    /**
     * For a backup.copy_to vault in another account: advanced DynamoDB backup in the Region, the key of the source
     * vault ('Default', the vault 'backup copy' uses unless told otherwise) and, through copy_to.verify_role_arn, the
     * destination vault's key. Null when the table has no cross-account copy.
     */
    private TableFacts.CopyKeys copyKeys(TableSettings t, dev.ddbr.profile.TableProfile tp) {
        var copyTo = tp.backup().copyTo().orElse(null);
        if (copyTo == null) return null;
        String dest = ResourcePolicies.accountOf(copyTo.vaultArn());
        if (dest == null || dest.equals(ResourcePolicies.accountOf(t.arn()))) return null;
        RegionSettings rs = regionSettings(t.region());
        dev.ddbr.backup.doctor.VaultKeys.Key source = vaultKey(aws.backup(t.region()), "Default", null, aws.kms(t.region()), true);
        dev.ddbr.backup.doctor.VaultKeys.Key destination = null;
        if (copyTo.verifyRoleArn().isPresent()) {
            String role = copyTo.verifyRoleArn().get();
            String[] v = copyTo.vaultArn().split(":");
            String region = v.length > 3 ? v[3] : t.region();
            String name = copyTo.vaultArn().substring(copyTo.vaultArn().lastIndexOf(':') + 1);
            try {
                destination = vaultKey(aws.backupAs(role, region), name, dest, aws.kmsAs(role, region), false);
            } catch (DdbrException e) {
                destination = new dev.ddbr.backup.doctor.VaultKeys.Key(name, null, null, null, null, e.getMessage());
            }
        }
        return new TableFacts.CopyKeys(rs.advanced(), source, destination);
    }

    private static dev.ddbr.backup.doctor.VaultKeys.Key vaultKey(BackupClient backup, String name, String account,
                                                                 software.amazon.awssdk.services.kms.KmsClient kms, boolean readPolicy) {
        String keyArn;
        try {
            keyArn = backup.describeBackupVault(b -> b.backupVaultName(name).backupVaultAccountId(account)).encryptionKeyArn();
        } catch (SdkException e) {
            return new dev.ddbr.backup.doctor.VaultKeys.Key(name, null, null, null, null, "backup:DescribeBackupVault: " + why(e));
        } catch (DdbrException e) {
            return new dev.ddbr.backup.doctor.VaultKeys.Key(name, null, null, null, null, e.getMessage());
        }
        return dev.ddbr.backup.doctor.VaultKeyReader.read(kms, name, keyArn, readPolicy, Auditor::why);
    }

    private KeyPolicy keyPolicy(TableSettings t) {
        var e = t.encryption();
        if (e == null || !"CUSTOMER_MANAGED".equals(e.keyType()) || e.kmsKeyArn() == null) return null;
        try {
            return new KeyPolicy(aws.kms(t.region()).getKeyPolicy(r -> r.keyId(e.kmsKeyArn()).policyName("default")).policy(), null);
        } catch (SdkException ex) {
            return new KeyPolicy(null, why(ex));
        }
    }

    /**
     * DescribeGlobalTable answers only for legacy (2017.11.29) global tables; GlobalTableNotFoundException means
     * the table is not one. DescribeTable shows neither the legacy version nor its replicas.
     */
    private TableFacts.Legacy legacy(TableSettings t) {
        try {
            var d = aws.dynamodbForOptionalReads(t.region()).describeGlobalTable(r -> r.globalTableName(t.name())).globalTableDescription();
            List<TableSettings.Replica> group = new ArrayList<>();
            for (var r : d.replicationGroup()) {
                group.add(new TableSettings.Replica(r.regionName(), r.replicaStatusAsString() == null ? "ACTIVE" : r.replicaStatusAsString(),
                        r.kmsMasterKeyId(), null, null, r.replicaStatusDescription()));
            }
            return new TableFacts.Legacy(true, group, null);
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return new TableFacts.Legacy(false, List.of(), null);
            return new TableFacts.Legacy(null, List.of(), why(e));
        }
    }

    /** Snapshots of the replicas that can be compared: ACTIVE or UPDATING (the others get a replica-status finding). */
    private Map<String, Object> replicas(TableSettings t, List<TableSettings.Replica> all, SnapshotReader reader) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var r : all) {
            if (r.region().equals(t.region())) continue;
            if (!"ACTIVE".equals(r.status()) && !"UPDATING".equals(r.status())) continue;
            try {
                out.put(r.region(), reader.read(t.name(), r.region(), EnumSet.of(SnapshotPart.PITR, SnapshotPart.KMS,
                        SnapshotPart.AUTO_SCALING, SnapshotPart.CONTRIBUTOR_INSIGHTS)));
            } catch (DdbrException e) {
                out.put(r.region(), e.getMessage());
            }
        }
        return out;
    }

    /**
     * The network checks for {@code vpcIds} (null: every VPC of the Region): DescribeVpcs, DescribeSubnets,
     * DescribeRouteTables and DescribeVpcEndpoints, filtered by VPC. A VPC the profile names that does not exist is
     * reported as not evaluated.
     */
    private List<Finding> network(String region, String account, List<String> vpcIds, List<String> tableArns) {
        List<Finding> out = new ArrayList<>();
        Ec2Client ec2 = aws.ec2(region);
        List<String> ids;
        try {
            if (vpcIds == null) {
                ids = new ArrayList<>();
                for (var v : ec2.describeVpcsPaginator(r -> { }).vpcs()) ids.add(v.vpcId());
            } else {
                ids = new ArrayList<>();
                for (String id : vpcIds) {
                    try {
                        ec2.describeVpcs(r -> r.vpcIds(id)).vpcs().forEach(v -> ids.add(v.vpcId()));
                    } catch (SdkException e) {
                        if (!(e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase) || !"InvalidVpcID.NotFound".equals(AwsErrors.code(ase))) throw e;
                        out.add(Finding.notEvaluated("vpc:" + id, null, "VPC " + id + " (audit.vpcs)", "it does not exist in " + region));
                    }
                }
            }
        } catch (SdkException e) {
            out.add(Finding.notEvaluated("ec2:" + region, null, "the VPCs (ec2:DescribeVpcs)", why(e)));
            return out;
        }
        String service = "com.amazonaws." + region + ".dynamodb";
        for (String id : ids) {
            try {
                Filter vpc = Filter.builder().name("vpc-id").values(id).build();
                List<NetworkRules.Subnet> subnets = new ArrayList<>();
                ec2.describeSubnetsPaginator(r -> r.filters(vpc)).subnets().forEach(s -> {
                    if (id.equals(s.vpcId())) subnets.add(new NetworkRules.Subnet(s.subnetId()));
                });
                List<NetworkRules.RouteTable> routeTables = new ArrayList<>();
                ec2.describeRouteTablesPaginator(r -> r.filters(vpc)).routeTables().forEach(rt -> {
                    if (!id.equals(rt.vpcId())) return;
                    boolean main = rt.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
                    List<String> subnetIds = rt.associations().stream().map(a -> a.subnetId()).filter(x -> x != null).toList();
                    routeTables.add(new NetworkRules.RouteTable(rt.routeTableId(), main, subnetIds));
                });
                List<NetworkRules.Endpoint> endpoints = new ArrayList<>();
                ec2.describeVpcEndpointsPaginator(r -> r.filters(vpc, Filter.builder().name("service-name").values(service).build()))
                        .vpcEndpoints().forEach(e -> {
                            if (!id.equals(e.vpcId()) || !service.equals(e.serviceName())) return;
                            endpoints.add(new NetworkRules.Endpoint(e.vpcEndpointId(), e.vpcEndpointTypeAsString(), e.stateAsString(),
                                    e.routeTableIds(), e.policyDocument()));
                        });
                out.addAll(NetworkRules.check(new NetworkRules.Vpc(id, subnets, routeTables, endpoints), region, account, tableArns));
            } catch (SdkException e) {
                out.add(Finding.notEvaluated("vpc:" + id, null, "the DynamoDB endpoint of VPC " + id
                        + " (ec2:DescribeSubnets, DescribeRouteTables, DescribeVpcEndpoints)", why(e)));
            }
        }
        return out;
    }

    private List<Finding> dax(String region) {
        List<DaxCluster> clusters = new ArrayList<>();
        try {
            String token = null;
            do {
                String tk = token;
                var resp = aws.dax(region).describeClusters(r -> r.nextToken(tk));
                for (var c : resp.clusters()) {
                    List<String> zones = c.nodes().stream().map(n -> n.availabilityZone()).filter(z -> z != null).toList();
                    clusters.add(new DaxCluster(c.clusterName(), c.clusterArn(), c.status(),
                            c.sseDescription() == null ? null : c.sseDescription().statusAsString(),
                            c.clusterEndpointEncryptionTypeAsString(),
                            c.totalNodes() != null ? c.totalNodes() : c.nodes().size(), zones, c.nodeType(), c.iamRoleArn(),
                            c.subnetGroup(), c.securityGroups().stream().map(g -> g.securityGroupIdentifier()).toList()));
                }
                token = resp.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            return List.of(Finding.notEvaluated("dax:" + region, null, "DAX clusters (dax:DescribeClusters)", why(e)));
        }
        return DaxRules.check(clusters);
    }
}
