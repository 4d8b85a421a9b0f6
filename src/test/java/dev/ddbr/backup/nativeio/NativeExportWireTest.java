package dev.ddbr.backup.nativeio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.ddbr.restore.RestoreWireTest.ddb;
import static dev.ddbr.restore.RestoreWireTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.restore.RestoreWireTest;
import dev.ddbr.testing.Cli;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup export --native} and {@code backup status} on the wire, for what moto 5.2.1 lacks: an export that
 * takes time (moto finishes at once), ExportManifest (moto sends none), FAILED exports, a bucket's Region, and the
 * exact request (incremental window, format, encryption). WireMock answers with the shapes of the API reference.
 */
class NativeExportWireTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    static final String ARN = TABLE_ARN + "/export/01719312345678-1a2b3c4d";

    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.withUnknownApisUnsupported();
        RestoreWireTest.stubSource(wm);
        bucketIn(null);
        wm.stubFor(ddb("ListExports").willReturn(ok("{\"ExportSummaries\":[]}")));
        wm.stubFor(ddb("ExportTableToPointInTime").willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS", false, "") + "}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    /** GetBucketLocation: null = us-east-1 (an empty LocationConstraint, as S3 answers for it). */
    void bucketIn(String region) {
        wm.stubFor(get(urlPathEqualTo("/my-exports")).withQueryParam("location", com.github.tomakehurst.wiremock.client.WireMock.matching(".*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + (region == null ? "" : region) + "</LocationConstraint>")));
    }

    static String description(String status, boolean manifest, String extra) {
        return "{\"ExportArn\":\"" + ARN + "\",\"ExportStatus\":\"" + status + "\",\"TableArn\":\"" + TABLE_ARN + "\","
                + "\"TableId\":\"0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f\",\"ExportTime\":1719312345,\"StartTime\":1719312345.678,"
                + "\"S3Bucket\":\"my-exports\",\"S3Prefix\":\"orders\",\"S3BucketOwner\":\"123456789012\",\"ExportFormat\":\"DYNAMODB_JSON\","
                + "\"ExportType\":\"FULL_EXPORT\""
                + (manifest ? ",\"EndTime\":1719312645.1,\"ExportManifest\":\"orders/AWSDynamoDB/01719312345678-1a2b3c4d/manifest-summary.json\","
                        + "\"ItemCount\":1200,\"BilledSizeBytes\":1048576" : "")
                + extra + "}";
    }

    Cli cli() {
        return Cli.isolated(home).withMaxAttempts(1).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", wm.baseUrl());
    }

    @Test
    void waitsUntilCompletedAndNamesTheManifestAndTheExportFolder() throws Exception {
        wm.stubFor(ddb("DescribeExport").inScenario("e").whenScenarioStateIs(STARTED).willSetStateTo("2")
                .willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS", false, "") + "}")));
        wm.stubFor(ddb("DescribeExport").inScenario("e").whenScenarioStateIs("2")
                .willReturn(ok("{\"ExportDescription\":" + description("COMPLETED", true, "") + "}")));
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders/", "--format", "ion",
                "--kms-key", "alias/exports", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("exportArn").asText()).isEqualTo(ARN);
        assertThat(j.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(j.get("itemCount").asLong()).isEqualTo(1200);
        assertThat(j.get("billedSizeBytes").asLong()).isEqualTo(1048576);
        assertThat(j.get("manifest").asText()).isEqualTo("s3://my-exports/orders/AWSDynamoDB/01719312345678-1a2b3c4d/manifest-summary.json");
        assertThat(j.get("exportDir").asText()).isEqualTo("s3://my-exports/orders/AWSDynamoDB/01719312345678-1a2b3c4d/");
        assertThat(j.get("table").asText()).isEqualTo("orders");
        assertThat(r.err()).contains("ddbr: export of orders started: " + ARN);
        // the request as the API reference has it: no trailing slash, KMS implied by the key, a client token
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime"))
                .withRequestBody(matchingJsonPath("$.TableArn", equalTo("arn:aws:dynamodb:us-east-1:111111111111:table/orders")))
                .withRequestBody(matchingJsonPath("$.S3Bucket", equalTo("my-exports")))
                .withRequestBody(matchingJsonPath("$.S3Prefix", equalTo("orders")))
                .withRequestBody(matchingJsonPath("$.ExportFormat", equalTo("ION")))
                .withRequestBody(matchingJsonPath("$.ExportType", equalTo("FULL_EXPORT")))
                .withRequestBody(matchingJsonPath("$.S3SseAlgorithm", equalTo("KMS")))
                .withRequestBody(matchingJsonPath("$.S3SseKmsKeyId", equalTo("alias/exports")))
                .withRequestBody(matchingJsonPath("$.ClientToken"))
                .withRequestBody(matchingJsonPath("$.IncrementalExportSpecification", absent())));

        Cli.Result text = cli().run("backup", "status", ARN);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("status +COMPLETED").containsPattern("items +1200\n").containsPattern("size +1.0 MB")
                .containsPattern("manifest +s3://my-exports/orders/AWSDynamoDB/01719312345678-1a2b3c4d/manifest-summary.json");
    }

    @Test
    void anIncrementalExportSendsItsWindow() {
        Instant to = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(2, ChronoUnit.HOURS);
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders", "--incremental",
                "--from", from.toString(), "--to", to.toString(), "--view", "new-image", "--no-wait", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"status\" : \"IN_PROGRESS\"");
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime"))
                .withRequestBody(matchingJsonPath("$.ExportType", equalTo("INCREMENTAL_EXPORT")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"ExportFromTime\":" + from.getEpochSecond() + ".000"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"ExportToTime\":" + to.getEpochSecond() + ".000"))
                .withRequestBody(matchingJsonPath("$.IncrementalExportSpecification.ExportViewType", equalTo("NEW_IMAGE")))
                .withRequestBody(matchingJsonPath("$.ExportTime", absent())));
        // --no-wait: nothing polled
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.DescribeExport")));
    }

    @Test
    void anExportToTheSamePlaceStillRunningIsRefusedWithHowToFollowIt() {
        wm.stubFor(ddb("ListExports").willReturn(ok("{\"ExportSummaries\":[{\"ExportArn\":\"" + ARN
                + "\",\"ExportStatus\":\"IN_PROGRESS\",\"ExportType\":\"FULL_EXPORT\"}]}")));
        wm.stubFor(ddb("DescribeExport").willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS", false, "") + "}")));
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.errLine()).isEqualTo("ddbr: error: an export of 'orders' to s3://my-exports/orders is still running (" + ARN
                + "); nothing was started (hint: follow it with: ddbr backup status " + ARN + ")");
        assertThat(r.out()).isEmpty();
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime")));
    }

    @Test
    void aFailedExportIsShownAndExits254() throws Exception {
        wm.stubFor(ddb("DescribeExport").willReturn(ok("{\"ExportDescription\":" + description("FAILED", false,
                ",\"FailureCode\":\"S3AccessDenied\",\"FailureMessage\":\"Access Denied\"") + "}")));
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(JSON.readTree(r.out()).get("failureCode").asText()).isEqualTo("S3AccessDenied");
        assertThat(r.err()).contains("ddbr: error: the export of 'orders' ended FAILED: S3AccessDenied (Access Denied)");
        Cli.Result s = cli().run("backup", "status", ARN);
        assertThat(s.exitCode()).as(s.toString()).isEqualTo(1);
        assertThat(s.out()).containsPattern("failure +S3AccessDenied: Access Denied");
    }

    @Test
    void aTimeoutLeavesTheExportRunningAndSaysHowToFollowIt() {
        wm.stubFor(ddb("DescribeExport").willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS", false, "") + "}")));
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders", "--timeout", "1s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("timed out after 1s waiting for export " + ARN)
                .contains("check later with: ddbr backup status " + ARN);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBucketInAnotherRegionIsAllowedAndSaidSo() {
        bucketIn("eu-west-1");
        Cli.Result r = cli().run("backup", "export", "orders", "--native", "s3://my-exports/orders", "--no-wait");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("ddbr: warning: the bucket 'my-exports' is in eu-west-1 and the table in us-east-1: "
                + "the export works across Regions; the data transfer between them is charged");
    }

    @Test
    void badInputIsOneLineAndStartsNothing() {
        String[][] cases = {
            {"--incremental", "--from", "-2h", "--to", "-1h50m"},
            {"--incremental", "--from", "-26h", "--to", "-1h"},
            {"--incremental", "--from", "-1h", "--to", "-2h"},
            {"--incremental"},
            {"--from", "-2h"},
            {"--export-time", "-1h", "--incremental", "--from", "-2h"},
            {"--sse", "aes256", "--kms-key", "k"},
            {"--bucket-owner", "12345"},
            {"--segments", "8"},
            {"--export-time", "2999-01-01T00:00:00Z"},
        };
        String[] expected = {
            "; DynamoDB takes 15m to 24h",
            "; DynamoDB takes 15m to 24h",
            "is not before --to",
            "--incremental needs --from T1",
            "--from with --native goes with --incremental",
            "--export-time is for a full export",
            "--kms-key goes with --sse kms, not --sse aes256",
            "--bucket-owner must be a 12-digit AWS account id, not '12345'",
            "--segments is for the scan export (--to)",
            "is in the future",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[5 + cases[i].length];
            System.arraycopy(new String[] {"backup", "export", "orders", "--native", "s3://my-exports/orders"}, 0, args, 0, 5);
            System.arraycopy(cases[i], 0, args, 5, cases[i].length);
            Cli.Result r = cli().run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains(expected[i]);
        }
        Cli.Result scanWithNativeOption = cli().run("backup", "export", "orders", "--to", home.resolve("x").toString(), "--format", "ion");
        assertThat(scanWithNativeOption.exitCode()).isEqualTo(252);
        assertThat(scanWithNativeOption.errLine()).startsWith("ddbr: error: --format goes with --native");
        Cli.Result nowhere = cli().run("backup", "export", "orders");
        assertThat(nowhere.exitCode()).isEqualTo(252);
        assertThat(nowhere.errLine()).startsWith("ddbr: error: say where the export goes");
        Cli.Result badArn = cli().run("backup", "status", "not-an-arn");
        assertThat(badArn.exitCode()).isEqualTo(252);
        assertThat(badArn.errLine()).startsWith("ddbr: error: 'not-an-arn' is not an export ARN");
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime")));
    }
}
