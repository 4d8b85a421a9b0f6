package dev.ddbr.cli.backup;

import dev.ddbr.cli.Environment;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --yes} and {@code --dry-run} for the destructive backup verbs, and the confirmation rule: a
 * terminal is asked, a non-terminal without --yes is refused. (Backup's own copy; the lead may unify it
 * with a shared ConfirmOptions.)
 */
public class BackupConfirmOptions {
    @Option(names = "--dry-run", description = "Show exactly what would be done; change nothing.")
    public boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do it without asking (for scripts and cron).")
    public boolean yes;

    /**
     * Returns normally when the action may go ahead; false when a person answered no. A non-terminal
     * without --yes is refused (exit 2), since nobody can answer.
     */
    public boolean confirm(Environment env, PrintWriter err, String question) {
        if (yes) return true;
        if (!env.stdinTty() || !env.stderrTty()) {
            throw new DdbrException(ExitCodes.USAGE, "refusing to " + question + " without --yes: stdin is not a terminal",
                    "check the plan with --dry-run, then add --yes");
        }
        err.print("ddbr: " + question + "? [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8)).readLine();
            return line != null && (line.strip().toLowerCase(Locale.ROOT).equals("y")
                    || line.strip().toLowerCase(Locale.ROOT).equals("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
