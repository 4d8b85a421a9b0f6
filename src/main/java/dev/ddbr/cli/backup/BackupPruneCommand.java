package dev.ddbr.cli.backup;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;

import dev.ddbr.util.Durations;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.backup.retention.Pruner;
import dev.ddbr.backup.retention.RetentionPlan;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.profile.TableProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prune",
        description = {"Delete a table's old on-demand backups by count and/or age.",
            "",
            "Safety rules, whatever the options: only USER backups are deleted (never SYSTEM backups or AWS Backup recovery points, so nothing under a vault lock or legal hold); the newest AVAILABLE backup is never deleted; backups still CREATING are kept; a safety backup taken by 'restore pitr --replace' (named TABLE-ddbr-safety-<UTC time>) is never deleted and does not count towards --keep-last.",
            "",
            "The rule: --keep-last and/or --older-than when given, and then the profile's backup.keep_last / max_age_days are not used at all (not mixed in); without either option, the profile's. The plan says which rule applies and where it came from. --dry-run prints the plan. A terminal is shown the plan, then asked to confirm; anything else needs --yes. Exit 1 when a deletion failed or the answer was no.",
            "",
            "Examples:",
            "  ddbr backup prune orders --keep-last 7 --dry-run",
            "  ddbr backup prune orders --older-than 35d --yes",
            "  ddbr -p prod backup prune orders --yes",
            "",
            "[API: ListBackups, DescribeTable, backup:ListRecoveryPointsByResource, DescribeBackup, DeleteBackup; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class BackupPruneCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table whose backups are pruned.")
    String table;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest AVAILABLE backups (N >= 1).")
    Integer keepLast;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Delete only backups older than this (e.g. 35d, 12h).")
    String olderThan;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        Integer keep = keepLast;
        Duration age = olderThan == null ? null : Durations.parse(olderThan, "--older-than");
        if (keep != null && keep < 1) {
            throw DdbrException.invalid("--keep-last must be at least 1, not " + keep, "the newest backup is always kept");
        }
        TableProfile.Backup b = ctx().profileOrEmpty().tableOrDefaults(table).backup();
        String profileRule = profileRule(b);
        RetentionPlan.Retention retention;
        if (keep != null || age != null) {
            // options on the command line replace the profile's rule entirely (never mixed with it)
            List<String> parts = new ArrayList<>();
            if (keep != null) parts.add("--keep-last " + keep);
            if (age != null) parts.add("--older-than " + olderThan);
            retention = new RetentionPlan.Retention(RetentionPlan.Retention.COMMAND_LINE, String.join(" and ", parts), profileRule);
        } else {
            keep = b.keepLast().orElse(null);
            age = b.maxAgeDays().map(d -> Duration.ofDays(d)).orElse(null);
            if (keep == null && age == null) {
                throw DdbrException.invalid("nothing to prune by: give --keep-last and/or --older-than",
                        "or set backup.keep_last / max_age_days for '" + table + "' in the profile");
            }
            retention = new RetentionPlan.Retention(RetentionPlan.Retention.PROFILE, profileRule, null);
        }
        // run again with the same rule (and --yes if given): the plan is made anew, so it finishes the deletions
        String again = ddbrCommand("backup", "prune", table, keepLast == null ? null : "--keep-last",
                keepLast == null ? null : keepLast.toString(), olderThan == null ? null : "--older-than", olderThan,
                confirm.yes ? "--yes" : null);
        return prune(ctx(), table, keep, age, retention, confirm, again);
    }

    /** The profile's retention rule for the table ({@code keep_last 2 and max_age_days 35}), or null when it has none. */
    static String profileRule(TableProfile.Backup b) {
        return RetentionPlan.Retention.profileRule(b.keepLast().orElse(null), b.maxAgeDays().orElse(null));
    }

    static int prune(dev.ddbr.cli.AppContext ctx, String table, Integer keep, Duration age, RetentionPlan.Retention retention,
                     ConfirmOptions confirm, String again) {
        Pruner pruner = new Pruner(new OnDemandBackups(ctx.aws(), Poller.standard()), Clock.systemUTC());
        RetentionPlan plan = pruner.plan(table, keep, age, confirm.dryRun, retention);
        int n = plan.toDelete().size();
        if (confirm.dryRun) {
            dev.ddbr.cli.BaseCommand.renderPlan(ctx, plan.withDecisions(plan.decisions(), true), ctx.aws().region());
            return ExitCodes.OK;
        }
        if (n == 0) {
            ctx.renderer().render(plan.withDecisions(plan.decisions(), false));
            return ExitCodes.OK;
        }
        boolean asking = !confirm.yes && ctx.env().stdinTty();
        boolean text = ctx.renderer().format() == dev.ddbr.output.OutputFormat.text;
        if (asking) {
            // the operator sees exactly what would go before answering; stdout keeps one document in json/yaml
            java.io.PrintWriter to = text ? ctx.out() : ctx.console().err();
            plan.proposal().renderText(new dev.ddbr.output.TextWriter(to, text ? ctx.renderer().style() : ctx.console().style()));
            to.flush();
        }
        if (!Confirmation.confirm(ctx, confirm, "delete the " + n + " backup(s) of " + table + " marked 'delete' above?",
                "delete " + n + " backup(s) of " + table)) {
            ctx.console().info("nothing deleted");
            if (!text) ctx.renderer().render(plan.withDecisions(plan.decisions(), true));
            return ExitCodes.PROBLEMS;
        }
        java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger();
        RetentionPlan done;
        try (var notice = dev.ddbr.cli.InterruptNotice.on(ctx.console().err(), () -> "ddbr: interrupted after deleting " + deleted.get()
                + " of " + n + " backup(s) of " + table + " (final; one being deleted may be gone too); the rest were not"
                + " deleted; to finish, run again: " + again)) {
            done = pruner.execute(plan, d -> {
                if (d.action() == RetentionPlan.Action.DELETED) deleted.incrementAndGet();
            });
        }
        ctx.renderer().render(done);
        return done.count(RetentionPlan.Action.FAILED) > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
}
