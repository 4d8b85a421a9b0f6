package dev.ddbr.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one process's run adds up to, apart from the latency histograms: written as the last comment line of its
 * HDR log ({@value #MARKER} followed by this as JSON) so {@code load merge} can rebuild the report from logs alone.
 */
public record RunSummary(String table, String workload, int worker, int workers, Instant startedAt, String schedule,
                         double durationSeconds, double elapsedSeconds, double offeredRate, long scheduled, long completed,
                         long notStarted, boolean interrupted, Map<String, OpCounts> operations,
                         Map<String, LoadReport.Capacity> consumedCapacity, LoadReport.Client client, List<String> slo) {
    public static final String MARKER = "ddbr-summary ";
}
