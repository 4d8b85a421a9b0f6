package dev.ddbr.cli.skew;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbr.testing.Sigint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C during skew insights (the packaged jar against the AWS-shaped responses of SkewInsightsWireTest):
 * the table's reports were read, the index's report hangs; the partial report holds the table, says the index was
 * not covered, and the command exits 130 with one line.
 * Tagged like the emulator tests so failsafe runs it against the packaged jar; it needs no emulator.
 */
@Tag("emulator")
class SkewInsightsInterruptIT {
    @TempDir
    Path home;

    final SkewInsightsWireTest aws = new SkewInsightsWireTest();

    @BeforeEach
    void start() {
        aws.home = home;
        aws.start();
    }

    @AfterEach
    void stop() { aws.stop(); }

    @Test
    void ctrlCPrintsThePartsRead() throws Exception {
        aws.insightsStatus("ENABLED");
        aws.cw(1, SkewInsightsWireTest.report(10000, 321, "tenant-7", "4500", "tenant-1", "500"), "Action=GetInsightRuleReport",
                "RuleName=" + SkewInsightsWireTest.PKC);
        aws.cw(5, SkewInsightsWireTest.report(0, 0), "Action=GetInsightRuleReport", "RuleName=DynamoDBContributorInsights-");
        aws.cw(5, SkewInsightsWireTest.stats("Any"), "Action=GetMetricStatistics");
        // the index's most-accessed report does not come back in time
        aws.wm.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withRequestBody(containing("Action=GetInsightRuleReport"))
                .withRequestBody(containing("RuleName=DynamoDBContributorInsights-PKC-orders%2Findex%2Fby-status"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(120_000).withBody("")));
        Sigint.Run run = Sigint.interrupt(aws.cli().envMap(), home, Sigint.Ready.polling("the index's report asked for",
                Duration.ofSeconds(60), () -> !aws.wm.findAll(postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("PKC-orders%2Findex%2Fby-status"))).isEmpty()),
                "skew", "insights", "orders", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        assertThat(run.lastErrLine()).startsWith("ddbr: interrupted; the report printed is partial");
        assertThat(run.err().strip().lines().filter(l -> l.startsWith("ddbr:")).count()).as(run.err()).isEqualTo(1);
        JsonNode j = SkewInsightsWireTest.JSON.readTree(run.out());
        assertThat(j.get("partial").asBoolean()).isTrue();
        assertThat(j.get("measured").asText()).isEqualTo("traffic");
        assertThat(j.get("items").asLong()).isEqualTo(10000);
        assertThat(j.get("indexes")).isEmpty();
        assertThat(j.get("coverage").get(0).get("target").asText()).isEqualTo("table");
        assertThat(j.get("coverage").get(0).get("done").asLong()).isEqualTo(1);
        assertThat(j.get("coverage").get(1).get("target").asText()).isEqualTo("by-status");
        assertThat(j.get("coverage").get(1).get("done").asLong()).isZero();
    }
}
