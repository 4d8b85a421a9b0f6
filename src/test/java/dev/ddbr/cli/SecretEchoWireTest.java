package dev.ddbr.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.WireAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint that echoes the request's security token (and the secret key) in its error messages, as a proxy or a
 * misconfigured gateway may: ddbr prints neither, in error lines, --debug traces, or the data on stdout.
 */
class SecretEchoWireTest {
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+echoTest/Token0123456789==";

    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = WireAws.loopback();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    Cli cli() throws IOException {
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "aws:\n  region: eu-west-1\n  retry: {mode: standard, max_attempts: 2}\n");
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("AWS_SESSION_TOKEN", TOKEN).env("AWS_ENDPOINT_URL", wm.baseUrl()).env("DDBR_PROFILE", profile.toString())
                .env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    /** An error whose message repeats what the request carried: its token (a template), and the secret key. */
    void echo(String target, int priority) {
        String message = "request signed by {{request.headers.Authorization}} with {{request.headers.X-Amz-Security-Token}}"
                + " (url-encoded {{urlEncode request.headers.X-Amz-Security-Token}}); the key is " + SECRET;
        wm.stubFor(post(urlEqualTo("/")).atPriority(priority).withHeader("X-Amz-Target", containing(target))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\",\"message\":\"" + message + "\"}")
                        .withTransformers("response-template")));
    }

    static void assertNoSecret(Cli.Result r) {
        for (String s : new String[] {r.out(), r.err()}) {
            assertThat(s).as(r.toString()).doesNotContain(TOKEN).doesNotContain(SECRET)
                    .doesNotContain(java.net.URLEncoder.encode(TOKEN, java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain(java.net.URLEncoder.encode(SECRET, java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("EXAMPLEKEY").doesNotContain("echoTest");
        }
    }

    @Test
    void anErrorEchoingTheTokenAndSecretPrintsNeitherWithOrWithoutDebug() throws IOException {
        echo("DescribeTable", 1);
        Cli.Result r = cli().run("table", "describe", "orders");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).contains("request signed by").contains("[redacted]");
        assertNoSecret(r);
        // the server did see the token: the echo is real
        wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Security-Token", containing(TOKEN)));

        Cli.Result d = cli().run("--debug", "table", "describe", "orders");
        assertThat(d.exitCode()).as(d.toString()).isEqualTo(254);
        assertThat(d.err()).contains("\tat ").contains("[redacted]");
        assertNoSecret(d);
    }

    @Test
    void anEchoInAnOptionalSettingsReadIsMaskedInTheDataOnStdout() throws IOException {
        wm.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", containing("DescribeTable"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"Table\":{\"TableName\":\"orders\",\"TableStatus\":\"ACTIVE\",\"TableArn\":"
                                + "\"arn:aws:dynamodb:eu-west-1:111111111111:table/orders\",\"CreationDateTime\":1.7E9,"
                                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                                + "\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\"},\"ItemCount\":0,\"TableSizeBytes\":0}}")));
        echo("DescribeTimeToLive", 2);
        echo("", 100);
        for (String[] args : new String[][] {{"table", "describe", "orders", "-o", "json"}, {"-v", "table", "describe", "orders"},
                {"--debug", "table", "describe", "orders", "-o", "yaml"}}) {
            Cli.Result r = cli().run(args);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString()).contains("[redacted]");
            assertNoSecret(r);
        }
    }

    @Test
    void aJournalNeverHoldsTheSecretValues() throws IOException {
        echo("", 100);
        // any AWS call registers the credentials in use; later writes are masked
        cli().run("table", "describe", "orders");
        dev.ddbr.restore.Journal j = new dev.ddbr.restore.Journal(home.resolve("state"));
        dev.ddbr.restore.Journal.State s = new dev.ddbr.restore.Journal.State();
        s.region = "eu-west-1";
        s.target = "orders-restored";
        s.source = "failed: " + TOKEN + " / " + SECRET;
        j.save(s);
        try (Stream<Path> files = Files.walk(home.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain(TOKEN).doesNotContain(SECRET).contains("[redacted]");
            }
        }
    }
}
