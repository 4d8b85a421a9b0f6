package dev.ddbr.cli;

import picocli.CommandLine.Option;

/** For commands that change things: {@code --yes} to skip the question, {@code --dry-run} to only show the plan. */
public class ConfirmOptions {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    public boolean yes;

    @Option(names = "--dry-run", description = "Print the exact plan and change nothing.")
    public boolean dryRun;
}
