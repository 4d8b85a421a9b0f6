package dev.ddbr.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.testing.Cli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDK failures over the wire become one line on stderr and the documented exit code, with no stack trace. */
class AwsErrorMappingTest {
    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private Cli cli() throws IOException {
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "aws:\n  region: eu-west-1\n  retry: {mode: standard, max_attempts: 2}\n");
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env("AWS_SECRET_ACCESS_KEY", "secret-never-printed")
                .env("AWS_ENDPOINT_URL", wm.baseUrl()).env("DDBR_PROFILE", profile.toString());
    }

    private void answer(String target, int status, String type, String message) {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing(target))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}")));
    }

    private static void assertOneLine(Cli.Result r, int code) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).startsWith("ddbr: error: ").contains("(hint: ")
                .doesNotContain("\tat ").doesNotContain("software.amazon.awssdk").doesNotContain("secret-never-printed");
    }

    @Test
    void tableNotFoundIs254() throws IOException {
        answer("DescribeTable", 400, "ResourceNotFoundException", "Requested resource not found: Table: orders not found");
        Cli.Result r = cli().run("table", "describe", "orders");
        assertOneLine(r, 254);
        assertThat(r.err()).contains("table 'orders' not found in eu-west-1");
    }

    @Test
    void accessDeniedIs254AndNamesThePermissionProblem() throws IOException {
        answer("ListTables", 400, "AccessDeniedException",
                "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: dynamodb:ListTables");
        Cli.Result r = cli().run("table", "list");
        assertOneLine(r, 254);
        assertThat(r.err()).contains("access denied").contains("dynamodb:ListTables");
    }

    @Test
    void throttledAfterRetriesIs254AndRetried() throws IOException {
        answer("ListTables", 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
        Cli.Result r = cli().run("table", "list", "--names-only");
        assertOneLine(r, 254);
        assertThat(r.err()).contains("throttled after retries");
        wm.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void rejectedCredentialsAre253() throws IOException {
        answer("ListTables", 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        Cli.Result r = cli().run("table", "list");
        assertOneLine(r, 253);
        assertThat(r.err()).contains("credentials were rejected");
    }

    @Test
    void missingRegionIs253() {
        Cli.Result r = Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env("AWS_SECRET_ACCESS_KEY", "x")
                .env("AWS_ENDPOINT_URL", wm.baseUrl()).run("table", "list");
        assertOneLine(r, 253);
        assertThat(r.err()).contains("no AWS Region is set").contains("--region");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void missingCredentialsAre253() {
        Cli.Result r = Cli.isolated(home).env("AWS_REGION", "eu-west-1").env("AWS_ENDPOINT_URL", wm.baseUrl())
                .run("table", "list");
        assertOneLine(r, 253);
        assertThat(r.err()).contains("no AWS credentials found");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAwsProfileWithoutCredentialsIs253AndDoesNotDumpTheProfileFile() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(home.resolve(".aws/config"), "[profile loc]\nregion = us-east-1\n");
        Cli.Result r = Cli.isolated(home).env("AWS_ENDPOINT_URL", wm.baseUrl()).run("--aws-profile", "loc", "table", "list");
        assertOneLine(r, 253);
        assertThat(r.err()).contains("AWS profile 'loc' has no credentials").contains("aws sso login --profile loc")
                .doesNotContain("ProfileFile(");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void unknownAwsProfileIs253() {
        Cli.Result r = Cli.isolated(home).env("AWS_REGION", "eu-west-1").run("--aws-profile", "nosuch", "table", "list");
        assertOneLine(r, 253);
        assertThat(r.err()).contains("AWS profile 'nosuch'");
    }

    @Test
    void unreachableEndpointIs254() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = cli().env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port).run("table", "list");
        assertOneLine(r, 254);
        assertThat(r.err()).contains("cannot reach the endpoint");
    }

    @Test
    void serverErrorIs254WithTheServiceMessage() throws IOException {
        answer("ListTables", 500, "InternalServerError", "Internal server error");
        Cli.Result r = cli().run("table", "list");
        assertOneLine(r, 254);
        assertThat(r.err()).contains("InternalServerError");
    }

    @Test
    void debugShowsTheStackTraceButNeverTheSecret() throws IOException {
        answer("ListTables", 400, "AccessDeniedException", "denied");
        Cli.Result r = cli().run("--debug", "table", "list");
        assertThat(r.exitCode()).isEqualTo(254);
        assertThat(r.err()).contains("at software.amazon").doesNotContain("secret-never-printed").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void userAgentCarriesDdbrVersion() throws IOException {
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{\"TableNames\":[\"a\",\"b\"]}")));
        Cli.Result r = cli().run("table", "list", "--names-only");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("a\nb\n");
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("User-Agent", containing("ddbr/")));
    }
}
