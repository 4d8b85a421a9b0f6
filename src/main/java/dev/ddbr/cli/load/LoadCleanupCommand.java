package dev.ddbr.cli.load;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.load.Scratch;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cleanup",
        description = {"Delete load-test scratch tables: only tables ddbr created and tagged.",
            "",
            "Without TABLE: every table in the Region tagged ddbr:created-by=ddbr and ddbr:load-scratch-of (made by 'load prepare'). With TABLE: those tables, each only if it carries ddbr:created-by=ddbr (read again right before the delete); a table without the tag is refused (exit 252) and left alone. --dry-run lists what would go; a terminal asks first, scripts pass --yes.",
            "",
            "Examples:",
            "  ddbr load cleanup --dry-run",
            "  ddbr load cleanup --yes",
            "  ddbr load cleanup orders-load --yes",
            "",
            "[API: ListTables, DescribeTable, ListTagsOfResource, DeleteTable]"})
public class LoadCleanupCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "TABLE", description = "Tables to delete (default: every load scratch table).")
    List<String> tables = new ArrayList<>();

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() {
        Scratch s = new Scratch(aws());
        List<Scratch.Cleaned> plan = new ArrayList<>();
        if (tables.isEmpty()) {
            plan.addAll(s.findScratch());
        } else {
            for (String t : tables) plan.add(new Scratch.Cleaned(t, null, "delete if ddbr created it"));
        }
        if (confirm.dryRun || plan.isEmpty()) {
            if (confirm.dryRun) renderPlan(new Scratch.Cleanup(true, plan));
            else render(new Scratch.Cleanup(true, plan));
            return ExitCodes.OK;
        }
        List<String> names = plan.stream().map(Scratch.Cleaned::table).toList();
        if (!Confirmation.confirm(ctx(), confirm, "delete " + names.size() + " table" + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")?",
                "delete tables")) {
            console().error("nothing was deleted");
            return ExitCodes.PROBLEMS;
        }
        List<Scratch.Cleaned> done = new ArrayList<>();
        for (Scratch.Cleaned c : plan) done.add(new Scratch.Cleaned(c.table(), c.scratchOf(), s.delete(c.table())));
        render(new Scratch.Cleanup(false, done));
        return ExitCodes.OK;
    }
}
