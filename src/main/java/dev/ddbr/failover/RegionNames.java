package dev.ddbr.failover;

import dev.ddbr.error.DdbrException;
import java.util.List;
import java.util.regex.Pattern;

/** Region names given on the command line are checked before any call: a typo is a bad value (252), not an AWS error. */
public final class RegionNames {
    static final Pattern REGION = Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d+$");

    private RegionNames() {}

    public static boolean valid(String region) {
        return region != null && REGION.matcher(region).matches();
    }

    /** @param option the flag the value came from, e.g. "--regions" */
    public static String require(String region, String option) {
        if (!valid(region)) {
            throw DdbrException.invalid(option + ": '" + region + "' is not a Region name",
                    "use names such as eu-west-1, us-east-1 or us-gov-west-1");
        }
        return region;
    }

    public static List<String> require(List<String> regions, String option) {
        for (String r : regions) require(r, option);
        return regions;
    }
}
