package dev.ddbr.report;

import dev.ddbr.backup.verify.DrillReport;
import dev.ddbr.restore.DriftItem;
import dev.ddbr.restore.FixUpResult;
import dev.ddbr.restore.RestoreReport;
import dev.ddbr.restore.StepTime;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of {@code restore pitr|backup}, {@code restore status} and {@code backup verify}: the recovery
 * time achieved against the RTO first, then the step timeline (restore call, wait, each fix-up, drift check), then
 * the steps, fix-ups, drift and items as tables.
 */
final class RestorePage {
    private RestorePage() {}

    static String render(RestoreReport r, Integer rtoSeconds, ReportMeta meta) {
        String kind = "backup".equals(r.kind()) ? "Restore from backup" : "Point-in-time restore";
        Page p = new Page(kind + ": " + r.source() + " \u2192 " + r.target(), meta);
        Long total = r.totalSeconds();
        // to the millisecond where both ends are known (totalSeconds is whole seconds)
        Double precise = r.startedAt() != null && r.finishedAt() != null
                ? Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0 : total == null ? null : total.doubleValue();
        String rto = rto(precise, rtoSeconds);
        long failed = r.fixUps().stream().filter(f -> FixUpResult.FAILED.equals(f.status())).count();
        switch (r.status()) {
            case RestoreReport.COMPLETE -> p.verdict(precise != null && rtoSeconds != null && precise > rtoSeconds ? Page.Tone.WARN : Page.Tone.OK,
                    "Restore complete: '" + r.target() + "' matches '" + r.source() + "'; " + rto);
            case RestoreReport.COMPLETE_WITH_PROBLEMS -> p.verdict(Page.Tone.WARN, "Restore complete with problems: " + failed
                    + " fix-up(s) failed, " + r.drift().size() + " setting(s) differ; " + rto);
            case RestoreReport.FAILED -> p.verdict(Page.Tone.BAD, "Restore failed: " + r.failure());
            default -> p.verdict(Page.Tone.WARN, "Restore in progress: the recovery time is not known yet");
        }
        if (r.next() != null) p.verdictLine(r.next());
        if (r.safetyBackupArn() != null) p.verdictLine("Safety backup of the table as it was before the replace: " + r.safetyBackupArn());

        timeline(p, r.steps(), precise, rtoSeconds, RestoreReport.IN_PROGRESS.equals(r.status()));

        List<List<String>> kv = new ArrayList<>();
        kv.add(List.of("status", r.status()));
        kv.add(List.of("source", r.source() + (r.sourceArn() == null ? "" : " (" + r.sourceArn() + ")")));
        if (r.backupArn() != null) kv.add(List.of("backup", r.backupArn()));
        kv.add(List.of("target", r.target() + (r.targetArn() == null ? "" : " (" + r.targetArn() + ")")));
        kv.add(List.of("Region", nn(r.region())));
        kv.add(List.of("restored to", r.restoredTo() == null ? "latest restorable time" : r.restoredTo().toString()));
        kv.add(List.of("started", time(r.startedAt())));
        kv.add(List.of("active", time(r.activeAt()) + (r.waitedSeconds() == null ? "" : " (after " + dur(r.waitedSeconds()) + ")")));
        kv.add(List.of("finished", time(r.finishedAt())));
        kv.add(List.of("recovery time", total == null ? "not known yet" : dur(total)));
        kv.add(List.of("RTO objective", rtoSeconds == null ? "none in the profile (failover.rto_seconds)" : dur(rtoSeconds.longValue())));
        if (r.items() != null) {
            kv.add(List.of("items", (r.items().target() == null ? r.items().problem() : r.items().target() + " in the restored table")
                    + "; source at the restore's time: " + (r.items().sourceAtTime() == null ? "" : r.items().sourceAtTime() + ", ")
                    + nn(r.items().sourceBasis())));
        }
        if (r.oldStreamArn() != null) kv.add(List.of("stream", r.oldStreamArn() + " \u2192 " + nn(r.newStreamArn())));
        kv.add(List.of("journal", nn(r.journal())));
        p.table("Restore", List.of("what", "value"), kv, null);
        stepsTable(p, r.steps());
        if (!r.fixUps().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (FixUpResult f : r.fixUps()) rows.add(List.of(f.name(), f.status(), nn(f.detail())));
            p.table("Fix-ups (settings a restore drops, re-applied)", List.of("setting", "status", "detail"), rows, null);
        }
        if (!r.drift().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (DriftItem d : r.drift()) rows.add(List.of(d.field(), nn(d.source()), nn(d.target())));
            p.table("Drift: settings that still differ", List.of("setting", "source", "target"), rows, null);
        } else if (!RestoreReport.IN_PROGRESS.equals(r.status()) && !RestoreReport.FAILED.equals(r.status())) {
            p.note("Drift check: the restored table's settings match the source's"
                    + (r.unverified().isEmpty() ? "." : " (not verifiable: " + String.join(", ", r.unverified()) + ")."));
        }
        if (!r.streamConsumers().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (var c : r.streamConsumers()) rows.add(List.of(c.functionArn(), c.uuid(), c.repoint() == null ? "repoint it by hand" : c.repoint()));
            p.table("Lambda triggers on the old stream", List.of("function", "mapping", "repoint"), rows, null);
        }
        return p.render();
    }

    static String render(DrillReport r, Integer rtoSeconds, ReportMeta meta) {
        Page p = new Page("Restore drill: backup of " + r.table(), meta);
        String rto = rto(r.restoreSeconds(), rtoSeconds);
        if (r.ok()) {
            p.verdict(rtoSeconds != null && r.restoreSeconds() > rtoSeconds ? Page.Tone.WARN : Page.Tone.OK,
                    "PASS: the backup restores, " + r.restoredItems() + " items equal to the source; " + rto);
        } else {
            p.verdict(Page.Tone.BAD, "FAIL: the restored copy differs from the source (" + r.sourceItems() + " / " + r.restoredItems()
                    + " items, " + r.sampleMatched() + " of " + r.sampled() + " sampled items equal); " + rto);
        }
        r.notes().forEach(p::verdictLine);
        if (!r.scratchDeleted()) p.verdictLine("The scratch table " + r.scratchTable() + " is kept: " + nn(r.scratchDetail()));
        timeline(p, r.steps(), r.restoreSeconds(), rtoSeconds, false);
        List<List<String>> kv = new ArrayList<>();
        kv.add(List.of("verdict", r.verdict()));
        kv.add(List.of("table", r.table()));
        kv.add(List.of("backup", r.backupName() + " (" + r.backupArn() + ")"));
        kv.add(List.of("backup taken", time(r.backupCreatedAt())));
        kv.add(List.of("scratch table", r.scratchTable() + (r.scratchDeleted() ? " (deleted)" : " (kept)")));
        kv.add(List.of("restore time (call to ACTIVE)", secs(r.restoreSeconds())));
        kv.add(List.of("RTO objective", rtoSeconds == null ? "none in the profile (failover.rto_seconds)" : dur(rtoSeconds.longValue())));
        kv.add(List.of("items (source / restored)", r.sourceItems() + " / " + r.restoredItems() + (r.countsMatch() ? " (equal)" : " (DIFFERENT)")));
        kv.add(List.of("sampled items", r.sampleMatched() + " of " + r.sampled() + " equal"));
        p.table("Restore drill", List.of("what", "value"), kv, null);
        stepsTable(p, r.steps());
        if (!r.sampleDiffering().isEmpty()) {
            p.table("Sampled items that differ (key)", List.of("key"), r.sampleDiffering().stream().map(List::of).toList(), null);
        }
        return p.render();
    }

    /** The step timeline against the RTO line; no chart when no step time is known. */
    private static void timeline(Page p, List<StepTime> steps, Double total, Integer rtoSeconds, boolean running) {
        List<StepTime> timed = steps == null ? List.of() : steps.stream().filter(s -> s.startedAt() != null && s.finishedAt() != null).toList();
        if (timed.isEmpty()) return;
        Instant t0 = timed.stream().map(StepTime::startedAt).min(Instant::compareTo).orElseThrow();
        double[] from = new double[timed.size()];
        double[] to = new double[timed.size()];
        List<String> names = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        StepTime longest = timed.get(0);
        for (int i = 0; i < timed.size(); i++) {
            StepTime s = timed.get(i);
            from[i] = Duration.between(t0, s.startedAt()).toMillis() / 1000.0;
            to[i] = Duration.between(t0, s.finishedAt()).toMillis() / 1000.0;
            names.add(Reports.clip((i + 1) + ". " + s.step(), 30));
            rows.add(List.of(s.step(), secs(from[i]), secs(to[i]), secs(s.seconds())));
            if (s.seconds() > longest.seconds()) longest = s;
        }
        double end = total != null ? total : to[to.length - 1];
        String finding = (running ? "So far " + secs(end) : "Recovered in " + secs(end))
                + (rtoSeconds == null ? "" : end <= rtoSeconds ? ", within the RTO of " + dur(rtoSeconds.longValue())
                        : ", over the RTO of " + dur(rtoSeconds.longValue()))
                + "; the longest step: " + longest.step() + " (" + secs(longest.seconds()) + ")";
        Charts.Line line = rtoSeconds == null ? null : new Charts.Line("the RTO, " + dur(rtoSeconds.longValue()), rtoSeconds, Charts.RED);
        p.chart(finding, Charts.timeline(finding, "step, in order", "seconds since the restore call", names, from, to, Charts.BLUE, line),
                List.of("step", "started (s)", "finished (s)", "took (s)"), rows, new boolean[] {false, true, true, true});
    }

    private static void stepsTable(Page p, List<StepTime> steps) {
        if (steps == null || steps.isEmpty()) return;
        List<List<String>> rows = new ArrayList<>();
        for (StepTime s : steps) rows.add(List.of(s.step(), time(s.startedAt()), time(s.finishedAt()), secs(s.seconds())));
        p.table("Steps", List.of("step", "started", "finished", "took"), rows, new boolean[] {false, false, false, true});
    }

    private static String rto(Double seconds, Integer rtoSeconds) {
        if (seconds == null) return "recovery time not known yet";
        String s = "recovered in " + secs(seconds);
        if (rtoSeconds == null) return s + " (no RTO objective in the profile)";
        return s + (seconds <= rtoSeconds ? ", within" : ", OVER") + " the RTO of " + dur(rtoSeconds.longValue());
    }

    private static String secs(double s) {
        if (s >= 120) return Durations.format(Duration.ofSeconds(Math.round(s)));
        return String.format(Locale.ROOT, "%.1fs", s);
    }

    private static String dur(long s) { return Durations.format(Duration.ofSeconds(s)); }

    private static String time(Instant t) { return t == null ? "" : t.toString(); }

    private static String nn(String s) { return s == null ? "" : s; }
}
