package dev.ddbr.capacity;

import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.List;
import java.util.Map;

/**
 * What {@code capacity apply} does, as the exact calls in order. JSON field names are a documented contract
 * (docs/capacity.md).
 *
 * @param table   the table
 * @param region  the Region
 * @param action  the recommendation applied (keep, switch-to-on-demand, ...), or "warm-throughput" alone
 * @param reasons the recommendation's reasons
 * @param steps   the calls, in order; empty when there is nothing to change
 * @param applied false for a plan (--dry-run or before confirmation), true once every step succeeded
 */
public record CapacityPlan(String table, String region, String action, List<String> reasons, List<Step> steps, boolean applied)
        implements TextRenderable {

    /**
     * @param api        the AWS call: dynamodb:UpdateTable, application-autoscaling:RegisterScalableTarget, ...
     * @param resource   the table, or the auto scaling resource id (table/NAME[/index/INDEX])
     * @param parameters the call's parameters that matter, by their API names
     * @param why        what the step is for
     */
    public record Step(String api, String resource, Map<String, Object> parameters, String why) {}

    public boolean empty() { return steps.isEmpty(); }

    public CapacityPlan done() { return new CapacityPlan(table, region, action, reasons, steps, true); }

    @Override
    public void renderText(TextWriter out) {
        if (steps.isEmpty()) {
            out.line("nothing to change for '" + table + "' (" + action + ")");
            return;
        }
        out.line((applied ? "applied" : "plan") + " for '" + table + "' in " + region + ": " + action);
        for (String r : reasons) out.line("  - " + r);
        int i = 1;
        for (Step s : steps) {
            StringBuilder b = new StringBuilder();
            s.parameters().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            out.line(i++ + ". " + s.api() + " " + s.resource() + b + "  (" + s.why() + ")");
        }
    }
}
