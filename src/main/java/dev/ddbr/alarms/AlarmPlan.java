package dev.ddbr.alarms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between the alarms the profile wants and those that exist, terraform-plan style. JSON field
 * names are a documented contract (docs/alarms.md).
 *
 * @param profile   the profile's name: the {@code ddbr:profile} tag of the alarms it owns
 * @param region    the profile's Region (or --region): its tables are read there
 * @param regions   every Region the plan covers: {@code region} first, then the Regions of the tables' replicas
 * @param summary   counts by action, all Regions together
 * @param changes   create, update and extra entries, by Region (in {@code regions}' order) then alarm name
 * @param unchanged the alarms that already match, with their Region
 */
public record AlarmPlan(String profile, String region, List<String> regions, Summary summary, List<Change> changes,
                        List<Unchanged> unchanged, List<LoadNote> fromLoad)
        implements TextRenderable {

    public AlarmPlan {
        fromLoad = fromLoad == null ? List.of() : List.copyOf(fromLoad);
        regions = regions == null ? List.of(region) : List.copyOf(regions);
    }

    /** An alarm that already matches, and the Region it is in. */
    public record Unchanged(String alarm, String region) {}

    /**
     * One operation a load report ({@code --from-load}) measured: the threshold derived from it, and which one the
     * latency alarm uses ({@code used}: {@code load}, or {@code profile} when the profile's latency_ms sets it).
     */
    public record LoadNote(String table, String operation, String report, String measured, double measuredMs,
                           int derivedMs, Integer profileMs, String used) {}

    /** The same plan, saying where latency thresholds came from. */
    public AlarmPlan withFromLoad(List<LoadNote> notes) {
        return new AlarmPlan(profile, region, regions, summary, changes, unchanged, notes);
    }

    public enum Action { create, update, extra }

    public record Summary(int create, int update, int unchanged, int extra) {}

    /** One field that differs: the existing value and the wanted one. */
    public record FieldChange(String field, String from, String to) {}

    /**
     * @param region  the Region the alarm is (or would be) in: each Region has its own CloudWatch alarms
     * @param desired the wanted alarm (create, update); null for extra
     * @param fields  for update: the fields that differ
     */
    public record Change(Action action, String region, String alarm, String table, String check, String severity,
                         List<FieldChange> fields, AlarmSpec desired) {}

    /** The changes in one Region. */
    @JsonIgnore
    public List<Change> in(String r) { return changes.stream().filter(c -> c.region().equals(r)).toList(); }

    /** The extra alarms of one Region. */
    @JsonIgnore
    public List<Change> of(Action a, String r) { return changes.stream().filter(c -> c.action() == a && c.region().equals(r)).toList(); }

    /** Whether applying would change anything (exit 1 for plan). */
    @JsonIgnore
    public boolean hasChanges() { return !changes.isEmpty(); }

    @JsonIgnore
    public List<Change> of(Action a) { return changes.stream().filter(c -> c.action() == a).toList(); }

    /**
     * One plan from the plans of each Region ({@code parts}, the profile's Region first): changes by Region then
     * name, counts summed. The load notes are the first part's (load reports measure the profile's Region).
     */
    static AlarmPlan merge(List<AlarmPlan> parts) {
        AlarmPlan home = parts.get(0);
        List<String> regions = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<Unchanged> same = new ArrayList<>();
        int[] n = new int[4];
        for (AlarmPlan p : parts) {
            regions.add(p.region());
            changes.addAll(p.changes());
            same.addAll(p.unchanged());
            n[0] += p.summary().create();
            n[1] += p.summary().update();
            n[2] += p.summary().unchanged();
            n[3] += p.summary().extra();
        }
        return new AlarmPlan(home.profile(), home.region(), regions, new Summary(n[0], n[1], n[2], n[3]), changes, same,
                home.fromLoad());
    }

    /** Build the plan of one Region from the wanted alarms and the ddbr- alarms that exist there. */
    static AlarmPlan diff(String profile, String region, List<AlarmSpec> wanted, Map<String, AlarmSpec> existing,
                          Set<String> ownedByProfile) {
        List<Change> changes = new ArrayList<>();
        List<Unchanged> same = new ArrayList<>();
        Set<String> wantedNames = new java.util.HashSet<>();
        for (AlarmSpec w : wanted) {
            wantedNames.add(w.name());
            AlarmSpec have = existing.get(w.name());
            if (have == null) {
                changes.add(new Change(Action.create, region, w.name(), w.table(), w.check(), w.severity(), List.of(), w));
                continue;
            }
            List<FieldChange> diffs = new ArrayList<>();
            Map<String, String> a = have.comparable();
            w.comparable().forEach((k, v) -> {
                if (!v.equals(a.get(k))) diffs.add(new FieldChange(k, a.get(k), v));
            });
            if (diffs.isEmpty()) same.add(new Unchanged(w.name(), region));
            else changes.add(new Change(Action.update, region, w.name(), w.table(), w.check(), w.severity(), diffs, w));
        }
        for (String name : existing.keySet().stream().sorted().toList()) {
            if (!wantedNames.contains(name) && ownedByProfile.contains(name)) {
                changes.add(new Change(Action.extra, region, name, null, null, null, List.of(), null));
            }
        }
        changes.sort(java.util.Comparator.comparing(Change::alarm));
        Summary s = new Summary((int) changes.stream().filter(c -> c.action() == Action.create).count(),
                (int) changes.stream().filter(c -> c.action() == Action.update).count(), same.size(),
                (int) changes.stream().filter(c -> c.action() == Action.extra).count());
        return new AlarmPlan(profile, region, List.of(region), s, changes, same, List.of());
    }

    @Override
    public void renderText(TextWriter out) {
        Style st = out.style();
        int w = changes.stream().mapToInt(c -> c.alarm().length()).max().orElse(0);
        int rw = changes.stream().mapToInt(c -> c.region().length()).max().orElse(0);
        for (Change c : changes) {
            String pad = " ".repeat(w - c.alarm().length());
            String where = c.region() + " ".repeat(rw - c.region().length()) + "  ";
            switch (c.action()) {
                case create -> out.line(st.good("  + create ") + where + c.alarm() + pad + "  " + c.desired().summary());
                case update -> {
                    out.line(st.warn("  ~ update ") + where + c.alarm());
                    for (FieldChange f : c.fields()) {
                        out.line("        " + f.field() + ": " + show(f.from()) + " -> " + show(f.to()));
                    }
                }
                case extra -> out.line(st.bad("  - extra  ") + where + c.alarm() + pad
                        + "  no longer wanted by the profile; 'ddbr alarms prune' deletes it");
            }
        }
        if (!changes.isEmpty()) out.blank();
        for (LoadNote n : fromLoad) {
            String measured = n.measured() + " " + AlarmSpec.number(n.measuredMs()) + " ms";
            out.line("load report " + n.report() + ": " + n.table() + " " + n.operation() + " " + measured + " -> "
                    + ("profile".equals(n.used())
                        ? "the profile's latency_ms " + n.profileMs() + " ms wins (report: " + n.derivedMs() + " ms)"
                        : "threshold " + n.derivedMs() + " ms (x " + LoadThresholds.MARGIN + ", rounded up)"));
        }
        if (!fromLoad.isEmpty()) out.blank();
        String counts = summary.create() + " to create, " + summary.update() + " to update, " + summary.unchanged()
                + " unchanged, " + summary.extra() + " extra";
        if (hasChanges()) {
            out.verdict(Style.Tone.WARN, "Plan: " + counts + " (profile " + profile + ", " + String.join(", ", regions) + ").");
        } else {
            out.verdict(Style.Tone.GOOD, "No changes: " + summary.unchanged() + " alarms match the profile " + profile
                    + " in " + String.join(", ", regions) + ".");
        }
    }

    private static String show(String s) { return s == null || s.isEmpty() ? "(none)" : "\"" + s + "\""; }
}
