package dev.ddbr.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableNames;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scratch tables of drills started at the same moment never collide, and stay valid table names. */
class ScratchNameTest {
    static final Instant AT = Instant.parse("2025-06-30T03:00:00.123Z");

    @Test
    void theNameHasTheUtcTimeToTheMillisecondAndARandomSuffix() {
        assertThat(RestoreDrill.scratchName("orders", AT, "3f9a0c")).isEqualTo("orders-ddbr-drill-20250630T030000123-3f9a0c");
        assertThat(RestoreDrill.scratchName("orders", AT)).matches("orders-ddbr-drill-20250630T030000123-[0-9a-f]{6}");
    }

    @Test
    void drillsStartedInTheSameMillisecondGetDifferentTables() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200; i++) names.add(RestoreDrill.scratchName("orders", AT));
        // 24 random bits: 200 draws collide with a probability of about 0.1%; 3 parallel drills of about 4e-7
        assertThat(names.size()).isGreaterThanOrEqualTo(198);
        assertThat(names).allMatch(TableNames::isValid);
    }

    @Test
    void aLongTableNameIsShortenedToStayWithin255Characters() {
        String n = RestoreDrill.scratchName("t".repeat(255), AT);
        assertThat(n).hasSize(255).endsWith("-ddbr-drill-20250630T030000123-" + n.substring(n.length() - 6));
        assertThat(TableNames.isValid(n)).isTrue();
    }
}
