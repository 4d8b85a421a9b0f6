package dev.ddbr.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.ddbr.failover.FailoverDrillIT.A;
import static dev.ddbr.failover.FailoverDrillIT.B;
import static dev.ddbr.failover.FailoverDrillIT.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FakeGlobalTable;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS FIS pause path on the wire: the real SDK FIS client (AWS_ENDPOINT_URL_FIS) against WireMock answering the
 * FIS REST API as AWS does (botocore model fis/2020-12-01: StartExperiment POST /experiments, GetExperiment
 * GET /experiments/{id}, StopExperiment DELETE /experiments/{id}; body {"experiment": {"id", "state": {"status"}}}),
 * with the canaries on {@link FakeGlobalTable}. WireMock holds replication into B from StartExperiment to
 * StopExperiment, as the FIS action does.
 */
@EmulatorTest
class FailoverFisIT {
    static final String TEMPLATE = "EXT6Tp8mrjRkVX9";
    static final String EXP = "EXPaBcD1234567890";

    @TempDir
    Path home;

    FakeGlobalTable fake;
    WireMockServer wm;
    String table;
    Path profile;

    @BeforeEach
    void setUp(LocalAws aws) throws Exception {
        fake = FakeGlobalTable.start(aws, A, B);
        table = LocalAws.uniqueName("gtfis");
        for (String r : new String[] {A, B}) {
            try (DynamoDbClient ddb = client(fake.backend(r), r)) {
                ddb.createTable(c -> c.tableName(table)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .billingMode("PAY_PER_REQUEST"));
                FailoverDrillIT.waitUntil(() -> "ACTIVE".equals(ddb.describeTable(d -> d.tableName(table)).table().tableStatusAsString()));
            }
        }
        profile = home.resolve("gt.yaml");
        Files.writeString(profile, String.join("\n",
                "aws:",
                "  region: " + A,
                "  retry: {max_attempts: 2}",
                "  endpoints: {default: \"" + aws.motoEndpoint() + "\"}",
                fake.regionsYaml(),
                "tables:",
                "  - name: " + table,
                "    failover: {regions: [" + A + ", " + B + "], rpo_seconds: 5, fis_template_id: " + TEMPLATE + "}",
                ""));
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(501)));
        wm.stubFor(post("/experiments").willReturn(experiment("initiating")));
        // initiating once, then running until StopExperiment; stopping/stopped after it
        wm.stubFor(get("/experiments/" + EXP).inScenario("fis").whenScenarioStateIs(STARTED)
                .willReturn(experiment("initiating")).willSetStateTo("running"));
        wm.stubFor(get("/experiments/" + EXP).inScenario("fis").whenScenarioStateIs("running").willReturn(experiment("running")));
        wm.stubFor(delete("/experiments/" + EXP).inScenario("fis").willReturn(experiment("stopping")).willSetStateTo("stopped"));
        wm.stubFor(get("/experiments/" + EXP).inScenario("fis").whenScenarioStateIs("stopped").willReturn(experiment("stopped")));
        // the FIS action's effect: replication into B is held while the experiment runs
        wm.addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().equals("/experiments") && request.getMethod().getName().equals("POST")) fake.pause(B);
            if (request.getUrl().equals("/experiments/" + EXP) && request.getMethod().getName().equals("DELETE")) fake.resume(B);
        });
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder experiment(String status) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"experiment\":{\"id\":\"" + EXP + "\",\"experimentTemplateId\":\"" + TEMPLATE + "\","
                        + "\"roleArn\":\"arn:aws:iam::123456789012:role/fis\",\"state\":{\"status\":\"" + status
                        + "\",\"reason\":\"Experiment is " + status + ".\"},\"tags\":{\"ddbr:drill\":\"x\"}}}");
    }

    @AfterEach
    void tearDown() {
        if (wm != null) wm.stop();
        if (fake != null) fake.close();
    }

    Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_ENDPOINT_URL_FIS", wm.baseUrl());
    }

    int stops() { return wm.findAll(deleteRequestedFor(urlEqualTo("/experiments/" + EXP))).size(); }

    @Test
    void startsTheTemplateWithAClientTokenWaitsUntilRunningAndStopsItAtTheEnd() throws Exception {
        fake.lag(java.time.Duration.ofMillis(50));
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--canaries", "3", "--timeout", "15s",
                "--pause-replication", "2s", "--yes", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        String runId = j.get("runId").asText();
        assertThat(j.at("/plan/pauseMethod").asText()).isEqualTo("fis");
        assertThat(j.at("/pause/method").asText()).isEqualTo("fis");
        assertThat(j.at("/pause/reference").asText()).isEqualTo(EXP);
        assertThat(j.at("/pause/removed").asBoolean()).isTrue();
        assertThat(j.at("/pause/visibleDuringPause").asInt()).isZero();
        assertThat(j.at("/pause/missingAfterResume").asInt()).isZero();

        List<LoggedRequest> starts = wm.findAll(postRequestedFor(urlEqualTo("/experiments"))
                .withRequestBody(matchingJsonPath("$.experimentTemplateId", equalTo(TEMPLATE)))
                .withRequestBody(matchingJsonPath("$.clientToken", equalTo("ddbr-drill-" + runId)))
                .withRequestBody(matchingJsonPath("$.tags['ddbr:drill']", equalTo(runId))));
        assertThat(starts).as("one StartExperiment with the template id and the run's client token").hasSize(1);
        assertThat(starts.get(0).getHeader("Authorization")).contains("/" + B + "/fis/aws4_request");
        // polled until running before the canaries of the pause were written
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/experiments/" + EXP))).size()).isGreaterThanOrEqualTo(2);
        assertThat(stops()).as("StopExperiment once at the end").isEqualTo(1);
        assertThat(j.get("timeline").findValuesAsText("event")).anyMatch(e -> e.contains("paused (AWS FIS experiment " + EXP));
        assertThat(fake.policy(B, table)).as("the FIS path leaves the resource policy alone").isNull();
    }

    @Test
    void aDrillFailingMidWayStillStopsTheExperiment() {
        // 2 canaries before the pause go through; the first write of the pause fails
        fake.failPutsAfter(A, 2);
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--canaries", "2", "--timeout", "10s",
                "--pause-replication", "30s", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).contains("ddbr: error:").contains("write canary");
        assertThat(r.out()).isEmpty();
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/experiments")))).hasSize(1);
        assertThat(stops()).as("StopExperiment on the error path").isEqualTo(1);
    }

    @Test
    void anExperimentThatFailsToStartIsReportedAndNotStopped() {
        wm.stubFor(get("/experiments/" + EXP).atPriority(1).willReturn(experiment("failed")));
        Cli.Result r = cli().run("-p", profile.toString(), "failover", "drill", table, "--canaries", "1", "--timeout", "10s",
                "--pause-replication", "5s", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).contains("AWS FIS experiment " + EXP).contains("failed before it ran").contains("Experiment is failed.");
        assertThat(stops()).as("nothing to stop").isZero();
    }

    @Test
    void ctrlCDuringTheFisPauseStopsTheExperimentAndExits130() throws Exception {
        // wait until the experiment was seen running (the scenario moved on) and the drill polled it again
        Sigint.Ready polledTwice = Sigint.Ready.polling("GetExperiment polled twice", Duration.ofSeconds(60),
                () -> wm.findAll(getRequestedFor(urlEqualTo("/experiments/" + EXP))).size() >= 2);
        Sigint.Run run = Sigint.interrupt(cli().envMap(), home, polledTwice,
                "-p", profile.toString(), "failover", "drill", table, "--canaries", "2", "--timeout", "10m",
                "--pause-replication", "5m", "--yes");
        String err = run.err();
        assertThat(run.exitCode()).as(err).isEqualTo(130);
        assertThat(stops()).as("StopExperiment on Ctrl-C: " + err).isEqualTo(1);
        assertThat(err).contains("ddbr: interrupted; drill ").contains("replication pause lifted (" + EXP + ")");
    }
}
