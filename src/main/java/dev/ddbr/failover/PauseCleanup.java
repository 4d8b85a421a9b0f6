package dev.ddbr.failover;

import static dev.ddbr.output.TextWriter.row;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** {@code ddbr failover drill --cleanup}: removes leftover ddbr pause statements by their Sid prefix. */
public final class PauseCleanup {
    private final ClientFactory aws;

    public PauseCleanup(ClientFactory aws) {
        this.aws = aws;
    }

    public record RegionResult(String region, String tableArn, List<String> statements, boolean removed) {}

    public record Result(String table, boolean dryRun, List<RegionResult> regions) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            List<List<String>> rows = new ArrayList<>();
            int n = 0;
            for (RegionResult r : regions) {
                n += r.statements().size();
                rows.add(row(r.region(), r.statements().isEmpty() ? "none" : String.join(", ", r.statements()),
                        r.statements().isEmpty() ? "-" : r.removed() ? "removed" : "would remove"));
            }
            out.table(List.of("region", "ddbr pause statements", "action"), rows);
            out.blank();
            if (n == 0) out.verdict(Style.Tone.GOOD, "CLEAN: no ddbr replication-pause statements on " + table);
            else if (dryRun) out.verdict(Style.Tone.WARN, "DRY RUN: " + n + " statement(s) would be removed");
            else out.verdict(Style.Tone.GOOD, "REMOVED: " + n + " statement(s); replication is no longer denied by ddbr");
        }
    }

    /** @param to one Region, or null for every Region in {@code profileRegions} (or the table's replicas) */
    public Result run(String table, String to, List<String> profileRegions, boolean dryRun) {
        List<String> regions;
        SnapshotReader reader = new SnapshotReader(aws);
        if (to != null) regions = List.of(to);
        else if (!profileRegions.isEmpty()) regions = profileRegions;
        else regions = GlobalTables.regions(reader.read(table, EnumSet.noneOf(dev.ddbr.table.SnapshotPart.class)));
        List<RegionResult> out = new ArrayList<>();
        for (String region : regions) {
            TableSettings t = reader.read(table, region, EnumSet.noneOf(dev.ddbr.table.SnapshotPart.class));
            ReplicationPause p = new ReplicationPause(aws.dynamodb(region), t.arn(), d -> Thread.sleep(d.toMillis()));
            List<String> found = p.leftovers();
            if (!dryRun && !found.isEmpty()) {
                found = p.remove(sid -> sid.startsWith(ReplicationPause.SID_PREFIX));
            }
            out.add(new RegionResult(region, t.arn(), found, !dryRun && !found.isEmpty()));
        }
        return new Result(table, dryRun, out);
    }

}
