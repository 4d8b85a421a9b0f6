package dev.ddbr.cli.restore;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.WaitOptions;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.output.Progress;
import dev.ddbr.restore.Journal;
import dev.ddbr.restore.RestoreReport;
import dev.ddbr.restore.RestoreService;
import dev.ddbr.util.Durations;
import dev.ddbr.util.Sleeper;
import dev.ddbr.util.StateDir;
import java.time.Clock;

/** What the restore commands share: the service, and running it with progress, Ctrl-C handling and the report. */
abstract class RestoreBase extends BaseCommand {
    protected final Clock clock = Clock.systemUTC();

    protected RestoreService service() {
        return new RestoreService(aws(), aws().region(), new Journal(StateDir.resolve(ctx().env().vars())), clock, Sleeper.SYSTEM);
    }

    /** Run (or resume) the restore, print the report; exit 1 when a fix-up failed or drift remains. */
    protected int runAndReport(RestoreService svc, Journal.State s, WaitOptions wait, dev.ddbr.cli.ReportOption reportOption) {
        Progress progress = Progress.of(console());
        // the command line as pasted: with -p / --region / --endpoint-url when they were given
        String resume = ddbrCommand(RestoreService.resumeCommand(s.target).substring("ddbr ".length()).split(" "));
        // On a real Ctrl-C the JVM exits 130 and prints this: the journal is already consistent.
        svc.onStep(new StepPrinter(console()));
        RestoreReport report;
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> {
            progress.done();
            return "ddbr: interrupted; resume with: " + resume;
        })) {
            report = svc.run(s, wait.wait, wait.timeout(), p -> progress.update("waiting for '" + p.table() + "': "
                    + p.status() + ", " + Durations.format(p.elapsed()) + (p.note() == null ? "" : " (" + p.note() + ")")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("interrupted while restoring into '" + s.target
                    + "'; the restore goes on in AWS and the journal records where ddbr stopped", resume);
        } finally {
            progress.done();
        }
        render(report);
        writeReport(reportOption, report);
        if (s.safetyBackupArn != null) {
            console().info("safety backup of '" + s.source + "' as it was before the replace: " + s.safetyBackupArn);
        }
        if (RestoreReport.IN_PROGRESS.equals(report.status())) {
            console().info("restore of '" + s.target + "' started; follow it with: " + resume);
            return ExitCodes.OK;
        }
        return report.hasProblems() ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }

    /** --report: the page, with the RTO objective of the source table's profile (failover.rto_seconds). */
    protected void writeReport(dev.ddbr.cli.ReportOption reportOption, RestoreReport report) {
        if (reportOption == null || !reportOption.requested()) return;
        Integer rto = rtoObjective(report.source());
        reportOption.write(ctx(), spec, meta -> dev.ddbr.report.Reports.of(report, rto, meta));
    }

    /** The table's recovery time objective from the profile, or null. */
    protected Integer rtoObjective(String table) {
        if (table == null) return null;
        return ctx().profileOrEmpty().tableOrDefaults(table).failover().flatMap(f -> f.rtoSeconds()).orElse(null);
    }

    /** Prints each step of a --replace as it starts. */
    static final class StepPrinter implements java.util.function.Consumer<String> {
        private final dev.ddbr.output.Console console;

        StepPrinter(dev.ddbr.output.Console console) { this.console = console; }

        @Override public void accept(String step) { console.info(step); }
    }
}
