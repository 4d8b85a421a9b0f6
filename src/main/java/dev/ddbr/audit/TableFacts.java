package dev.ddbr.audit;

import dev.ddbr.profile.AuditSettings;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the table rules judge, gathered beforehand so the rules are pure functions.
 *
 * @param table     the settings snapshot (alarms included)
 * @param settings  the profile's audit settings for the table (overrides applied)
 * @param profile   the table's profile entry, or its defaults
 * @param backups   recovery points and backups
 * @param keyPolicy the customer managed key's policy document, when there is one to read
 * @param replicas  the snapshot of each replica, by Region; a Region whose read failed maps to the reason
 * @param usage     peak consumed capacity (CloudWatch), or null when not read (on-demand without a maximum)
 * @param legacy    what DescribeGlobalTable said (legacy 2017.11.29 global tables), or null when not asked
 *                  (the table is a current-version replica)
 */
public record TableFacts(TableSettings table, AuditSettings settings, TableProfile profile, Backups backups,
                         KeyPolicy keyPolicy, Map<String, Object> replicas, Usage usage, Legacy legacy, CopyKeys copy) {

    public TableFacts(TableSettings table, AuditSettings settings, TableProfile profile, Backups backups,
                      KeyPolicy keyPolicy, Map<String, Object> replicas, Usage usage, Legacy legacy) {
        this(table, settings, profile, backups, keyPolicy, replicas, usage, legacy, null);
    }

    /**
     * What a cross-account copy of the table (backup.copy_to in another account) depends on besides the vaults'
     * policies: with advanced DynamoDB backup, AWS Backup encrypts the recovery point with the vault's key, not the
     * table's, so the source vault's key must be shareable and the destination vault's key usable.
     *
     * @param advanced    whether advanced DynamoDB backup is on in the table's Region (null: unknown)
     * @param source      the source vault's key (ddbr's backup copy uses the Default vault)
     * @param destination the destination vault's key read through copy_to.verify_role_arn, or null without one
     */
    public record CopyKeys(Boolean advanced, dev.ddbr.backup.doctor.VaultKeys.Key source, dev.ddbr.backup.doctor.VaultKeys.Key destination) {}

    public TableFacts(TableSettings table, AuditSettings settings, TableProfile profile, Backups backups,
                      KeyPolicy keyPolicy, Map<String, Object> replicas) {
        this(table, settings, profile, backups, keyPolicy, replicas, null, null);
    }

    public TableFacts(TableSettings table, AuditSettings settings, TableProfile profile, Backups backups,
                      KeyPolicy keyPolicy, Map<String, Object> replicas, Usage usage) {
        this(table, settings, profile, backups, keyPolicy, replicas, usage, null);
    }

    /**
     * A legacy (2017.11.29) global table is told apart only by DescribeGlobalTable answering for it;
     * DescribeTable shows neither its version nor its replicas.
     *
     * @param legacy            true when DescribeGlobalTable found it, false on GlobalTableNotFoundException,
     *                          null when it could not be asked ({@code error})
     * @param replicationGroup  its replicas (every Region, this one included) when legacy
     */
    public record Legacy(Boolean legacy, List<TableSettings.Replica> replicationGroup, String error) {}

    /** The table's replicas: DescribeTable's (2019.11.21), else the legacy replication group. */
    public List<TableSettings.Replica> allReplicas() {
        if (!table.replicas().isEmpty() || legacy == null || !Boolean.TRUE.equals(legacy.legacy())) return table.replicas();
        return legacy.replicationGroup();
    }

    /** Whether the table is a legacy (2017.11.29) global table. */
    public boolean isLegacy() {
        return "2017.11.29".equals(table.globalTableVersion()) || legacy != null && Boolean.TRUE.equals(legacy.legacy());
    }

    /**
     * Peak consumed capacity over the look-back.
     *
     * @param days  the look-back in days
     * @param peaks one per table or GSI and dimension that has data points; null with {@code error}
     * @param error why CloudWatch could not be read
     */
    public record Usage(int days, List<Peak> peaks, String error) {}

    /**
     * @param index      the GSI, or null for the table
     * @param dimension  Read or Write
     * @param perSecond  the busiest minute's Sum / 60
     * @param at         the start of that minute
     */
    public record Peak(String index, String dimension, double perSecond, Instant at) {}

    /**
     * @param inPlan          whether a backup plan's selection covers the table, or null when plans could not be read
     * @param plan            the covering plan's name, when there is one
     * @param planError       why plans could not be read
     * @param awsBackup       AWS Backup recovery points of the table, or null when they could not be listed
     * @param awsBackupError  why not
     * @param onDemand        creation times of the table's DynamoDB backups (ListBackups), or null when unavailable
     * @param onDemandError   why not
     * @param unevaluated     selections whose verdict on the table is uncertain ("selection 'x' of plan 'y': why")
     * @param optInBlocked    selections that select the table only by tag or '*' while AWS Backup's DynamoDB opt-in is
     *                        off in the Region, so they do not cover it ("selection 'x' of plan 'y'")
     */
    public record Backups(Boolean inPlan, String plan, String planError, List<RecoveryPoint> awsBackup,
                          String awsBackupError, List<Instant> onDemand, String onDemandError, List<String> unevaluated,
                          List<String> optInBlocked) {
        public Backups {
            unevaluated = unevaluated == null ? List.of() : List.copyOf(unevaluated);
            optInBlocked = optInBlocked == null ? List.of() : List.copyOf(optInBlocked);
        }

        public Backups(Boolean inPlan, String plan, String planError, List<RecoveryPoint> awsBackup,
                       String awsBackupError, List<Instant> onDemand, String onDemandError, List<String> unevaluated) {
            this(inPlan, plan, planError, awsBackup, awsBackupError, onDemand, onDemandError, unevaluated, List.of());
        }

        public Backups(Boolean inPlan, String plan, String planError, List<RecoveryPoint> awsBackup,
                       String awsBackupError, List<Instant> onDemand, String onDemandError) {
            this(inPlan, plan, planError, awsBackup, awsBackupError, onDemand, onDemandError, List.of());
        }
    }

    /**
     * @param created  creation time
     * @param status   COMPLETED, PARTIAL, DELETING, EXPIRED, ...
     */
    public record RecoveryPoint(Instant created, String status) {}

    /** @param document the key policy JSON, or null with {@code error} */
    public record KeyPolicy(String document, String error) {}
}
