package dev.ddbr.cli;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every leaf command: access to the invocation's context, and the exit code contract. */
@picocli.CommandLine.Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_130, ExitCodes.HELP_143,
            ExitCodes.HELP_252, ExitCodes.HELP_253, ExitCodes.HELP_254, ExitCodes.HELP_255,
        })
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected AppContext ctx() {
        return ((DdbrCommand) spec.root().userObject()).context();
    }

    protected Console console() { return ctx().console(); }

    protected ClientFactory aws() { return ctx().aws(); }

    /** Render a result on stdout in the chosen format. */
    protected void render(Object result) { ctx().renderer().render(result); }

    /**
     * Render a --dry-run plan with where it would act (account, Region, endpoint): a first line in text, an
     * {@code actingOn} member in JSON and YAML.
     */
    protected void renderPlan(Object plan) { renderPlan(plan, aws().region()); }

    /** {@link #renderPlan(Object)} for a plan that acts in {@code region}. */
    protected void renderPlan(Object plan, String region) { renderPlan(ctx(), plan, region); }

    /** {@link #renderPlan(Object, String)} for static helpers shared between commands. */
    public static void renderPlan(AppContext ctx, Object plan, String region) {
        var where = ctx.actingOn(region);
        ctx.renderer().renderWith(plan, "acting on: " + where.text(), "actingOn", where);
    }

    @Override
    public final Integer call() throws Exception {
        if (ctx().format() == dev.ddbr.output.OutputFormat.sarif && !supportsSarif()) {
            // Refuse before doing anything: -o sarif exists for 'ddbr audit' only.
            throw dev.ddbr.error.DdbrException.invalid("-o sarif is only for 'ddbr audit'", "use -o text, json or yaml");
        }
        if (ctx().format().isTemplate() && !supportsTemplates()) {
            throw dev.ddbr.error.DdbrException.invalid("-o " + ctx().format() + " is only for 'ddbr alarms plan' and 'ddbr dashboard plan'",
                    "use -o text, json or yaml");
        }
        String region = ctx().globals().region;
        if (region != null) {
            // before any call, the same rule as the profile's aws.region, with "did you mean"
            dev.ddbr.util.Regions.problem(region).ifPresent(p -> {
                throw dev.ddbr.error.DdbrException.invalid("--region: " + p, dev.ddbr.util.Regions.HINT);
            });
        }
        return execute();
    }

    /**
     * A ddbr command line to print in a "resume with" / "run again" hint: {@code ddbr}, then the options of this
     * invocation that choose where it acts (-p, --aws-profile, --region, --endpoint-url), then {@code args}
     * (null entries skipped), each quoted for a POSIX shell when it needs to be: pasted, it acts on the same
     * account, Region and endpoint.
     */
    protected String ddbrCommand(String... args) {
        GlobalOptions g = ctx().globals();
        StringBuilder b = new StringBuilder("ddbr");
        String[][] where = {{"-p", g.profile}, {"--aws-profile", g.awsProfile}, {"--region", g.region}, {"--endpoint-url", g.endpointUrl}};
        for (String[] o : where) {
            if (o[1] != null) b.append(' ').append(o[0]).append(' ').append(shellQuote(o[1]));
        }
        if (g.output != null) b.append(" -o ").append(g.output.name()); // what stdout carries is part of the command
        for (String a : args) {
            if (a != null) b.append(' ').append(shellQuote(a));
        }
        return b.toString();
    }

    /** Quoted for a POSIX shell when it needs to be, so a printed command can be pasted. */
    public static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:@%+=,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Whether this command can write {@code -o cloudformation} and {@code -o terraform}: the alarms and dashboard plans. */
    protected boolean supportsTemplates() { return false; }

    /** Whether this command can write {@code -o sarif}; only {@code ddbr audit} can. */
    protected boolean supportsSarif() { return false; }

    /** Do the work; return an exit code from {@link ExitCodes}. Throw DdbrException for expected failures. */
    protected abstract int execute() throws Exception;
}
