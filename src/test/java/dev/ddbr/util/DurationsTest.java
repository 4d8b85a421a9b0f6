package dev.ddbr.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurationsTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void parsesOperatorDurations() {
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> Durations.parse("2 hours")).isInstanceOfSatisfying(DdbrException.class,
                e -> assertThat(e.exitCode()).isEqualTo(252));
        assertThatThrownBy(() -> Durations.parse("h")).isInstanceOf(DdbrException.class);
    }

    @Test
    void aNumberWithoutAUnitIsRefusedWithTheUnitsSpelledOut() {
        // "--older-than 35" once meant 35 seconds while the profile's max_age_days: 35 means days
        assertThatThrownBy(() -> Durations.parse("35", "--older-than")).isInstanceOfSatisfying(DdbrException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(252);
            assertThat(e.getMessage()).isEqualTo("invalid duration '35' for --older-than: a number alone has no unit");
            assertThat(e.hint()).isEqualTo("add a unit: 35s, 35m, 35h, 35d or 35w");
        });
        assertThatThrownBy(() -> Durations.parse("1.5")).isInstanceOf(DdbrException.class);
        assertThatThrownBy(() -> Durations.parseWhen("-2", NOW)).isInstanceOfSatisfying(DdbrException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(252);
            assertThat(e.getMessage()).isEqualTo("invalid time '-2': a number alone has no unit");
            assertThat(e.hint()).contains("-2h");
        });
        assertThat(Durations.parse("35d", "--older-than")).isEqualTo(Duration.ofDays(35));
    }

    @Test
    void parsesWhen() {
        assertThat(Durations.parseWhen("latest", NOW)).isNull();
        assertThat(Durations.parseWhen("-15m", NOW)).isEqualTo(Instant.parse("2024-05-01T11:45:00Z"));
        assertThat(Durations.parseWhen("-1h30m", NOW)).isEqualTo(Instant.parse("2024-05-01T10:30:00Z"));
        assertThat(Durations.parseWhen("2024-05-01T10:00:00Z", NOW)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Durations.parseWhen("2024-05-01T12:00:00+02:00", NOW)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThatThrownBy(() -> Durations.parseWhen("2024-05-01T10:00:00", NOW)).isInstanceOfSatisfying(DdbrException.class,
                e -> assertThat(e.hint()).contains("with a zone"));
        assertThatThrownBy(() -> Durations.parseWhen("-soon", NOW)).isInstanceOf(DdbrException.class);
    }

    @Test
    void formats() {
        assertThat(Durations.format(Duration.ofSeconds(3723))).isEqualTo("1h 02m 03s");
        assertThat(Durations.format(Duration.ofSeconds(250))).isEqualTo("4m 10s");
        assertThat(Durations.format(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(Durations.format(Duration.ofMillis(400))).isEqualTo("0.4s");
    }

    @Test
    void stateDirFollowsTheEnvironment() {
        assertThat(StateDir.resolve(Map.of("DDBR_STATE_DIR", "/x", "HOME", "/h")).toString()).isEqualTo("/x");
        assertThat(StateDir.resolve(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")).toString()).isEqualTo("/s/ddbr");
        assertThat(StateDir.resolve(Map.of("HOME", "/h")).toString()).isEqualTo("/h/.local/state/ddbr");
    }
}
