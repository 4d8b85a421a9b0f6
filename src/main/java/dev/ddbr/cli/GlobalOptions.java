package dev.ddbr.cli;

import dev.ddbr.output.OutputFormat;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, declared once on the root and inherited (picocli ScopeType.INHERIT).
 * Kept out of @ArgGroup on purpose: picocli has open bugs there.
 */
public class GlobalOptions {
    @Option(names = {"-p", "--profile"}, paramLabel = "FILE|NAME", scope = ScopeType.INHERIT,
            description = "ddbr YAML profile: a path, or a name in $DDBR_CONFIG_DIR/profiles (default: $DDBR_PROFILE).")
    public String profile;

    @Option(names = "--aws-profile", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "AWS named profile from ~/.aws/config (default: $AWS_PROFILE, then the ddbr profile's aws.profile).")
    public String awsProfile;

    @Option(names = "--region", paramLabel = "REGION", scope = ScopeType.INHERIT,
            description = "AWS Region (default: $AWS_REGION, then the profile).")
    public String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Send every AWS call to this endpoint (local emulators, VPC endpoints).")
    public String endpointUrl;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            completionCandidates = OutputFormat.Common.class, converter = FormatConverter.class,
            description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: text).")
    public OutputFormat output;

    /** Names the formats every command takes; sarif is mentioned as audit's own. */
    public static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat f : OutputFormat.values()) {
                if (f.name().equalsIgnoreCase(value.strip())) return f;
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "expected text, json or yaml ('ddbr audit' also takes sarif; 'ddbr alarms plan' and 'ddbr dashboard plan' "
                            + "take cloudformation and terraform) but was '" + value + "'");
        }
    }

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Plain text, no colour (also: NO_COLOR).")
    public boolean noColor;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Only errors on stderr.")
    public boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "More detail on stderr.")
    public boolean verbose;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Full detail on stderr, stack traces included (never credentials).")
    public boolean debug;
}
