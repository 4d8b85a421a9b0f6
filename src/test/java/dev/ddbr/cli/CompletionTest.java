package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import dev.ddbr.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed completion scripts must match the command tree; regenerate with -Dgolden.update=true. */
class CompletionTest {
    @TempDir
    Path home;

    @Test
    void committedScriptsMatchTheCommandTree() throws IOException {
        for (var shell : CompletionCommand.Shell.values()) {
            Cli.Result r = Cli.isolated(home).run("completion", shell.name());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("table").contains("describe").contains("profile").contains("validate");
            Path committed = Path.of("completions", shell == CompletionCommand.Shell.bash ? "ddbr.bash" : "_ddbr");
            if (Golden.updating()) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, r.out());
            }
            assertThat(committed).as("run the tests with -Dgolden.update=true to regenerate " + committed).exists();
            assertThat(Files.readString(committed)).as(committed + " drifted from the command tree; "
                    + "regenerate with -Dgolden.update=true").isEqualTo(r.out());
        }
    }

    @Test
    void unknownShellIsAUsageError() {
        Cli.Result r = Cli.isolated(home).run("completion", "fish");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("ddbr: error: ").contains("fish").contains("bash, zsh");
        assertThat(r.out()).isEmpty();
    }
}
