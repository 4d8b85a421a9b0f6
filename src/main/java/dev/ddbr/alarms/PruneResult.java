package dev.ddbr.alarms;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;

import java.util.List;

/**
 * What {@code alarms prune} deleted.
 *
 * @param deleted alarms deleted: ddbr-managed for this profile and no longer wanted
 * @param skipped extra alarms whose tags changed since the plan, left alone
 */
public record PruneResult(String profile, String region, List<String> deleted, List<String> skipped)
        implements TextRenderable {

    @Override
    public void renderText(TextWriter out) {
        for (String d : deleted) out.line("deleted  " + d);
        for (String s : skipped) out.line("skipped  " + s + "  (no longer tagged ddbr:managed for profile " + profile + ")");
        out.verdict(Style.Tone.GOOD, deleted.size() + " alarms deleted in " + region + ".");
    }
}
