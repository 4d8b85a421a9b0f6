package dev.ddbr.cli;

import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Hidden: loads the classes a typical DynamoDB command uses, without any network call, so that
 * scripts/ddbr can record a class-data-sharing archive that makes every later start faster.
 */
@Command(name = "__cds-training", hidden = true, description = "Internal: warm-up run for the CDS archive.")
public class CdsTrainingCommand extends BaseCommand {
    @Override
    protected int execute() throws Exception {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "cds", "AWS_SECRET_ACCESS_KEY", "cds",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
        try (ClientFactory f = new ClientFactory(new AwsConfig(env, null, null, "http://127.0.0.1:9", null, null,
                null, null, null, null, null, 1))) {
            var ddb = f.dynamodb();
            // Build (but do not send) the common requests, and touch the response parsers' classes.
            software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest.builder().tableName("t").build();
            software.amazon.awssdk.services.dynamodb.model.ScanRequest.builder().tableName("t").build();
            f.kms();
            f.autoscaling();
            f.cloudwatch();
            f.sts();
            ddb.serviceName();
        }
        new Renderer(OutputFormat.json, new java.io.PrintWriter(java.io.Writer.nullWriter()), dev.ddbr.output.Style.plain())
                .render(Map.of("warm", true));
        new Renderer(OutputFormat.yaml, new java.io.PrintWriter(java.io.Writer.nullWriter()), dev.ddbr.output.Style.plain())
                .render(Map.of("warm", true));
        return 0;
    }
}
