package dev.ddbr.profile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The profile's {@code aws} section. These are the profile's layer only: flags and environment variables
 * win over them, and the SDK default chain fills in what is empty (see docs/profile.md).
 *
 * @param profile         AWS named profile
 * @param region          AWS region
 * @param roleArn         IAM role to assume through STS
 * @param externalId      external ID for the assume-role call
 * @param endpoints       endpoint URL by service key ({@link Schema#ENDPOINT_KEYS}), "default" for the rest
 * @param regionEndpoints per region, endpoint URL by service key; these win over {@code endpoints}
 * @param retry           SDK retry settings, defaults filled in
 */
public record AwsSettings(
        Optional<String> profile,
        Optional<String> region,
        Optional<String> roleArn,
        Optional<String> externalId,
        Map<String, String> endpoints,
        Map<String, Map<String, String>> regionEndpoints,
        Retry retry) {

    public AwsSettings {
        profile = profile == null ? Optional.empty() : profile;
        region = region == null ? Optional.empty() : region;
        roleArn = roleArn == null ? Optional.empty() : roleArn;
        externalId = externalId == null ? Optional.empty() : externalId;
        endpoints = endpoints == null ? Map.of() : Profile.frozen(endpoints);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (regionEndpoints != null) regionEndpoints.forEach((r, e) -> copy.put(r, Profile.frozen(e)));
        regionEndpoints = Profile.frozen(copy);
        retry = retry == null ? Retry.DEFAULT : retry;
    }

    /** No settings: everything comes from flags, the environment and the SDK. */
    public static final AwsSettings NONE = new AwsSettings(null, null, null, null, null, null, null);

    /** SDK retry mode, as written in the profile. */
    public enum RetryMode {
        STANDARD, ADAPTIVE, LEGACY;

        /** The word used in the profile and by the AWS CLI: {@code standard}. */
        public String key() { return name().toLowerCase(Locale.ROOT); }

        static RetryMode of(String key) { return valueOf(key.toUpperCase(Locale.ROOT)); }
    }

    /** @param maxAttempts attempts per call, the first one included */
    public record Retry(RetryMode mode, int maxAttempts) {
        public static final Retry DEFAULT = new Retry(RetryMode.of((String) Binder.defaultOf("aws.retry.mode")),
                (Integer) Binder.defaultOf("aws.retry.max_attempts"));

        public Retry {
            if (mode == null) mode = RetryMode.STANDARD;
        }
    }
}
