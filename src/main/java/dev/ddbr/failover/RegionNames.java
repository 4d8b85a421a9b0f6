package dev.ddbr.failover;

import dev.ddbr.error.DdbrException;
import dev.ddbr.util.Regions;
import java.util.List;

/** Region names given on the command line are checked before any call: a typo is a bad value (252), not an AWS error. */
public final class RegionNames {
    private RegionNames() {}

    public static boolean valid(String region) {
        return Regions.valid(region);
    }

    /** @param option the flag the value came from, e.g. "--regions" */
    public static String require(String region, String option) {
        Regions.problem(region).ifPresent(p -> {
            throw DdbrException.invalid(option + ": " + p, Regions.HINT);
        });
        return region;
    }

    public static List<String> require(List<String> regions, String option) {
        for (String r : regions) require(r, option);
        return regions;
    }
}
