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
 * Man pages in AsciiDoc (docs/man/), generated from the command tree by picocli, and the same in roff
 * (docs/man1/, converted by {@link ManRoff}; what scripts/install installs, so no asciidoctor is needed).
 * Checked for drift; regenerate with -Dgolden.update=true.
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
        Map<String, String> roff = new TreeMap<>();
        generated.forEach((name, adoc) -> roff.put(name.replaceFirst("\\.adoc$", ".1"), ManRoff.convert(adoc, "ddbr")));
        if (Golden.updating()) {
            for (Path dir : new Path[] {committed, ROFF}) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> old = Files.list(dir)) {
                        for (Path p : old.toList()) Files.delete(p);
                    }
                }
                Files.createDirectories(dir);
            }
            for (var e : generated.entrySet()) Files.writeString(committed.resolve(e.getKey()), e.getValue());
            for (var e : roff.entrySet()) Files.writeString(ROFF.resolve(e.getKey()), e.getValue());
        }
        assertThat(generated).containsKey("ddbr.adoc").containsKey("ddbr-table-describe.adoc");
        assertThat(read(committed)).as("docs/man drifted from the command tree; regenerate with -Dgolden.update=true")
                .isEqualTo(generated);
        assertThat(read(ROFF)).as("docs/man1 (roff, installed by scripts/install) drifted; regenerate with -Dgolden.update=true")
                .isEqualTo(roff);
    }

    /** The roff pages scripts/install copies to PREFIX/share/man/man1 ({@code man -M docs ddbr} works from the checkout). */
    static final Path ROFF = Path.of("docs", "man1");

    @Test
    void manRendersTheRoffPages() throws Exception {
        Path page = ROFF.resolve("ddbr-backup-prune.1");
        assertThat(page).exists();
        boolean haveMan = new ProcessBuilder("sh", "-c", "command -v man && command -v groff").start().waitFor() == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(haveMan, "man and groff are not installed");
        ProcessBuilder pb = new ProcessBuilder("man", "-l", page.toString()).redirectErrorStream(false);
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("MANWIDTH", "100");
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        String plain = out.replaceAll(".\b", ""); // overstrike bold, if any
        assertThat(plain).contains("DDBR-BACKUP-PRUNE(1)", "NAME", "ddbr-backup-prune - Delete a table's old on-demand backups",
                "--older-than=DURATION", "ddbr backup prune orders --keep-last 7 --dry-run", "EXIT CODES", "252")
                .doesNotContain("\\fB", ".TP", "::", "*--dry-run*");
        // groff itself finds nothing wrong in any page
        for (Path f : read(ROFF).keySet().stream().map(ROFF::resolve).toList()) {
            Process g = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", f.toString()).start();
            String warnings = new String(g.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(g.waitFor()).isZero();
            assertThat(warnings).as(f.toString()).isEmpty();
        }
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
