package dev.ddbr.cli;

import dev.ddbr.aws.ActingOn;
import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.output.Console;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.ProfileLoader;
import dev.ddbr.profile.ProfileLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One invocation's context: streams, output, the resolved profile and the AWS client factory. Everything
 * expensive is lazy, so commands that do not talk to AWS never load the SDK.
 */
public final class AppContext implements AutoCloseable {
    private final Environment env;
    private final GlobalOptions globals;
    private final PrintWriter out;
    private final PrintWriter err;
    private Console console;
    private Renderer renderer;
    private Profile profile;
    private boolean profileLoaded;
    private ClientFactory aws;
    private boolean chartsForced;

    AppContext(Environment env, GlobalOptions globals, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.globals = globals;
        this.out = out;
        this.err = err;
    }

    public Environment env() { return env; }

    public GlobalOptions globals() { return globals; }

    public PrintWriter out() { return out; }

    public OutputFormat format() { return globals.output == null ? OutputFormat.text : globals.output; }

    public Console console() {
        if (console == null) {
            Console.Level level = globals.debug ? Console.Level.DEBUG : globals.verbose ? Console.Level.VERBOSE
                    : globals.quiet ? Console.Level.QUIET : Console.Level.NORMAL;
            boolean colour = env.stderrTty() && !globals.noColor && !env.noColor();
            console = new Console(err, level, env.stderrTty(), new Style(colour));
        }
        return console;
    }

    public Renderer renderer() {
        if (renderer == null) {
            boolean colour = env.stdoutTty() && !globals.noColor && !env.noColor() && format() == OutputFormat.text;
            renderer = new Renderer(format(), out, new Style(colour, charts()));
        }
        return renderer;
    }

    /** {@code --chart}: draw the text output's Unicode charts even to a pipe. Call before anything is rendered. */
    public void forceCharts() { chartsForced = true; }

    /** Whether text output holds compact Unicode charts: text on a UTF-8 terminal, or --chart; never JSON or YAML. */
    public boolean charts() {
        return dev.ddbr.output.TerminalChart.wanted(format() == OutputFormat.text, env.stdoutTty(), env.vars(), chartsForced);
    }

    /** The profile named by -p or DDBR_PROFILE, if any. */
    public Optional<Profile> profile() {
        if (!profileLoaded) {
            profileLoaded = true;
            Optional<Path> path = locator().resolve(globals.profile);
            profile = path.map(ProfileLoader::load).orElse(null);
            path.ifPresent(p -> console().verbose("profile " + p));
        }
        return Optional.ofNullable(profile);
    }

    /** Finds profiles by path or name, in the (injectable) config directory. */
    public ProfileLocator locator() {
        String home = env.vars().getOrDefault("HOME", System.getProperty("user.home"));
        return new ProfileLocator(env.vars(), Path.of(home));
    }

    /** The profile, or the empty one when none is set. */
    public Profile profileOrEmpty() {
        return profile().orElseGet(Profile::empty);
    }

    /** The AWS client factory; the profile is read first, since it shapes AWS access. */
    public ClientFactory aws() {
        if (aws == null) {
            aws = new ClientFactory(awsConfig());
            warnEnvironmentOverrides(aws);
            // the profile is read: from here the command may act on AWS
            InterruptNotice.acting();
        }
        return aws;
    }

    /**
     * One warning line when an environment variable overrides a different value the ddbr profile sets
     * (AWS_REGION over aws.region, AWS_ENDPOINT_URL[_SERVICE] over aws.endpoints); -q hides it.
     */
    private void warnEnvironmentOverrides(ClientFactory f) {
        if (profile().isEmpty() || globals.quiet) return;
        var overrides = f.environmentOverrides();
        if (overrides.isEmpty()) return;
        console().warn("the environment overrides the ddbr profile: " + String.join("; ", overrides)
                + " (unset the variable, or pass --region / --endpoint-url to choose on purpose)");
    }

    /** Where this run acts in {@code region} (account asked once per run, never failing): for prompts and plans. */
    public ActingOn actingOn(String region) {
        return aws().actingOn(region);
    }

    /** Where this run acts in its Region. */
    public ActingOn actingOn() {
        return aws().actingOn(aws().region());
    }

    AwsConfig awsConfig() {
        var a = profileOrEmpty().aws();
        return new AwsConfig(env.vars(), globals.region, globals.awsProfile, globals.endpointUrl,
                a.region().orElse(null), a.profile().orElse(null), a.roleArn().orElse(null),
                a.externalId().orElse(null), a.endpoints(), a.regionEndpoints(),
                a.retry().mode().key(), a.retry().maxAttempts());
    }

    @Override
    public void close() {
        if (aws != null) aws.close();
    }
}
