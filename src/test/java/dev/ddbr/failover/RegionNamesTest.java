package dev.ddbr.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "us-east-1", "ap-southeast-5", "us-gov-west-1", "us-isob-east-1", "il-central-1", "us-east-10"})
    void realShapesPass(String region) {
        assertThat(RegionNames.valid(region)).isTrue();
        assertThat(RegionNames.require(List.of(region), "--regions")).containsExactly(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mars-1", "Mars-1", "eu-west", "euwest1", "eu-west-1 ", "", "us-east-1a", "eu_west_1"})
    void otherShapesAreABadValue(String region) {
        assertThat(RegionNames.valid(region)).isFalse();
        assertThatThrownBy(() -> RegionNames.require(region, "--lose")).isInstanceOf(DdbrException.class)
                .hasMessageStartingWith("--lose: '" + region + "' is not a Region name")
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"eu-west,eu-west-1", "EU-WEST-1,eu-west-1", "euwest1,eu-west-1", "eu_west_1,eu-west-1",
            "us-east-1a,us-east-1", "us-eats-1a,us-east-1", "ap-southest2,ap-southeast-2"})
    void aNearMissGetsTheRegionItMeant(String typed, String meant) {
        assertThatThrownBy(() -> RegionNames.require(typed, "--region"))
                .hasMessage("--region: '" + typed + "' is not a Region name; did you mean '" + meant + "'?");
    }

    @org.junit.jupiter.api.Test
    void farFromAnyRegionGetsNoGuess() {
        assertThatThrownBy(() -> RegionNames.require("mars-1", "--region")).hasMessage("--region: 'mars-1' is not a Region name");
        assertThat(RegionNames.valid("eusc-de-east-1")).isTrue();
    }
}
