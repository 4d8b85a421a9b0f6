package dev.ddbr.cli.failover;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.cli.DurationConverter;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.failover.Drill;
import dev.ddbr.failover.DrillOptions;
import dev.ddbr.failover.RegionNames;
import dev.ddbr.failover.DrillReport;
import dev.ddbr.failover.PauseCleanup;
import dev.ddbr.profile.TableProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drill",
        description = {"Rehearse a failover with real data: write canary items in --from, time how long each takes to "
                + "show up in --to (the measured RPO: p50/p99/max lag), probe --to with a write, a read and a delete as an "
                + "application would after switching (the measured switch time), then delete the canaries and print a timeline.",
            "",
            "Canaries have the partition key 'ddbr-canary#<run>#<n>' and a TTL one hour ahead (the table's TTL attribute, "
                    + "or 'ddbr_ttl'). Exit 1 when the RPO is breached (a canary never arrived, or the lag passed the "
                    + "profile's failover.rpo_seconds), the probe failed, or the RTO estimate passed failover.rto_seconds.",
            "",
            "--pause-replication pauses replication into --to for a while and times the catch-up after resume: through the "
                    + "AWS FIS template in failover.fis_template_id when set, otherwise through the Deny statements AWS FIS uses for the "
                    + "replication service-linked role merged into the table's resource policy (expiring by itself). "
                    + "The pause is always lifted: at the end, on Ctrl-C and on errors; Ctrl-C also deletes the canaries written so far and exits 130. --cleanup removes a leftover pause.",
            "",
            "Needs confirmation on a terminal, or --yes; --dry-run prints the plan and writes nothing.",
            "",
            "Examples:",
            "  ddbr failover drill orders --from eu-west-1 --to us-east-1 --dry-run",
            "  ddbr -p prod failover drill orders --from eu-west-1 --to us-east-1 --canaries 20 --yes",
            "  ddbr failover drill orders --from eu-west-1 --to us-east-1 --pause-replication 2m --yes -o json",
            "  ddbr failover drill --cleanup orders --to us-east-1",
            "",
            "[API: DescribeTable, DescribeTimeToLive, PutItem, BatchGetItem, GetItem, DeleteItem; with --pause-replication: "
                    + "GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy, or fis:StartExperiment, fis:GetExperiment, "
                    + "fis:StopExperiment; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class FailoverDrillCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Global table name.")
    String table;

    @Option(names = "--from", paramLabel = "REGION", description = "Region the canaries are written in (default: the first of failover.regions).")
    String from;

    @Option(names = "--to", paramLabel = "REGION", description = "Region to fail over to (default: the second of failover.regions).")
    String to;

    @Option(names = "--canaries", paramLabel = "N", defaultValue = "10", description = "Canary items to write (default: ${DEFAULT-VALUE}).")
    int canaries;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for canaries and for a healthy probe (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--pause-replication", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause replication into --to for this long during the drill, then time the catch-up.")
    Duration pause;

    @Option(names = "--cleanup", description = "Only remove leftover ddbr pause statements from the table's resource policy (in --to, or every replica Region).")
    boolean cleanup;

    @picocli.CommandLine.Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        TableProfile.Failover fo = ctx().profileOrEmpty().tableOrDefaults(table).failover().orElse(null);
        List<String> profileRegions = fo == null ? List.of() : fo.regions();
        if (from != null) RegionNames.require(from, "--from");
        if (to != null) RegionNames.require(to, "--to");
        if (cleanup) {
            return cleanup(profileRegions);
        }
        String a = from != null ? from : profileRegions.size() >= 2 ? profileRegions.get(0) : null;
        String b = to != null ? to : profileRegions.size() >= 2 ? profileRegions.get(1) : null;
        if (a == null || b == null) {
            throw DdbrException.invalid("the drill needs --from and --to", "pass both, or set failover.regions for '" + table + "' in the profile");
        }
        if (pause != null && (pause.isZero() || pause.compareTo(Duration.ofHours(1)) > 0)) {
            throw DdbrException.invalid("--pause-replication must be between 1s and 1h", null);
        }
        if (timeout.isZero()) throw DdbrException.invalid("--timeout must be more than 0", null);
        DrillOptions o = new DrillOptions(table, a, b, canaries, timeout, Optional.ofNullable(pause),
                fo == null ? Optional.empty() : fo.rpoSeconds(), fo == null ? Optional.empty() : fo.rtoSeconds(),
                fo == null ? 0 : fo.appSwitchSeconds(), fo == null ? Optional.empty() : fo.fisTemplateId(),
                DrillOptions.DEFAULT_WRITE_INTERVAL, DrillOptions.DEFAULT_POLL_INTERVAL);
        Drill drill = new Drill(aws(), console()::info).onInterrupt(new InterruptLine(console().err()));
        String runId = Drill.newRunId();
        Drill.Target target = drill.prepare(o);
        if (confirm.dryRun) {
            renderPlan(drill.plan(o, target, runId), a);
            return ExitCodes.OK;
        }
        String question = "write " + canaries + " canary items in " + a + (pause != null ? " and pause replication into " + b : "")
                + " (table " + table + ")";
        if (!Confirmation.confirm(ctx(), confirm, question + "?", question, a)) {
            console().info("drill cancelled; nothing was written");
            return ExitCodes.PROBLEMS;
        }
        DrillReport report = drill.run(o, target, runId);
        render(report);
        return report.passed() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** Prints the Ctrl-C hook's one-line summary on stderr. */
    static final class InterruptLine implements java.util.function.Consumer<String> {
        private final java.io.PrintWriter err;

        InterruptLine(java.io.PrintWriter err) { this.err = err; }

        @Override
        public void accept(String line) {
            err.println(line);
            err.flush();
        }
    }

    private int cleanup(List<String> profileRegions) {
        String what = "remove leftover ddbr replication-pause statements from '" + table + "'";
        if (!confirm.dryRun && !Confirmation.confirm(ctx(), confirm, what + "?", what)) {
            console().info("cleanup cancelled");
            return ExitCodes.PROBLEMS;
        }
        var result = new PauseCleanup(aws()).run(table, to, profileRegions, confirm.dryRun);
        if (confirm.dryRun) renderPlan(result, to != null ? to : aws().region());
        else render(result);
        return ExitCodes.OK;
    }
}
