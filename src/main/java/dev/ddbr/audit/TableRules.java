package dev.ddbr.audit;

import dev.ddbr.audit.TableFacts.Backups;
import dev.ddbr.audit.TableFacts.RecoveryPoint;
import dev.ddbr.audit.iam.Decision;
import dev.ddbr.audit.iam.PolicyEvaluator;
import dev.ddbr.audit.iam.ResourcePolicies;
import dev.ddbr.profile.AuditSettings;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Alarm;
import dev.ddbr.table.TableSettings.Encryption;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.Replica;
import dev.ddbr.table.TableSettings.ScalableTarget;
import dev.ddbr.table.TableSettings.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/** The table checks: pure functions of {@link TableFacts} and the clock. */
public final class TableRules {
    static final Set<String> THROTTLE_METRICS = Set.of("ReadThrottleEvents", "WriteThrottleEvents", "ThrottledRequests");
    static final List<String> BACKUP_ROLE_KMS_ACTIONS = List.of("kms:Decrypt", "kms:CreateGrant", "kms:DescribeKey");
    static final List<String> COPY_KMS_ACTIONS = List.of("kms:Decrypt", "kms:CreateGrant");

    private TableRules() {}

    public static List<Finding> check(TableFacts f, Instant now) {
        List<Finding> out = new ArrayList<>();
        TableSettings t = f.table();
        for (Unavailable u : t.unavailable()) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), u.field() + " (" + u.api() + ")",
                    "UNSUPPORTED".equals(u.reason()) ? "the endpoint does not support it"
                            : "DENIED".equals(u.reason()) ? "access denied" : u.detail()));
        }
        pitr(t, f.settings(), f.profile().pitr().recoveryDays(), out);
        backups(t, f.settings(), f.backups(), now, out, f.profile());
        if (!Boolean.TRUE.equals(t.deletionProtection())) {
            out.add(Finding.of(Rule.DELETION_PROTECTION, t.arn(), t.name(),
                    "Deletion protection is off: one DeleteTable call removes the table.",
                    "aws dynamodb update-table --table-name " + t.name() + " --deletion-protection-enabled"));
        }
        autoScaling(t, out);
        utilisation(f, out);
        encryption(f, out);
        copyDestination(f, out);
        globalTable(f, out);
        resourcePolicy(t, out);
        NetworkRules.resourcePolicy(t, f.allReplicas().stream().anyMatch(r -> !r.region().equals(t.region())),
                f.backups() != null && Boolean.TRUE.equals(f.backups().inPlan()) || f.settings().backupRoleArn().isPresent(),
                f.settings().backupRoleArn().orElse(null), out);
        alarms(t, f.allReplicas(), out);
        return out;
    }

    /**
     * A table the profile names that does not exist: high, so a deleted production table never audits green. The fix
     * restores it from the system backup DynamoDB keeps for 35 days when PITR was on, or from the newest backup.
     */
    public static Finding missing(String name, String region, String account) {
        String arn = "arn:aws:dynamodb:" + region + ":" + (account == null ? "" : account) + ":table/" + name;
        return Finding.of(Rule.TABLE_MISSING, arn, name,
                "The profile names table " + name + " but it does not exist in " + (account == null ? "" : "account " + account + ", ")
                        + "Region " + region + ": it was deleted, renamed, or the profile points at the wrong account or Region.",
                "# if it was deleted: a table with PITR on left a system backup ('" + name + "$DeletedTableBackup', 35 days); else pick its newest backup\n"
                        + "aws dynamodb list-backups --table-name " + name + " --backup-type ALL --region " + region
                        + " --query 'reverse(sort_by(BackupSummaries,&BackupCreationDateTime))[0].BackupArn' --output text\n"
                        + "ddbr restore backup BACKUP_ARN --target " + name);
    }

    static void pitr(TableSettings t, AuditSettings s, int profileDays, List<Finding> out) {
        var p = t.pointInTimeRecovery();
        if (p == null) return; // reported as not evaluated
        int want = Math.max(s.minPitrDays(), profileDays);
        String fix = "aws dynamodb update-continuous-backups --table-name " + t.name()
                + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=" + want;
        if (!p.enabled()) {
            out.add(Finding.of(Rule.PITR_ENABLED, t.arn(), t.name(),
                    "Point-in-time recovery is " + p.status().toLowerCase() + ": writes since the last backup cannot be recovered.", fix));
            return;
        }
        int days = p.recoveryPeriodDays() == null ? 35 : p.recoveryPeriodDays();
        if (days < s.minPitrDays()) {
            out.add(Finding.of(Rule.PITR_PERIOD, t.arn(), t.name(),
                    "PITR recovery period is " + days + " days; the profile requires at least " + s.minPitrDays() + ".", fix));
        }
    }

    static void backups(TableSettings t, AuditSettings s, Backups b, Instant now, List<Finding> out) {
        backups(t, s, b, now, out, null);
    }

    /**
     * @param tp the table's profile entry: a table with a {@code backup:} section is backed up by ddbr's own schedule
     *           ({@code ddbr backup run}), so a missing AWS Backup plan is only info and backup-age is what judges it
     */
    static void backups(TableSettings t, AuditSettings s, Backups b, Instant now, List<Finding> out, dev.ddbr.profile.TableProfile tp) {
        if (b == null) return;
        boolean ddbrSchedule = tp != null && tp.backupDeclared();
        if (b.inPlan() == null) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "AWS Backup plan coverage (DynamoDB.4: backup:ListBackupPlans, "
                    + "ListBackupSelections, GetBackupSelection)", b.planError()));
        } else if (!b.inPlan() && !b.optInBlocked().isEmpty()) {
            out.add(Finding.of(Rule.BACKUP_PLAN, t.arn(), t.name(), "Backup " + String.join(", ", b.optInBlocked())
                            + " select" + (b.optInBlocked().size() == 1 ? "s" : "") + " this table only by tag or '*', and AWS Backup's service opt-in"
                            + " for DynamoDB is off in " + t.region() + ", so no plan backs it up.",
                    "# or select the table by its ARN (a resource type named explicitly is backed up without the opt-in)\n"
                            + "aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true --region " + t.region()));
        } else if (!b.inPlan() && !b.unevaluated().isEmpty()) {
            // Conservative: neither "covered" nor "not covered" when a selection's verdict is uncertain.
            for (String u : b.unevaluated()) {
                int colon = u.indexOf(": ");
                out.add(Finding.notEvaluated(t.arn(), t.name(), "whether backup " + (colon < 0 ? u : u.substring(0, colon))
                        + " selects the table (DynamoDB.4)", colon < 0 ? "uncertain" : u.substring(colon + 2)));
            }
        } else if (!b.inPlan() && ddbrSchedule) {
            out.add(Finding.of(Rule.BACKUP_PLAN, Severity.INFO, t.arn(), t.name(),
                    "No AWS Backup plan selects this table; it is covered by ddbr's schedule (the profile's backup: section, run by"
                            + " 'ddbr backup run'" + tp.backup().schedule().map(x -> ", " + x).orElse("")
                            + "), so backup-age checks the age of its newest backup instead.", null));
        } else if (!b.inPlan()) {
            out.add(Finding.of(Rule.BACKUP_PLAN, t.arn(), t.name(), "No AWS Backup plan selects this table.",
                    "# PLAN_ID: see aws backup list-backup-plans" + (s.backupRoleArn().isPresent() ? "" : "; ROLE_ARN: the role AWS Backup uses (audit.backup_role_arn)") + "\n"
                            + "aws backup create-backup-selection --backup-plan-id PLAN_ID --backup-selection '{\"SelectionName\":\""
                            + t.name() + "\",\"IamRoleArn\":\"" + s.backupRoleArn().orElse("ROLE_ARN") + "\",\"Resources\":[\"" + t.arn() + "\"]}'"));
        }
        if (b.awsBackup() == null) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "AWS Backup recovery points (backup:ListRecoveryPointsByResource)",
                    b.awsBackupError()));
        }
        List<Instant> times = new ArrayList<>();
        if (b.awsBackup() != null) {
            b.awsBackup().stream().filter(r -> r.status() == null || "COMPLETED".equals(r.status()))
                    .map(RecoveryPoint::created).filter(Objects::nonNull).forEach(times::add);
        }
        if (b.onDemand() != null) times.addAll(b.onDemand());
        Instant newest = times.stream().max(Comparator.naturalOrder()).orElse(null);
        boolean complete = b.awsBackup() != null && b.onDemand() != null;
        String fix = ddbrSchedule
                ? "# ddbr's schedule is behind: check the cron or systemd job that runs 'ddbr backup run' with this profile\nddbr backup run -p PROFILE"
                : "aws dynamodb create-backup --table-name " + t.name() + " --backup-name " + t.name() + "-now";
        String by = ddbrSchedule ? " (backed up by ddbr's schedule, 'ddbr backup run')" : "";
        if (newest == null) {
            if (complete) {
                out.add(Finding.of(Rule.BACKUP_AGE, t.arn(), t.name(),
                        "The table has no backup or recovery point at all" + by + " (limit: " + s.maxBackupAgeHours() + " hours).", fix));
            } else {
                out.add(Finding.notEvaluated(t.arn(), t.name(), "the age of the newest backup",
                        b.onDemand() == null ? b.onDemandError() : b.awsBackupError()));
            }
            return;
        }
        long hours = Duration.between(newest, now).toHours();
        if (hours >= s.maxBackupAgeHours()) {
            out.add(Finding.of(Rule.BACKUP_AGE, t.arn(), t.name(),
                    "The newest backup is " + hours + " hours old (" + newest + ")" + by + "; the limit is " + s.maxBackupAgeHours() + " hours.", fix));
        }
    }

    static void autoScaling(TableSettings t, List<Finding> out) {
        var as = t.autoScaling();
        List<String[]> capacities = new ArrayList<>(); // resourceId, label, read, write
        if (t.isProvisioned() && t.provisionedThroughput() != null) {
            capacities.add(new String[] {"table/" + t.name(), "table",
                    String.valueOf(t.provisionedThroughput().readCapacityUnits()), String.valueOf(t.provisionedThroughput().writeCapacityUnits())});
        }
        for (Gsi g : t.globalSecondaryIndexes()) {
            if (t.isProvisioned() && g.provisionedThroughput() != null) {
                capacities.add(new String[] {"table/" + t.name() + "/index/" + g.name(), "GSI " + g.name(),
                        String.valueOf(g.provisionedThroughput().readCapacityUnits()), String.valueOf(g.provisionedThroughput().writeCapacityUnits())});
            }
        }
        if (capacities.isEmpty() || as == null) return; // on-demand, or not evaluated
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String[] c : capacities) {
            for (String dim : List.of("Read", "Write")) {
                String dimension = (c[0].contains("/index/") ? "dynamodb:index:" : "dynamodb:table:") + dim + "CapacityUnits";
                long current = Long.parseLong(dim.equals("Read") ? c[2] : c[3]);
                ScalableTarget target = as.targets().stream()
                        .filter(s -> s.resourceId().equals(c[0]) && s.dimension().equals(dimension)).findFirst().orElse(null);
                boolean policy = as.policies().stream().anyMatch(p -> p.resourceId().equals(c[0]) && p.dimension().equals(dimension));
                if (target == null || !policy) {
                    missing.add(c[1] + " " + dim.toLowerCase() + "s" + (target != null ? " (target without a policy)" : ""));
                    if (target == null) {
                        fixes.add("aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id "
                                + c[0] + " --scalable-dimension " + dimension + " --min-capacity " + Math.max(1, current)
                                + " --max-capacity " + Math.max(10, current * 4));
                    }
                    if (!policy) {
                        fixes.add("aws application-autoscaling put-scaling-policy --service-namespace dynamodb --resource-id " + c[0]
                                + " --scalable-dimension " + dimension + " --policy-name " + c[0].replace("table/", "").replace("/index/", "-")
                                + "-" + dim.toLowerCase() + "-70 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration "
                                + "'{\"TargetValue\":70.0,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"DynamoDB" + dim + "CapacityUtilization\"}}'");
                    }
                    continue;
                }
                if (target.suspended()) {
                    out.add(Finding.of(Rule.AUTO_SCALING, t.arn(), t.name(),
                            "Auto scaling of " + c[1] + " " + dim.toLowerCase() + "s is suspended.",
                            "aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id "
                                    + c[0] + " --scalable-dimension " + dimension
                                    + " --suspended-state DynamicScalingInSuspended=false,DynamicScalingOutSuspended=false"));
                }
                if (current >= target.maxCapacity()) {
                    out.add(Finding.of(Rule.AUTO_SCALING_HEADROOM, t.arn(), t.name(),
                            c[1] + " " + dim.toLowerCase() + " capacity is " + current + ", at its auto scaling maximum ("
                                    + target.maxCapacity() + "): no headroom for a peak.",
                            "aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id "
                                    + c[0] + " --scalable-dimension " + dimension + " --max-capacity " + Math.max(target.maxCapacity() * 2L, 10)));
                }
                as.policies().stream().filter(p -> p.resourceId().equals(c[0]) && p.dimension().equals(dimension)
                        && p.targetValue() != null && p.targetValue() > 90.0).findFirst().ifPresent(p ->
                        out.add(Finding.of(Rule.AUTO_SCALING_HEADROOM, t.arn(), t.name(),
                                c[1] + " " + dim.toLowerCase() + "s target " + Math.round(p.targetValue())
                                        + "% utilisation: bursts throttle before scaling reacts (70% is usual).", null)));
            }
        }
        if (!missing.isEmpty()) {
            out.add(Finding.of(Rule.AUTO_SCALING, t.arn(), t.name(),
                    "Provisioned capacity without auto scaling: " + String.join(", ", missing) + ".",
                    "# or switch to on-demand instead: aws dynamodb update-table --table-name " + t.name() + " --billing-mode PAY_PER_REQUEST\n"
                            + String.join("\n", fixes)));
        }
    }

    /** Above this share of the ceiling, the busiest minute leaves too little headroom. */
    static final double HEADROOM_LIMIT = 0.8;

    /**
     * The real measure: the busiest minute of consumed capacity against the ceiling, i.e. the most the table (or GSI)
     * can serve: the auto scaling maximum, else the provisioned capacity, else (on-demand) its maximum throughput.
     */
    static void utilisation(TableFacts f, List<Finding> out) {
        TableSettings t = f.table();
        TableFacts.Usage u = f.usage();
        if (u == null) return;
        if (u.peaks() == null) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "capacity utilisation (cloudwatch:GetMetricData)", u.error()));
            return;
        }
        for (TableFacts.Peak p : u.peaks()) {
            Gsi gsi = p.index() == null ? null : t.globalSecondaryIndexes().stream().filter(g -> g.name().equals(p.index()))
                    .findFirst().orElse(null);
            if (p.index() != null && gsi == null) continue;
            boolean read = "Read".equals(p.dimension());
            String resourceId = "table/" + t.name() + (gsi == null ? "" : "/index/" + gsi.name());
            String dimension = (gsi == null ? "dynamodb:table:" : "dynamodb:index:") + p.dimension() + "CapacityUnits";
            String label = (gsi == null ? "table" : "GSI " + gsi.name()) + " " + p.dimension().toLowerCase() + "s";
            String unit = t.isProvisioned() ? (read ? "RCU" : "WCU") : (read ? "RRU" : "WRU");
            TableSettings.Throughput pt = gsi == null ? t.provisionedThroughput() : gsi.provisionedThroughput();
            long ceiling;
            String what;
            String fix;
            if (t.isProvisioned()) {
                if (pt == null) continue;
                long current = read ? pt.readCapacityUnits() : pt.writeCapacityUnits();
                ScalableTarget target = t.autoScaling() == null ? null : t.autoScaling().targets().stream()
                        .filter(s -> s.resourceId().equals(resourceId) && s.dimension().equals(dimension)).findFirst().orElse(null);
                if (target != null && !target.suspended() && target.maxCapacity() > current) {
                    ceiling = target.maxCapacity();
                    what = "the auto scaling maximum";
                    fix = "aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id "
                            + resourceId + " --scalable-dimension " + dimension + " --max-capacity " + raised(p.perSecond(), ceiling);
                } else {
                    ceiling = current;
                    what = target == null ? "the provisioned capacity (no auto scaling)"
                            : target.suspended() ? "the provisioned capacity (auto scaling suspended)" : "the provisioned capacity, also the auto scaling maximum";
                    long r = read ? raised(p.perSecond(), current) : pt.readCapacityUnits();
                    long w = read ? pt.writeCapacityUnits() : raised(p.perSecond(), current);
                    fix = target != null && !target.suspended()
                            ? "aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id "
                                    + resourceId + " --scalable-dimension " + dimension + " --max-capacity " + raised(p.perSecond(), ceiling)
                            : gsi == null
                            ? "aws dynamodb update-table --table-name " + t.name() + " --provisioned-throughput ReadCapacityUnits=" + r + ",WriteCapacityUnits=" + w
                            : "aws dynamodb update-table --table-name " + t.name() + " --global-secondary-index-updates '[{\"Update\":{\"IndexName\":\""
                                    + gsi.name() + "\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" + r + ",\"WriteCapacityUnits\":" + w + "}}}]'";
                }
            } else {
                TableSettings.OnDemand od = gsi == null ? t.onDemandThroughput() : gsi.onDemandThroughput();
                Long max = od == null ? null : read ? od.maxReadRequestUnits() : od.maxWriteRequestUnits();
                if (max == null || max <= 0) continue;
                ceiling = max;
                what = "the on-demand maximum throughput";
                String key = read ? "MaxReadRequestUnits" : "MaxWriteRequestUnits";
                long n = raised(p.perSecond(), ceiling);
                fix = gsi == null
                        ? "aws dynamodb update-table --table-name " + t.name() + " --on-demand-throughput " + key + "=" + n
                        : "aws dynamodb update-table --table-name " + t.name() + " --global-secondary-index-updates '[{\"Update\":{\"IndexName\":\""
                                + gsi.name() + "\",\"OnDemandThroughput\":{\"" + key + "\":" + n + "}}}]'";
            }
            if (ceiling <= 0) continue;
            double share = p.perSecond() / ceiling;
            if (share <= HEADROOM_LIMIT) continue;
            Severity sev = share >= 1.0 ? Severity.HIGH : Severity.MEDIUM;
            out.add(Finding.of(Rule.CAPACITY_HEADROOM, sev, t.arn(), t.name(),
                    label + " peaked at " + units(p.perSecond()) + " " + unit + "/s (busiest minute of the last " + u.days() + " days, "
                            + minute(p.at()) + "): " + Math.round(share * 100) + "% of " + ceiling + " " + unit + "/s, " + what
                            + (share >= 1.0 ? "; requests above it are throttled." : "; the next peak may throttle."),
                    fix));
        }
    }

    /** A ceiling that puts the peak at about half of it, and always above the old one. */
    static long raised(double peak, long ceiling) {
        return Math.max(ceiling + 1, (long) Math.ceil(peak * 2));
    }

    static String units(double perSecond) {
        return perSecond >= 100 ? String.valueOf(Math.round(perSecond)) : String.format(java.util.Locale.ROOT, "%.1f", perSecond);
    }

    static String minute(Instant at) {
        return at == null ? "time unknown" : at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString().replace("T", " ").replace(":00Z", " UTC");
    }

    static void encryption(TableFacts f, List<Finding> out) {
        TableSettings t = f.table();
        Encryption e = t.encryption();
        if (e == null) return;
        String key = e.kmsKeyArn();
        if ("KMS_UNRESOLVED".equals(e.keyType())) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "the table's KMS key " + key + " (kms:DescribeKey)",
                    "the key could not be described; the table may be unreadable if the key is unusable"));
            return;
        }
        keyKind(t, e, f.settings().requireCustomerManagedKey(), out);
        if (key != null && e.keyState() != null && !"Enabled".equals(e.keyState())) {
            String fix = "PendingDeletion".equals(e.keyState())
                    ? "aws kms cancel-key-deletion --key-id " + key + " && aws kms enable-key --key-id " + key
                    : "Disabled".equals(e.keyState()) ? "aws kms enable-key --key-id " + key : null;
            out.add(Finding.of(Rule.KMS_KEY_STATE, Severity.CRITICAL, key, t.name(),
                    "The table's KMS key is " + e.keyState() + ": DynamoDB cannot decrypt the table, so it becomes "
                            + "inaccessible" + ("PendingDeletion".equals(e.keyState()) ? ", and after deletion its data and backups are lost." : "."),
                    fix));
        }
        if ("CUSTOMER_MANAGED".equals(e.keyType())) {
            if (Boolean.FALSE.equals(e.keyRotationEnabled())) {
                out.add(Finding.of(Rule.KMS_ROTATION, key, t.name(), "Automatic rotation of the customer managed key is off.",
                        "aws kms enable-key-rotation --key-id " + key));
            } else if (e.keyRotationEnabled() == null) {
                out.add(Finding.notEvaluated(key, t.name(), "key rotation (kms:GetKeyRotationStatus)", "no answer"));
            }
        }
        keyPolicy(f, out);
    }

    /**
     * The article asks for data encrypted at rest with KMS under your control. An AWS owned key (DynamoDB's default)
     * is invisible: no key policy, no CloudTrail record of its use, no way to share the table's backups with another
     * account by key policy. The AWS managed key aws/dynamodb is visible, but its key policy cannot be changed, so
     * backups cannot be copied across accounts. Low by default; high with audit.require_customer_managed_key.
     */
    static void keyKind(TableSettings t, Encryption e, boolean required, List<Finding> out) {
        if ("CUSTOMER_MANAGED".equals(e.keyType()) || e.keyType() == null) return;
        Severity sev = required ? Severity.HIGH : Severity.LOW;
        String fix = "# a customer managed key for the table (or reuse one: aws kms list-aliases)\n"
                + "KEY_ARN=$(aws kms create-key --description 'DynamoDB table " + t.name() + "' --query KeyMetadata.Arn --output text)\n"
                + "aws kms enable-key-rotation --key-id \"$KEY_ARN\"\n"
                + "aws dynamodb update-table --table-name " + t.name() + " --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=\"$KEY_ARN\"";
        String profile = required ? " The profile requires a customer managed key (audit.require_customer_managed_key)." : "";
        if ("AWS_MANAGED".equals(e.keyType())) {
            out.add(Finding.of(Rule.KMS_AWS_MANAGED, sev, t.arn(), t.name(),
                    "The table is encrypted with the AWS managed key aws/dynamodb: its key policy cannot be changed or shared with"
                            + " another account, so copies of its backups to another account depend on advanced DynamoDB backup (which"
                            + " encrypts backups with the vault's key instead)." + profile, fix));
        } else {
            out.add(Finding.of(Rule.KMS_CUSTOMER_MANAGED, sev, t.arn(), t.name(),
                    "The table is encrypted with an AWS owned key: nobody in the account can see or control the key's use (no key"
                            + " policy, no CloudTrail record), and without advanced DynamoDB backup its backups cannot be shared across accounts"
                            + " by key policy." + profile, fix));
        }
    }

    static void keyPolicy(TableFacts f, List<Finding> out) {
        TableSettings t = f.table();
        Encryption e = t.encryption();
        String key = e.kmsKeyArn();
        if (!"CUSTOMER_MANAGED".equals(e.keyType()) || key == null) return;
        boolean needPolicy = f.settings().backupRoleArn().isPresent();
        if (!needPolicy) return;
        if (f.keyPolicy() == null || f.keyPolicy().document() == null) {
            out.add(Finding.notEvaluated(key, t.name(), "the key policy (kms:GetKeyPolicy)",
                    f.keyPolicy() == null ? "not read" : f.keyPolicy().error()));
            return;
        }
        IamPolicy policy;
        try {
            policy = PolicyEvaluator.parse(f.keyPolicy().document());
        } catch (RuntimeException ex) {
            out.add(Finding.notEvaluated(key, t.name(), "the key policy", "it does not parse: " + ex.getMessage()));
            return;
        }
        f.settings().backupRoleArn().ifPresent(role -> {
            List<String> denied = denied(policy, ResourcePolicies.principalIs(role), BACKUP_ROLE_KMS_ACTIONS, key);
            if (!denied.isEmpty()) {
                out.add(Finding.of(Rule.KMS_BACKUP_ROLE, key, t.name(),
                        "The key policy does not let the backup role " + role + " use the key (" + String.join(", ", denied)
                                + "): AWS Backup jobs and restores of this table will fail.",
                        "# or add the role to the key policy (aws kms get-key-policy, edit, aws kms put-key-policy)\n"
                                + "aws kms create-grant --key-id " + key + " --grantee-principal " + role
                                + " --operations Decrypt GenerateDataKey DescribeKey CreateGrant"));
            }
        });
    }

    /**
     * The vault keys of a cross-account copy (advanced DynamoDB backup on, or not known to be off): the source
     * vault's key must be customer managed and shared with the destination account, the destination vault's key
     * usable. Decided by {@link dev.ddbr.backup.doctor.VaultKeys}, the same rules as {@code backup doctor}.
     */
    static void copyDestination(TableFacts f, List<Finding> out) {
        String own = ResourcePolicies.accountOf(f.table().arn());
        String dest = f.profile().backup().copyTo().map(c -> ResourcePolicies.accountOf(c.vaultArn())).orElse(null);
        if (dest != null && !dest.equals(own)) copyKeys(f, dest, out);
    }

    static void copyKeys(TableFacts f, String destAccount, List<Finding> out) {
        TableSettings t = f.table();
        TableFacts.CopyKeys c = f.copy();
        if (c == null) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "the vault keys of the cross-account copy (backup:DescribeBackupVault, kms:DescribeKey)", "not read"));
            return;
        }
        String vault = f.profile().backup().copyTo().orElseThrow().vaultArn();
        if (Boolean.FALSE.equals(c.advanced())) {
            // the vault keys do not matter yet: without advanced backup there is no cross-account copy of DynamoDB
            Encryption e = t.encryption();
            out.add(Finding.of(Rule.KMS_COPY_DESTINATION, t.arn(), t.name(),
                    "Copies to " + vault + " (account " + destAccount + ") will fail: advanced DynamoDB backup is off in " + t.region()
                            + ", and cross-account copies of DynamoDB backups need it (without it a backup also keeps the table's key"
                            + (e != null && "AWS_MANAGED".equals(e.keyType())
                            ? ", here the AWS managed aws/dynamodb, which cannot be shared across accounts)." : ")."),
                    "# with advanced backup on, AWS Backup encrypts the backup with the vault's key; the table keeps its key\n"
                            + "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region " + t.region()));
            return;
        }
        var src = dev.ddbr.backup.doctor.VaultKeys.source(c.source(), ResourcePolicies.accountOf(t.arn()), destAccount, t.region());
        judged(f, src, c.source().keyArn(), "Copies to " + vault + " will fail: ", out);
        if (c.destination() == null) {
            out.add(Finding.notEvaluated(vault, t.name(), "the destination vault's key", "no backup.copy_to.verify_role_arn to read it with"));
        } else {
            String[] v = vault.split(":");
            var dst = dev.ddbr.backup.doctor.VaultKeys.destination(c.destination(), destAccount, v.length > 3 ? v[3] : t.region());
            judged(f, dst, c.destination().keyArn(), "Copies to " + vault + " will fail: ", out);
        }
    }

    private static void judged(TableFacts f, dev.ddbr.backup.doctor.DoctorReport.Check c, String keyArn, String prefix, List<Finding> out) {
        TableSettings t = f.table();
        String resource = keyArn != null ? keyArn : t.arn();
        switch (c.status()) {
            case FAIL -> out.add(Finding.of(Rule.KMS_COPY_DESTINATION, resource, t.name(), prefix + c.detail() + ".", c.fix()));
            case UNKNOWN -> out.add(Finding.notEvaluated(resource, t.name(), c.id().replace('-', ' ') + " of the cross-account copy", c.detail()));
            default -> { }
        }
    }

    private static List<String> denied(IamPolicy policy, java.util.function.Predicate<software.amazon.awssdk.policybuilder.iam.IamPrincipal> who,
                                       List<String> actions, String key) {
        List<String> denied = new ArrayList<>();
        for (String a : actions) {
            Decision d = ResourcePolicies.allows(policy, who, a, key).decision();
            if (!d.possible()) denied.add(a);
        }
        return denied;
    }

    static void globalTable(TableFacts f, List<Finding> out) {
        TableSettings t = f.table();
        if (f.legacy() != null && f.legacy().legacy() == null) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "whether this is a legacy (2017.11.29) global table (DescribeGlobalTable)",
                    f.legacy().error()));
        }
        if (f.isLegacy()) {
            List<String> regions = f.allReplicas().stream().map(Replica::region).sorted().toList();
            out.add(Finding.of(Rule.GLOBAL_TABLE_LEGACY, t.arn(), t.name(),
                    "Global table version 2017.11.29 (legacy" + (regions.isEmpty() ? "" : ", replicas in " + String.join(", ", regions))
                            + "): replicas do not keep settings, GSIs and auto scaling aligned, and every replicated write costs more; "
                            + "the upgrade to 2019.11.21 is one-way and console only (Region " + t.region() + ", Tables > " + t.name()
                            + " > Global tables > Update version) once GSIs, encryption, TTL and write auto scaling match in every replica.",
                    null));
        }
        for (Replica r : f.allReplicas()) {
            if (r.region().equals(t.region()) || "ACTIVE".equals(r.status())) continue;
            String arn = replicaArn(t, r.region());
            Severity sev = switch (String.valueOf(r.status())) {
                case "REGION_DISABLED", "INACCESSIBLE_ENCRYPTION_CREDENTIALS" -> Severity.CRITICAL;
                case "CREATING", "UPDATING" -> Severity.LOW;
                default -> Severity.HIGH;
            };
            String why = switch (String.valueOf(r.status())) {
                case "INACCESSIBLE_ENCRYPTION_CREDENTIALS" -> ": the replica cannot use its KMS key; after about 20 hours it leaves replication";
                case "REGION_DISABLED" -> ": the Region is disabled; after about 20 hours the replica leaves replication";
                case "REPLICATION_NOT_AUTHORIZED" -> ": replication is not authorised (check the resource policy and SCPs)";
                default -> "";
            };
            out.add(Finding.of(Rule.REPLICA_STATUS, sev, arn, t.name(),
                    "Replica in " + r.region() + " is " + r.status() + why
                            + (r.statusDescription() == null ? "." : " (" + r.statusDescription() + ")."),
                    "INACCESSIBLE_ENCRYPTION_CREDENTIALS".equals(r.status()) && r.kmsKeyArn() != null
                            ? "aws kms enable-key --key-id " + r.kmsKeyArn() + " --region " + r.region() : null));
        }
        if (f.replicas() == null) return;
        for (Map.Entry<String, Object> e : f.replicas().entrySet()) {
            String region = e.getKey();
            if (!(e.getValue() instanceof TableSettings other)) {
                out.add(Finding.notEvaluated(replicaArn(t, region), t.name(), "parity with the replica in " + region, String.valueOf(e.getValue())));
                continue;
            }
            List<String> diffs = parity(t, other);
            if (!diffs.isEmpty()) {
                out.add(Finding.of(Rule.REPLICA_PARITY, replicaArn(t, region), t.name(),
                        "Replica in " + region + " differs from " + t.region() + ": " + String.join("; ", diffs)
                                + ". After a failover the other Region behaves differently.", null));
            }
        }
    }

    /** The differences that matter after a failover, as short phrases. */
    static List<String> parity(TableSettings a, TableSettings b) {
        List<String> d = new ArrayList<>();
        Set<String> ga = a.globalSecondaryIndexes().stream().map(Gsi::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> gb = b.globalSecondaryIndexes().stream().map(Gsi::name).collect(Collectors.toCollection(TreeSet::new));
        if (!ga.equals(gb)) d.add("GSIs " + ga + " vs " + gb);
        if (!Objects.equals(a.billingMode(), b.billingMode())) d.add("billing " + a.billingMode() + " vs " + b.billingMode());
        else if (a.isProvisioned() && a.provisionedThroughput() != null && b.provisionedThroughput() != null
                && a.provisionedThroughput().writeCapacityUnits() != b.provisionedThroughput().writeCapacityUnits()) {
            d.add("write capacity " + a.provisionedThroughput().writeCapacityUnits() + " vs " + b.provisionedThroughput().writeCapacityUnits());
        }
        if (a.autoScaling() != null && b.autoScaling() != null) {
            Set<String> sa = scalingShape(a);
            Set<String> sb = scalingShape(b);
            if (!sa.equals(sb)) d.add("auto scaling " + (sa.isEmpty() ? "none" : sa) + " vs " + (sb.isEmpty() ? "none" : sb));
        }
        if (a.pointInTimeRecovery() != null && b.pointInTimeRecovery() != null
                && a.pointInTimeRecovery().enabled() != b.pointInTimeRecovery().enabled()) {
            d.add("PITR " + onOff(a.pointInTimeRecovery().enabled()) + " vs " + onOff(b.pointInTimeRecovery().enabled()));
        }
        if (!Objects.equals(Boolean.TRUE.equals(a.deletionProtection()), Boolean.TRUE.equals(b.deletionProtection()))) {
            d.add("deletion protection " + onOff(Boolean.TRUE.equals(a.deletionProtection())) + " vs " + onOff(Boolean.TRUE.equals(b.deletionProtection())));
        }
        if (a.encryption() != null && b.encryption() != null && !Objects.equals(a.encryption().keyType(), b.encryption().keyType())) {
            d.add("key " + a.encryption().keyType() + " vs " + b.encryption().keyType());
        }
        if (a.contributorInsights() != null && b.contributorInsights() != null && !a.contributorInsights().equals(b.contributorInsights())) {
            d.add("Contributor Insights " + a.contributorInsights() + " vs " + b.contributorInsights());
        }
        return d;
    }

    private static Set<String> scalingShape(TableSettings t) {
        String prefix = "table/" + t.name();
        return t.autoScaling().targets().stream()
                .map(s -> (s.resourceId().startsWith(prefix) ? s.resourceId().substring(prefix.length()) : s.resourceId())
                        .replace("/index/", "") + (s.resourceId().equals(prefix) ? "table" : "") + ":"
                        + s.dimension().replaceAll(".*:(Read|Write).*", "$1").toLowerCase() + " " + s.minCapacity() + ".." + s.maxCapacity())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String onOff(boolean b) { return b ? "on" : "off"; }

    static String replicaArn(TableSettings t, String region) {
        String[] p = t.arn().split(":", 6);
        return p.length == 6 ? p[0] + ":" + p[1] + ":" + p[2] + ":" + region + ":" + p[4] + ":" + p[5] : t.arn();
    }

    static void resourcePolicy(TableSettings t, List<Finding> out) {
        if (t.resourcePolicy() == null || t.resourcePolicy().policy() == null) return;
        IamPolicy p;
        try {
            p = PolicyEvaluator.parse(t.resourcePolicy().policy());
        } catch (RuntimeException e) {
            out.add(Finding.notEvaluated(t.arn(), t.name(), "the resource policy", "it does not parse: " + e.getMessage()));
            return;
        }
        String fix = "aws dynamodb get-resource-policy --resource-arn " + t.arn() + " --query Policy --output text > policy.json\n"
                + "# edit policy.json: narrow the statement's Principal, or add a condition such as aws:PrincipalOrgID\n"
                + "aws dynamodb put-resource-policy --resource-arn " + t.arn() + " --policy file://policy.json"
                + (t.resourcePolicy().revisionId() == null ? "" : " --expected-revision-id " + t.resourcePolicy().revisionId());
        for (ResourcePolicies.Exposure x : ResourcePolicies.exposures(p, ResourcePolicies.accountOf(t.arn()))) {
            if (x.restricted()) continue;
            String sid = x.sid() == null ? "a statement" : "statement '" + x.sid() + "'";
            String cond = x.conditions().isEmpty() ? "without conditions" : "with conditions that do not restrict who (" + String.join(", ", x.conditions()) + ")";
            if (x.everyone()) {
                out.add(Finding.of(Rule.RESOURCE_POLICY_PUBLIC, t.arn(), t.name(),
                        "The resource policy's " + sid + " allows Principal \"*\" " + cond + ".", fix));
            } else {
                out.add(Finding.of(Rule.RESOURCE_POLICY_CROSS_ACCOUNT, t.arn(), t.name(),
                        "The resource policy's " + sid + " allows account " + x.account() + " (" + x.principal() + ") " + cond + ".", fix));
            }
        }
    }

    static void alarms(TableSettings t, List<Finding> out) { alarms(t, t.replicas(), out); }

    /** The first lines of every alarm finding's fix: ddbr's own alarm set, then the raw command for those not using it. */
    static final String ALARMS_APPLY = "# the recommended alarm set for every table of a profile (docs/alarms.md); PROFILE: your ddbr profile\n"
            + "ddbr -p PROFILE alarms apply\n# or this alarm alone, without ddbr:\n";

    /** The --metrics of a SystemErrors alarm summing the ten item and transaction operations. */
    static String systemErrorsMetrics(String table) {
        StringBuilder b = new StringBuilder("[");
        String[] ops = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
            "TransactGetItems", "TransactWriteItems"};
        for (int i = 0; i < ops.length; i++) {
            b.append("{\"Id\":\"m").append(i + 1).append("\",\"ReturnData\":false,\"MetricStat\":{\"Period\":60,\"Stat\":\"Sum\",")
                    .append("\"Metric\":{\"Namespace\":\"AWS/DynamoDB\",\"MetricName\":\"SystemErrors\",\"Dimensions\":[")
                    .append("{\"Name\":\"TableName\",\"Value\":\"").append(table).append("\"},")
                    .append("{\"Name\":\"Operation\",\"Value\":\"").append(ops[i]).append("\"}]}}},");
        }
        return b.append("{\"Id\":\"e\",\"Expression\":\"SUM(FILL(METRICS(),0))\",\"ReturnData\":true}]").toString();
    }

    static void alarms(TableSettings t, List<Replica> replicas, List<Finding> out) {
        List<Alarm> alarms = t.alarms();
        if (alarms == null) return;
        boolean throttling = alarms.stream().anyMatch(a -> a.metricName() != null && THROTTLE_METRICS.contains(a.metricName())); // metric math: null
        boolean errors = alarms.stream().anyMatch(a -> "SystemErrors".equals(a.metricName()));
        String base = "aws cloudwatch put-metric-alarm --namespace AWS/DynamoDB --dimensions Name=TableName,Value=" + t.name()
                + " --statistic Sum --period 60 --evaluation-periods 5 --comparison-operator GreaterThanThreshold";
        if (!throttling) {
            out.add(Finding.of(Rule.ALARM_THROTTLING, t.arn(), t.name(), "No CloudWatch alarm watches throttling (ReadThrottleEvents, WriteThrottleEvents).",
                    ALARMS_APPLY + "# TOPIC_ARN: the SNS topic that pages you (aws sns list-topics)\n"
                            + base + " --alarm-name " + t.name() + "-read-throttles --metric-name ReadThrottleEvents --threshold 0 --alarm-actions TOPIC_ARN\n"
                            + base + " --alarm-name " + t.name() + "-write-throttles --metric-name WriteThrottleEvents --threshold 0 --alarm-actions TOPIC_ARN"));
        }
        if (!errors) {
            out.add(Finding.of(Rule.ALARM_SYSTEM_ERRORS, t.arn(), t.name(), "No CloudWatch alarm watches SystemErrors.",
                    ALARMS_APPLY + "# SystemErrors always carries an Operation dimension: sum the operations with metric math\n"
                            + "aws cloudwatch put-metric-alarm --alarm-name " + t.name() + "-system-errors --evaluation-periods 5"
                            + " --datapoints-to-alarm 3 --comparison-operator GreaterThanThreshold --threshold 0"
                            + " --treat-missing-data notBreaching --alarm-actions TOPIC_ARN --metrics '" + systemErrorsMetrics(t.name()) + "'"));
        }
        boolean global = replicas.stream().anyMatch(r -> !r.region().equals(t.region()));
        if (global && alarms.stream().noneMatch(a -> "ReplicationLatency".equals(a.metricName()))) {
            String other = replicas.stream().map(Replica::region).filter(r -> !r.equals(t.region())).findFirst().orElseThrow();
            out.add(Finding.of(Rule.ALARM_REPLICATION_LATENCY, t.arn(), t.name(), "No CloudWatch alarm watches ReplicationLatency of the global table.",
                    ALARMS_APPLY + "aws cloudwatch put-metric-alarm --namespace AWS/DynamoDB --dimensions Name=TableName,Value=" + t.name()
                            + " Name=ReceivingRegion,Value=" + other + " --metric-name ReplicationLatency --statistic Average --period 60"
                            + " --evaluation-periods 5 --comparison-operator GreaterThanThreshold --threshold 60000"
                            + " --alarm-name " + t.name() + "-replication-latency --alarm-actions TOPIC_ARN"));
        }
    }

    static <T> Stream<T> stream(List<T> l) { return l == null ? Stream.empty() : l.stream(); }
}
