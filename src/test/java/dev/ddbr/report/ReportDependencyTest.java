package dev.ddbr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * report/ builds pages from the domain packages' results (skew, capacity, audit, ...), so it depends on them and
 * never the other way: only cli reaches report. A domain package that needs a terminal chart uses output/TerminalChart.
 */
class ReportDependencyTest {
    @Test
    void onlyCliDependsOnReport() throws IOException {
        Path root = Path.of("src/main/java/dev/ddbr");
        assertThat(root).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(root.resolve("cli")) && !p.startsWith(root.resolve("report")))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("dev.ddbr.report.");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
        assertThat(offenders).as("classes outside cli/ that use report/").isEmpty();
    }
}
