package dev.ddbr.cli.load;

import dev.ddbr.cli.AppContext;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.error.DdbrException;
import dev.ddbr.load.Workload;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What {@code load run} and {@code failover drill --load} share: profile workloads and the write confirmation. */
public final class LoadWorkloads {
    private LoadWorkloads() {}

    /** The named workload of the table's {@code load.workloads} in the profile, as a spec. */
    public static Workload.Spec profileSpec(AppContext ctx, String table, String workload) {
        Profile p = ctx.profile().orElseThrow(() -> DdbrException.config("workload '" + workload + "' needs a profile",
                "pass -p PROFILE whose table '" + table + "' has load.workloads." + workload));
        TableProfile t = p.table(table).orElseThrow(() -> DdbrException.config("the profile has no table '" + table + "', so no workload '" + workload + "'",
                "add it under tables: with load: {workloads: {" + workload + ": {...}}}"));
        TableProfile.LoadWorkload lw = t.load().get(workload);
        if (lw == null) {
            String known = t.load().isEmpty() ? "the table has no load.workloads" : "known: " + String.join(", ", t.load().keySet());
            String msg = "no workload '" + workload + "' for table '" + table + "' in the profile"
                    + dev.ddbr.profile.Text.closest(workload, t.load().keySet()).map(c -> "; did you mean '" + c + "'?").orElse("");
            throw DdbrException.config(msg, known);
        }
        List<String> mixParts = new ArrayList<>();
        lw.mix().forEach((k, v) -> mixParts.add(k + "=" + v));
        return new Workload.Spec(workload, lw.rate().orElse(null), lw.duration().orElse(null), lw.workers().orElse(null),
                mixParts.isEmpty() ? null : String.join(",", mixParts), lw.itemSize().orElse(null), lw.keys().orElse(null),
                lw.keyCount().map(Integer::longValue).orElse(null), lw.keysFrom().orElse(null), lw.slo(), null, null,
                lw.indexKeys().orElse(null));
    }

    /**
     * A writing workload against a table ddbr did not create: --yes, and the table's name again (typed on a terminal,
     * or --confirm-table). Throws (exit 252) without them; false when the name typed does not match.
     */
    public static boolean confirmWrites(AppContext ctx, ConfirmOptions confirm, String confirmTable, String table, Workload w,
                                        String prompt) throws IOException {
        List<String> writes = w.mix().keySet().stream().filter(k -> k.write()).map(k -> k.key()).toList();
        String what = "write to '" + table + "' (" + String.join(", ", writes) + "), which ddbr did not create (no ddbr:created-by=ddbr tag)";
        String hint = "pass --yes and --confirm-table " + table + " (on a terminal, type the name when asked), or load a scratch copy made by 'ddbr load prepare " + table + "'";
        if (!confirm.yes) throw DdbrException.invalid("refusing to " + what + " without --yes", hint);
        if (confirmTable != null) {
            if (!confirmTable.equals(table)) {
                throw DdbrException.invalid("--confirm-table '" + confirmTable + "' does not match the table '" + table + "'", "give the table's exact name");
            }
            return true;
        }
        if (!ctx.env().stdinTty()) throw DdbrException.invalid("refusing to " + what + " without --confirm-table " + table, hint);
        var err = ctx.console().err();
        err.println("ddbr: acting on " + ctx.actingOn().text());
        err.print("ddbr: " + prompt + ", which ddbr did not create. Type the table's name to go on: ");
        err.flush();
        String line = new BufferedReader(new InputStreamReader(ctx.env().stdin(), StandardCharsets.UTF_8)).readLine();
        return line != null && line.strip().equals(table);
    }
}
