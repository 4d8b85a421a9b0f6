package dev.ddbr.audit;

import static dev.ddbr.audit.Fixtures.KEY;
import static dev.ddbr.audit.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.audit.Fixtures.T;
import dev.ddbr.profile.AuditSettings;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Replica;
import dev.ddbr.table.TableSettings.ResourcePolicy;
import dev.ddbr.table.TableSettings.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableRulesTest {
    static final String ROLE = "arn:aws:iam::111122223333:role/backup-role";

    static List<Finding> check(TableSettings t, AuditSettings s, TableProfile p, TableFacts.Backups b,
                               TableFacts.KeyPolicy kp, Map<String, Object> replicas) {
        return TableRules.check(new TableFacts(t, s, p, b, kp, replicas), NOW);
    }

    static List<Finding> check(TableSettings t) {
        return check(t, Fixtures.settings(false, null), Fixtures.profile(t.name()), Fixtures.backups(NOW.minus(Duration.ofHours(2)), true), null, Map.of());
    }

    static List<String> rules(List<Finding> fs) { return fs.stream().map(Finding::rule).toList(); }

    /** PITR 35 days, deletion protection, on-demand, CMK rotating, alarms, a fresh backup in a plan. */
    static T hardened(String name) {
        return new T(name).onDemand().pitr(35).protect().cmk("Enabled", true).alarm("WriteThrottleEvents").alarm("SystemErrors");
    }

    @Test
    void neglectedTableFailsEveryBasicCheck() {
        TableSettings t = new T("neglected").gsi("by-status", 5, 5).build();
        List<Finding> fs = check(t, Fixtures.settings(false, null), Fixtures.profile("neglected"),
                Fixtures.backups(null, false), null, Map.of());
        assertThat(rules(fs)).containsExactlyInAnyOrder("pitr-enabled", "backup-plan", "backup-age", "deletion-protection",
                "auto-scaling", "alarm-throttling", "alarm-system-errors", "kms-customer-managed");
        Finding pitr = fs.stream().filter(f -> f.rule().equals("pitr-enabled")).findFirst().orElseThrow();
        assertThat(pitr.control()).isEqualTo("DynamoDB.2");
        assertThat(pitr.severity()).isEqualTo(Severity.HIGH);
        assertThat(pitr.remediation()).isEqualTo("aws dynamodb update-continuous-backups --table-name neglected "
                + "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=35");
        Finding as = fs.stream().filter(f -> f.rule().equals("auto-scaling")).findFirst().orElseThrow();
        assertThat(as.control()).isEqualTo("DynamoDB.1");
        assertThat(as.message()).contains("table reads", "table writes", "GSI by-status reads", "GSI by-status writes");
        assertThat(fs.stream().filter(f -> f.rule().equals("deletion-protection")).findFirst().orElseThrow().remediation())
                .isEqualTo("aws dynamodb update-table --table-name neglected --deletion-protection-enabled");
    }

    @Test
    void hardenedTableHasNoFinding() {
        assertThat(check(hardened("hardened").build())).isEmpty();
    }

    @Test
    void provisionedTableWithAutoScalingOnTableAndGsiPasses() {
        T t = new T("scaled").cmk("Enabled", true).pitr(35).protect().alarm("ReadThrottleEvents").alarm("SystemErrors").gsi("g", 5, 5)
                .scaled("", "Read", 5, 100, 70).scaled("", "Write", 5, 100, 70)
                .scaled("/index/g", "Read", 5, 50, 70).scaled("/index/g", "Write", 5, 50, 70);
        assertThat(check(t.build())).isEmpty();
    }

    @Test
    void capacityAtTheAutoScalingMaximumHasNoHeadroom() {
        T t = new T("maxed").cmk("Enabled", true).pitr(35).protect().alarm("ReadThrottleEvents").alarm("SystemErrors")
                .scaled("", "Read", 5, 10, 70).scaled("", "Write", 1, 50, 95);
        List<Finding> fs = check(t.build());
        assertThat(rules(fs)).containsExactly("auto-scaling-headroom", "auto-scaling-headroom");
        assertThat(fs.get(0).message()).contains("read capacity is 10, at its auto scaling maximum (10)");
        assertThat(fs.get(1).message()).contains("target 95% utilisation");
    }

    @Test
    void shortPitrPeriodIsBelowTheProfileMinimum() {
        List<Finding> fs = check(hardened("short").pitr(7).build());
        assertThat(rules(fs)).containsExactly("pitr-period");
        assertThat(fs.get(0).message()).contains("7 days", "at least 35");
    }

    @Test
    void oldBackupBreachesTheAgeLimit() {
        List<Finding> fs = check(hardened("old").build(), Fixtures.settings(false, null), Fixtures.profile("old"),
                Fixtures.backups(NOW.minus(Duration.ofHours(50)), true), null, Map.of());
        assertThat(rules(fs)).containsExactly("backup-age");
        assertThat(fs.get(0).message()).contains("50 hours old", "limit is 26 hours");
    }

    @Test
    void unavailableApisBecomeInfoFindingsAndTheRestIsStillChecked() {
        T t = hardened("partial");
        t.unavailable.add(new Unavailable("contributorInsights", "DescribeContributorInsights", "ERROR", "HTTP 500"));
        t.pitr = null;
        var b = new TableFacts.Backups(null, null, "the endpoint does not support it", null, "the endpoint does not support it", List.of(), null);
        List<Finding> fs = check(t.build(), Fixtures.settings(false, null), Fixtures.profile("partial"), b, null, Map.of());
        assertThat(fs).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.rule()).isEqualTo("not-evaluated");
            assertThat(f.message()).startsWith("could not evaluate ");
        });
        assertThat(fs).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("DynamoDB.4"))
                .anySatisfy(m -> assertThat(m).contains("contributorInsights"))
                .anySatisfy(m -> assertThat(m).contains("age of the newest backup"));
    }

    @Test
    void disabledOrPendingDeletionKeyIsCritical() {
        List<Finding> disabled = check(hardened("k1").cmk("Disabled", true).build());
        assertThat(disabled).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-key-state");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.resource()).isEqualTo(KEY);
            assertThat(f.remediation()).isEqualTo("aws kms enable-key --key-id " + KEY);
        });
        List<Finding> pending = check(hardened("k2").cmk("PendingDeletion", true).build());
        assertThat(pending).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.remediation()).startsWith("aws kms cancel-key-deletion --key-id " + KEY);
        });
    }

    @Test
    void rotationOffIsLow() {
        assertThat(check(hardened("r").cmk("Enabled", false).build())).singleElement()
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("kms-key-rotation");
                    assertThat(f.severity()).isEqualTo(Severity.LOW);
                });
    }

    @Test
    void profileCanRequireACustomerManagedKey() {
        T t = hardened("owned");
        t.encryption = new TableSettings.Encryption("AWS_MANAGED", "KMS", "ENABLED",
                "arn:aws:kms:us-east-1:111122223333:key/aws-managed", "AWS", "Enabled", null);
        List<Finding> fs = check(t.build(), Fixtures.settings(true, null), Fixtures.profile("owned"),
                Fixtures.backups(NOW, true), null, Map.of());
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-aws-managed-key");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("AWS managed key aws/dynamodb", "cannot be changed or shared with another account",
                    "audit.require_customer_managed_key");
        });
        // Without the requirement the AWS managed key is still reported, low: it cannot be shared for cross-account copies.
        assertThat(check(t.build())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-aws-managed-key");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.remediation()).contains("aws kms create-key", "KMSMasterKeyId=\"$KEY_ARN\"");
        });
    }

    @Test
    void awsOwnedKeyIsLowByDefaultAndHighWhenTheProfileRequiresACustomerManagedKey() {
        T t = hardened("owned");
        t.encryption = new TableSettings.Encryption("AWS_OWNED", null, null, null, "AWS", null, null);
        assertThat(check(t.build())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-customer-managed");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.message()).startsWith("The table is encrypted with an AWS owned key: nobody in the account can see or control");
            assertThat(f.remediation()).isEqualTo("# a customer managed key for the table (or reuse one: aws kms list-aliases)\n"
                    + "KEY_ARN=$(aws kms create-key --description 'DynamoDB table owned' --query KeyMetadata.Arn --output text)\n"
                    + "aws kms enable-key-rotation --key-id \"$KEY_ARN\"\n"
                    + "aws dynamodb update-table --table-name owned --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=\"$KEY_ARN\"");
        });
        assertThat(check(t.build(), Fixtures.settings(true, null), Fixtures.profile("owned"), Fixtures.backups(NOW, true), null, Map.of()))
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("kms-customer-managed");
                    assertThat(f.severity()).isEqualTo(Severity.HIGH);
                });
    }

    static String keyPolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static final String ROOT_ADMIN = "{\"Sid\":\"root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    static final String ONLY_ADMIN_ROLE = "{\"Sid\":\"admin\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/key-admin\"},"
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}";

    @Test
    void keyPolicyMustLetTheBackupRoleUseTheKey() {
        TableSettings t = hardened("kp").build();
        var s = Fixtures.settings(false, ROLE);
        var b = Fixtures.backups(NOW, true);
        // Delegated to IAM through the account root: the key policy does not stand in the way.
        assertThat(check(t, s, Fixtures.profile("kp"), b, new TableFacts.KeyPolicy(keyPolicy(ROOT_ADMIN), null), Map.of())).isEmpty();
        // Only a key-admin role: the backup role cannot decrypt.
        List<Finding> fs = check(t, s, Fixtures.profile("kp"), b, new TableFacts.KeyPolicy(keyPolicy(ONLY_ADMIN_ROLE), null), Map.of());
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-key-policy-backup-role");
            assertThat(f.message()).contains(ROLE, "kms:Decrypt", "kms:CreateGrant");
        });
        // Named explicitly, but an explicit Deny on Decrypt for everyone wins.
        String named = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":[\"kms:Decrypt\",\"kms:CreateGrant\",\"kms:DescribeKey\"],\"Resource\":\"*\"}";
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
        assertThat(check(t, s, Fixtures.profile("kp"), b, new TableFacts.KeyPolicy(keyPolicy(ONLY_ADMIN_ROLE, named), null), Map.of())).isEmpty();
        assertThat(rules(check(t, s, Fixtures.profile("kp"), b, new TableFacts.KeyPolicy(keyPolicy(named, deny), null), Map.of())))
                .containsExactly("kms-key-policy-backup-role");
        // Unreadable key policy: info, and the audit goes on.
        assertThat(check(t, s, Fixtures.profile("kp"), b, new TableFacts.KeyPolicy(null, "access denied"), Map.of()))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    /** The copy rule's findings only: the table's own key has its own rules (kms-aws-managed-key, kms-customer-managed). */
    static List<Finding> checkCopy(TableSettings t, TableProfile p, TableFacts.KeyPolicy kp, TableFacts.CopyKeys copy) {
        return TableRules.check(new TableFacts(t, Fixtures.settings(false, null), p, Fixtures.backups(NOW, true), kp, Map.of(), null, null, copy), NOW)
                .stream().filter(f -> !f.rule().equals("kms-aws-managed-key") && !f.rule().equals("kms-customer-managed")).toList();
    }

    static final String SRC_KEY = "arn:aws:kms:us-east-1:111122223333:key/src";
    static final String DEST_KEY = "arn:aws:kms:eu-central-1:444455556666:key/dst";

    static dev.ddbr.backup.doctor.VaultKeys.Key sourceKey(String manager, String policy) {
        return new dev.ddbr.backup.doctor.VaultKeys.Key("Default", SRC_KEY, manager, "Enabled", policy, null);
    }

    @Test
    void withAdvancedBackupTheCopyIsJudgedOnTheVaultKeysNotTheTablesKey() {
        String vault = "arn:aws:backup:eu-central-1:444455556666:backup-vault:dr";
        TableProfile p = Fixtures.profileWithCopy("cp", vault);
        String shared = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},"
                + "\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:CreateGrant\"],\"Resource\":\"*\"}";
        var destKey = new dev.ddbr.backup.doctor.VaultKeys.Key("dr", DEST_KEY, "AWS", "Enabled", null, null);
        // a production table on aws/dynamodb: with advanced backup and a shared source vault key nothing blocks the copy
        T managed = hardened("cp");
        managed.encryption = new TableSettings.Encryption("AWS_MANAGED", "KMS", "ENABLED", "arn:aws:kms:us-east-1:111122223333:key/m",
                "AWS", "Enabled", null);
        assertThat(checkCopy(managed.build(), p, null, new TableFacts.CopyKeys(true, sourceKey("CUSTOMER", keyPolicy(ROOT_ADMIN, shared)), destKey)))
                .isEmpty();
        // the source vault on aws/backup blocks it, and the fix is another vault, never re-keying the table
        List<Finding> awsBackup = checkCopy(managed.build(), p, null, new TableFacts.CopyKeys(true, sourceKey("AWS", null), destKey));
        assertThat(awsBackup).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("kms-key-policy-copy-destination");
            assertThat(f.resource()).isEqualTo(SRC_KEY);
            assertThat(f.message()).contains(vault).contains("AWS managed key").contains("cannot be shared with account 444455556666");
            assertThat(f.remediation()).contains("create-backup-vault").contains("--source-vault").doesNotContain("update-table");
        });
        // a customer managed source vault key not shared with the destination
        List<Finding> notShared = checkCopy(hardened("cp").build(), p, null,
                new TableFacts.CopyKeys(true, sourceKey("CUSTOMER", keyPolicy(ROOT_ADMIN)), destKey));
        assertThat(notShared).singleElement().satisfies(f -> assertThat(f.remediation()).contains("put-key-policy --key-id " + SRC_KEY));
        // a disabled destination key
        var disabled = new dev.ddbr.backup.doctor.VaultKeys.Key("dr", DEST_KEY, "CUSTOMER", "Disabled", null, null);
        assertThat(checkCopy(hardened("cp").build(), p, null, new TableFacts.CopyKeys(true, sourceKey("CUSTOMER", keyPolicy(ROOT_ADMIN, shared)), disabled)))
                .singleElement().satisfies(f -> assertThat(f.resource()).isEqualTo(DEST_KEY));
        // no verify role: the destination key is not evaluated, nothing is claimed
        assertThat(checkCopy(hardened("cp").build(), p, null, new TableFacts.CopyKeys(true, sourceKey("CUSTOMER", keyPolicy(ROOT_ADMIN, shared)), null)))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void withoutAdvancedBackupTheTablesKeyTravelsAndEnablingAdvancedBackupIsTheFix() {
        String vault = "arn:aws:backup:eu-central-1:444455556666:backup-vault:dr";
        TableProfile p = Fixtures.profileWithCopy("cp", vault);
        T managed = hardened("cp");
        managed.encryption = new TableSettings.Encryption("AWS_MANAGED", "KMS", "ENABLED", "arn:aws:kms:us-east-1:111122223333:key/m",
                "AWS", "Enabled", null);
        assertThat(checkCopy(managed.build(), p, null, new TableFacts.CopyKeys(false, sourceKey("AWS", null), null)))
                .singleElement().satisfies(f -> {
                    assertThat(f.message()).contains("advanced DynamoDB backup is off").contains("aws/dynamodb");
                    assertThat(f.remediation()).contains("--resource-type-management-preference DynamoDB=true").doesNotContain("update-table");
                });
        // a customer managed table key changes nothing: advanced backup is what is missing
        List<Finding> cmk = checkCopy(hardened("cp").build(), p, new TableFacts.KeyPolicy(keyPolicy(ROOT_ADMIN), null),
                new TableFacts.CopyKeys(false, sourceKey("AWS", null), null));
        assertThat(cmk).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("444455556666", vault).contains("advanced DynamoDB backup is off").doesNotContain("aws/dynamodb");
            assertThat(f.remediation()).contains("--resource-type-management-preference DynamoDB=true");
        });
    }

    @Test
    void aSelectionByTagOrStarCoversTheTableOnlyWithTheDynamoDbOptIn() {
        var b = new TableFacts.Backups(false, null, null, List.of(new TableFacts.RecoveryPoint(NOW.minus(Duration.ofHours(1)), "COMPLETED")),
                null, List.of(), null, List.of(), List.of("selection 'tagged' of plan 'daily'"));
        List<Finding> fs = TableRules.check(new TableFacts(hardened("oi").build(), Fixtures.settings(false, null), Fixtures.profile("oi"), b, null, Map.of()), NOW);
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("backup-plan");
            assertThat(f.message()).contains("selection 'tagged' of plan 'daily'").contains("opt-in").contains("off in");
            assertThat(f.remediation()).contains("update-region-settings --resource-type-opt-in-preference DynamoDB=true");
        });
    }

    @Test
    void publicAndCrossAccountResourcePolicies() {
        T t = hardened("rp");
        t.resourcePolicy = new ResourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"open\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"partner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999988887777:role/partner\"},\"Action\":\"dynamodb:Query\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"org\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:Query\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}},"
                + "{\"Sid\":\"self\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/app\"},\"Action\":\"dynamodb:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"fis\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}]}", "7");
        List<Finding> fs = check(t.build());
        assertThat(rules(fs)).containsExactlyInAnyOrder("resource-policy-public", "resource-policy-cross-account");
        assertThat(fs).filteredOn(f -> f.rule().equals("resource-policy-public")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.message()).contains("'open'");
                });
        assertThat(fs).filteredOn(f -> f.rule().equals("resource-policy-cross-account")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("999988887777"));
    }

    @Test
    void legacyGlobalTableAndReplicaStatus() {
        T t = hardened("gt").alarm("ReplicationLatency");
        t.globalVersion = "2017.11.29";
        t.replicas.add(new Replica("eu-west-1", "INACCESSIBLE_ENCRYPTION_CREDENTIALS", "arn:aws:kms:eu-west-1:111122223333:key/r", null, null, null));
        t.replicas.add(new Replica("us-west-2", "ACTIVE", null, null, null, null));
        List<Finding> fs = check(t.build());
        assertThat(rules(fs)).containsExactlyInAnyOrder("global-table-legacy", "replica-status");
        Finding rs = fs.stream().filter(f -> f.rule().equals("replica-status")).findFirst().orElseThrow();
        assertThat(rs.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rs.resource()).isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/gt");
        assertThat(rs.message()).contains("about 20 hours");
    }

    @Test
    void replicasMustMatch() {
        T primary = hardened("gt").alarm("ReplicationLatency").gsi("by-status", 0, 0);
        primary.globalVersion = "2019.11.21";
        primary.replicas.add(new Replica("eu-west-1", "ACTIVE", null, null, null, null));
        primary.replicas.add(new Replica("us-west-2", "ACTIVE", null, null, null, null));
        T same = hardened("gt").gsi("by-status", 0, 0);
        same.region = "us-west-2";
        T drifted = new T("gt").onDemand().cmk("Enabled", true);
        drifted.region = "eu-west-1";
        Map<String, Object> replicas = new LinkedHashMap<>();
        replicas.put("eu-west-1", drifted.build());
        replicas.put("us-west-2", same.build());
        List<Finding> fs = check(primary.build(), Fixtures.settings(false, null), Fixtures.profile("gt"),
                Fixtures.backups(NOW, true), null, replicas);
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("replica-parity");
            assertThat(f.resource()).isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/gt");
            assertThat(f.message()).contains("GSIs [by-status] vs []", "PITR on vs off", "deletion protection on vs off");
        });
        // A replica that could not be read is an info finding.
        replicas.put("eu-west-1", "access denied");
        assertThat(check(primary.build(), Fixtures.settings(false, null), Fixtures.profile("gt"), Fixtures.backups(NOW, true), null, replicas))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void globalTablesNeedAReplicationLatencyAlarm() {
        T t = hardened("gt");
        t.replicas.add(new Replica("eu-west-1", "ACTIVE", null, null, null, null));
        assertThat(check(t.build())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("alarm-replication-latency");
            assertThat(f.remediation()).contains("ReceivingRegion,Value=eu-west-1");
        });
    }

    static List<Finding> withUsage(TableSettings t, TableFacts.Peak... peaks) {
        return TableRules.check(new TableFacts(t, Fixtures.settings(false, null), Fixtures.profile(t.name()),
                Fixtures.backups(NOW.minus(Duration.ofHours(2)), true), null, Map.of(), new TableFacts.Usage(14, List.of(peaks), null)), NOW);
    }

    static TableFacts.Peak peak(String index, String dim, double perSecond) {
        return new TableFacts.Peak(index, dim, perSecond, Instant.parse("2025-05-28T14:02:00Z"));
    }

    @Test
    void peakConsumptionIsJudgedAgainstTheAutoScalingMaximum() {
        T t = new T("busy").cmk("Enabled", true).pitr(35).protect().alarm("ReadThrottleEvents").alarm("SystemErrors").gsi("by-status", 5, 5)
                .scaled("", "Read", 5, 100, 70).scaled("", "Write", 5, 100, 70)
                .scaled("/index/by-status", "Read", 5, 50, 70).scaled("/index/by-status", "Write", 5, 50, 70);
        // table reads 85/s of max 100: medium; table writes 80/s: exactly 80%, not above; GSI writes 50/s of 50: high
        List<Finding> fs = withUsage(t.build(), peak(null, "Read", 85), peak(null, "Write", 80),
                peak("by-status", "Read", 1.5), peak("by-status", "Write", 50));
        assertThat(rules(fs)).containsExactly("capacity-headroom", "capacity-headroom");
        Finding reads = fs.get(0);
        assertThat(reads.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(reads.message()).isEqualTo("table reads peaked at 85.0 RCU/s (busiest minute of the last 14 days, 2025-05-28 14:02 UTC): "
                + "85% of 100 RCU/s, the auto scaling maximum; the next peak may throttle.");
        assertThat(reads.remediation()).isEqualTo("aws application-autoscaling register-scalable-target --service-namespace dynamodb "
                + "--resource-id table/busy --scalable-dimension dynamodb:table:ReadCapacityUnits --max-capacity 170");
        Finding gsi = fs.get(1);
        assertThat(gsi.severity()).isEqualTo(Severity.HIGH);
        assertThat(gsi.message()).startsWith("GSI by-status writes peaked at 50.0 WCU/s").contains("100% of 50 WCU/s, the auto scaling maximum; requests above it are throttled.");
        assertThat(gsi.remediation()).endsWith("--resource-id table/busy/index/by-status --scalable-dimension dynamodb:index:WriteCapacityUnits --max-capacity 100");
    }

    @Test
    void withoutAutoScalingTheCeilingIsTheProvisionedCapacity() {
        T t = new T("fixed").cmk("Enabled", true).pitr(35).protect().alarm("ReadThrottleEvents").alarm("SystemErrors").gsi("g", 4, 2); // table 10 RCU / 5 WCU
        List<Finding> fs = withUsage(t.build(), peak(null, "Write", 4.5), peak("g", "Read", 3.9), peak(null, "Read", 2));
        List<Finding> headroom = fs.stream().filter(f -> f.rule().equals("capacity-headroom")).toList();
        assertThat(headroom).hasSize(2);
        assertThat(headroom.get(0).message()).startsWith("table writes peaked at 4.5 WCU/s").contains("90% of 5 WCU/s, the provisioned capacity (no auto scaling)");
        assertThat(headroom.get(0).remediation()).isEqualTo("aws dynamodb update-table --table-name fixed --provisioned-throughput ReadCapacityUnits=10,WriteCapacityUnits=9");
        assertThat(headroom.get(1).message()).startsWith("GSI g reads peaked at 3.9 RCU/s").contains("98% of 4 RCU/s");
        assertThat(headroom.get(1).remediation()).isEqualTo("aws dynamodb update-table --table-name fixed --global-secondary-index-updates "
                + "'[{\"Update\":{\"IndexName\":\"g\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":8,\"WriteCapacityUnits\":2}}}]'");
    }

    @Test
    void onDemandIsJudgedOnlyAgainstAConfiguredMaximum() {
        TableSettings plain = hardened("od").build();
        assertThat(withUsage(plain, peak(null, "Write", 39000))).isEmpty();
        TableSettings t = hardened("od").build();
        TableSettings capped = new TableSettings(t.name(), t.arn(), t.region(), t.status(), t.creationTime(), t.partitionKey(), t.sortKey(),
                t.billingMode(), t.provisionedThroughput(), new TableSettings.OnDemand(null, 1000L), t.warmThroughput(), t.globalSecondaryIndexes(),
                t.localSecondaryIndexes(), t.stream(), t.ttl(), t.pointInTimeRecovery(), t.encryption(), t.deletionProtection(), t.tableClass(),
                t.globalTableVersion(), t.replicas(), t.tags(), t.itemCount(), t.sizeBytes(), t.autoScaling(), t.contributorInsights(),
                t.resourcePolicy(), t.kinesisDestinations(), t.alarms(), t.unavailable());
        List<Finding> fs = withUsage(capped, peak(null, "Write", 1200), peak(null, "Read", 5000));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).startsWith("table writes peaked at 1200 WRU/s").contains("120% of 1000 WRU/s, the on-demand maximum throughput");
            assertThat(f.remediation()).isEqualTo("aws dynamodb update-table --table-name od --on-demand-throughput MaxWriteRequestUnits=2400");
        });
    }

    @Test
    void unreadableMetricsAreNotEvaluated() {
        TableSettings t = new T("dark").cmk("Enabled", true).pitr(35).protect().alarm("ReadThrottleEvents").alarm("SystemErrors")
                .scaled("", "Read", 5, 100, 70).scaled("", "Write", 5, 100, 70).build();
        List<Finding> fs = TableRules.check(new TableFacts(t, Fixtures.settings(false, null), Fixtures.profile("dark"),
                Fixtures.backups(NOW.minus(Duration.ofHours(2)), true), null, Map.of(), new TableFacts.Usage(14, null, "access denied")), NOW);
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("not-evaluated");
            assertThat(f.message()).isEqualTo("could not evaluate capacity utilisation (cloudwatch:GetMetricData): access denied");
        });
    }

    /** A profile entry with a backup: section (schedule "daily 02:00"): what 'ddbr backup run' backs up. */
    static dev.ddbr.profile.TableProfile scheduled(String name) {
        var d = dev.ddbr.profile.TableProfile.defaults(name);
        var b = d.backup();
        return new dev.ddbr.profile.TableProfile(name, d.skew(), d.pitr(), new dev.ddbr.profile.TableProfile.Backup(b.keepLast(),
                b.maxAgeDays(), b.nameTemplate(), Optional.of("daily 02:00"), b.copyTo(), b.verify()), d.failover(), d.audit(), true);
    }

    @Test
    void aTableBackedUpByDdbrsScheduleIsNotAMediumBackupPlanFindingAndItsNewestBackupIsJudged() {
        List<Finding> fresh = check(hardened("sched").build(), Fixtures.settings(false, null), scheduled("sched"),
                Fixtures.backups(NOW.minus(Duration.ofHours(3)), false), null, Map.of());
        assertThat(fresh).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("backup-plan");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).isEqualTo("No AWS Backup plan selects this table; it is covered by ddbr's schedule (the profile's"
                    + " backup: section, run by 'ddbr backup run', daily 02:00), so backup-age checks the age of its newest backup instead.");
            assertThat(f.remediation()).isNull();
        });
        List<Finding> stale = check(hardened("sched").build(), Fixtures.settings(false, null), scheduled("sched"),
                Fixtures.backups(NOW.minus(Duration.ofHours(40)), false), null, Map.of());
        assertThat(stale).filteredOn(f -> f.rule().equals("backup-age")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("40 hours old", "backed up by ddbr's schedule");
            assertThat(f.remediation()).endsWith("ddbr backup run -p PROFILE");
        });
        // Without a backup: section the same table is the usual medium backup-plan finding.
        assertThat(check(hardened("plain").build(), Fixtures.settings(false, null), Fixtures.profile("plain"),
                Fixtures.backups(NOW.minus(Duration.ofHours(3)), false), null, Map.of()))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
    }
}
