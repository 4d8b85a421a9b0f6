package dev.ddbr.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemProgressTest {
    @Test
    void percentageAndTimeLeftWhereTheTotalIsKnown() {
        assertThat(ItemProgress.text(1_234, 0, "items read", 5_000_000_000L)).isEqualTo("1,234 items read");
        // a quarter in 10 s: 30 s left at that rate
        assertThat(ItemProgress.text(250_000, 1_000_000, "items read", 10_000_000_000L))
                .isEqualTo("250,000 of 1,000,000 items read (25%, about 30s left)");
        // no rate yet in the first second
        assertThat(ItemProgress.text(10, 1_000, "items read", 500_000_000L)).isEqualTo("10 of 1,000 items read (1%)");
        // an estimated total (DescribeTable's ItemCount) passed: no time left, no 100% before the end
        assertThat(ItemProgress.text(1_200, 1_000, "items read", 5_000_000_000L)).isEqualTo("1,200 of about 1,000 items read (99%)");
        assertThat(ItemProgress.text(1_000, 1_000, "items read", 5_000_000_000L)).isEqualTo("1,000 of 1,000 items read (100%)");
    }
}
