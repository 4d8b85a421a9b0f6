package dev.ddbr.cli.restore;

import dev.ddbr.cli.WaitOptions;
import dev.ddbr.restore.Journal;
import dev.ddbr.restore.RestoreReport;
import dev.ddbr.restore.RestoreService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status",
        description = {"Show a restore's report, and carry on one that was interrupted or started with --no-wait: it "
                + "does only the steps its journal does not record as done, never one twice.",
            "",
            "The journal lives in $DDBR_STATE_DIR/restores/REGION/TARGET.json (default ~/.local/state/ddbr).",
            "",
            "Examples:",
            "  ddbr restore status orders-restored",
            "  ddbr restore status orders-restored --no-wait -o json",
            "  ddbr restore status orders-restored --report restore-orders.html",
            "",
            "[API: DescribeTable and, while a restore is unfinished, every call 'restore pitr' makes after "
                    + "RestoreTableToPointInTime]"})
public class RestoreStatusCommand extends RestoreBase {
    @Parameters(paramLabel = "TARGET", description = "The restored table's name.")
    String target;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Mixin
    dev.ddbr.cli.ReportOption reportOption = new dev.ddbr.cli.ReportOption();

    @Override
    protected int execute() {
        wait.timeout();
        reportOption.check();
        RestoreService svc = service();
        Journal.State s = svc.load(target);
        if (Journal.DONE.equals(s.phase) || Journal.FAILED.equals(s.phase)) {
            RestoreReport r = svc.report(s);
            render(r);
            writeReport(reportOption, r);
            return r.hasProblems() ? 1 : 0;
        }
        console().info("resuming the restore into '" + target + "' from step " + s.phase);
        return runAndReport(svc, s, wait, reportOption);
    }
}
