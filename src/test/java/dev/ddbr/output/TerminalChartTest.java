package dev.ddbr.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalChartTest {
    @Test
    void chartsOnlyInTextOnAUtf8TerminalOrWhenAskedNeverInJsonOrYaml() {
        Map<String, String> utf8 = Map.of("LANG", "en_GB.UTF-8");
        assertThat(TerminalChart.wanted(true, true, utf8, false)).isTrue();
        assertThat(TerminalChart.wanted(true, false, utf8, false)).as("a pipe").isFalse();
        assertThat(TerminalChart.wanted(true, false, utf8, true)).as("a pipe with --chart").isTrue();
        assertThat(TerminalChart.wanted(true, true, Map.of("LANG", "C"), false)).as("a non-UTF-8 terminal").isFalse();
        assertThat(TerminalChart.wanted(true, true, Map.of(), false)).as("no locale at all").isFalse();
        assertThat(TerminalChart.wanted(false, true, utf8, true)).as("-o json|yaml, even with --chart").isFalse();
    }

    @Test
    void theLocaleIsLcAllThenLcCtypeThenLang() {
        assertThat(TerminalChart.utf8(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isFalse();
        assertThat(TerminalChart.utf8(Map.of("LC_ALL", "", "LC_CTYPE", "de_DE.utf8", "LANG", "C"))).isTrue();
        assertThat(TerminalChart.utf8(Map.of("LANG", "C.UTF-8"))).isTrue();
        assertThat(TerminalChart.utf8(Map.of("LANG", "en_US.ISO-8859-1"))).isFalse();
    }

    @Test
    void barsScaleToTheMaximumInEighthsOfAColumn() {
        assertThat(TerminalChart.bar(1, 1, 4)).isEqualTo("████");
        assertThat(TerminalChart.bar(0.5, 1, 4)).isEqualTo("██");
        assertThat(TerminalChart.bar(0.5625, 1, 4)).isEqualTo("██▎");
        assertThat(TerminalChart.bar(0.0001, 1, 4)).as("a positive value shows").isEqualTo("▏");
        assertThat(TerminalChart.bar(0, 1, 4)).isEmpty();
        assertThat(TerminalChart.bar(2, 1, 4)).as("capped at the width").isEqualTo("████");
        assertThat(TerminalChart.bar(1, 0, 4)).isEmpty();
    }

    @Test
    void sparklinesTakeEachSlicesPeak() {
        assertThat(TerminalChart.sparkline(new double[] {0, 1, 2, 4, 8}, 10)).isEqualTo(" ▁▂▄█");
        assertThat(TerminalChart.sparkline(new double[] {0, 8, 0, 4}, 2)).as("peak of each half").isEqualTo("█▄");
        assertThat(TerminalChart.sparkline(new double[] {Double.NaN, 4}, 2, 8)).isEqualTo(" ▄");
        assertThat(TerminalChart.sparkline(new double[] {}, 5)).isEmpty();
    }
}
