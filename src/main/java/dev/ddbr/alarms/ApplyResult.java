package dev.ddbr.alarms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code alarms apply} did, alarm by alarm. JSON field names are documented in docs/alarms.md.
 *
 * @param results   one per create or update: {@code applied} or {@code failed} with the AWS error
 * @param unchanged alarms that already matched
 * @param extra     ddbr alarms the profile no longer wants, left for {@code alarms prune}
 */
public record ApplyResult(String profile, String region, List<String> regions, List<Outcome> results, int unchanged,
                          int extra) implements TextRenderable {

    public ApplyResult {
        regions = regions == null ? List.of(region) : List.copyOf(regions);
    }

    /** One alarm put, in {@code region}. */
    public record Outcome(String alarm, String region, String action, String result, String error) {}

    @JsonIgnore
    public long failed() { return results.stream().filter(o -> "failed".equals(o.result())).count(); }

    @JsonIgnore
    public long applied() { return results.size() - failed(); }

    @Override
    public void renderText(TextWriter out) {
        if (!results.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Outcome o : results) rows.add(TextWriter.row(o.region(), o.alarm(), o.action(), o.result(), o.error()));
            out.table(List.of("region", "alarm", "action", "result", "error"), rows);
            out.blank();
        }
        String tail = unchanged + " unchanged" + (extra > 0 ? ", " + extra + " extra left ('ddbr alarms prune' deletes them)" : "");
        if (failed() > 0) {
            out.verdict(Style.Tone.BAD, applied() + " of " + results.size() + " alarms applied, " + failed() + " failed; " + tail + ".");
        } else {
            out.verdict(Style.Tone.GOOD, applied() + " alarms applied; " + tail + ".");
        }
    }
}
