package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.Main;
import dev.ddbr.testing.Golden;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Man pages in AsciiDoc (docs/man/), generated from the command tree by picocli. Render with
 * {@code asciidoctor -b manpage docs/man/ddbr.adoc}. Checked for drift; regenerate with -Dgolden.update=true.
 */
class ManPageTest {
    @TempDir
    Path tmp;

    @Test
    void committedManPagesMatchTheCommandTree() throws IOException {
        CommandLine cl = Main.commandLine(new DdbrCommand(new Environment(Map.of(), false, false, false, System.in)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        ManPageGenerator.generateManPage(tmp.toFile(), null, new boolean[0], true, cl.getCommandSpec());
        Map<String, String> generated = read(tmp);
        Path committed = Path.of("docs", "man");
        if (Golden.updating()) {
            if (Files.isDirectory(committed)) {
                try (Stream<Path> old = Files.list(committed)) {
                    for (Path p : old.toList()) Files.delete(p);
                }
            }
            Files.createDirectories(committed);
            for (var e : generated.entrySet()) Files.writeString(committed.resolve(e.getKey()), e.getValue());
        }
        assertThat(generated).containsKey("ddbr.adoc").containsKey("ddbr-table-describe.adoc");
        assertThat(read(committed)).as("docs/man drifted from the command tree; regenerate with -Dgolden.update=true")
                .isEqualTo(generated);
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) return m;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) m.put(p.getFileName().toString(), Files.readString(p));
        }
        return m;
    }
}
