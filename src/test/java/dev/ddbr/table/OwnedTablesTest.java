package dev.ddbr.table;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ddbr.error.DdbrException;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** ddbr deletes a table only when it carries ddbr's tag, read right before the delete. */
class OwnedTablesTest {
    WireMockServer wm;
    DynamoDbClient ddb;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        ddb = DynamoDbClient.builder().endpointOverride(URI.create(wm.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        answer("DescribeTable", "{\"Table\":{\"TableName\":\"scratch\",\"TableStatus\":\"ACTIVE\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:111111111111:table/scratch\"}}");
        answer("DeleteTable", "{\"TableDescription\":{\"TableName\":\"scratch\",\"TableStatus\":\"DELETING\"}}");
    }

    @AfterEach
    void stop() {
        ddb.close();
        wm.stop();
    }

    void answer(String op, String body) {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing(op))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body)));
    }

    @Test
    void deletesATableDdbrTagged() {
        answer("ListTagsOfResource", "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"x\"},{\"Key\":\"ddbr:created-by\",\"Value\":\"ddbr\"}]}");
        assertThat(OwnedTables.deleteOwned(ddb, "scratch")).isTrue();
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("DeleteTable")));
    }

    @Test
    void refusesATableWithoutTheTagAndChangesNothing() {
        answer("ListTagsOfResource", "{\"Tags\":[{\"Key\":\"ddbr:created-by\",\"Value\":\"someone-else\"}]}");
        assertThatThrownBy(() -> OwnedTables.deleteOwned(ddb, "scratch")).isInstanceOfSatisfying(DdbrException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(252);
            assertThat(e.getMessage()).isEqualTo("refusing to delete 'scratch': it has no ddbr:created-by=ddbr tag, so ddbr did not create it");
        });
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("DeleteTable")));
    }

    @Test
    void aMissingTableIsNotAnError() {
        wm.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", containing("DescribeTable"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"not found\"}")));
        assertThat(OwnedTables.deleteOwned(ddb, "scratch")).isFalse();
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("DeleteTable")));
    }
}
