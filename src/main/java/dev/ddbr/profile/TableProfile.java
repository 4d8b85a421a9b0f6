package dev.ddbr.profile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the profile's {@code tables} list, defaults filled in. Sections left out of the file are
 * present with their defaults, except {@code failover}, which has no meaningful default.
 *
 * @param backupDeclared the file has a {@code backup:} section for this table (even an empty one): what
 *                       {@code backup run} acts on. {@link #backup()} holds defaults either way.
 */
public record TableProfile(String name, Skew skew, Pitr pitr, Backup backup, Optional<Failover> failover, Audit audit,
                           boolean backupDeclared, Map<String, LoadWorkload> load) {

    public TableProfile {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("table name is required");
        Objects.requireNonNull(skew, "skew");
        Objects.requireNonNull(pitr, "pitr");
        Objects.requireNonNull(backup, "backup");
        failover = failover == null ? Optional.empty() : failover;
        Objects.requireNonNull(audit, "audit");
        load = load == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(load));
    }

    /** A table without load workloads. */
    public TableProfile(String name, Skew skew, Pitr pitr, Backup backup, Optional<Failover> failover, Audit audit,
                        boolean backupDeclared) {
        this(name, skew, pitr, backup, failover, audit, backupDeclared, Map.of());
    }

    /** A table whose {@code backup} settings were given explicitly (as if the file had a {@code backup:} section). */
    public TableProfile(String name, Skew skew, Pitr pitr, Backup backup, Optional<Failover> failover, Audit audit) {
        this(name, skew, pitr, backup, failover, audit, true);
    }

    /** The settings a table gets when the profile does not list it. */
    public static TableProfile defaults(String name) {
        return Binder.table(Binder.values(Schema.TABLE, Map.of("name", name)));
    }

    /**
     * @param maxKeyShare the largest share of a table's or GSI's items (of its requests for skew insights) one partition key may hold; above it the key is reported SKEWED, and HOT (exit 1) when it could also throttle at the table's size, in (0, 1]
     * @param top         how many of the hottest keys reports list
     */
    public record Skew(double maxKeyShare, int top) {}

    /**
     * @param required     point-in-time recovery must be on
     * @param recoveryDays PITR recovery period to enable or expect, 1 to 35
     */
    public record Pitr(boolean required, int recoveryDays) {}

    /**
     * @param keepLast     prune keeps at least this many newest on-demand backups
     * @param maxAgeDays   prune deletes backups older than this, beyond the {@code keepLast} newest
     * @param nameTemplate name of backups ddbr creates, see {@link #backupName(String, Instant)}
     * @param schedule     informational: when backups run
     */
    public record Backup(Optional<Integer> keepLast, Optional<Integer> maxAgeDays, String nameTemplate,
                         Optional<String> schedule, Optional<CopyTo> copyTo, Verify verify) {
        public Backup {
            keepLast = keepLast == null ? Optional.empty() : keepLast;
            maxAgeDays = maxAgeDays == null ? Optional.empty() : maxAgeDays;
            Objects.requireNonNull(nameTemplate, "nameTemplate");
            schedule = schedule == null ? Optional.empty() : schedule;
            copyTo = copyTo == null ? Optional.empty() : copyTo;
            Objects.requireNonNull(verify, "verify");
        }

        private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

        /**
         * The template filled in: {@code {table}} is the table name, {@code {timestamp}} the UTC time as
         * {@code 20250131T235959Z}, {@code {date}} the UTC date as {@code 2025-01-31}.
         */
        public String backupName(String table, Instant at) {
            return nameTemplate.replace("{table}", table)
                    .replace("{timestamp}", TIMESTAMP.format(at))
                    .replace("{date}", DATE.format(at));
        }
    }

    /**
     * @param vaultArn      AWS Backup vault receiving copies
     * @param roleArn       IAM role AWS Backup uses for the copy job
     * @param verifyRoleArn IAM role ddbr assumes to check the copy in the other account
     * @param deleteAfterDays the copy's retention in days (StartCopyJob Lifecycle.DeleteAfterDays); empty: none sent,
     *                        so the copy keeps the source recovery point's retention
     */
    public record CopyTo(String vaultArn, Optional<String> roleArn, Optional<String> verifyRoleArn, Optional<Integer> deleteAfterDays) {
        public CopyTo {
            Objects.requireNonNull(vaultArn, "vaultArn");
            roleArn = roleArn == null ? Optional.empty() : roleArn;
            verifyRoleArn = verifyRoleArn == null ? Optional.empty() : verifyRoleArn;
            deleteAfterDays = deleteAfterDays == null ? Optional.empty() : deleteAfterDays;
        }

        public CopyTo(String vaultArn, Optional<String> roleArn, Optional<String> verifyRoleArn) {
            this(vaultArn, roleArn, verifyRoleArn, Optional.empty());
        }
    }

    /**
     * @param enabled     restore-test backups after creating them
     * @param sampleItems items compared in a verify restore
     */
    public record Verify(boolean enabled, int sampleItems) {}

    /**
     * @param regions          replica regions, at least two and distinct, primary first
     * @param rpoSeconds       recovery point objective
     * @param rtoSeconds       recovery time objective
     * @param appSwitchSeconds time the application needs to move to another region
     * @param route53          the DNS record that moves, if DNS does the switch
     * @param fisTemplateId    AWS FIS experiment template used by drills
     */
    public record Failover(List<String> regions, Optional<Integer> rpoSeconds, Optional<Integer> rtoSeconds,
                           int appSwitchSeconds, Optional<Route53> route53, Optional<String> fisTemplateId) {
        public Failover {
            regions = List.copyOf(regions);
            rpoSeconds = rpoSeconds == null ? Optional.empty() : rpoSeconds;
            rtoSeconds = rtoSeconds == null ? Optional.empty() : rtoSeconds;
            route53 = route53 == null ? Optional.empty() : route53;
            fisTemplateId = fisTemplateId == null ? Optional.empty() : fisTemplateId;
        }
    }

    public record Route53(String hostedZoneId, String recordName, List<String> healthCheckIds) {
        public Route53 {
            Objects.requireNonNull(hostedZoneId, "hostedZoneId");
            Objects.requireNonNull(recordName, "recordName");
            healthCheckIds = healthCheckIds == null ? List.of() : List.copyOf(healthCheckIds);
        }
    }

    /**
     * A named workload of {@code load.workloads}: the same settings as the options of {@code ddbr load run}, as text
     * (each validated when the profile loads); absent ones are left to the command line and its defaults.
     */
    public record LoadWorkload(Optional<String> rate, Optional<String> duration, Optional<Integer> workers,
                               Map<String, Integer> mix, Optional<String> itemSize, Optional<String> keys,
                               Optional<Integer> keyCount, Optional<String> keysFrom, List<String> slo,
                               Optional<String> indexKeys) {
        public LoadWorkload(Optional<String> rate, Optional<String> duration, Optional<Integer> workers, Map<String, Integer> mix,
                            Optional<String> itemSize, Optional<String> keys, Optional<Integer> keyCount, Optional<String> keysFrom,
                            List<String> slo) {
            this(rate, duration, workers, mix, itemSize, keys, keyCount, keysFrom, slo, Optional.empty());
        }

        public LoadWorkload {
            indexKeys = indexKeys == null ? Optional.empty() : indexKeys;
            mix = mix == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mix));
            slo = slo == null ? List.of() : List.copyOf(slo);
        }
    }

    /** This table's overrides of the profile-wide {@code audit} thresholds; empty means "use the global one". */
    public record Audit(Optional<Integer> minPitrDays, Optional<Integer> maxBackupAgeHours) {
        public static final Audit NONE = new Audit(Optional.empty(), Optional.empty());

        public Audit {
            minPitrDays = minPitrDays == null ? Optional.empty() : minPitrDays;
            maxBackupAgeHours = maxBackupAgeHours == null ? Optional.empty() : maxBackupAgeHours;
        }
    }
}
