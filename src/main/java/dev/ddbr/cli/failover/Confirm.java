package dev.ddbr.cli.failover;

import dev.ddbr.cli.AppContext;
import dev.ddbr.error.DdbrException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Confirmation for steps that change things: --yes goes ahead; on a terminal the operator is asked on
 * stderr; without a terminal and without --yes ddbr refuses. (Private until the shared helper lands.)
 */
final class Confirm {
    private Confirm() {}

    /** Returns normally to go ahead; throws to stop (exit 252 when refused, 130-like "aborted" as 1). */
    static boolean ask(AppContext ctx, boolean yes, String question) {
        if (yes) return true;
        if (!ctx.env().stdinTty()) {
            throw DdbrException.invalid("refusing to " + question + " without confirmation (stdin is not a terminal)",
                    "pass --yes to go ahead, or --dry-run to see the plan");
        }
        var err = ctx.console().err();
        err.print("ddbr: " + question + "? [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.env().stdin(), StandardCharsets.UTF_8)).readLine();
            return line != null && (line.strip().toLowerCase(Locale.ROOT).equals("y") || line.strip().toLowerCase(Locale.ROOT).equals("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
