package dev.ddbr.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A canned DynamoDB and Application Auto Scaling endpoint on loopback, for the class-data-sharing training run only
 * ({@code ddbr __cds-training}, which scripts/ddbr records its archive from). {@code table describe} against it goes
 * through every response unmarshaller of its calls, so their model classes land in the archive too; without it about
 * 600 classes of the describe path were loaded and verified from the jar on every run. The answers are fixed, shaped
 * like DynamoDB's documented responses; nothing leaves the process's own loopback listener.
 */
public final class TrainingEndpoint implements AutoCloseable {
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/cds-training";
    private static final Map<String, String> ANSWERS = Map.ofEntries(
            Map.entry("DynamoDB_20120810.DescribeTable", "{\"Table\":{\"TableName\":\"cds-training\",\"TableArn\":\"" + TABLE_ARN + "\","
                    + "\"TableId\":\"0a1b2c3d-0000-0000-0000-000000000000\",\"TableStatus\":\"ACTIVE\",\"CreationDateTime\":1.7E9,"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"},"
                    + "{\"AttributeName\":\"g\",\"AttributeType\":\"S\"}],"
                    + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
                    + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5,\"NumberOfDecreasesToday\":0},"
                    + "\"BillingModeSummary\":{\"BillingMode\":\"PROVISIONED\"},\"TableSizeBytes\":1024,\"ItemCount\":3,"
                    + "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},"
                    + "\"LatestStreamArn\":\"" + TABLE_ARN + "/stream/2024-01-01T00:00:00.000\",\"LatestStreamLabel\":\"2024-01-01T00:00:00.000\","
                    + "\"SSEDescription\":{\"Status\":\"ENABLED\",\"SSEType\":\"KMS\",\"KMSMasterKeyArn\":"
                    + "\"arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000\"},"
                    + "\"TableClassSummary\":{\"TableClass\":\"STANDARD\"},\"DeletionProtectionEnabled\":true,"
                    + "\"WarmThroughput\":{\"ReadUnitsPerSecond\":12000,\"WriteUnitsPerSecond\":4000,\"Status\":\"ACTIVE\"},"
                    + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by-g\",\"KeySchema\":[{\"AttributeName\":\"g\",\"KeyType\":\"HASH\"}],"
                    + "\"Projection\":{\"ProjectionType\":\"ALL\"},\"IndexStatus\":\"ACTIVE\",\"IndexSizeBytes\":512,\"ItemCount\":3,"
                    + "\"IndexArn\":\"" + TABLE_ARN + "/index/by-g\","
                    + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5,\"NumberOfDecreasesToday\":0}}],"
                    + "\"Replicas\":[{\"RegionName\":\"us-west-2\",\"ReplicaStatus\":\"ACTIVE\"}]}}"),
            Map.entry("DynamoDB_20120810.DescribeContinuousBackups", "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
                    + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLED\",\"RecoveryPeriodInDays\":35,"
                    + "\"EarliestRestorableDateTime\":1.7E9,\"LatestRestorableDateTime\":1.7000003E9}}}"),
            Map.entry("DynamoDB_20120810.DescribeTimeToLive", "{\"TimeToLiveDescription\":{\"TimeToLiveStatus\":\"ENABLED\",\"AttributeName\":\"ttl\"}}"),
            Map.entry("DynamoDB_20120810.ListTagsOfResource", "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"cds\"}]}"),
            Map.entry("DynamoDB_20120810.DescribeContributorInsights", "{\"TableName\":\"cds-training\",\"ContributorInsightsStatus\":\"DISABLED\"}"),
            Map.entry("DynamoDB_20120810.GetResourcePolicy", "{\"Policy\":\"{}\",\"RevisionId\":\"1\"}"),
            Map.entry("DynamoDB_20120810.DescribeKinesisStreamingDestination", "{\"TableName\":\"cds-training\",\"KinesisDataStreamDestinations\":[]}"),
            Map.entry("DynamoDB_20120810.ListTables", "{\"TableNames\":[\"cds-training\"]}"),
            Map.entry("AnyScaleFrontendService.DescribeScalableTargets", "{\"ScalableTargets\":[{\"ServiceNamespace\":\"dynamodb\","
                    + "\"ResourceId\":\"table/cds-training\",\"ScalableDimension\":\"dynamodb:table:ReadCapacityUnits\",\"MinCapacity\":5,"
                    + "\"MaxCapacity\":100,\"RoleARN\":\"arn:aws:iam::111111111111:role/x\",\"CreationTime\":1.7E9}]}"),
            Map.entry("AnyScaleFrontendService.DescribeScalingPolicies", "{\"ScalingPolicies\":[{\"PolicyARN\":\"arn:aws:autoscaling:us-east-1:111111111111:scalingPolicy:x\","
                    + "\"PolicyName\":\"p\",\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/cds-training\","
                    + "\"ScalableDimension\":\"dynamodb:table:ReadCapacityUnits\",\"PolicyType\":\"TargetTrackingScaling\","
                    + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":70.0,\"PredefinedMetricSpecification\":"
                    + "{\"PredefinedMetricType\":\"DynamoDBReadCapacityUtilization\"}},\"CreationTime\":1.7E9}]}"),
            Map.entry("TrentService.DescribeKey", "{\"KeyMetadata\":{\"KeyId\":\"00000000-0000-0000-0000-000000000000\",\"KeyManager\":\"CUSTOMER\","
                    + "\"KeyState\":\"Enabled\",\"Enabled\":true,\"Arn\":\"arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000\"}}"),
            Map.entry("TrentService.GetKeyRotationStatus", "{\"KeyRotationEnabled\":true}"));

    private final HttpServer server;

    private TrainingEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts it on a free loopback port. */
    public static TrainingEndpoint start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", TrainingEndpoint::answer);
        s.start();
        return new TrainingEndpoint(s);
    }

    /** http://127.0.0.1:PORT */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String body = target == null ? null : ANSWERS.get(target);
        int status = 200;
        if (body == null) {
            status = 400;
            body = "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\",\"message\":\"not in the training set\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
