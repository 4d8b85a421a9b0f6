package dev.ddbr.skew;

import java.util.ArrayList;
import java.util.List;

/**
 * Physical partitions are never reported; this estimates them from the proxies AWS documents and
 * shows how. Every figure is an estimate: about 10 GB per partition, 3,000 RCU and 1,000 WCU per
 * partition, at least one export data file per partition.
 */
public final class PartitionModel {
    public static final long BYTES_PER_PARTITION = 10L * 1000 * 1000 * 1000;
    public static final long RCU_PER_PARTITION = 3000;
    public static final long WCU_PER_PARTITION = 1000;

    private PartitionModel() {}

    /** Throughput figures for a table or index; any may be null. */
    public record Capacity(String kind, Long readUnits, Long writeUnits) {
        public boolean known() { return readUnits != null || writeUnits != null; }
    }

    public static Partitions estimate(Long sizeBytes, List<Capacity> capacities, Integer exportDataFiles) {
        List<String> basis = new ArrayList<>();
        long best = 0;
        if (sizeBytes != null && sizeBytes > 0) {
            long n = ceilDiv(sizeBytes, BYTES_PER_PARTITION);
            basis.add(String.format("size: %s / 10 GB per partition = %d", Units.bytes(sizeBytes), n));
            best = Math.max(best, n);
        }
        for (Capacity c : capacities) {
            if (c == null || !c.known()) continue;
            long r = c.readUnits() == null ? 0 : c.readUnits();
            long w = c.writeUnits() == null ? 0 : c.writeUnits();
            double raw = r / (double) RCU_PER_PARTITION + w / (double) WCU_PER_PARTITION;
            long n = Math.max(1, (long) Math.ceil(raw));
            basis.add(String.format("%s throughput: %,d RCU / 3,000 + %,d WCU / 1,000 = %d", c.kind(), r, w, n));
            best = Math.max(best, n);
        }
        if (exportDataFiles != null && exportDataFiles > 0) {
            basis.add(String.format("export: %d data files (at least one per partition)", exportDataFiles));
            best = Math.max(best, exportDataFiles);
        }
        if (best == 0) {
            basis.add("no size, throughput or export figures: at least 1");
            best = 1;
        }
        return new Partitions(best, List.copyOf(basis));
    }

    /** @param estimated at least this many partitions; @param basis how each figure was reached */
    public record Partitions(long estimated, List<String> basis) {}

    static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
