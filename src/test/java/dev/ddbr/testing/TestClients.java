package dev.ddbr.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SDK clients for test fixtures (seeding and checking), pointed at a local emulator, us-east-1, fake keys. */
public final class TestClients {
    private TestClients() {}

    public static <B extends AwsClientBuilder<B, C>, C> C of(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    public static DynamoDbClient dynamodb(String endpoint) {
        return of(DynamoDbClient.builder(), endpoint);
    }
}
