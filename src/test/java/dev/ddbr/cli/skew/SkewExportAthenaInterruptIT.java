package dev.ddbr.cli.skew;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.Sigint;
import dev.ddbr.testing.WireAws;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C while an Athena query runs (the packaged jar; the export in S3 on moto; Athena on WireMock with the
 * API reference's shapes, because moto's queries finish by themselves): ddbr stops the running query, drops the
 * temporary table, says both in one line and exits 130.
 */
@EmulatorTest
class SkewExportAthenaInterruptIT {
    @TempDir
    Path home;

    @TempDir
    Path local;

    final WireMockServer wm = WireAws.withUnknownApisUnsupported();

    @AfterEach
    void stop() { wm.stop(); }

    void answer(String target, String bodyPart, String json) {
        var m = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + target));
        if (bodyPart != null) m = m.withRequestBody(containing(bodyPart));
        wm.stubFor(m.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(json)));
    }

    static String execution(String id, String state) {
        return "{\"QueryExecution\":{\"QueryExecutionId\":\"" + id + "\",\"Status\":{\"State\":\"" + state
                + "\"},\"Statistics\":{\"DataScannedInBytes\":0}}}";
    }

    @Test
    void ctrlCStopsTheRunningQueryAndDropsTheTable(LocalAws aws) throws Exception {
        String bucket = SkewExportAthenaIT.upload(aws, local);
        answer("GetWorkGroup", null, "{\"WorkGroup\":{\"Name\":\"primary\",\"State\":\"ENABLED\",\"Configuration\":"
                + "{\"ResultConfiguration\":{\"OutputLocation\":\"s3://results/\"}}}}");
        answer("StartQueryExecution", "CREATE EXTERNAL TABLE", "{\"QueryExecutionId\":\"q-create\"}");
        answer("StartQueryExecution", "approx_distinct", "{\"QueryExecutionId\":\"q-totals\"}");
        answer("StartQueryExecution", "DROP TABLE", "{\"QueryExecutionId\":\"q-drop\"}");
        answer("GetQueryExecution", "q-create", execution("q-create", "SUCCEEDED"));
        answer("GetQueryExecution", "q-totals", execution("q-totals", "RUNNING")); // until stopped
        answer("GetQueryExecution", "q-drop", execution("q-drop", "SUCCEEDED"));
        answer("StopQueryExecution", "q-totals", "{}");

        var env = Cli.local(home, aws).env("AWS_ENDPOINT_URL_ATHENA", wm.baseUrl()).envMap();
        Sigint.Run run = Sigint.interrupt(env, home, Sigint.Ready.polling("the totals query polled", Duration.ofSeconds(60),
                () -> !wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution"))
                        .withRequestBody(containing("q-totals"))).isEmpty()),
                "skew", "export", "s3://" + bucket + "/orders/", "--key", "tenant", "--engine", "athena", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        assertThat(run.lastErrLine()).startsWith("ddbr: interrupted; stopped the Athena query q-totals; dropped the temporary table "
                + "default.ddbr_skew_01700000000000_abcdef12_").contains("run again with: ddbr -o json skew export s3://" + bucket + "/orders/ --engine athena --key tenant");
        assertThat(run.out()).isEmpty();
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StopQueryExecution"))
                .withRequestBody(containing("q-totals")))).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(containing("DROP TABLE IF EXISTS")))).hasSize(1);
    }
}
