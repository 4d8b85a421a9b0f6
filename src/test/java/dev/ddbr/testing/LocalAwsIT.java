package dev.ddbr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness itself: both emulators answer, and what LocalAws reports matches what runs. */
@EmulatorTest
class LocalAwsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A DynamoDB JSON call with a SigV4-shaped header; neither emulator checks the signature. */
    private static HttpRequest dynamodb(String endpoint, String operation, String body) {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        return HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/" + date.substring(0, 8)
                        + "/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                        + "Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void dynaliteAnswersListTables(LocalAws aws) throws Exception {
        HttpResponse<String> response = HTTP.send(dynamodb(aws.dynamodbEndpoint(), "ListTables", "{}"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"TableNames\"");
    }

    @Test
    void dynaliteRejectsAnUnsignedCallLikeAws(LocalAws aws) throws Exception {
        HttpRequest unsigned = HttpRequest.newBuilder(URI.create(aws.dynamodbEndpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        HttpResponse<String> response = HTTP.send(unsigned, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("MissingAuthenticationToken");
    }

    @Test
    void motoResets(LocalAws aws) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(aws.motoEndpoint() + "/moto-api/reset"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        aws.resetMoto();
    }

    @Test
    void motoServesTheDynamoDbControlPlane(LocalAws aws) throws Exception {
        HttpResponse<String> response = HTTP.send(dynamodb(aws.motoEndpoint(), "ListBackups", "{}"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("BackupSummaries");
    }

    @Test
    void envAndProfileDescribeTheRunningEmulators(LocalAws aws) throws Exception {
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.dynamodbEndpoint()).startsWith("http://127.0.0.1:");
        assertThat(aws.motoEndpoint()).startsWith("http://127.0.0.1:").isNotEqualTo(aws.dynamodbEndpoint());
        assertThat(aws.awsEnv())
                .containsEntry("AWS_ACCESS_KEY_ID", "test")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "test")
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_ENDPOINT_URL", aws.motoEndpoint())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamodbEndpoint());
        assertThat(aws.profileFile()).isRegularFile();
        assertThat(Files.readString(aws.profileFile()))
                .contains("region: us-east-1")
                .contains("dynamodb: \"" + aws.dynamodbEndpoint() + "\"")
                .contains("default: \"" + aws.motoEndpoint() + "\"");
    }

    @Test
    void uniqueNamesAreValidTableNamesAndDiffer() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(LocalAws.uniqueName("orders"));
        }
        assertThat(names).hasSize(1000).allMatch(n -> n.matches("orders-[a-z0-9]{8}"));
        assertThat(LocalAws.uniqueName("t-")).matches("t-[a-z0-9]{8}");
        assertThatThrownBy(() -> LocalAws.uniqueName("bad name")).isInstanceOf(IllegalArgumentException.class);
    }
}
