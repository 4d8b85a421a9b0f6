package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which account, Region and endpoint a run acts on, without an AWS call (profile show; endpoints are a closed
 * port): the one warning line when the environment overrides what the ddbr profile sets, and where each
 * effective value came from.
 */
class WhereTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static Path prod;

    @BeforeAll
    static void profile() throws IOException {
        prod = home.resolve("prod.yaml");
        Files.writeString(prod, "aws:\n  region: eu-west-1\n  endpoints: {dynamodb: \"http://127.0.0.1:9\", default: \"http://127.0.0.1:10\"}\n");
    }

    static Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
    }

    @Test
    void anEnvironmentRegionOverProfileRegionIsOneWarningLine() {
        Cli.Result r = cli().env("AWS_REGION", "us-east-1").run("-p", prod.toString(), "profile", "show");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err().lines()).as(r.toString()).containsExactly("ddbr: warning: the environment overrides the ddbr profile: "
                + "AWS_REGION=us-east-1 over aws.region eu-west-1 (unset the variable, or pass --region / --endpoint-url to choose on purpose)");
        assertThat(r.out()).contains("us-east-1  (environment AWS_REGION)");
    }

    @Test
    void endpointVariablesOverProfileEndpointsShareTheLine() {
        Cli.Result r = cli().env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:11")
                .run("-p", prod.toString(), "profile", "show");
        assertThat(r.err().lines()).as(r.toString()).hasSize(1).first().asString()
                .contains("AWS_REGION=us-east-1 over aws.region eu-west-1; AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:11 over aws.endpoints.dynamodb");
        Cli.Result all = cli().env("AWS_ENDPOINT_URL", "http://127.0.0.1:12").run("-p", prod.toString(), "profile", "show");
        assertThat(all.err()).as(all.toString()).contains("AWS_ENDPOINT_URL=http://127.0.0.1:12 over aws.endpoints.dynamodb, aws.endpoints.default")
                .doesNotContain("AWS_REGION");
    }

    @Test
    void quietHidesItAndNoOverrideNoWarning() {
        Cli.Result quiet = cli().env("AWS_REGION", "us-east-1").run("-q", "-p", prod.toString(), "profile", "show");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).as(quiet.toString()).isEmpty();
        Cli.Result same = cli().env("AWS_REGION", "eu-west-1").env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
                .run("-p", prod.toString(), "profile", "show");
        assertThat(same.err()).as(same.toString()).isEmpty();
        Cli.Result flag = cli().env("AWS_REGION", "us-east-1").run("-p", prod.toString(), "--region", "ap-south-1", "profile", "show");
        assertThat(flag.err()).as("a flag is a choice, not an accident: " + flag).isEmpty();
        Cli.Result noProfile = cli().env("AWS_REGION", "us-east-1").run("profile", "show");
        assertThat(noProfile.err()).as(noProfile.toString()).isEmpty();
    }

    @Test
    void profileShowSaysWhereEachValueCameFrom() throws IOException {
        Cli.Result r = cli().env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:13").env("AWS_PROFILE", "ops")
                .run("-p", prod.toString(), "--region", "eu-west-2", "profile", "show", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode sources = JSON.readTree(r.out()).at("/aws/sources");
        assertThat(sources.get("region").asText()).isEqualTo("flag --region");
        assertThat(sources.get("awsProfile").asText()).isEqualTo("environment AWS_PROFILE");
        assertThat(sources.get("endpoints.sts").asText()).isEqualTo("environment AWS_ENDPOINT_URL_STS");
        assertThat(sources.get("endpoints.dynamodb").asText()).isEqualTo("profile aws.endpoints.dynamodb");
        assertThat(sources.get("endpoints.kms").asText()).isEqualTo("profile aws.endpoints.default");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = ca-central-1\n");
        Cli.Result fromConfig = cli().run("profile", "show");
        assertThat(fromConfig.out()).as(fromConfig.toString()).contains("ca-central-1  (AWS config profile 'default')");
        Files.delete(home.resolve(".aws/config"));
    }
}
