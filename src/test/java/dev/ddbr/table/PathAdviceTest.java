package dev.ddbr.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathAdviceTest {
    static final long GB = 1L << 30;

    @Test
    void aSmallTableIsScanned() {
        PathAdvice a = PathAdvice.of(2 * GB);
        assertThat(a.recommended()).isEqualTo("scan");
        // eventually consistent: one read unit per 8 KB
        assertThat(a.scanReadUnits()).isEqualTo(2 * GB / 8192);
        assertThat(a.scanSeconds()).isEqualTo(2 * GB / 8192 / 1000);
        assertThat(a.exportCostUsd()).isEqualTo(0.20);
        assertThat(a.importCostUsd()).isEqualTo(0.30);
    }

    @Test
    void aMidSizeTableIsExportedAndReadHere() {
        PathAdvice a = PathAdvice.of(100 * GB);
        assertThat(a.recommended()).isEqualTo("export");
        assertThat(a.exportCostUsd()).isEqualTo(10.0);
        assertThat(a.scanCostUsd()).isEqualTo(Math.round(100 * GB / 8192 / 1e6 * 0.125 * 100) / 100.0);
        assertThat(a.localReadSeconds()).isEqualTo(100 * 1024 / 50);
    }

    @Test
    void aTerabyteTableGoesToAthenaAndThePricesSayWhereTheyComeFrom() {
        PathAdvice a = PathAdvice.of(5 * 1024 * GB);
        assertThat(a.recommended()).isEqualTo("export+athena");
        assertThat(a.athenaCostUsd()).isEqualTo(25.0);
        assertThat(a.exportCostUsd()).isEqualTo(512.0);
        assertThat(a.prices().region()).isEqualTo("us-east-1");
        assertThat(a.prices().asOf()).isNotBlank();
        assertThat(a.rows()).extracting(r -> r[0]).contains("Recommended", "Scan", "Native export", "Native import", "Athena", "Prices");
    }

    @Test
    void anEmptyOrUnknownSizeIsScannedAndAthenaChargesItsMinimum() {
        PathAdvice a = PathAdvice.of((Long) null);
        assertThat(a.recommended()).isEqualTo("scan");
        assertThat(a.sizeBytes()).isZero();
        assertThat(a.athenaCostUsd()).isEqualTo(0.0); // 10 MB at $5/TB rounds to $0.00
    }
}
