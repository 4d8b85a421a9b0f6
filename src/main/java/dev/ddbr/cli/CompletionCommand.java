package dev.ddbr.cli;

import dev.ddbr.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script. Never loads the AWS SDK. */
@Command(name = "completion",
        description = {"Print a completion script for bash or zsh.",
            "",
            "Examples:",
            "  source <(ddbr completion bash)",
            "  ddbr completion bash > ~/.local/share/bash-completion/completions/ddbr",
            "  ddbr completion zsh > \"${fpath[1]}/_ddbr\"",
            "",
            "[API: none]"})
public class CompletionCommand extends BaseCommand {
    public enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    protected int execute() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(shell));
        out.flush();
        return 0;
    }

    /** The script, generated from the live command tree (the committed copies are checked against this). */
    public static String script(Shell shell) {
        DdbrCommand root = new DdbrCommand(new Environment(java.util.Map.of(), false, false, false, System.in));
        CommandLine cl = Main.commandLine(root, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        String bash = AutoComplete.bash("ddbr", cl);
        if (shell == Shell.bash) return bash;
        return "#compdef ddbr\n# zsh completion for ddbr, through bashcompinit\n"
                + "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash;
    }
}
