package dev.ddbr.profile;

import java.util.Locale;
import java.util.Optional;

/**
 * The profile's {@code audit} section with defaults filled in. {@link Profile#auditFor(String)} applies a
 * table's own {@code audit} overrides.
 *
 * @param requireCustomerManagedKey tables must use a customer managed KMS key
 * @param failOn                    lowest finding severity that makes the audit exit 1
 * @param minPitrDays               shortest acceptable PITR recovery period, in days
 * @param maxBackupAgeHours         the newest backup must be younger than this
 * @param backupRoleArn             the IAM role AWS Backup should use
 * @param vpcs                      VPCs whose DynamoDB endpoints the audit checks ({@code vpc-...} ids)
 */
public record AuditSettings(
        boolean requireCustomerManagedKey,
        Severity failOn,
        int minPitrDays,
        int maxBackupAgeHours,
        Optional<String> backupRoleArn,
        java.util.List<String> vpcs) {

    public AuditSettings {
        if (failOn == null) failOn = Severity.LOW;
        backupRoleArn = backupRoleArn == null ? Optional.empty() : backupRoleArn;
        vpcs = vpcs == null ? java.util.List.of() : java.util.List.copyOf(vpcs);
    }

    public AuditSettings(boolean requireCustomerManagedKey, Severity failOn, int minPitrDays, int maxBackupAgeHours,
                         Optional<String> backupRoleArn) {
        this(requireCustomerManagedKey, failOn, minPitrDays, maxBackupAgeHours, backupRoleArn, java.util.List.of());
    }

    /** Severity of an audit finding, most severe first. */
    public enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW, INFO;

        /** The word used in the profile: {@code high}. */
        public String key() { return name().toLowerCase(Locale.ROOT); }

        /** Whether a finding of this severity reaches the {@code threshold} ({@code fail_on}). */
        public boolean atLeast(Severity threshold) { return ordinal() <= threshold.ordinal(); }

        static Severity of(String key) { return valueOf(key.toUpperCase(Locale.ROOT)); }
    }

    /** These settings with a table's overrides applied. */
    public AuditSettings withOverrides(TableProfile.Audit overrides) {
        return new AuditSettings(requireCustomerManagedKey, failOn,
                overrides.minPitrDays().orElse(minPitrDays),
                overrides.maxBackupAgeHours().orElse(maxBackupAgeHours),
                backupRoleArn, vpcs);
    }
}
