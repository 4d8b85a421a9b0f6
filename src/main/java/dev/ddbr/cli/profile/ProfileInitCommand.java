package dev.ddbr.cli.profile;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.ProfileTemplates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init",
        description = {"Write a commented starter profile. Never overwrites a file unless --force.",
            "Without PATH it goes to $DDBR_CONFIG_DIR/profiles/NAME.yaml (NAME from --name, default 'default'); "
                    + "'-' prints it on stdout.",
            "",
            "Examples:",
            "  ddbr profile init                       # ~/.config/ddbr/profiles/default.yaml",
            "  ddbr profile init --name prod           # then: ddbr -p prod ...",
            "  ddbr profile init ./ddbr.yaml",
            "  ddbr profile init - > ddbr.yaml",
            "",
            "[API: none]"})
public class ProfileInitCommand extends BaseCommand {
    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Where to write it, or '-' for stdout.")
    String path;

    @Option(names = "--name", paramLabel = "NAME", description = "Profile name in the config directory (default: default).")
    String name;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    /** JSON: {@code {"path": ..., "created": true}}. */
    public record Written(String path, boolean overwritten) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            out.line(path);
        }
    }

    @Override
    protected int execute() {
        String text = ProfileTemplates.starter();
        if ("-".equals(path)) {
            ctx().out().print(text);
            ctx().out().flush();
            return 0;
        }
        if (path != null && name != null) {
            throw DdbrException.invalid("give a PATH or --name, not both", "--name writes into the config directory");
        }
        if (name != null && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw DdbrException.invalid("invalid profile name '" + name + "'", "use letters, digits, '.', '_' and '-'");
        }
        Path target = path != null ? Path.of(path)
                : ctx().locator().profilesDir().resolve((name == null ? "default" : name) + ".yaml");
        boolean existed = Files.exists(target);
        if (existed && !force) {
            throw DdbrException.invalid(target + " already exists", "pass --force to overwrite it, or choose another --name");
        }
        try {
            if (target.getParent() != null) Files.createDirectories(target.getParent());
            if (force) {
                Files.writeString(target, text, StandardCharsets.UTF_8);
            } else {
                Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw DdbrException.invalid(target + " already exists", "pass --force to overwrite it");
        } catch (IOException e) {
            throw DdbrException.invalid("cannot write " + target + ": " + e.getMessage(), "check the directory and its permissions");
        }
        console().info("wrote a starter profile to " + target + "; check it with: ddbr profile validate " + target);
        render(new Written(target.toString(), existed));
        return 0;
    }
}
