package dev.ddbr.cli.pitr;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.pitr.PitrChangePlan;
import dev.ddbr.pitr.PitrService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "enable",
        description = {"Turn on point-in-time recovery for a table, or change its recovery period (1 to 35 days). "
                + "Shortening the period drops the oldest history. Asks first on a terminal; --yes for scripts.",
            "",
            "Examples:",
            "  ddbr pitr enable orders --dry-run",
            "  ddbr pitr enable orders --recovery-days 35 --yes",
            "",
            "[API: DescribeContinuousBackups, UpdateContinuousBackups; sts:GetCallerIdentity (prompt and --dry-run)]"})
public class PitrEnableCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "Table name.")
    String table;

    @Option(names = "--recovery-days", paramLabel = "N",
            description = "Recovery period in days, 1 to 35 (default: the profile's pitr.recovery_days, else 35).")
    Integer recoveryDays;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        int days = recoveryDays != null ? recoveryDays : ctx().profileOrEmpty().table(table).map(t -> t.pitr().recoveryDays()).orElse(35);
        PitrService svc = new PitrService(aws(), aws().region());
        PitrService.EnablePlan plan = svc.planEnable(table, days);
        if (plan.noChange()) {
            console().info("PITR is already on for '" + table + "' with a recovery period of " + days + " days; nothing to do");
            render(svc.status(java.util.List.of(table), ctx().profileOrEmpty()));
            return ExitCodes.OK;
        }
        if (confirm.dryRun) {
            renderPlan(PitrChangePlan.of(plan, aws().region()));
            return ExitCodes.OK;
        }
        String q = (plan.shrinks() ? "Shorten" : "Set") + " PITR on '" + table + "' to a recovery period of " + days + " days"
                + (plan.shrinks() ? " (history older than that is lost)" : "") + "?";
        if (!Confirmation.confirm(ctx(), confirm, q, "change PITR on '" + table + "'")) {
            console().info("nothing changed");
            return ExitCodes.PROBLEMS;
        }
        render(svc.enable(plan));
        return ExitCodes.OK;
    }
}
