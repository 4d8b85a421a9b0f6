package dev.ddbr.cli.restore;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.cli.WaitOptions;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.restore.Journal;
import dev.ddbr.restore.RestoreService;
import dev.ddbr.util.Durations;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pitr",
        description = {"Restore a table to a point in time into a new table, and make the new table complete: the "
                + "restore keeps the source's billing mode, capacity, indexes and KMS key (passed explicitly), then ddbr "
                + "re-applies the stream, TTL, tags, PITR and its period, deletion protection, table class, warm "
                + "throughput, auto scaling targets and policies, Contributor Insights, resource policy (ARN rewritten, "
                + "merged, applied last), Kinesis destinations and CloudWatch alarms, compares the two tables and reports the RTO. "
                + "Into a new table (--target), Kinesis destinations and alarms are copied only with --with-integrations: a "
                + "restored copy must not feed the source's consumers or page its on-call.",
            "",
            "Preflight checks change nothing: the source exists and has PITR on, WHEN is inside its window, the "
                    + "target name is free and valid, no other restore into it is under way. Ctrl-C while waiting "
                    + "exits 130; 'ddbr restore status TARGET' picks it up without repeating a step.",
            "",
            "--replace puts the table back under its own name. The point-in-time restore goes into a staging table "
                    + "first (AWS keeps no PITR history of a deleted table, only its state at the delete); then a safety "
                    + "backup of SOURCE and a backup of the staging table, DeleteTable SOURCE, RestoreTableFromBackup as "
                    + "SOURCE, every setting re-applied from the snapshot taken before the delete, the staging table "
                    + "deleted. Anything that fails before the delete leaves SOURCE untouched. The table gets a new stream "
                    + "ARN: the plan and the report list the Lambda event source mappings on the old stream, with the "
                    + "commands to repoint each, and the old stream's resource-based policy is put on the new one.",
            "",
            "WHEN: 'latest', an ISO-8601 instant (2024-05-01T10:00:00Z), or a time before now (-15m, -2h, -1h30m).",
            "",
            "Examples:",
            "  ddbr restore pitr orders --target orders-restored --to -15m --dry-run",
            "  ddbr restore pitr orders --target orders-0501 --to 2024-05-01T09:58:00Z --report restore.html",
            "  ddbr restore pitr orders --target orders-restored --to latest --no-wait -o json",
            "  ddbr restore pitr orders --to 2024-05-01T09:58:00Z --replace --dry-run",
            "  ddbr restore pitr orders --to -30m --replace --disable-deletion-protection --yes",
            "",
            "[API: DescribeTable, DescribeContinuousBackups, DescribeTimeToLive, ListTagsOfResource, "
                    + "DescribeContributorInsights, GetResourcePolicy, DescribeKinesisStreamingDestination, ListBackups, "
                    + "RestoreTableToPointInTime, CreateBackup, DescribeBackup, DeleteTable, RestoreTableFromBackup, UpdateTable, UpdateTimeToLive, UpdateContinuousBackups, TagResource, "
                    + "UpdateContributorInsights, PutResourcePolicy, EnableKinesisStreamingDestination, kms:DescribeKey, "
                    + "kms:GetKeyRotationStatus, kms:CreateGrant, application-autoscaling:DescribeScalableTargets, "
                    + "application-autoscaling:DescribeScalingPolicies, application-autoscaling:RegisterScalableTarget, "
                    + "application-autoscaling:PutScalingPolicy, cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource, "
                    + "cloudwatch:PutMetricAlarm, lambda:ListEventSourceMappings, Scan (--verify-items); "
                    + "sts:GetCallerIdentity (prompt and --dry-run)]"})
public class RestorePitrCommand extends RestoreBase {
    @Parameters(paramLabel = "SOURCE", description = "The table to restore from.")
    String source;

    @Option(names = "--target", paramLabel = "NAME", description = "The new table's name (must not exist). Not with --replace.")
    String target;

    @Option(names = "--replace", description = "Restore SOURCE under its own name: restore into a staging table, take a "
            + "safety backup of SOURCE, delete SOURCE, restore the staging table's backup as SOURCE, re-apply every setting. "
            + "Asks first on a terminal; --yes for scripts.")
    boolean replace;

    @Option(names = "--disable-deletion-protection", description = "With --replace: allow turning deletion protection off "
            + "on SOURCE just before the delete (the restored table gets it back).")
    boolean disableDeletionProtection;

    @Option(names = "--with-integrations", description = "With --target: also copy the source's Kinesis streaming "
            + "destinations and CloudWatch alarms to the new table (off by default: a restored copy must not feed the "
            + "source's consumers or page its on-call). --replace always copies them.")
    boolean withIntegrations;

    @Option(names = "--to", paramLabel = "WHEN", required = true,
            description = "The point in time: latest, an ISO-8601 instant, or -15m / -2h before now.")
    String to;

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
        reportOption.check();
        if (replace) return replace();
        if (disableDeletionProtection) {
            throw DdbrException.invalid("--disable-deletion-protection goes only with --replace",
                    "a restore into a new table (--target) deletes nothing");
        }
        if (target == null) {
            throw DdbrException.invalid("--target NAME is required", "name the new table, e.g. --target " + source
                    + "-restored (or --replace to restore under the name '" + source + "')");
        }
        wait.timeout(); // bad values fail before anything happens
        Instant when = millis(Durations.parseWhen(to, clock.instant()));
        RestoreService svc = service();
        Journal.State s = svc.preparePitr(source, target, when, withIntegrations);
        svc.verifyItems(s, verifyItems, ctx().profileOrEmpty().restore().verifyItemsMaxGib());
        if (confirm.dryRun) {
            renderPlan(s.plan, s.region);
            return 0;
        }
        s.plan.notes().forEach(n -> console().warn(n));
        svc.begin(s);
        console().info("restoring '" + s.source + "' to " + (when == null ? "the latest restorable time" : when)
                + " into '" + target + "' (journal: " + svc.journal().file(s.region, target) + ")");
        return runAndReport(svc, s, wait, reportOption);
    }

    private int replace() {
        if (target != null && !target.equals(source)) {
            throw DdbrException.invalid("--replace restores under the name '" + source + "'; it takes no --target",
                    "drop --target, or drop --replace to restore into a new table");
        }
        if (!wait.wait) {
            throw DdbrException.invalid("--replace cannot --no-wait: each step waits for the one before",
                    "leave with Ctrl-C at any point and come back with 'ddbr restore status " + source + "'");
        }
        wait.timeout();
        Instant when = millis(Durations.parseWhen(to, clock.instant()));
        RestoreService svc = service();
        Journal.State s = svc.prepareReplace(source, when, disableDeletionProtection);
        svc.verifyItems(s, verifyItems, ctx().profileOrEmpty().restore().verifyItemsMaxGib());
        if (confirm.dryRun) {
            renderPlan(s.plan, s.region);
            return 0;
        }
        if (confirm.yes || ctx().env().stdinTty()) s.plan.notes().forEach(n -> console().warn(n)); // else: a one-line refusal
        String q = "Replace table '" + source + "' with its data as of " + (when == null ? "the latest restorable time" : when)
                + "? It is backed up, DELETED and restored under the same name; it does not exist while that runs.";
        if (!Confirmation.confirm(ctx(), confirm, q, "replace table '" + source + "'", s.region)) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        svc.begin(s);
        console().info("replacing '" + source + "' with its data as of " + (when == null ? "the latest restorable time" : when)
                + " (journal: " + svc.journal().file(s.region, source) + ")");
        return runAndReport(svc, s, wait, reportOption);
    }

    /** A relative WHEN ("-15m") is computed from the clock: keep it to the millisecond, as it is shown and recorded. */
    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
