package dev.ddbr.cli;

import dev.ddbr.error.ExitCodes;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun with verbs under it: run alone, it is a usage error that names the verbs. */
@picocli.CommandLine.Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_130, ExitCodes.HELP_143,
            ExitCodes.HELP_252, ExitCodes.HELP_253, ExitCodes.HELP_254, ExitCodes.HELP_255,
        })
public abstract class GroupCommand implements Runnable {
    @Spec
    protected CommandSpec spec;

    /**
     * The verbs under this noun, in the order help lists them. They are not in the {@code @Command} annotation:
     * picocli would build every verb's model (reflection over all options) on every start, about 150 ms; the
     * command line adds a group's verbs only when the group is named (see {@code Main.commandLine}).
     */
    public abstract Class<?>[] verbs();

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' needs a subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
