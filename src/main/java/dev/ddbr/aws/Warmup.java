package dev.ddbr.aws;

import java.util.Map;

/**
 * Loads the classes a typical DynamoDB command uses, without leaving the machine: one call to a closed
 * local port goes through the whole request pipeline (marshalling, signing, HTTP, retries, error
 * translation) and fails at once. scripts/ddbr records the loaded classes in a CDS archive.
 */
public final class Warmup {
    private Warmup() {}

    public static void run() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "cds", "AWS_SECRET_ACCESS_KEY", "cds",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "HOME", "/nonexistent");
        try (ClientFactory f = new ClientFactory(new AwsConfig(env, null, null, "http://127.0.0.1:9", null, null,
                null, null, null, null, null, 1))) {
            try {
                f.dynamodb().describeTable(r -> r.tableName("cds-training"));
            } catch (RuntimeException expected) {
                AwsErrors.translate(expected, "train");
            }
            try {
                f.dynamodb().listTables(r -> r.limit(1));
            } catch (RuntimeException expected) {
                AwsErrors.kind(expected);
            }
            f.kms();
            f.autoscaling();
            f.cloudwatch();
        }
    }
}
