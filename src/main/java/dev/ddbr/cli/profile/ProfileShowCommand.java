package dev.ddbr.cli.profile;

import dev.ddbr.aws.AwsService;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "show",
        description = {"Print the resolved settings: the profile with defaults filled in, and how AWS access "
                + "resolves after flags and environment (Region, AWS profile, credential source, role, endpoints), "
                + "each with where it came from (flag, environment, profile, AWS config). "
                + "Never prints a secret; makes no AWS call.",
            "",
            "Examples:",
            "  ddbr -p prod profile show",
            "  ddbr -p prod --region us-east-1 profile show -o json",
            "",
            "[API: none]"})
public class ProfileShowCommand extends BaseCommand {

    /**
     * JSON: {@code {"source": path or null, "settings": {...profile keys...}, "aws": {"region", "regionError",
     * "awsProfile", "credentials", "roleArn", "endpoints": {service: url}, "sources": {field: origin}}}}.
     */
    public record Shown(String source, Map<String, Object> settings, Effective aws) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            out.heading("# profile: " + (source == null ? "(none: flags, environment and SDK defaults only)" : source));
            try {
                out.line(Renderer.yaml().writeValueAsString(settings).stripTrailing());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.blank();
            out.heading("# effective AWS access");
            List<String[]> kv = new ArrayList<>();
            kv.add(TextWriter.kv("region", aws.region() != null ? aws.region() + from("region") : "unset (" + aws.regionError() + ")"));
            kv.add(TextWriter.kv("aws profile", aws.awsProfile() == null ? "-" : aws.awsProfile() + from("awsProfile")));
            kv.add(TextWriter.kv("credentials", aws.credentials()));
            kv.add(TextWriter.kv("role", aws.roleArn() == null ? "-" : aws.roleArn() + " (assumed through STS)" + from("roleArn")));
            aws.endpoints().forEach((k, v) -> kv.add(TextWriter.kv("endpoint " + k, v + from("endpoints." + k))));
            if (aws.endpoints().isEmpty()) kv.add(TextWriter.kv("endpoints", "AWS defaults"));
            out.keyValues(kv);
        }

        private String from(String key) {
            String src = aws.sources().get(key);
            return src == null ? "" : "  (" + src + ")";
        }
    }

    /**
     * @param sources where each value came from, keyed by field ({@code region}, {@code awsProfile},
     *                {@code roleArn}, {@code endpoints.<service>}): {@code flag --region},
     *                {@code environment AWS_REGION}, {@code profile aws.region}, {@code AWS config profile 'x'}
     */
    public record Effective(String region, String regionError, String awsProfile, String credentials, String roleArn,
                            Map<String, String> endpoints, Map<String, String> sources) {}

    /** "flag --region", "environment AWS_REGION", "profile aws.region", "AWS config profile 'x'". */
    static String kind(String source) {
        if (source.startsWith("--")) return "flag " + source;
        if (source.startsWith("AWS_")) return "environment " + source;
        if (source.startsWith("aws.")) return "profile " + source;
        return "AWS config " + source.replace("AWS profile", "profile");
    }

    @Override
    protected int execute() {
        Profile p = ctx().profileOrEmpty();
        ClientFactory f = aws();
        String region = null;
        String regionError = null;
        try {
            region = f.region();
        } catch (DdbrException e) {
            regionError = e.getMessage();
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (region != null) {
            sources.put("region", kind(f.regionSource()));
            for (AwsService s : AwsService.values()) {
                String r = region;
                f.endpoint(s, r).ifPresent(u -> endpoints.put(s.profileKey(), u.toString()));
                f.endpointSource(s, r).ifPresent(src -> sources.put("endpoints." + s.profileKey(), kind(src)));
            }
        }
        f.awsProfileSource().ifPresent(src -> sources.put("awsProfile", kind(src)));
        if (f.config().roleArn() != null) sources.put("roleArn", "profile aws.role_arn");
        render(new Shown(p.source().map(Object::toString).orElse(null), p.toResolvedMap(),
                new Effective(region, regionError, f.awsProfileName().orElse(null), f.credentialSource(),
                        f.config().roleArn(), endpoints, sources)));
        return 0;
    }
}
