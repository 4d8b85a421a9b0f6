package dev.ddbr.backup.run;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code backup run --dry-run}: for every table of the profile, what each step (create, copy, verify, prune)
 * would do, found with reads only. JSON (documented in docs/backups.md): {@code dryRun} (true), {@code tables}
 * (tables with a backup: section), {@code planned}, {@code skipped}, {@code errors} (step counts), and
 * {@code steps}: {@code table}, {@code step}, {@code status} ({@code planned}, {@code skipped}, {@code error}),
 * {@code detail}, and for prune {@code wouldDelete} (backup names, else empty).
 */
public record RunPlan(boolean dryRun, int tables, int planned, int skipped, int errors, List<Step> steps)
        implements TextRenderable {

    public static final String PLANNED = "planned";
    public static final String SKIPPED = "skipped";
    public static final String ERROR = "error";

    public record Step(String table, String step, String status, String detail, List<String> wouldDelete) {}

    static RunPlan of(int tables, List<Step> steps) {
        int p = (int) steps.stream().filter(s -> s.status().equals(PLANNED)).count();
        int sk = (int) steps.stream().filter(s -> s.status().equals(SKIPPED)).count();
        int e = (int) steps.stream().filter(s -> s.status().equals(ERROR)).count();
        return new RunPlan(true, tables, p, sk, e, List.copyOf(steps));
    }

    public boolean ok() { return errors == 0; }

    @Override
    public void renderText(TextWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (Step s : steps) rows.add(TextWriter.row(s.table(), s.step(), s.status(), s.detail()));
        out.table(List.of("table", "step", "status", "what it would do"), rows);
        String text = String.format(Locale.ROOT, "dry run: %d table(s): %d step(s) planned, %d skipped, %d error(s); nothing was changed",
                tables, planned, skipped, errors);
        out.verdict(errors == 0 ? Style.Tone.GOOD : Style.Tone.BAD, text);
    }
}
