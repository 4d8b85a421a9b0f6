package dev.ddbr.cli;

import dev.ddbr.error.DdbrException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks before a change. {@code --yes} answers for the operator; otherwise the question goes to stderr and the
 * answer comes from stdin, which must be a terminal: a script without {@code --yes} is refused (exit 252).
 */
public final class Confirmation {
    private Confirmation() {}

    /**
     * @param what a short description of the change, used in the refusal message
     * @return true to go ahead; false when the operator said no
     */
    public static boolean confirm(AppContext ctx, ConfirmOptions opts, String question, String what) {
        if (opts.yes) return true;
        refuseWithoutTerminal(ctx, what);
        return ask(ctx, ctx.actingOn().text(), question);
    }

    /** Like {@link #confirm(AppContext, ConfirmOptions, String, String)}, for a change in {@code region}. */
    public static boolean confirm(AppContext ctx, ConfirmOptions opts, String question, String what, String region) {
        if (opts.yes) return true;
        refuseWithoutTerminal(ctx, what);
        return ask(ctx, ctx.actingOn(region).text(), question);
    }

    private static void refuseWithoutTerminal(AppContext ctx, String what) {
        if (!ctx.env().stdinTty()) {
            throw DdbrException.invalid("refusing to " + what + " without confirmation: stdin is not a terminal",
                    "pass --yes to confirm, or --dry-run to see the plan");
        }
    }

    /** The question goes to stderr after a line saying where: account, Region, endpoint. */
    private static boolean ask(AppContext ctx, String where, String question) {
        var err = ctx.console().err();
        err.println("ddbr: acting on " + where);
        err.print("ddbr: " + question + " [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.env().stdin(), StandardCharsets.UTF_8)).readLine();
            if (line == null) return false;
            String a = line.strip().toLowerCase(Locale.ROOT);
            return a.equals("y") || a.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
