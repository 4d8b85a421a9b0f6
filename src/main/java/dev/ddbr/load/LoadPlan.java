package dev.ddbr.load;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code load run --dry-run} shows: the load it would offer, and nothing sent. */
@JsonPropertyOrder({"table", "workload", "schedule", "durationSeconds", "offeredRate", "scheduled", "workers", "worker", "mix",
        "itemSize", "keys", "keyCount", "indexKeys", "slo", "writes", "warmupSeconds"})
public record LoadPlan(String table, String workload, String schedule, double durationSeconds, double offeredRate, long scheduled,
                       int workers, String worker, Map<String, Integer> mix, String itemSize, String keys, long keyCount,
                       String indexKeys, List<String> slo, boolean writes, double warmupSeconds) implements TextRenderable {

    public static LoadPlan of(String table, Workload w, java.time.Duration warmup) {
        Map<String, Integer> mix = new LinkedHashMap<>();
        w.mix().forEach((k, v) -> mix.put(k.key(), v));
        long total = w.schedule().totalOps();
        long mine = total <= w.worker() ? 0 : (total - w.worker() - 1) / w.workers() + 1;
        double secs = w.schedule().totalNanos() / 1e9;
        return new LoadPlan(table, w.name(), w.schedule().toString(), Reports.r3(secs), Reports.r3(mine / secs), mine, w.concurrency(),
                w.workers() > 1 ? w.worker() + "/" + w.workers() : null, mix, w.itemSize().text(), w.keys().describe(), w.keyCount(),
                w.indexKeys() == null ? null : w.indexKeys().describe(),
                w.slos().stream().map(Slo::expr).toList(), w.writes(), Reports.r3(warmup.toNanos() / 1e9));
    }

    @Override
    public void renderText(TextWriter out) {
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv("Table", table));
        kv.add(TextWriter.kv("Workload", workload + (worker == null ? "" : " (worker " + worker + ")")));
        kv.add(TextWriter.kv("Schedule", schedule));
        if (warmupSeconds > 0) kv.add(TextWriter.kv("Warm-up", LoadReport.f1(warmupSeconds) + " s at the first rate before it, not measured"));
        kv.add(TextWriter.kv("Offered", LoadReport.f1(offeredRate) + " ops/s, " + scheduled + " operations over " + LoadReport.f1(durationSeconds) + " s"));
        kv.add(TextWriter.kv("Workers", workers));
        List<String> m = new ArrayList<>();
        mix.forEach((k, v) -> m.add(k + "=" + v));
        kv.add(TextWriter.kv("Mix", String.join(",", m) + (writes ? " (writes)" : " (reads only)")));
        kv.add(TextWriter.kv("Item size", itemSize));
        kv.add(TextWriter.kv("Keys", keys + " over " + keyCount + " keys"));
        if (indexKeys != null) kv.add(TextWriter.kv("GSI keys written", indexKeys + " over " + keyCount + " values"));
        if (!slo.isEmpty()) kv.add(TextWriter.kv("SLO", String.join(", ", slo)));
        out.keyValues(kv);
        out.line("Dry run: nothing was sent.");
    }
}
