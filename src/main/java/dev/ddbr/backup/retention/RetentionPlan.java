package dev.ddbr.backup.retention;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What prune does to one table's backups: each backup with its decision and the reason. JSON field names
 * are a documented contract (docs/backups.md).
 *
 * @param retention  the rule applied and where it came from (command line or profile); null when the caller did
 *                   not say (backup run, which always uses the profile)
 * @param keepLast   the --keep-last in effect, or null
 * @param olderThan  the --older-than in effect (ISO-8601 duration), or null
 * @param cutoff     backups created before this are old; null without --older-than
 * @param dryRun     nothing was deleted
 * @param decisions  every backup, newest first
 */
public record RetentionPlan(String table, Retention retention, Integer keepLast, String olderThan, Instant cutoff, boolean dryRun,
                            List<Decision> decisions) implements TextRenderable {

    public enum Action { KEEP, DELETE, DELETED, FAILED }

    public record Decision(BackupEntry backup, Action action, String reason) {}

    /**
     * The retention rule a prune applies. Options on the command line replace the profile's rule entirely: a
     * profile setting that is then not used is named in {@code notUsed}.
     *
     * @param source  {@code command-line} or {@code profile}
     * @param rule    the rule as given, e.g. {@code --keep-last 7 and --older-than 35d}, {@code keep_last 2}
     * @param notUsed the profile's rule when the command line replaced it, e.g. {@code keep_last 2}; else null
     */
    public record Retention(String source, String rule, String notUsed) {
        public static final String COMMAND_LINE = "command-line";
        public static final String PROFILE = "profile";

        /** The profile's rule as written there, e.g. {@code keep_last 7 and max_age_days 35}; null when it has none. */
        public static String profileRule(Integer keepLast, Integer maxAgeDays) {
            List<String> parts = new java.util.ArrayList<>();
            if (keepLast != null) parts.add("keep_last " + keepLast);
            if (maxAgeDays != null) parts.add("max_age_days " + maxAgeDays);
            return parts.isEmpty() ? null : String.join(" and ", parts);
        }

        /** One line for people: {@code retention: --older-than 1s (command line; the profile's keep_last 2 is not used)}. */
        public String text() {
            String from = COMMAND_LINE.equals(source) ? "command line" : "profile";
            return "retention: " + rule + " (" + from + (notUsed == null ? "" : "; the profile's " + notUsed + " is not used") + ")";
        }
    }

    public List<Decision> toDelete() {
        return decisions.stream().filter(d -> d.action() == Action.DELETE).toList();
    }

    public long count(Action a) { return decisions.stream().filter(d -> d.action() == a).count(); }

    public RetentionPlan withDecisions(List<Decision> d, boolean dry) {
        return new RetentionPlan(table, retention, keepLast, olderThan, cutoff, dry, List.copyOf(d));
    }

    @Override
    public void renderText(TextWriter out) {
        renderText(out, false);
    }

    /** The plan as it is shown before the operator is asked: the same table, "will delete" and no verdict on the outcome. */
    public TextRenderable proposal() {
        return out -> renderText(out, true);
    }

    private void renderText(TextWriter out, boolean proposal) {
        List<List<String>> rows = new ArrayList<>();
        for (Decision d : decisions) {
            BackupEntry b = d.backup();
            String action = switch (d.action()) {
                case DELETE -> proposal ? "delete" : dryRun ? "would delete" : "delete";
                case DELETED -> "deleted";
                case FAILED -> "FAILED";
                case KEEP -> "keep";
            };
            rows.add(TextWriter.row(action, b.name(), b.type(), b.status(),
                    b.createdAt() == null ? null : b.createdAt().toString(), d.reason()));
        }
        out.line("table " + table);
        if (retention != null) out.line(retention.text());
        out.table(List.of("action", "name", "type", "status", "created", "reason"), rows);
        long del = count(Action.DELETE), done = count(Action.DELETED), failed = count(Action.FAILED);
        if (proposal) {
            out.verdict(Style.Tone.WARN, "plan: delete " + del + " of " + decisions.size() + " backup(s)");
        } else if (failed > 0) {
            out.verdict(Style.Tone.BAD, failed + " deletion(s) failed, " + done + " deleted");
        } else if (dryRun) {
            out.verdict(Style.Tone.GOOD, "dry run: would delete " + del + " of " + decisions.size() + " backup(s); nothing was deleted");
        } else if (done == 0 && del == 0) {
            out.verdict(Style.Tone.GOOD, "nothing to delete: kept all " + decisions.size() + " backup(s)");
        } else {
            out.verdict(Style.Tone.GOOD, "deleted " + done + " of " + decisions.size() + " backup(s)");
        }
    }
}
