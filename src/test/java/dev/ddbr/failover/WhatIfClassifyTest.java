package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SAFE or AT_RISK for a table that would lose its only replica, from the sources found. */
class WhatIfClassifyTest {
    static final String LOST = "us-east-1";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static TableSettings table(String pitr) {
        return new TableSettings("solo", "arn:aws:dynamodb:us-east-1:111111111111:table/solo", LOST, "ACTIVE", NOW, null, null,
                "PAY_PER_REQUEST", null, null, null, List.of(), List.of(), null, null,
                pitr == null ? null : new TableSettings.Pitr(pitr, 35, null, null), null, null, null, null, List.of(), null, null,
                null, null, null, null, List.of(), List.of(), List.of());
    }

    static BackupCopies.Source src(String kind, String region, String location, String state, boolean outside, long age) {
        return new BackupCopies.Source(kind, region, location, state, BackupCopies.FOUND.equals(state) ? 1 : 0,
                BackupCopies.FOUND.equals(state) ? location + "/rp" : null, NOW.minusSeconds(age), age, outside, "d");
    }

    @Test
    void noSourceAtAllIsDataLost() {
        WhatIf.Stranded s = WhatIf.classify("solo", LOST, table(null), List.of());
        assertThat(s.status()).isEqualTo("AT_RISK");
        assertThat(s.pitr()).isEqualTo("unknown");
        assertThat(s.reason()).isEqualTo("no copy found anywhere: DATA LOST with us-east-1");
        assertThat(s.copyOutside()).isFalse();
    }

    @Test
    void aCopyVaultInTheLostRegionDoesNotMakeItSafe() {
        WhatIf.Stranded s = WhatIf.classify("solo", LOST, table("ENABLED"), List.of(
                src("copy-vault", LOST, "arn:aws:backup:us-east-1:222222222222:backup-vault:dr", BackupCopies.FOUND, false, 60)));
        assertThat(s.status()).isEqualTo("AT_RISK");
        assertThat(s.reason()).startsWith("copies only inside us-east-1");
        assertThat(s.copies()).containsExactly("1 recovery point(s) in arn:aws:backup:us-east-1:222222222222:backup-vault:dr (lost with us-east-1)");
    }

    @Test
    void theNewestCopyOutsideIsTheOneToRestoreFrom() {
        WhatIf.Stranded s = WhatIf.classify("solo", LOST, table("ENABLED"), List.of(
                src("dynamodb-backup", LOST, "arn:t", BackupCopies.FOUND, false, 10),
                src("copy-vault", "eu-west-1", "arn:old", BackupCopies.FOUND, true, 86_400),
                src("copy-vault", "eu-central-1", "arn:new", BackupCopies.FOUND, true, 3_600)));
        assertThat(s.status()).isEqualTo("SAFE");
        assertThat(s.restoreFrom()).isEqualTo("arn:new/rp");
        assertThat(s.restoreFromAgeSeconds()).isEqualTo(3_600L);
        assertThat(s.reason()).isEqualTo("restore from the copy in arn:new, 1h 00m 00s old (writes since then would be lost)");
    }

    @Test
    void anUnreadableVaultOutsideIsNamedInTheReason() {
        BackupCopies.Source unknown = new BackupCopies.Source("copy-vault", "eu-west-1", "arn:v", BackupCopies.UNKNOWN, null, null,
                null, null, true, "unknown: no verify_role_arn");
        WhatIf.Stranded s = WhatIf.classify("solo", LOST, table("DISABLED"), List.of(unknown));
        assertThat(s.status()).isEqualTo("AT_RISK");
        assertThat(s.reason()).isEqualTo("no copy found anywhere: DATA LOST with us-east-1 (could not read arn:v: no verify_role_arn)");
    }
}
