package dev.ddbr.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ddbr.error.DdbrException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads the HdrHistogram interval logs {@code load run --hdr-log} writes (the standard format, tagged by operation,
 * plus a {@code #ddbr-summary} comment line with the run's counters) and merges them into one report.
 */
public final class HdrLogs {
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private HdrLogs() {}

    /** One log's content: where it came from, and its bytes. */
    public record Log(String name, byte[] bytes) {}

    /** Merges the logs of the workers of one run into one report, checking they belong together. */
    public static LoadReport merge(List<Log> logs) {
        List<RunSummary> runs = new ArrayList<>();
        Map<String, Histogram> latency = new HashMap<>();
        Map<Integer, String> slots = new HashMap<>();
        // the per-second series: every worker's and operation's interval histogram, by the second it ended
        // (bounded: at most about IntervalSeries.CAP buckets of a compact 2-digit histogram, whatever the run's length)
        java.util.TreeMap<Long, org.HdrHistogram.AbstractHistogram> perSecond = new java.util.TreeMap<>();
        long firstStartMs = Long.MAX_VALUE;
        long stride = 0;
        for (Log l : logs) {
            RunSummary s = summary(l);
            String prev = slots.put(s.worker(), l.name());
            if (prev != null) {
                throw DdbrException.invalid("logs " + prev + " and " + l.name() + " are both from worker " + s.worker() + "/" + s.workers(),
                        "merge one log per worker");
            }
            if (!runs.isEmpty()) {
                RunSummary f = runs.get(0);
                if (!f.table().equals(s.table()) || f.workers() != s.workers() || !f.schedule().equals(s.schedule())) {
                    throw DdbrException.invalid(l.name() + " is from another run (table " + s.table() + ", " + s.workers()
                            + " workers, schedule " + s.schedule() + ") than " + logs.get(0).name(), "merge the logs of one run");
                }
            }
            runs.add(s);
            if (stride == 0) stride = Math.max(1, (long) Math.ceil(s.elapsedSeconds() / IntervalSeries.CAP));
            long seconds = stride;
            HistogramLogReader r = new HistogramLogReader(new ByteArrayInputStream(l.bytes()));
            EncodableHistogram h;
            try {
                while ((h = r.nextIntervalHistogram()) != null) {
                    if (h instanceof Histogram hh && hh.getTag() != null) {
                        latency.computeIfAbsent(hh.getTag(), k -> new Histogram(3)).add(hh);
                        firstStartMs = Math.min(firstStartMs, hh.getStartTimeStamp());
                        long sec = Math.floorDiv(hh.getEndTimeStamp() + 999, 1000);
                        perSecond.computeIfAbsent(Math.floorDiv(sec + seconds - 1, seconds) * seconds,
                                k -> new org.HdrHistogram.IntCountsHistogram(2)).add(hh);
                    }
                }
            } catch (RuntimeException e) {
                throw DdbrException.invalid(l.name() + " is not a readable HdrHistogram log: " + e.getMessage(), null);
            }
        }
        RunSummary f = runs.get(0);
        if (runs.size() < f.workers()) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < f.workers(); i++) if (!slots.containsKey(i)) missing.add(i);
            throw DdbrException.invalid("the run had " + f.workers() + " workers but " + runs.size() + " log" + (runs.size() == 1 ? " was" : "s were")
                    + " given: worker" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing.stream().map(String::valueOf).toList()) + " missing", "give every worker's log");
        }
        List<Slo> slos = f.slo().stream().map(x -> Slo.parse(x, "--slo")).toList();
        double offered = runs.stream().mapToDouble(RunSummary::offeredRate).sum();
        return Reports.build(runs, latency, slos).withIntervals(series(perSecond, firstStartMs, offered, runs.size()));
    }

    /**
     * The merged run's per-second series from the interval histograms (by the second each ended, from the earliest
     * start): operations, p50, p99, max. The logs hold no throttle or error counts per interval (0 here) and no
     * schedule per second: the offered rate is the run's average.
     */
    static List<LoadRunner.Interval> series(java.util.SortedMap<Long, ? extends org.HdrHistogram.AbstractHistogram> perSecond, long firstStartMs, double offered, int workers) {
        IntervalSeries s = new IntervalSeries();
        if (perSecond.isEmpty()) return List.of();
        long zero = Math.floorDiv(firstStartMs, 1000);
        // the first point covers as many seconds as the gap between buckets (1 unless the run was long enough to coarsen)
        long last = perSecond.firstKey() - (perSecond.size() < 2 ? 1 : perSecond.tailMap(perSecond.firstKey() + 1).firstKey() - perSecond.firstKey());
        for (var e : perSecond.entrySet()) {
            org.HdrHistogram.AbstractHistogram h = e.getValue();
            double span = Math.max(1, e.getKey() - last);
            last = e.getKey();
            s.add(new LoadRunner.Interval(e.getKey() - zero, h.getTotalCount(), Reports.r3(h.getTotalCount() / span),
                    Reports.r3(offered / Math.max(1, workers)), Reports.r3(h.getValueAtPercentile(50) / 1000.0),
                    Reports.r3(h.getValueAtPercentile(99) / 1000.0), Reports.r3(h.getMaxValue() / 1000.0), 0, 0));
        }
        return s.points();
    }

    static RunSummary summary(Log l) {
        String text = new String(l.bytes(), StandardCharsets.UTF_8);
        String marker = "#" + RunSummary.MARKER;
        int at = text.lastIndexOf(marker);
        if (at < 0) {
            throw DdbrException.invalid(l.name() + " has no ddbr summary: it is not a log of 'ddbr load run --hdr-log', or that run did not finish",
                    "merge logs written by 'ddbr load run --hdr-log'");
        }
        int eol = text.indexOf('\n', at);
        String json = text.substring(at + marker.length(), eol < 0 ? text.length() : eol);
        try {
            return JSON.readValue(json, RunSummary.class);
        } catch (IOException e) {
            throw DdbrException.invalid(l.name() + ": its ddbr summary line is damaged", null);
        }
    }
}
