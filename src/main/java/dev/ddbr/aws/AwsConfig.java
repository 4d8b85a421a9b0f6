package dev.ddbr.aws;

import java.util.Map;

/**
 * Everything the CLI knows that shapes AWS access, before resolution. Precedence, highest first:
 * command-line flag, environment, ddbr profile, the SDK's own defaults (~/.aws/config, SSO, instance role).
 *
 * @param env               the process environment (a map, so tests are isolated)
 * @param regionFlag        --region
 * @param awsProfileFlag    --aws-profile
 * @param endpointFlag      --endpoint-url (applies to every service)
 * @param profileRegion     aws.region of the ddbr profile
 * @param profileAwsProfile aws.profile of the ddbr profile
 * @param roleArn           aws.role_arn, assumed through STS when set
 * @param externalId        aws.external_id for the assume-role call
 * @param endpoints         aws.endpoints: service key (or "default") to URL
 * @param regionEndpoints   aws.regions.REGION.endpoints
 * @param retryMode         standard, adaptive or legacy
 * @param maxAttempts       attempts per call, first one included
 */
public record AwsConfig(
        Map<String, String> env,
        String regionFlag,
        String awsProfileFlag,
        String endpointFlag,
        String profileRegion,
        String profileAwsProfile,
        String roleArn,
        String externalId,
        Map<String, String> endpoints,
        Map<String, Map<String, String>> regionEndpoints,
        String retryMode,
        int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public AwsConfig {
        env = env == null ? Map.of() : Map.copyOf(env);
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        regionEndpoints = regionEndpoints == null ? Map.of() : Map.copyOf(regionEndpoints);
        if (retryMode == null) retryMode = "standard";
        if (maxAttempts <= 0) maxAttempts = DEFAULT_MAX_ATTEMPTS;
    }

    /** Only the environment: what a user without a ddbr profile gets. */
    public static AwsConfig fromEnv(Map<String, String> env) {
        return new AwsConfig(env, null, null, null, null, null, null, null, null, null, null, 0);
    }
}
