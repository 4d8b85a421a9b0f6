package dev.ddbr.cli.table;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "describe",
        description = {"Show a table's settings snapshot: keys, indexes, billing and capacity, auto scaling, stream, "
                + "TTL, PITR and its window, encryption and key, deletion protection, class, replicas, tags, "
                + "Contributor Insights, resource policy, Kinesis destinations, item count and size.",
            "",
            "Then which path fits the table's size for a full copy or a hot-key analysis (\"paths\" in JSON): a Scan from "
                    + "this machine (under 10 GB), DynamoDB's export to S3 read here (up to 500 GB), or the export analysed by "
                    + "Athena (above); with each path's read units, rough cost at us-east-1 list prices (dated, with their "
                    + "source) and rough duration. See docs/skew.md, \"Which path\".",
            "",
            "A part whose API the endpoint lacks or denies shows as 'unavailable' (listed under \"unavailable\" "
                    + "in JSON) and the command still succeeds.",
            "",
            "Examples:",
            "  ddbr table describe orders",
            "  ddbr table describe orders --alarms -o json",
            "  ddbr -p prod table describe orders -o yaml",
            "",
            "[API: DescribeTable, DescribeContinuousBackups, DescribeTimeToLive, ListTagsOfResource, "
                    + "DescribeContributorInsights, GetResourcePolicy, DescribeKinesisStreamingDestination, "
                    + "kms:DescribeKey, kms:GetKeyRotationStatus, application-autoscaling:DescribeScalableTargets, "
                    + "application-autoscaling:DescribeScalingPolicies, cloudwatch:DescribeAlarms (with --alarms)]"})
public class TableDescribeCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Table name.")
    String table;

    @Option(names = "--alarms", description = "Also list the CloudWatch alarms that watch the table (reads every alarm in the Region).")
    boolean alarms;

    @Override
    protected int execute() {
        Set<SnapshotPart> parts = EnumSet.copyOf(SnapshotReader.DESCRIBE_PARTS);
        if (alarms) parts.add(SnapshotPart.ALARMS);
        render(dev.ddbr.table.TableDescription.of(new SnapshotReader(aws()).read(table, parts)));
        return 0;
    }
}
