package dev.ddbr.cli.failover;

import dev.ddbr.cli.DurationConverter;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.failover.Readiness;
import dev.ddbr.failover.ReadinessReport;
import dev.ddbr.profile.TableProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check",
        description = {"Is every replica of a global table ready to take over? For each Region: table and replica status, "
                + "global table version; parity with the first Region (GSIs, billing mode, capacity and auto scaling, PITR, "
                + "deletion protection, TTL, stream, KMS key type and state); whether it can carry its own peak plus the largest "
                + "peak of another Region (CloudWatch consumed capacity, last 14 days) given its warm throughput or auto scaling "
                + "maximum; ReplicationLatency p99/max and PendingReplicationCount over --window; and the Route 53 failover "
                + "record and health checks named in the profile.",
            "",
            "RPO estimate: the worst replication latency. RTO estimate: health-check interval x failure threshold + DNS TTL "
                    + "+ failover.app_switch_seconds; unknown when neither Route 53 nor an app switch time is configured (an unknown "
                    + "RTO never counts as meeting rto_seconds). Both are compared with failover.rpo_seconds and rto_seconds.",
            "",
            "Verdict READY (exit 0), AT RISK or NOT READY (exit 1), each with reasons.",
            "",
            "Examples:",
            "  ddbr -p prod failover check orders",
            "  ddbr failover check orders --regions eu-west-1,us-east-1 --window 6h",
            "  ddbr -p prod failover check orders -o json | jq '.reasons'",
            "  ddbr -p prod failover check orders --report readiness-orders.html",
            "",
            "[API: DescribeTable, DescribeContinuousBackups, DescribeTimeToLive, kms:DescribeKey, "
                    + "application-autoscaling:DescribeScalableTargets, application-autoscaling:DescribeScalingPolicies, "
                    + "cloudwatch:GetMetricData, route53:GetHealthCheck, route53:ListResourceRecordSets]"})
public class FailoverCheckCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Global table name.")
    String table;

    @Option(names = "--regions", paramLabel = "A,B", split = ",",
            description = "Regions to check (default: failover.regions in the profile, else every replica Region).")
    List<String> regions;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Window for replication latency and pending count (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--look-back", paramLabel = "DURATION", defaultValue = "14d", converter = DurationConverter.class,
            description = "How far back the consumed-capacity peak is looked for (default: ${DEFAULT-VALUE}; CloudWatch keeps minutes for 15 days).")
    Duration lookBack;

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ReportOption reportOption = new dev.ddbr.cli.ReportOption();

    @Override
    protected int execute() {
        reportOption.check();
        Optional<TableProfile.Failover> fo = ctx().profileOrEmpty().tableOrDefaults(table).failover();
        Readiness readiness = new Readiness(aws());
        List<String> rs = readiness.regions(table, regions, fo);
        ReadinessReport report = Readiness.judge(readiness.gather(table, rs, fo, window, lookBack, Instant.now()));
        render(report);
        reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(report, meta));
        return report.ready() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
