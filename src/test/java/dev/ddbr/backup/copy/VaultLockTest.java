package dev.ddbr.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VaultLockTest {
    @Test
    void aVaultWithoutLimitsAcceptsAnyRetentionAndNone() {
        assertThat(VaultLock.NONE.violation(null)).isNull();
        assertThat(VaultLock.NONE.violation(1)).isNull();
        assertThat(new VaultLock(true, null, null).violation(null)).isNull();
    }

    @Test
    void theRetentionMustLieWithinTheMinimumAndMaximum() {
        VaultLock lock = new VaultLock(true, 30L, 400L);
        assertThat(lock.violation(30)).isNull();
        assertThat(lock.violation(400)).isNull();
        assertThat(lock.violation(29)).contains("29, below the vault lock's minimum retention of 30 days");
        assertThat(lock.violation(401)).contains("401, above the vault lock's maximum retention of 400 days");
        assertThat(lock.accepted()).isEqualTo("between 30 and 400");
        assertThat(lock.describe()).isEqualTo("minimum retention 30 days, maximum retention 400 days");
    }

    @Test
    void aCopyWithoutLifecycleIsKeptIndefinitelySoOnlyAMaximumRefusesIt() {
        assertThat(new VaultLock(true, 30L, null).violation(null)).isNull();
        assertThat(new VaultLock(true, 30L, null).accepted()).isEqualTo("at least 30");
        assertThat(new VaultLock(false, null, 90L).violation(null)).contains("kept indefinitely").contains("maximum retention of 90 days");
        assertThat(new VaultLock(true, 90L, 90L).accepted()).isEqualTo("exactly 90");
    }
}
