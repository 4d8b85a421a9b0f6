package dev.ddbr.audit;

import dev.ddbr.profile.AuditSettings;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Alarm;
import dev.ddbr.table.TableSettings.AutoScaling;
import dev.ddbr.table.TableSettings.Encryption;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.KeyAttr;
import dev.ddbr.table.TableSettings.Pitr;
import dev.ddbr.table.TableSettings.Projection;
import dev.ddbr.table.TableSettings.Replica;
import dev.ddbr.table.TableSettings.ResourcePolicy;
import dev.ddbr.table.TableSettings.ScalableTarget;
import dev.ddbr.table.TableSettings.ScalingPolicy;
import dev.ddbr.table.TableSettings.Stream;
import dev.ddbr.table.TableSettings.Throughput;
import dev.ddbr.table.TableSettings.Unavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built settings snapshots for rule tests: a mutable builder over the 30-field record. */
final class Fixtures {
    static final String ACCOUNT = "111122223333";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final class T {
        String name;
        String region = "us-east-1";
        String billing = "PROVISIONED";
        Throughput throughput = new Throughput(10, 5);
        List<Gsi> gsis = new ArrayList<>();
        Pitr pitr = new Pitr("DISABLED", null, null, null);
        Encryption encryption = new Encryption("AWS_OWNED", null, null, null, "AWS", null, null);
        boolean deletionProtection;
        String globalVersion;
        List<Replica> replicas = new ArrayList<>();
        AutoScaling autoScaling = new AutoScaling(List.of(), List.of());
        String contributorInsights = "DISABLED";
        ResourcePolicy resourcePolicy;
        List<Alarm> alarms = new ArrayList<>();
        List<Unavailable> unavailable = new ArrayList<>();

        T(String name) { this.name = name; }

        String arn() { return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name; }

        T onDemand() { billing = "PAY_PER_REQUEST"; throughput = null; return this; }

        T gsi(String n, long r, long w) {
            gsis.add(new Gsi(n, new KeyAttr("g", "S"), null, new Projection("ALL", List.of()), "ACTIVE",
                    "PAY_PER_REQUEST".equals(billing) ? null : new Throughput(r, w), null, null, 0L, 0L));
            return this;
        }

        T pitr(int days) { pitr = new Pitr("ENABLED", days, NOW.minusSeconds(86400L * days), NOW.minusSeconds(300)); return this; }

        T cmk(String state, Boolean rotation) {
            encryption = new Encryption("CUSTOMER_MANAGED", "KMS", "ENABLED", KEY, "CUSTOMER", state, rotation);
            return this;
        }

        T protect() { deletionProtection = true; return this; }

        T alarm(String metric) {
            alarms.add(new Alarm(name + "-" + metric, metric, "AWS/DynamoDB", "Sum", 0.0, "GreaterThanThreshold", 1, 60,
                    Map.of("TableName", name), List.of(), List.of(), List.of(), null, null));
            return this;
        }

        T scaled(String resourceSuffix, String dim, int min, int max, double target) {
            String rid = "table/" + name + resourceSuffix;
            String d = (resourceSuffix.isEmpty() ? "dynamodb:table:" : "dynamodb:index:") + dim + "CapacityUnits";
            List<ScalableTarget> ts = new ArrayList<>(autoScaling.targets());
            ts.add(new ScalableTarget(rid, d, min, max, false));
            List<ScalingPolicy> ps = new ArrayList<>(autoScaling.policies());
            ps.add(new ScalingPolicy(name + "-" + dim, rid, d, "TargetTrackingScaling", target, null, 60, 60, false));
            autoScaling = new AutoScaling(ts, ps);
            return this;
        }

        TableSettings build() {
            return new TableSettings(name, arn(), region, "ACTIVE", NOW.minusSeconds(86400 * 100), new KeyAttr("pk", "S"), null,
                    billing, throughput, null, null, gsis, List.of(), new Stream(false, null, null), null, pitr, encryption,
                    deletionProtection, "STANDARD", globalVersion, replicas, Map.of(), 0L, 0L, autoScaling, contributorInsights,
                    resourcePolicy, List.of(), alarms, unavailable);
        }
    }

    static AuditSettings settings(boolean requireCmk, String backupRole) {
        return new AuditSettings(requireCmk, Severity.LOW, 35, 26, Optional.ofNullable(backupRole));
    }

    static TableProfile profile(String name) { return TableProfile.defaults(name); }

    static TableProfile profileWithCopy(String name, String vaultArn) {
        TableProfile d = TableProfile.defaults(name);
        TableProfile.Backup b = d.backup();
        return new TableProfile(name, d.skew(), d.pitr(), new TableProfile.Backup(b.keepLast(), b.maxAgeDays(), b.nameTemplate(),
                b.schedule(), Optional.of(new TableProfile.CopyTo(vaultArn, Optional.empty(), Optional.empty())), b.verify()),
                d.failover(), d.audit());
    }

    static TableFacts.Backups backups(Instant newest, boolean inPlan) {
        return new TableFacts.Backups(inPlan, inPlan ? "daily" : null, null,
                newest == null ? List.of() : List.of(new TableFacts.RecoveryPoint(newest, "COMPLETED")), null, List.of(), null);
    }

    private Fixtures() {}
}
