package dev.ddbr.restore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.ddbr.restore.RestoreWireTest.ddb;
import static dev.ddbr.restore.RestoreWireTest.ok;
import static dev.ddbr.restore.RestoreWireTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.Sigint;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C: the packaged jar runs 'restore pitr' against WireMock (answering as AWS does) while the new table
 * stays CREATING; SIGINT makes it exit 130 and say how to resume; 'restore status' then finishes the restore without
 * calling RestoreTableToPointInTime again.
 */
@Tag("emulator")
class RestoreInterruptIT {
    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.withUnknownApisUnsupported();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    int count(String op) {
        return wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + op))).size();
    }

    @Test
    void sigintWhileWaitingExits130AndStatusFinishesWithoutRestoringAgain() throws Exception {
        RestoreWireTest.stubSource(wm);
        // orders-r does not exist until the restore call; then it stays CREATING
        wm.stubFor(ddb("RestoreTableToPointInTime").atPriority(1).inScenario("t").whenScenarioStateIs(STARTED).willSetStateTo("restoring")
                .willReturn(ok("{\"TableDescription\":" + RestoreWireTest.tableDescription("orders-r", "CREATING") + "}")));
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .inScenario("t").whenScenarioStateIs("restoring").willReturn(ok(table("orders-r", "CREATING"))));
        CountDownLatch waiting = new CountDownLatch(1);
        wm.addMockServiceRequestListener((request, response) -> {
            if ("DynamoDB_20120810.DescribeTable".equals(request.getHeader("X-Amz-Target"))
                    && request.getBodyAsString().contains("orders-r") && count("RestoreTableToPointInTime") == 1) {
                waiting.countDown();
            }
        });
        Cli cli = Cli.isolated(home).withMaxAttempts(1).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", wm.baseUrl())
                .env("DDBR_STATE_DIR", home.resolve("state").toString());

        Sigint.Run run = Sigint.interrupt(cli.envMap(), home, ms -> waiting.await(ms, TimeUnit.MILLISECONDS),
                "restore", "pitr", "orders", "--target", "orders-r", "--to", "latest");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        assertThat(run.err()).contains("ddbr: interrupted; resume with: ddbr restore status orders-r");
        assertThat(run.out()).as("stdout carries data only").isEmpty();
        assertThat(count("RestoreTableToPointInTime")).isEqualTo(1);
        Journal.State saved = new Journal(home.resolve("state")).load("us-east-1", "orders-r").orElseThrow();
        assertThat(saved.phase).isEqualTo(Journal.RESTORE_REQUESTED);

        // the restore finished in AWS meanwhile
        wm.stubFor(ddb("DescribeTable").atPriority(1).withRequestBody(matchingJsonPath("$.TableName", equalTo("orders-r")))
                .inScenario("t").whenScenarioStateIs("restoring").willReturn(ok(table("orders-r", "ACTIVE"))));
        Cli.Result resumed = cli.run("restore", "status", "orders-r", "-o", "json");
        assertThat(resumed.err()).as(resumed.toString()).contains("resuming the restore into 'orders-r' from step RESTORE_REQUESTED");
        assertThat(resumed.out()).contains("\"status\"");
        assertThat(count("RestoreTableToPointInTime")).as("the restore is not called again").isEqualTo(1);
        Journal.State done = new Journal(home.resolve("state")).load("us-east-1", "orders-r").orElseThrow();
        assertThat(done.phase).isEqualTo(Journal.DONE);
        assertThat(done.runs).containsEntry("restore", 1);
    }
}
