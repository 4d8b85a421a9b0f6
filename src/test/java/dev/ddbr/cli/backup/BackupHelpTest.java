package dev.ddbr.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup help texts can be read and pasted: full-sentence summaries, one example per line. */
class BackupHelpTest {
    static final List<String> LEAVES = List.of("create", "list", "prune", "export", "status", "import", "run", "copy", "doctor", "verify");

    @TempDir
    Path home;

    @Test
    void everyExampleIsOneLineThatCanBePasted() {
        for (String leaf : LEAVES) {
            Cli.Result r = Cli.isolated(home).run("backup", leaf, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String out = r.out();
            String examples = out.substring(out.indexOf("Examples:") + "Examples:".length(), out.indexOf("[API:"));
            List<String> lines = examples.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as(leaf).isNotEmpty();
            // a wrapped example shows up as a line without the two-space indent and without a command at its start
            assertThat(lines).as(leaf + " examples:\n" + examples)
                    .allMatch(l -> l.startsWith("  ddbr ") || l.matches("  [A-Z]+=.*"));
        }
    }

    @Test
    void summariesInTheGroupHelpAreWholeSentences() {
        Cli.Result r = Cli.isolated(home).run("backup", "--help");
        String commands = r.out().substring(r.out().indexOf("Commands:") + "Commands:".length());
        commands = commands.substring(0, commands.indexOf("\n\n"));
        // join the wrapped continuation lines, then every summary ends with a full stop
        String joined = commands.replaceAll("\\n {10,}", " ");
        List<String> rows = joined.strip().lines().toList();
        assertThat(rows).hasSize(LEAVES.size());
        assertThat(rows).allSatisfy(l -> assertThat(l.strip()).endsWith("."));
    }
}
