package dev.ddbr.cli.skew;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.ddbr.restore.RestoreWireTest.ddb;
import static dev.ddbr.restore.RestoreWireTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.restore.RestoreWireTest;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.ExportWriter;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code skew export --table T --to s3://...}: DynamoDB's side on WireMock (moto 5.2.1 finishes exports at once and
 * writes no manifest, so its export cannot be analysed), S3 on moto holding an export written by {@link ExportWriter}
 * where the stubbed DescribeExport says the service put it.
 */
@EmulatorTest
class SkewExportStartIT {
    static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/orders";
    static final String ID = "01719312345678-1a2b3c4d";
    static final String ARN = TABLE_ARN + "/export/" + ID;

    @TempDir
    Path home;

    @TempDir
    Path local;

    WireMockServer wm;
    String bucket;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.withUnknownApisUnsupported();
        RestoreWireTest.stubSource(wm);
        wm.stubFor(ddb("ListExports").willReturn(ok("{\"ExportSummaries\":[]}")));
        bucket = LocalAws.uniqueName("skew-exports");
        wm.stubFor(ddb("ExportTableToPointInTime").willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS") + "}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    String description(String status) {
        boolean done = "COMPLETED".equals(status);
        return "{\"ExportArn\":\"" + ARN + "\",\"ExportStatus\":\"" + status + "\",\"TableArn\":\"" + TABLE_ARN + "\","
                + "\"ExportTime\":1719312345,\"StartTime\":1719312345.678,\"S3Bucket\":\"" + bucket + "\",\"S3Prefix\":\"orders\","
                + "\"ExportFormat\":\"DYNAMODB_JSON\",\"ExportType\":\"FULL_EXPORT\""
                + (done ? ",\"EndTime\":1719312645.1,\"ExportManifest\":\"orders/AWSDynamoDB/" + ID + "/manifest-summary.json\","
                        + "\"ItemCount\":1000,\"BilledSizeBytes\":1048576" : "") + "}";
    }

    S3Client s3(LocalAws aws) {
        return S3Client.builder().endpointOverride(URI.create(aws.motoEndpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).withMaxAttempts(1).env("AWS_ENDPOINT_URL_DYNAMODB", wm.baseUrl());
    }

    @Test
    void startsTheExportWaitsForItAndAnalysesIt(LocalAws aws) throws Exception {
        ExportWriter.write(local, ID, ExportWriter.Format.DYNAMODB_JSON, 3, SkewExportCommandTest.skewed());
        try (S3Client s3 = s3(aws); Stream<Path> files = Files.walk(local)) {
            s3.createBucket(r -> r.bucket(bucket));
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = "orders/" + local.relativize(f).toString().replace('\\', '/');
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(f));
            }
        }
        wm.stubFor(ddb("DescribeExport").inScenario("e").whenScenarioStateIs(STARTED).willSetStateTo("2")
                .willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS") + "}")));
        wm.stubFor(ddb("DescribeExport").inScenario("e").whenScenarioStateIs("2")
                .willReturn(ok("{\"ExportDescription\":" + description("COMPLETED") + "}")));

        Cli.Result r = cli(aws).run("skew", "export", "--table", "orders", "--to", "s3://" + bucket + "/orders/",
                "--key", "tenant", "--index", "by-status=status", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("items").asLong()).isEqualTo(1000);
        assertThat(j.get("topKeys").get(0).get("items").asLong()).isEqualTo(300);
        assertThat(j.get("indexes").get(0).get("items").asLong()).isEqualTo(500);
        assertThat(j.get("location").asText()).startsWith("s3://" + bucket + "/orders/AWSDynamoDB/" + ID);
        assertThat(r.err()).contains("ddbr: export of orders started: " + ARN).contains("COMPLETED (1000 items)");
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime"))
                .withRequestBody(matchingJsonPath("$.TableArn", equalTo(TABLE_ARN)))
                .withRequestBody(matchingJsonPath("$.S3Bucket", equalTo(bucket)))
                .withRequestBody(matchingJsonPath("$.S3Prefix", equalTo("orders")))
                .withRequestBody(matchingJsonPath("$.ExportFormat", equalTo("DYNAMODB_JSON")))
                .withRequestBody(matchingJsonPath("$.ExportType", equalTo("FULL_EXPORT"))));
    }

    @Test
    void aTimeoutLeavesTheExportRunningAndSaysHowToAnalyseItLater(LocalAws aws) {
        try (S3Client s3 = s3(aws)) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        wm.stubFor(ddb("DescribeExport").willReturn(ok("{\"ExportDescription\":" + description("IN_PROGRESS") + "}")));
        Cli.Result r = cli(aws).run("skew", "export", "--table", "orders", "--to", "s3://" + bucket + "/orders", "--timeout", "1s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLine()).contains("waiting for export " + ARN)
                .contains("ddbr backup status " + ARN)
                .contains("ddbr skew export s3://" + bucket + "/orders/AWSDynamoDB/" + ID + "/");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badCombinationsChangeNothing(LocalAws aws) {
        Cli.Result both = cli(aws).run("skew", "export", "./x", "--table", "orders", "--to", "s3://b/p");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(252);
        assertThat(both.errLine()).contains("either PATH").contains("or --table and --to");
        Cli.Result noTo = cli(aws).run("skew", "export", "--table", "orders");
        assertThat(noTo.exitCode()).isEqualTo(252);
        assertThat(noTo.errLine()).contains("--table needs --to s3://BUCKET/PREFIX");
        Cli.Result local = cli(aws).run("skew", "export", "--table", "orders", "--to", "/tmp/x");
        assertThat(local.exitCode()).isEqualTo(252);
        assertThat(local.errLine()).contains("--to takes an S3 location");
        Cli.Result none = cli(aws).run("skew", "export");
        assertThat(none.exitCode()).isEqualTo(252);
        assertThat(none.errLine()).contains("say which export to analyse");
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.ExportTableToPointInTime")));
    }
}
