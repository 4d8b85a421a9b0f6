package dev.ddbr.cli.restore;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.WaitOptions;
import dev.ddbr.restore.Journal;
import dev.ddbr.restore.RestoreService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup",
        description = {"Restore an on-demand (or system) backup into a new table, with the same wait, re-applied "
                + "settings, drift check and report as 'restore pitr'. Settings come from the source table when it "
                + "still exists, else from the backup's description (which lacks tags, PITR, auto scaling and more: "
                + "those are reported as skipped). Kinesis destinations and alarms are copied only with --with-integrations.",
            "",
            "Examples:",
            "  ddbr restore backup arn:aws:dynamodb:eu-west-1:111111111111:table/orders/backup/01700000000000-abcdef12 --target orders-restored",
            "  ddbr restore backup ARN --target orders-restored --dry-run",
            "  ddbr restore backup ARN --target orders-restored --report restore.html",
            "",
            "[API: DescribeBackup, RestoreTableFromBackup, DescribeTable, DescribeContinuousBackups, DescribeTimeToLive, "
                    + "ListTagsOfResource, DescribeContributorInsights, GetResourcePolicy, DescribeKinesisStreamingDestination, "
                    + "UpdateTable, UpdateTimeToLive, UpdateContinuousBackups, TagResource, UpdateContributorInsights, "
                    + "PutResourcePolicy, EnableKinesisStreamingDestination, kms:DescribeKey, kms:CreateGrant, "
                    + "application-autoscaling:DescribeScalableTargets, application-autoscaling:DescribeScalingPolicies, "
                    + "application-autoscaling:RegisterScalableTarget, application-autoscaling:PutScalingPolicy, "
                    + "cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource, cloudwatch:PutMetricAlarm, Scan (--verify-items); "
                    + "sts:GetCallerIdentity (prompt and --dry-run)]"})
public class RestoreBackupCommand extends RestoreBase {
    @Parameters(paramLabel = "BACKUP_ARN", description = "The backup's ARN.")
    String backupArn;

    @Option(names = "--target", paramLabel = "NAME", required = true, description = "The new table's name (must not exist).")
    String target;

    @Option(names = "--with-integrations", description = "Also copy the source's Kinesis streaming destinations and "
            + "CloudWatch alarms to the new table (off by default: a restored copy must not feed the source's consumers "
            + "or page its on-call).")
    boolean withIntegrations;

    @Option(names = "--verify-items", negatable = true, description = "Count the items of the restored table at the end "
            + "(Scan Select=COUNT: it reads the whole table) and show them beside the source's at the restore's time where "
            + "known. Default: on when the source is at most restore.verify_items_max_gib in the profile (1 GiB).")
    Boolean verifyItems;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Mixin
    dev.ddbr.cli.ReportOption reportOption = new dev.ddbr.cli.ReportOption();

    @Override
    protected int execute() {
        wait.timeout();
        reportOption.check();
        RestoreService svc = service();
        Journal.State s = svc.prepareBackup(backupArn, target, withIntegrations);
        svc.verifyItems(s, verifyItems, ctx().profileOrEmpty().restore().verifyItemsMaxGib());
        if (confirm.dryRun) {
            renderPlan(s.plan, s.region);
            return 0;
        }
        s.plan.notes().forEach(n -> console().warn(n));
        svc.begin(s);
        console().info("restoring backup " + backupArn + " into '" + target + "' (journal: " + svc.journal().file(s.region, target) + ")");
        return runAndReport(svc, s, wait, reportOption);
    }
}
