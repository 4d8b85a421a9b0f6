package dev.ddbr.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which path fits a table of this size for a full copy or a hot-key analysis: a Scan from this machine
 * ({@code backup export --to}, {@code skew scan}), DynamoDB's server-side export to S3 read here
 * ({@code backup export --native}, {@code skew export --table}), or the export analysed by Athena. Rough
 * cost and time per path from the table's approximate size (DescribeTable's, refreshed about every six hours).
 * JSON field names are a contract (docs/skew.md, "Which path").
 *
 * @param recommended       {@code scan}, {@code export} or {@code export+athena}
 * @param why               the reason, one sentence
 * @param sizeBytes         the size the figures are for (DescribeTable's TableSizeBytes)
 * @param scanReadUnits     read units a full eventually consistent Scan consumes (size / 4 KB / 2)
 * @param scanCostUsd       those read units at the on-demand price
 * @param scanSeconds       the Scan's duration at {@link #SCAN_RCU_PER_SECOND} read units per second
 * @param exportCostUsd     a full export to S3, per GB of table size
 * @param importCostUsd     a server-side import of the export, per GB of (uncompressed) data
 * @param athenaCostUsd     one Athena query over the whole export (at most the table's size scanned)
 * @param localReadSeconds  reading the export on this machine at {@link #LOCAL_BYTES_PER_SECOND}
 * @param prices            the per-GB / per-TB prices used, their Region, date and source
 */
public record PathAdvice(String recommended, String why, long sizeBytes, long scanReadUnits, double scanCostUsd,
                         long scanSeconds, double exportCostUsd, double importCostUsd, double athenaCostUsd,
                         long localReadSeconds, Prices prices) {

    /** Below this size a Scan is cheap and quick enough: 10 GB. */
    public static final long SCAN_LIMIT = 10L << 30;
    /** Above this size one machine reading the export takes hours: 500 GB. */
    public static final long LOCAL_LIMIT = 500L << 30;
    /** The read rate the Scan estimate assumes (ddbr's --read-budget style), read units per second. */
    public static final long SCAN_RCU_PER_SECOND = 1000;
    /** The rate the local export-reading estimate assumes: 50 MB/s (gzip JSON, S3 in the same Region). */
    public static final long LOCAL_BYTES_PER_SECOND = 50L << 20;

    /**
     * us-east-1 list prices as of 2025-06 (USD), checked 2026-12-08 with the {@code search} tool's stored pages:
     * <ul>
     *   <li>export to S3 $0.10 per GB of table size (full export) and import from S3 $0.15 per GB of uncompressed
     *       source data (aws.amazon.com/dynamodb/pricing, "Data import/export"): the last known list prices, not found
     *       verbatim in the stored pages (the AWS pricing page is stored without its price tables);</li>
     *   <li>Athena SQL $5 per TB scanned, 10 MB minimum per query (aws.amazon.com/athena/pricing): the last known list
     *       price, not found verbatim in the stored pages;</li>
     *   <li>on-demand reads $0.125 per million: confirmed (the same figure and sources as
     *       {@link dev.ddbr.capacity.Prices#BUILT_IN}).</li>
     * </ul>
     */
    public record Prices(double exportPerGb, double importPerGb, double athenaPerTb, double onDemandReadPerMillion,
                         String region, String asOf, String source) {
        public static final Prices US_EAST_1 = new Prices(0.10, 0.15, 5.0, 0.125, "us-east-1", "2025-06",
                "aws.amazon.com/dynamodb/pricing for export, import and on-demand reads; aws.amazon.com/athena/pricing");
    }

    public static PathAdvice of(Long sizeBytes) {
        return of(sizeBytes == null ? 0 : sizeBytes, Prices.US_EAST_1);
    }

    static PathAdvice of(long bytes, Prices p) {
        double gb = bytes / (double) (1L << 30);
        long units = (long) Math.ceil(bytes / 4096.0 / 2);
        String rec;
        String why;
        if (bytes < SCAN_LIMIT) {
            rec = "scan";
            why = "under 10 GB a Scan from here is quick and costs little; it needs no PITR or bucket";
        } else if (bytes < LOCAL_LIMIT) {
            rec = "export";
            why = "from 10 GB the server-side export spends no read capacity; up to 500 GB one machine reads it in minutes to hours";
        } else {
            rec = "export+athena";
            why = "above 500 GB let the services do the work: a server-side export, analysed by Athena (the local read of the export takes hours)";
        }
        return new PathAdvice(rec, why, bytes, units, round(units / 1e6 * p.onDemandReadPerMillion()),
                units / SCAN_RCU_PER_SECOND, round(gb * p.exportPerGb()), round(gb * p.importPerGb()),
                round(Math.max(gb / 1024, 10.0 / (1024 * 1024)) * p.athenaPerTb()), bytes / LOCAL_BYTES_PER_SECOND, p);
    }

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    /** The text lines for {@code table describe}. */
    public List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Recommended", recommended + ": " + why});
        rows.add(new String[] {"Scan", String.format(Locale.ROOT, "%,d read units (~$%.2f on demand), %s at %,d RCU/s",
                scanReadUnits, scanCostUsd, duration(scanSeconds), SCAN_RCU_PER_SECOND)});
        rows.add(new String[] {"Native export", String.format(Locale.ROOT, "~$%.2f (no read capacity), minutes to hours in AWS; "
                + "read here in %s", exportCostUsd, duration(localReadSeconds))});
        rows.add(new String[] {"Native import", String.format(Locale.ROOT, "~$%.2f into a new table", importCostUsd)});
        rows.add(new String[] {"Athena", String.format(Locale.ROOT, "~$%.2f per query over the export", athenaCostUsd)});
        rows.add(new String[] {"Prices", prices.region() + " list prices of " + prices.asOf() + ", from " + prices.source()});
        return rows;
    }

    static String duration(long s) {
        if (s < 60) return "under 1 min";
        if (s < 3600) return "~" + (s + 59) / 60 + " min";
        if (s < 48 * 3600) return String.format(Locale.ROOT, "~%.1f h", s / 3600.0);
        return String.format(Locale.ROOT, "~%.1f days", s / 86400.0);
    }
}
