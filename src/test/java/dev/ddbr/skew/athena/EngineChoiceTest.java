package dev.ddbr.skew.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.athena.EngineChoice.Engine;
import dev.ddbr.util.ByteSizes;
import org.junit.jupiter.api.Test;

class EngineChoiceTest {
    static final long T = ByteSizes.parse("50GB", "t");

    @Test
    void autoPicksAthenaAtOrAboveTheThresholdAndLocalBelow() {
        assertThat(EngineChoice.choose(Engine.auto, true, T, T, "50GB").athena()).isTrue();
        assertThat(EngineChoice.choose(Engine.auto, true, T + 1, T, "50GB").athena()).isTrue();
        EngineChoice.Choice below = EngineChoice.choose(Engine.auto, true, T - 1, T, "50GB");
        assertThat(below.athena()).isFalse();
        assertThat(below.reason()).contains("below athena.auto_threshold 50GB");
    }

    @Test
    void autoReadsLocalFoldersAndSizelessManifestsLocally() {
        assertThat(EngineChoice.choose(Engine.auto, false, 10 * T, T, "50GB").athena()).isFalse();
        assertThat(EngineChoice.choose(Engine.auto, true, null, T, "50GB").reason()).contains("no billedSizeBytes");
    }

    @Test
    void explicitEnginesAreKept() {
        assertThat(EngineChoice.choose(Engine.local, true, 10 * T, T, "50GB").athena()).isFalse();
        assertThat(EngineChoice.choose(Engine.athena, true, 1L, T, "50GB").athena()).isTrue();
        assertThatThrownBy(() -> EngineChoice.choose(Engine.athena, false, null, T, "50GB"))
                .isInstanceOf(DdbrException.class).hasMessageContaining("local folder")
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252));
    }

    @Test
    void sizesParseDecimalAndBinaryUnits() {
        assertThat(ByteSizes.parse("50GB", "x")).isEqualTo(50_000_000_000L);
        assertThat(ByteSizes.parse("1.5TB", "x")).isEqualTo(1_500_000_000_000L);
        assertThat(ByteSizes.parse("100GiB", "x")).isEqualTo(100L * 1024 * 1024 * 1024);
        assertThat(ByteSizes.parse("512b", "x")).isEqualTo(512);
        assertThatThrownBy(() -> ByteSizes.parse("50", "--auto-threshold")).hasMessageContaining("'50' is not a size for --auto-threshold");
        assertThatThrownBy(() -> ByteSizes.parse("9999999PB", "x")).hasMessageContaining("too large");
    }
}
