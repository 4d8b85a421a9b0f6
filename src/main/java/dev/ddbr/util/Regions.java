package dev.ddbr.util;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for AWS Region names, wherever one comes from (--region and other flags, AWS_REGION, the
 * profile's aws.region, failover.regions): the shape of a Region name, and for a near miss the known
 * Region it most likely meant. A well-shaped name that is not in the list (a Region newer than this
 * build) passes: the list only feeds "did you mean".
 */
public final class Regions {
    static final Pattern NAME = Pattern.compile("^([a-z]{2}(-gov|-iso[a-z]*)?|eusc-[a-z]{2})-[a-z]+-\\d{1,2}$");

    /** The Regions of every partition known to this build (from the AWS SDK's endpoints list). */
    public static final List<String> KNOWN = List.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
            "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
            "us-west-1", "us-west-2", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
            "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1",
            "us-isof-east-1", "us-isof-south-1", "eusc-de-east-1");

    private Regions() {}

    public static boolean valid(String region) {
        return region != null && NAME.matcher(region).matches();
    }

    /**
     * Why {@code region} is not a Region name, as {@code "'eu-west' is not a Region name; did you mean
     * 'eu-west-1'?"}, or empty when it is one.
     */
    public static Optional<String> problem(String region) {
        if (valid(region)) return Optional.empty();
        String shown = "'" + (region == null ? "" : region) + "'";
        return Optional.of(suggest(region).map(s -> shown + " is not a Region name; did you mean '" + s + "'?")
                .orElse(shown + " is not a Region name"));
    }

    /** What a hint says about Region names. */
    public static final String HINT = "use names such as eu-west-1, us-east-1 or us-gov-west-1";

    /** The known Region {@code text} most likely meant: same letters in another case or with '_', a missing number, or a typo. */
    public static Optional<String> suggest(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        String s = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (KNOWN.contains(s)) return Optional.of(s);
        if (KNOWN.contains(s + "-1")) return Optional.of(s + "-1");                          // eu-west
        String hyphenated = s.replaceAll("([a-z])(\\d+)$", "$1-$2");                       // eu-west1
        if (KNOWN.contains(hyphenated)) return Optional.of(hyphenated);
        String trimmed = s.replaceAll("(-\\d+)[a-z]$", "$1");                               // us-east-1a (an AZ)
        if (KNOWN.contains(trimmed)) return Optional.of(trimmed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : KNOWN) {
            int d = distance(s, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 ? Optional.of(best) : Optional.empty();
    }

    /** Damerau-Levenshtein (optimal string alignment): a transposition counts as one edit. */
    static int distance(String a, String b) {
        return dev.ddbr.util.EditDistance.of(a, b);
    }
}
