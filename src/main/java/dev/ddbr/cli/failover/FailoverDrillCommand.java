package dev.ddbr.cli.failover;

import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.cli.DurationConverter;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.failover.Drill;
import dev.ddbr.failover.DrillLoad;
import dev.ddbr.failover.DrillOptions;
import dev.ddbr.cli.load.LoadWorkloads;
import dev.ddbr.load.Workload;
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
            "--load WORKLOAD runs a workload of the table's load.workloads in the profile (as 'ddbr load run --workload') during the drill: "
                    + "against --from until the switch (phase before), against --to while the probe checks it (during), then against --to for the "
                    + "workload's whole schedule (after); the report gives each phase's operations, p50/p99/max latency, errors and throttles beside "
                    + "the measured RPO and RTO. A writing workload against a table ddbr did not create needs --yes and --confirm-table TABLE "
                    + "(or the name typed on a terminal). Ctrl-C also stops the load.",
            "",
            "Needs confirmation on a terminal, or --yes; --dry-run prints the plan and writes nothing.",
            "",
            "Examples:",
            "  ddbr failover drill orders --from eu-west-1 --to us-east-1 --dry-run",
            "  ddbr -p prod failover drill orders --from eu-west-1 --to us-east-1 --canaries 20 --yes",
            "  ddbr failover drill orders --from eu-west-1 --to us-east-1 --pause-replication 2m --yes -o json",
            "  ddbr -p prod failover drill orders --load checkout-peak --yes --confirm-table orders -o json",
            "  ddbr failover drill orders --from eu-west-1 --to us-east-1 --pause-replication 2m --yes --report drill.html",
            "  ddbr failover drill --cleanup orders --to us-east-1",
            "",
            "[API: DescribeTable, DescribeTimeToLive, PutItem, BatchGetItem, GetItem, DeleteItem; with --pause-replication: "
                    + "GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy, or fis:StartExperiment, fis:GetExperiment, "
                    + "fis:StopExperiment; with --load: ListTagsOfResource and the workload's operations (GetItem, Query, PutItem, "
                    + "UpdateItem, DeleteItem, BatchGetItem, BatchWriteItem, TransactWriteItems) in both Regions; "
                    + "sts:GetCallerIdentity (prompt and --dry-run)]"})
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

    @Option(names = "--load", paramLabel = "WORKLOAD",
            description = "Run this workload of the table's load.workloads (profile) against --from before the switch and against --to after it.")
    String load;

    @Option(names = "--confirm-table", paramLabel = "NAME",
            description = "The table's name again, for a --load workload that writes to a table ddbr did not create, from a script.")
    String confirmTable;

    @picocli.CommandLine.Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ReportOption reportOption = new dev.ddbr.cli.ReportOption();

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.ChartOption chartOption = new dev.ddbr.cli.ChartOption();

    @Override
    protected int execute() throws Exception {
        chartOption.apply(ctx());
        reportOption.check();
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
        // the workload is checked before any call: a wrong name or value changes nothing
        Workload w = null;
        if (load != null) {
            w = Workload.resolve(LoadWorkloads.profileSpec(ctx(), table, load), ctx().env().vars());
        } else if (confirmTable != null) {
            throw DdbrException.invalid("--confirm-table is only for --load", "drop it, or add --load WORKLOAD");
        }
        Drill.Target target = drill.prepare(o);
        if (confirm.dryRun) {
            if (w != null) drill.withLoad(DrillLoad.plan(w));
            renderPlan(drill.plan(o, target, runId), a);
            return ExitCodes.OK;
        }
        String question = "write " + canaries + " canary items in " + a + (pause != null ? " and pause replication into " + b : "")
                + " (table " + table + ")";
        if (!Confirmation.confirm(ctx(), confirm, question + "?", question, a)) {
            console().info("drill cancelled; nothing was written");
            return ExitCodes.PROBLEMS;
        }
        if (w != null) {
            DrillLoad dl = DrillLoad.open(aws(), table, a, b, w);
            if (w.writes() && !dl.ownedByDdbr()
                    && !LoadWorkloads.confirmWrites(ctx(), confirm, confirmTable, table, w, "workload " + load + " writes to '" + table + "' in " + a + " and " + b)) {
                console().error("the name typed does not match '" + table + "'; nothing was sent");
                return ExitCodes.PROBLEMS;
            }
            drill.withLoad(dl);
        }
        DrillReport report = drill.run(o, target, runId);
        render(report);
        reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(report, meta));
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
