package dev.ddbr.aws;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aws.role_arn in the profile: ddbr assumes it through STS with a session name that names ddbr and the OS
 * user, then signs DynamoDB calls with the role's credentials (never printed).
 */
class AssumeRoleWireTest {
    @TempDir
    Path home;

    WireMockServer sts;
    WireMockServer ddb;

    @BeforeEach
    void start() {
        sts = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        ddb = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sts.start();
        ddb.start();
        String expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <AssumeRoleResult>
                            <Credentials>
                              <AccessKeyId>ASIAROLEKEYEXAMPLE01</AccessKeyId>
                              <SecretAccessKey>role-secret-never-printed</SecretAccessKey>
                              <SessionToken>role-session-token-never-printed</SessionToken>
                              <Expiration>%s</Expiration>
                            </Credentials>
                            <AssumedRoleUser>
                              <AssumedRoleId>AROAEXAMPLE:ddbr-tester</AssumedRoleId>
                              <Arn>arn:aws:sts::111111111111:assumed-role/ddbr-operator/ddbr-tester</Arn>
                            </AssumedRoleUser>
                          </AssumeRoleResult>
                          <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>
                        </AssumeRoleResponse>""".formatted(expiry))));
        ddb.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{\"TableNames\":[\"orders\"]}")));
    }

    @AfterEach
    void stop() {
        sts.stop();
        ddb.stop();
    }

    private Cli.Result run(String... args) throws IOException {
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, """
                aws:
                  region: eu-west-1
                  role_arn: arn:aws:iam::111111111111:role/ddbr-operator
                  external_id: ops-7
                  endpoints:
                    sts: "%s"
                    dynamodb: "%s"
                """.formatted(sts.baseUrl(), ddb.baseUrl()));
        String[] all = new String[args.length + 2];
        all[0] = "-p";
        all[1] = profile.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "AKIABASEKEYEXAMPLE01").env("AWS_SECRET_ACCESS_KEY", "base-secret")
                .env("USER", "alice").run(all);
    }

    @Test
    void assumesTheProfileRoleWithANamedSessionAndUsesItsCredentials() throws IOException {
        Cli.Result r = run("table", "list", "--names-only");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("orders\n");
        sts.verify(1, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fddbr-operator"))
                .withRequestBody(containing("RoleSessionName=ddbr-alice"))
                .withRequestBody(containing("ExternalId=ops-7")));
        // the DynamoDB call is signed with the role's key, not the caller's
        ddb.verify(postRequestedFor(urlEqualTo("/")).withHeader("Authorization", containing("Credential=ASIAROLEKEYEXAMPLE01/"))
                .withHeader("X-Amz-Security-Token", containing("role-session-token-never-printed")));
    }

    @Test
    void debugNeverPrintsTheRoleCredentials() throws IOException {
        Cli.Result r = run("--debug", "table", "list", "--names-only");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err() + r.out()).doesNotContain("role-secret-never-printed").doesNotContain("role-session-token-never-printed")
                .doesNotContain("base-secret");
    }

    @Test
    void aDeniedAssumeRoleIsOneLine() throws IOException {
        sts.resetAll();
        sts.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code>
                  <Message>User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole</Message></Error>
                  <RequestId>r2</RequestId>
                </ErrorResponse>""")));
        Cli.Result r = run("table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("access denied").contains("sts:AssumeRole");
    }
}
