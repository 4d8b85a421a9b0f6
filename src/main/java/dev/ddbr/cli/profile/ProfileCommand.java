package dev.ddbr.cli.profile;

import dev.ddbr.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "profile", description = "ddbr YAML profiles: validate, show the resolved settings, write a starter.")
public class ProfileCommand extends GroupCommand {
    @Override
    public Class<?>[] verbs() {
        return new Class<?>[] {ProfileValidateCommand.class, ProfileShowCommand.class, ProfileInitCommand.class};
    }
}
