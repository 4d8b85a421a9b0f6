package dev.ddbr.cli.restore;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.restore.Journal;
import dev.ddbr.restore.RestoreList;
import dev.ddbr.util.StateDir;
import picocli.CommandLine.Command;

@Command(name = "list",
        description = {"List the restores this machine knows about, from their journals: the current journal of each "
                + "target and the archived ones, newest first, with the status each report would show (COMPLETE, "
                + "COMPLETE_WITH_PROBLEMS, IN_PROGRESS and its step, FAILED) and the journal's path. Reads only local "
                + "files; 'ddbr restore status TARGET' shows one in full and carries on an unfinished one.",
            "",
            "The journals live in $DDBR_STATE_DIR/restores/REGION/ (default ~/.local/state/ddbr).",
            "",
            "Examples:",
            "  ddbr restore list",
            "  ddbr restore list -o json",
            "",
            "[API: none]"})
public class RestoreListCommand extends BaseCommand {
    @Override
    protected int execute() {
        RestoreList list = new Journal(StateDir.resolve(ctx().env().vars())).list();
        render(list);
        return 0;
    }
}
