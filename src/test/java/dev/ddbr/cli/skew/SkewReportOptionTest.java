package dev.ddbr.cli.skew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import dev.ddbr.testing.ExportWriter;
import dev.ddbr.testing.ExportWriter.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --report on skew export (a local export, no AWS): the page is written beside stdout's report; bad paths are 252. */
class SkewReportOptionTest {
    @TempDir
    Path home;

    @TempDir
    Path exports;

    @TempDir
    Path out;

    @Test
    void writesTheHtmlReportAndKeepsStdoutTheSame() throws Exception {
        ExportWriter.write(exports, "01700000000000-abcdef12", Format.DYNAMODB_JSON, 2, SkewExportCommandTest.skewed());
        Path page = out.resolve("skew.html");
        Cli.Result r = Cli.isolated(home).run("--region", "eu-west-1", "skew", "export", exports.toString(), "--key", "tenant",
                "--report", page.toString(), "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero(); // skewed, not hot, at this size
        assertThat(r.out()).startsWith("{");
        assertThat(r.err()).contains("ddbr: report written to " + page);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "Key skew: orders (export)", "SKEWED", "eu-west-1",
                "ddbr --region eu-west-1 skew export");
    }

    @Test
    void aMissingFolderIsRefusedBeforeAnyWork() {
        Path page = out.resolve("no/such/folder/skew.html");
        Cli.Result r = Cli.isolated(home).run("skew", "export", exports.resolve("nothing").toString(), "--key", "tenant",
                "--report", page.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.err()).contains("--report").contains("does not exist");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }
}
