package dev.ddbr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each report, rendered from a fixed result, opened in a real headless Chromium (Debian's package, installed by
 * scripts/local-aws install, which scripts/test and CI run): no console error, no network request, every chart's
 * SVG present with its title, the hostile text shown as text; a screenshot lands in target/report-browser/ for a
 * person to look at. Chromium is driven over its DevTools pipe by src/test/resources/report/check-page.js (node's
 * standard library only).
 */
class ReportBrowserTest {
    static final Path OUT = Path.of("target/report-browser");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void skewReportOpensCleanly() throws Exception {
        JsonNode r = open("skew", Reports.of(ReportFixtures.skew(40), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(4);
        assertThat(r.get("text").asText()).contains(ReportFixtures.HOSTILE_KEY, ReportFixtures.QUOTED_KEY,
                ReportFixtures.NON_ASCII_KEY, ReportFixtures.HOSTILE_TABLE);
        assertThat(r.get("verdict").asText()).startsWith("Verdict").contains("HOT: table key '" + ReportFixtures.HOSTILE_KEY);
    }

    @Test
    void auditReportOpensCleanly() throws Exception {
        JsonNode r = open("audit", Reports.of(ReportFixtures.audit(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(2);
        assertThat(r.get("text").asText()).contains("point-in-time recovery is off <script>alert(1)</script>",
                ReportFixtures.HOSTILE_TABLE);
    }

    @Test
    void whatIfReportOpensCleanly() throws Exception {
        JsonNode r = open("what-if", Reports.of(ReportFixtures.whatIf(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(2);
        assertThat(r.get("headings").get(1).asText()).isEqualTo("1 surviving Region would pass its write ceiling after losing eu-west-1");
        assertThat(r.get("text").asText()).contains("twice the previous peak <b>600</b>", ReportFixtures.HOSTILE_TABLE);
    }

    @Test
    void capacityReportOpensCleanly() throws Exception {
        JsonNode r = open("capacity", Reports.of(ReportFixtures.capacity(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(4);
        assertThat(r.get("headings").get(0).asText()).startsWith("orders reads: peak 1,200 units/s against 1,000 provisioned");
        assertThat(r.get("text").asText()).contains(ReportFixtures.HOSTILE_TABLE + "/by-status");
    }

    @Test
    void loadReportOpensCleanly() throws Exception {
        JsonNode r = open("load", Reports.of(ReportFixtures.load(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(5);
        assertThat(r.get("headings").get(1).asText()).isEqualTo("Achieved fell more than 5% behind the offered rate in 16 of 60 intervals");
        assertThat(r.get("headings").get(2).asText()).isEqualTo("Latency over time: the worst p99 is 52.00 ms at 24.0 s");
        assertThat(r.get("headings").get(4).asText()).isEqualTo("449 throttled attempt(s); the most: TableWriteProvisionedThroughputExceeded");
        assertThat(r.get("text").asText()).contains("Load test: " + ReportFixtures.HOSTILE_TABLE, "SLO breached");
    }

    @Test
    void restoreReportOpensCleanly() throws Exception {
        JsonNode r = open("restore", Reports.of(ReportFixtures.restore(), 1800, ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(1);
        assertThat(r.get("headings").get(0).asText()).startsWith("Recovered in 14m 52s, within the RTO of 30m");
        assertThat(r.get("text").asText()).contains("AccessDeniedException: not allowed <script>alert(1)</script>",
                ReportFixtures.HOSTILE_TABLE, "orders-restored-Zürich");
    }

    @Test
    void backupVerifyReportOpensCleanly() throws Exception {
        JsonNode r = open("backup-verify", Reports.of(ReportFixtures.drill(), 300, ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(1);
        assertThat(r.get("headings").get(0).asText()).startsWith("Recovered in 6m 40s, over the RTO of 5m");
        assertThat(r.get("text").asText()).contains("ddbr-orders-2026-12-08 <nightly>", ReportFixtures.HOSTILE_TABLE);
    }

    @Test
    void failoverCheckReportOpensCleanly() throws Exception {
        JsonNode r = open("failover-check", Reports.of(ReportFixtures.readiness(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(3);
        assertThat(r.get("text").asText()).contains("AccessDeniedException <script>alert(1)</script>", ReportFixtures.HOSTILE_TABLE,
                "UNAVAILABLE");
    }

    @Test
    void failoverDrillReportOpensCleanly() throws Exception {
        JsonNode r = open("failover-drill", Reports.of(ReportFixtures.failoverDrill(), ReportFixtures.meta()));
        assertThat(r.get("charts")).hasSize(3);
        assertThat(r.get("headings").get(0).asText()).isEqualTo("Measured RPO 1.47s, within the target of 5s; 1 canary never arrived");
        assertThat(r.get("text").asText()).contains("DdbrPause<r>", ReportFixtures.HOSTILE_TABLE);
    }

    /** Write the page, open it in Chromium, and check what every report must hold; returns the page's facts. */
    static JsonNode open(String name, String html) throws Exception {
        String chromium = chromium();
        Files.createDirectories(OUT);
        Path page = OUT.resolve(name + ".html");
        Path shot = OUT.resolve(name + ".png");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        Files.deleteIfExists(shot);
        Path script = Path.of("src/test/resources/report/check-page.js");
        Process p = new ProcessBuilder("node", script.toString(), chromium, page.toString(), shot.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("check-page.js finished").isTrue();
        JsonNode r = JSON.readTree(out);
        assertThat(p.exitValue()).as("check-page.js: %s", out).isZero();
        assertThat(r.get("consoleErrors")).as("console errors").isEmpty();
        assertThat(r.get("requests")).as("network requests").isEmpty();
        assertThat(r.get("scripts").asInt()).isZero();
        assertThat(r.get("title").asText()).endsWith("(ddbr)");
        // every chart: an SVG with a non-empty title equal to its heading, drawn at a real size
        List<String> titles = new ArrayList<>();
        for (JsonNode c : r.get("charts")) {
            assertThat(c.get("title").asText()).isNotBlank();
            assertThat(c.get("width").asDouble()).isGreaterThan(300);
            assertThat(c.get("height").asDouble()).isGreaterThan(100);
            titles.add(c.get("title").asText());
        }
        List<String> headings = new ArrayList<>();
        r.get("headings").forEach(h -> headings.add(h.asText()));
        assertThat(titles).isEqualTo(headings);
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("screenshot size").isGreaterThan(20_000);
        return r;
    }

    /** $CHROMIUM, else chromium on the PATH; missing: a clear failure in CI, a skip with the install hint elsewhere. */
    static String chromium() {
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) return env;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String n : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, n))) return Path.of(dir, n).toString();
            }
        }
        String why = "no chromium on the PATH: the report tests need a real headless browser; install it with "
                + "scripts/local-aws install (as root) or apt-get install -y chromium";
        if (System.getenv("CI") != null) fail(why);
        Assumptions.abort(why);
        return null;
    }
}
