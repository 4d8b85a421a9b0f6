package dev.ddbr.aws;

import dev.ddbr.Version;
import dev.ddbr.error.DdbrException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dax.DaxClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The only place that builds AWS SDK clients. Lazy: nothing is resolved until the first client is asked
 * for, so --help, --version and completion never load the SDK. Clients are cached per service and Region
 * and share one URLConnection-based HTTP client, which starts faster than Apache or Netty.
 */
public final class ClientFactory implements AutoCloseable {
    private final AwsConfig cfg;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    private volatile SdkHttpClient http;
    private volatile AwsCredentialsProvider credentials;
    private volatile ProfileFile profileFile;
    private volatile String region;

    public ClientFactory(AwsConfig cfg) {
        this.cfg = cfg;
    }

    public AwsConfig config() { return cfg; }

    public DynamoDbClient dynamodb() { return dynamodb(region()); }
    public DynamoDbClient dynamodb(String region) { return client(AwsService.DYNAMODB, region, DynamoDbClient.builder()); }
    public BackupClient backup() { return backup(region()); }
    public BackupClient backup(String region) { return client(AwsService.BACKUP, region, BackupClient.builder()); }
    public IamClient iam() { return client(AwsService.IAM, "aws-global", IamClient.builder()); }
    public KmsClient kms() { return kms(region()); }
    public KmsClient kms(String region) { return client(AwsService.KMS, region, KmsClient.builder()); }
    public StsClient sts() { return client(AwsService.STS, region(), StsClient.builder()); }
    public CloudWatchClient cloudwatch() { return cloudwatch(region()); }
    public CloudWatchClient cloudwatch(String region) { return client(AwsService.CLOUDWATCH, region, CloudWatchClient.builder()); }
    public ApplicationAutoScalingClient autoscaling() { return autoscaling(region()); }
    public ApplicationAutoScalingClient autoscaling(String region) {
        return client(AwsService.APPLICATION_AUTOSCALING, region, ApplicationAutoScalingClient.builder());
    }
    public software.amazon.awssdk.services.sns.SnsClient sns(String region) {
        return client(AwsService.SNS, region, software.amazon.awssdk.services.sns.SnsClient.builder());
    }
    /**
     * A Price List Query API client. Its endpoints exist only in us-east-1, eu-central-1 and ap-south-1, whatever
     * Region the prices are for: {@code region} is used when it is one of them, else us-east-1.
     */
    public software.amazon.awssdk.services.pricing.PricingClient pricing(String region) {
        String r = PRICING_REGIONS.contains(region) ? region : "us-east-1";
        return client(AwsService.PRICING, r, software.amazon.awssdk.services.pricing.PricingClient.builder());
    }

    /** The Regions with a Price List Query API endpoint. */
    public static final java.util.List<String> PRICING_REGIONS = java.util.List.of("us-east-1", "eu-central-1", "ap-south-1");

    public DaxClient dax(String region) { return client(AwsService.DAX, region, DaxClient.builder()); }
    public Ec2Client ec2(String region) { return client(AwsService.EC2, region, Ec2Client.builder()); }
    public FisClient fis(String region) { return client(AwsService.FIS, region, FisClient.builder()); }
    public AthenaClient athena() { return client(AwsService.ATHENA, region(), AthenaClient.builder()); }
    public LambdaClient lambda(String region) { return client(AwsService.LAMBDA, region, LambdaClient.builder()); }
    public OrganizationsClient organizations() {
        return client(AwsService.ORGANIZATIONS, "aws-global", OrganizationsClient.builder());
    }

    /**
     * An AWS Backup client in {@code region} acting as {@code roleArn} (assumed through STS with the
     * base credentials), for checks in another account. Cached per role and Region.
     */
    public BackupClient backupAs(String roleArn, String region) {
        String key = "BACKUP-as-" + roleArn + "@" + region;
        Object cached = clients.get(key);
        if (cached != null) return (BackupClient) cached;
        // resolved outside computeIfAbsent: building the STS client updates the same map
        StsClient sts = sts();
        return (BackupClient) clients.computeIfAbsent(key, k -> {
            String session = sessionName(cfg.env());
            AwsCredentialsProvider assumed = new Masked(StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session).durationSeconds(900)).build());
            var b = BackupClient.builder().region(Region.of(region)).credentialsProvider(assumed)
                    .overrideConfiguration(override()).httpClient(http());
            endpoint(AwsService.BACKUP, region).ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    /**
     * A KMS client in {@code region} acting as {@code roleArn} (assumed through STS with the base credentials), to
     * describe a key in another account. Cached per role and Region.
     */
    public KmsClient kmsAs(String roleArn, String region) {
        String key = "KMS-as-" + roleArn + "@" + region;
        Object cached = clients.get(key);
        if (cached != null) return (KmsClient) cached;
        StsClient sts = sts();
        return (KmsClient) clients.computeIfAbsent(key, k -> {
            String session = sessionName(cfg.env());
            AwsCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session).durationSeconds(900)).build();
            var b = KmsClient.builder().region(Region.of(region)).credentialsProvider(assumed)
                    .overrideConfiguration(override()).httpClient(http());
            endpoint(AwsService.KMS, region).ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    public Route53Client route53() { return client(AwsService.ROUTE53, "aws-global", Route53Client.builder()); }
    public S3Client s3() { return s3(region()); }
    public S3Client s3(String region) {
        return client(AwsService.S3, region, S3Client.builder().forcePathStyle(endpoint(AwsService.S3, region).isPresent()));
    }

    /**
     * The Region commands act in: --region, then AWS_REGION / AWS_DEFAULT_REGION, then the ddbr profile,
     * then the AWS profile in ~/.aws/config. Missing everywhere: exit 253 with the ways to set it.
     */
    public String region() {
        String r = region;
        if (r != null) return r;
        String source = regionSource();
        r = switch (source) {
            case "--region" -> cfg.regionFlag();
            case "aws.region" -> cfg.profileRegion();
            case "" -> null;
            default -> source.startsWith("AWS_") ? cfg.env().get(source) : awsConfigRegion();
        };
        if (r == null || r.isBlank()) {
            throw DdbrException.config("no AWS Region is set",
                    "pass --region, set AWS_REGION, or set aws.region in the ddbr profile");
        }
        r = r.trim();
        var problem = dev.ddbr.util.Regions.problem(r);
        if (problem.isPresent()) {
            // the flag is checked before this (252); here a value from the environment or ~/.aws/config
            String hint = source.startsWith("AWS_") ? "fix or unset " + source + ", or pass --region"
                    : "fix the region of the AWS profile in ~/.aws/config, or pass --region";
            throw DdbrException.config(source + ": " + problem.get(), hint);
        }
        region = r;
        return region;
    }

    /**
     * Where the Region comes from: {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
     * {@code aws.region} (the ddbr profile), {@code AWS profile 'NAME'} (~/.aws/config), or "" when nowhere.
     */
    public String regionSource() {
        if (notBlank(cfg.regionFlag())) return "--region";
        if (notBlank(cfg.env().get("AWS_REGION"))) return "AWS_REGION";
        if (notBlank(cfg.env().get("AWS_DEFAULT_REGION"))) return "AWS_DEFAULT_REGION";
        if (notBlank(cfg.profileRegion())) return "aws.region";
        if (notBlank(awsConfigRegion())) return "AWS profile '" + awsProfileName().orElse("default") + "'";
        return "";
    }

    private String awsConfigRegion() {
        return profileFile().profile(awsProfileName().orElse("default"))
                .flatMap(p -> p.property(ProfileProperty.REGION)).orElse(null);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The endpoint override for a service in a Region, if any, by the documented precedence. */
    public Optional<URI> endpoint(AwsService service, String region) {
        String[] choice = endpointChoice(service, region);
        String url = choice == null ? null : choice[0];
        if (url == null) return Optional.empty();
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException("no scheme or host");
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw DdbrException.config("invalid endpoint URL '" + url + "' for " + service.profileKey(),
                    "use an absolute URL such as http://127.0.0.1:8000");
        }
    }

    /**
     * Where a service's endpoint comes from: {@code --endpoint-url}, {@code AWS_ENDPOINT_URL_<SERVICE>},
     * {@code AWS_ENDPOINT_URL}, or the profile key ({@code aws.regions.R.endpoints.K}, {@code aws.endpoints.K});
     * empty when the AWS default is used.
     */
    public Optional<String> endpointSource(AwsService service, String region) {
        String[] choice = endpointChoice(service, region);
        return choice == null ? Optional.empty() : Optional.of(choice[1]);
    }

    /** {value, source} of the first endpoint setting in precedence order, or null. */
    private String[] endpointChoice(AwsService service, String region) {
        String key = service.profileKey();
        Map<String, String> perRegion = region == null ? Map.of() : cfg.regionEndpoints().getOrDefault(region, Map.of());
        String[][] candidates = {
            {cfg.endpointFlag(), "--endpoint-url"},
            {cfg.env().get(service.envVariable()), service.envVariable()},
            {cfg.env().get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"},
            {perRegion.get(key), "aws.regions." + region + ".endpoints." + key},
            {perRegion.get("default"), "aws.regions." + region + ".endpoints.default"},
            {cfg.endpoints().get(key), "aws.endpoints." + key},
            {cfg.endpoints().get("default"), "aws.endpoints.default"},
        };
        for (String[] c : candidates) {
            if (notBlank(c[0])) return c;
        }
        return null;
    }

    /**
     * Environment variables that override a different value the ddbr profile sets ({@code AWS_REGION} over
     * {@code aws.region}, {@code AWS_ENDPOINT_URL[_<SERVICE>]} over {@code aws.endpoints}), one entry per
     * variable, e.g. {@code AWS_REGION=us-east-1 over aws.region eu-west-1}. A flag given on the command line
     * is an explicit choice and is not reported. Makes no call.
     */
    public List<String> environmentOverrides() {
        List<String> out = new ArrayList<>();
        if (!notBlank(cfg.regionFlag()) && notBlank(cfg.profileRegion())) {
            String var = notBlank(cfg.env().get("AWS_REGION")) ? "AWS_REGION"
                    : notBlank(cfg.env().get("AWS_DEFAULT_REGION")) ? "AWS_DEFAULT_REGION" : null;
            if (var != null && !cfg.env().get(var).trim().equals(cfg.profileRegion().trim())) {
                out.add(var + "=" + cfg.env().get(var).trim() + " over aws.region " + cfg.profileRegion().trim());
            }
        }
        if (notBlank(cfg.endpointFlag())) return out;
        String r;
        try {
            r = region();
        } catch (DdbrException e) {
            r = null;
        }
        Map<String, List<String>> byVariable = new java.util.LinkedHashMap<>();
        for (AwsService service : AwsService.values()) {
            String[] env = endpointChoice(service, r);
            if (env == null || !env[1].startsWith("AWS_")) continue;
            String key = service.profileKey();
            Map<String, String> perRegion = r == null ? Map.of() : cfg.regionEndpoints().getOrDefault(r, Map.of());
            String[][] profile = {
                {perRegion.get(key), "aws.regions." + r + ".endpoints." + key},
                {perRegion.get("default"), "aws.regions." + r + ".endpoints.default"},
                {cfg.endpoints().get(key), "aws.endpoints." + key},
                {cfg.endpoints().get("default"), "aws.endpoints.default"},
            };
            for (String[] p : profile) {
                if (!notBlank(p[0])) continue;
                if (!p[0].trim().equals(env[0].trim())) {
                    List<String> keys = byVariable.computeIfAbsent(env[1] + "=" + env[0].trim(), k -> new ArrayList<>());
                    if (!keys.contains(p[1])) keys.add(p[1]);
                }
                break;
            }
        }
        byVariable.forEach((v, keys) -> out.add(v + " over " + String.join(", ", keys)));
        return out;
    }

    /**
     * Where this run acts in {@code region}: the account of the credentials (sts:GetCallerIdentity, asked
     * once per run with a short timeout; when it cannot be asked, the account is unknown and says why, it
     * never fails), the Region and the DynamoDB endpoint.
     */
    public ActingOn actingOn(String region) {
        String endpoint = endpoint(AwsService.DYNAMODB, region).map(URI::toString).orElse(ActingOn.defaultEndpoint(region));
        String[] a = callerAccount();
        return new ActingOn(a[0], a[1], region, endpoint);
    }

    private volatile String[] callerAccount;

    /** {account or null, why it is unknown or null}. */
    private String[] callerAccount() {
        String[] a = callerAccount;
        if (a != null) return a;
        synchronized (this) {
            if (callerAccount == null) {
                try {
                    String r = region();
                    StsClient sts = (StsClient) clients.computeIfAbsent("STS-identity@" + r, k -> {
                        var b = StsClient.builder().region(Region.of(r)).credentialsProvider(credentials())
                                .overrideConfiguration(override(2).toBuilder().apiCallTimeout(Duration.ofSeconds(5)).build())
                                .httpClient(http());
                        endpoint(AwsService.STS, r).ifPresent(b::endpointOverride);
                        return b.build();
                    });
                    callerAccount = new String[] {sts.getCallerIdentity().account(), null};
                } catch (RuntimeException e) {
                    String why = AwsErrors.translate(e, "ask STS for the account").getMessage();
                    callerAccount = new String[] {null, dev.ddbr.output.Redactor.redact(why)};
                }
            }
            return callerAccount;
        }
    }

    /** Where the AWS named profile comes from: {@code --aws-profile}, {@code AWS_PROFILE}, {@code aws.profile}, or empty. */
    public Optional<String> awsProfileSource() {
        if (notBlank(cfg.awsProfileFlag())) return Optional.of("--aws-profile");
        if (notBlank(cfg.env().get("AWS_PROFILE"))) return Optional.of("AWS_PROFILE");
        if (notBlank(cfg.profileAwsProfile())) return Optional.of("aws.profile");
        return Optional.empty();
    }

    /** The AWS named profile in effect: --aws-profile, AWS_PROFILE, then the ddbr profile's aws.profile. */
    public Optional<String> awsProfileName() {
        return Optional.ofNullable(firstNonBlank(cfg.awsProfileFlag(), cfg.env().get("AWS_PROFILE"), cfg.profileAwsProfile()));
    }

    /** Where credentials come from, for messages (never the credentials themselves). */
    public String credentialSource() {
        if (cfg.awsProfileFlag() != null) return "AWS profile '" + cfg.awsProfileFlag() + "' (--aws-profile)";
        if (cfg.env().containsKey("AWS_ACCESS_KEY_ID")) return "environment variables";
        return awsProfileName().map(p -> "AWS profile '" + p + "'").orElse("the default credential chain");
    }

    /**
     * A DynamoDB client that gives up sooner (at most {@value #OPTIONAL_READ_ATTEMPTS} attempts): for the
     * optional parts of a settings snapshot, where an endpoint that lacks an API (emulators answer some
     * with HTTP 500) must not cost the full retry budget with back-off on every read.
     */
    public DynamoDbClient dynamodbForOptionalReads(String region) {
        int attempts = Math.min(OPTIONAL_READ_ATTEMPTS, cfg.maxAttempts());
        return client(AwsService.DYNAMODB, region, DynamoDbClient.builder(), attempts);
    }

    static final int OPTIONAL_READ_ATTEMPTS = 3;

    /**
     * A DynamoDB client whose Scan responses, on threads that called {@link RawScanPages#arm()}, are handed
     * over as raw bytes ({@link RawScanPages}): for {@code backup export}, which writes them as they are.
     */
    public DynamoDbClient dynamodbRawScans(String region) {
        DynamoDbClient c = (DynamoDbClient) clients.computeIfAbsent(AwsService.DYNAMODB + "@" + region + "#raw-scans",
                k -> build(AwsService.DYNAMODB, region, DynamoDbClient.builder(), cfg.maxAttempts(), RawScanPages.capturing(http())));
        return c;
    }

    /**
     * A DynamoDB client for {@code load run}: not cached (one per run), every HTTP attempt reported to {@code listener}
     * (throttles with their reasons, retries included), and the JDK keeping up to {@code connections} idle
     * connections alive so a pool of that many workers does not reconnect on every call.
     */
    public DynamoDbClient dynamodbForLoad(String region, AttemptListener listener, int connections) {
        if (System.getProperty("http.maxConnections") == null) {
            // read once, when the JDK's keep-alive cache first loads: before the first connection of this process
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
        }
        Region r = Region.of(region);
        ClientOverrideConfiguration o = override(cfg.maxAttempts()).toBuilder()
                .addExecutionInterceptor(new AttemptTap(listener)).build();
        var b = DynamoDbClient.builder().region(r).credentialsProvider(credentials()).overrideConfiguration(o).httpClient(http());
        endpoint(AwsService.DYNAMODB, region).ifPresent(b::endpointOverride);
        DynamoDbClient c = b.build();
        clients.put(AwsService.DYNAMODB + "@" + region + "#load-" + System.identityHashCode(c), c);
        return c;
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(AwsService service, String region, B builder) {
        return client(service, region, builder, cfg.maxAttempts());
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(AwsService service, String region, B builder, int attempts) {
        String key = service + "@" + region + (attempts == cfg.maxAttempts() ? "" : "#" + attempts);
        @SuppressWarnings("unchecked")
        C c = (C) clients.computeIfAbsent(key, k -> build(service, region, builder, attempts, http()));
        return c;
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(AwsService service, String region, B builder, int attempts,
                                                          SdkHttpClient httpClient) {
        Region r = Region.of(region);
        builder.region(r)
                .credentialsProvider(credentials())
                .overrideConfiguration(override(attempts));
        endpoint(service, region).ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        return builder.build();
    }

    private ClientOverrideConfiguration override() {
        return override(cfg.maxAttempts());
    }

    private ClientOverrideConfiguration override(int attempts) {
        RetryMode mode = switch (cfg.retryMode().toLowerCase(Locale.ROOT)) {
            case "adaptive" -> RetryMode.ADAPTIVE_V2;
            case "legacy" -> RetryMode.LEGACY;
            default -> RetryMode.STANDARD;
        };
        // a read whose response arrived damaged (CRC32 mismatch) is sent again, within the same budget
        RetryStrategy strategy = AwsRetryStrategy.forRetryMode(mode).toBuilder().maxAttempts(attempts)
                .retryOnException(ReadRetries::retryable).build();
        return ClientOverrideConfiguration.builder()
                .retryStrategy(strategy)
                .addExecutionInterceptor(ReadRetries.INSTANCE)
                .defaultProfileFile(profileFile())
                .defaultProfileName(awsProfileName().orElse("default"))
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "ddbr/" + Version.VERSION)
                .build();
    }

    private SdkHttpClient http() {
        SdkHttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    http = UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(Duration.ofSeconds(60))
                            .build();
                }
                h = http;
            }
        }
        return h;
    }

    /** ~/.aws/config and ~/.aws/credentials, located through the (injectable) environment. */
    ProfileFile profileFile() {
        ProfileFile pf = profileFile;
        if (pf != null) return pf;
        String home = firstNonBlank(cfg.env().get("HOME"), System.getProperty("user.home"));
        Path config = pathOr(cfg.env().get("AWS_CONFIG_FILE"), Paths.get(home, ".aws", "config"));
        Path creds = pathOr(cfg.env().get("AWS_SHARED_CREDENTIALS_FILE"), Paths.get(home, ".aws", "credentials"));
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        if (Files.isRegularFile(creds)) {
            agg.addFile(ProfileFile.builder().content(creds).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (Files.isRegularFile(config)) {
            agg.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        pf = agg.build();
        profileFile = pf;
        return pf;
    }

    private static Path pathOr(String s, Path dflt) {
        if (s == null || s.isBlank()) return dflt;
        if (s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        return Paths.get(s);
    }

    /** Credentials as operators already have them, then the ddbr profile's role, assumed through STS. */
    public AwsCredentialsProvider credentials() {
        AwsCredentialsProvider c = credentials;
        if (c != null) return c;
        synchronized (this) {
            if (credentials == null) {
                AwsCredentialsProvider base = new Masked(baseCredentials());
                if (cfg.roleArn() != null && !cfg.roleArn().isBlank()) {
                    base = new Masked(assumeRole(base));
                }
                credentials = base;
            }
            return credentials;
        }
    }

    private AwsCredentialsProvider baseCredentials() {
        Map<String, String> env = cfg.env();
        if (cfg.awsProfileFlag() != null) return profileProvider(cfg.awsProfileFlag());
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            AwsCredentials creds = token == null || token.isBlank()
                    ? AwsBasicCredentials.create(id, secret)
                    : AwsSessionCredentials.create(id, secret, token);
            return StaticCredentialsProvider.create(creds);
        }
        Optional<String> named = awsProfileName();
        if (named.isPresent()) return profileProvider(named.get());
        List<AwsCredentialsProvider> chain = new ArrayList<>();
        if (env.containsKey("AWS_WEB_IDENTITY_TOKEN_FILE") && env.containsKey("AWS_ROLE_ARN")) {
            chain.add(WebIdentityTokenFileCredentialsProvider.create());
        }
        if (profileFile().profile("default").isPresent()) {
            chain.add(ProfileCredentialsProvider.builder().profileFile(profileFile()).profileName("default").build());
        }
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            chain.add(ContainerCredentialsProvider.builder().build());
        }
        if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_EC2_METADATA_DISABLED", "false"))) {
            chain.add(InstanceProfileCredentialsProvider.builder().build());
        }
        return new ChainProvider(chain);
    }

    private AwsCredentialsProvider profileProvider(String name) {
        if (profileFile().profile(name).isEmpty()) {
            throw DdbrException.config("AWS profile '" + name + "' is not in ~/.aws/config or ~/.aws/credentials",
                    "list profiles with 'aws configure list-profiles', or fix --aws-profile / AWS_PROFILE / aws.profile");
        }
        AwsCredentialsProvider p = ProfileCredentialsProvider.builder().profileFile(profileFile()).profileName(name).build();
        return new NamedProfileProvider(name, p);
    }

    private AwsCredentialsProvider assumeRole(AwsCredentialsProvider base) {
        StsClient sts = (StsClient) clients.computeIfAbsent("STS-base@" + region(), k -> {
            var b = StsClient.builder().region(Region.of(region())).credentialsProvider(base)
                    .overrideConfiguration(override()).httpClient(http());
            endpoint(AwsService.STS, region()).ifPresent(b::endpointOverride);
            return b.build();
        });
        String session = sessionName(cfg.env());
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(cfg.roleArn()).roleSessionName(session).durationSeconds(3600);
                    if (cfg.externalId() != null) r.externalId(cfg.externalId());
                })
                .build();
    }

    /** "ddbr-" plus the OS user, cleaned to STS's role-session-name alphabet, at most 64 characters. */
    static String sessionName(Map<String, String> env) {
        String user = firstNonBlank(env.get("USER"), env.get("USERNAME"), System.getProperty("user.name"), "unknown");
        String s = ("ddbr-" + user).replaceAll("[^\\w+=,.@-]", "_");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    @Override
    public void close() {
        for (Object c : clients.values()) {
            if (c instanceof AutoCloseable ac) {
                try { ac.close(); } catch (Exception ignored) { /* closing */ }
            }
        }
        clients.clear();
        if (http != null) http.close();
    }

    /**
     * Credentials whose secret values are registered with {@link dev.ddbr.output.Redactor} each time they are
     * resolved (refreshed ones too), so that nothing ddbr writes can carry them, and nothing is resolved before the
     * SDK needs them.
     */
    private record Masked(AwsCredentialsProvider delegate) implements AwsCredentialsProvider {
        @Override
        public AwsCredentials resolveCredentials() {
            AwsCredentials c = delegate.resolveCredentials();
            dev.ddbr.output.Redactor.secret(c.secretAccessKey());
            if (c instanceof AwsSessionCredentials s) dev.ddbr.output.Redactor.secret(s.sessionToken());
            return c;
        }
    }

    /**
     * A named AWS profile's credentials; a profile that holds none (or whose SSO token expired) is a one-line
     * configuration error (253), not the SDK's dump of the whole profile file.
     */
    private record NamedProfileProvider(String name, AwsCredentialsProvider delegate) implements AwsCredentialsProvider {
        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                String m = String.valueOf(e.getMessage());
                int dump = m.indexOf(": ProfileFile(");
                String brief = dev.ddbr.output.Redactor.redact((dump < 0 ? m : m.substring(0, dump)).lines().findFirst().orElse("").strip());
                String why = m.contains("no credentials") ? "has no credentials" : "gave no usable credentials (" + brief + ")";
                throw DdbrException.config("AWS profile '" + name + "' " + why,
                        "add credentials or an SSO configuration to it ('aws configure --profile " + name + "' or 'aws configure sso'),"
                                + " run 'aws sso login --profile " + name + "' if it uses SSO, or choose another with --aws-profile / AWS_PROFILE");
            }
        }
    }

    /** A credentials chain whose failure is a one-line configuration error, not a wall of provider names. */
    private static final class ChainProvider implements AwsCredentialsProvider {
        private final List<AwsCredentialsProvider> chain;
        private volatile AwsCredentialsProvider last;

        ChainProvider(List<AwsCredentialsProvider> chain) { this.chain = chain; }

        @Override
        public AwsCredentials resolveCredentials() {
            AwsCredentialsProvider l = last;
            if (l != null) {
                return l.resolveCredentials();
            }
            for (AwsCredentialsProvider p : chain) {
                try {
                    AwsCredentials c = p.resolveCredentials();
                    last = p;
                    return c;
                } catch (RuntimeException e) {
                    // try the next one
                }
            }
            throw DdbrException.config("no AWS credentials found",
                    "set AWS_PROFILE (then 'aws sso login' for SSO), pass --aws-profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
    }
}
