package dev.ddbr.cli.failover;

import dev.ddbr.cli.DurationConverter;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.failover.WhatIf;
import java.time.Duration;
import java.time.Instant;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "what-if",
        description = {"If a Region disappears, can the surviving replicas carry its traffic? For each survivor: load = its own "
                + "peak consumed capacity plus its share of the lost Region's peak (CloudWatch, last 14 days); ceiling = the "
                + "auto scaling maximum (provisioned) or the higher of the warm throughput and twice its previous peak "
                + "(on-demand), capped by the on-demand maximum and the per-table quota (DescribeLimits).",
            "",
            "Also lists the named table and the profile's tables that have no replica outside the lost Region: their data "
                    + "is then reachable only through backups. For each it says where copies actually exist: PITR, DynamoDB "
                    + "backups (ListBackups) and AWS Backup recovery points in the lost Region (all lost with it), and recovery "
                    + "points in the backup.copy_to vault (read as backup.copy_to.verify_role_arn when the vault is in another "
                    + "account). SAFE: a copy exists outside the lost Region (its age is the data a restore would miss); "
                    + "AT RISK: copies only inside it, or none readable.",
            "",
            "Exit 1 if a survivor would be overloaded or a table would be lost (AT RISK).",
            "",
            "Examples:",
            "  ddbr -p prod failover what-if orders --lose eu-west-1",
            "  ddbr -p prod failover what-if orders --lose us-east-1 -o json",
            "",
            "[API: DescribeTable, DescribeContinuousBackups, DescribeLimits, ListBackups, cloudwatch:GetMetricData, "
                    + "application-autoscaling:DescribeScalableTargets, application-autoscaling:DescribeScalingPolicies, "
                    + "backup:ListRecoveryPointsByResource, backup:ListRecoveryPointsByBackupVault, sts:AssumeRole]"})
public class FailoverWhatIfCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Global table name.")
    String table;

    @Option(names = "--lose", paramLabel = "REGION", required = true, description = "The Region that disappears.")
    String lose;

    @Option(names = "--look-back", paramLabel = "DURATION", defaultValue = "14d", converter = DurationConverter.class,
            description = "How far back peaks are looked for (default: ${DEFAULT-VALUE}).")
    Duration lookBack;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Override
    protected int execute() {
        reportOption.check();
        WhatIf.Result r = new WhatIf(aws()).run(table, lose, ctx().profileOrEmpty(), lookBack, Instant.now());
        render(r);
        reportOption.write(ctx(), spec, meta -> Reports.of(r, meta));
        return r.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
