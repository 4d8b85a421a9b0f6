package dev.ddbr.alarms;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;

import java.util.List;

/**
 * What {@code alarms prune} deleted.
 *
 * @param regions the Regions the plan covered
 * @param deleted alarms deleted: ddbr-managed for this profile and no longer wanted
 * @param skipped extra alarms whose tags changed since the plan, left alone
 */
public record PruneResult(String profile, String region, List<String> regions, List<Pruned> deleted, List<Pruned> skipped)
        implements TextRenderable {

    public PruneResult {
        regions = regions == null ? List.of(region) : List.copyOf(regions);
    }

    /** An alarm and its Region. */
    public record Pruned(String alarm, String region) {}

    @Override
    public void renderText(TextWriter out) {
        for (Pruned d : deleted) out.line("deleted  " + d.region() + "  " + d.alarm());
        for (Pruned s : skipped) {
            out.line("skipped  " + s.region() + "  " + s.alarm() + "  (no longer tagged ddbr:managed for profile " + profile + ")");
        }
        out.verdict(Style.Tone.GOOD, deleted.size() + " alarms deleted in " + String.join(", ", regions) + ".");
    }
}
