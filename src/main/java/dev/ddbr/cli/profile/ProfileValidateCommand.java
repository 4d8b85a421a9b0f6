package dev.ddbr.cli.profile;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.ProfileLoader;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate",
        description = {"Check a profile strictly: YAML syntax, unknown keys (with a suggestion), types and values.",
            "A problem is one line naming file:line:column, exit 253; a valid profile prints a one-line summary.",
            "",
            "Examples:",
            "  ddbr profile validate prod.yaml",
            "  ddbr profile validate prod            # looks up $DDBR_CONFIG_DIR/profiles/prod.yaml",
            "",
            "[API: none]"})
public class ProfileValidateCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE|NAME", arity = "0..1",
            description = "Profile path or name (default: -p, then $DDBR_PROFILE).")
    String file;

    /** JSON: {@code {"file": ..., "valid": true, "tables": N}}. */
    public record Validation(String file, boolean valid, int tables) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            out.line(file + ": valid (" + tables + (tables == 1 ? " table" : " tables") + ")");
        }
    }

    @Override
    protected int execute() {
        String arg = file != null ? file : ctx().globals().profile;
        Path path = arg != null
                ? ctx().locator().locate(arg, file != null ? "the FILE argument" : "-p/--profile")
                : ctx().locator().resolve(null).orElseThrow(() -> dev.ddbr.error.DdbrException.invalid(
                        "no profile to validate", "pass a FILE or NAME, or set -p / DDBR_PROFILE"));
        Profile p = ProfileLoader.load(path);
        render(new Validation(path.toString(), true, p.tables().size()));
        return 0;
    }
}
