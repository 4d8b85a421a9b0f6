package dev.ddbr.profile;

import java.util.Optional;

/**
 * The {@code athena} section: where {@code skew export --engine athena|auto} runs its queries.
 *
 * @param workgroup     Athena workgroup (default primary)
 * @param database      Glue Data Catalog database the temporary table is created in (default "default")
 * @param output        s3:// location for query results; empty: the workgroup's own
 * @param autoThreshold {@code --engine auto} uses Athena for exports of at least this size (text as written, e.g. 50GB)
 * @param declared      the file has an {@code athena:} section
 */
public record AthenaSettings(String workgroup, String database, Optional<String> output, String autoThreshold, boolean declared) {
    public static final String DEFAULT_WORKGROUP = "primary";
    public static final String DEFAULT_DATABASE = "default";
    public static final String DEFAULT_AUTO_THRESHOLD = "50GB";
    public static final AthenaSettings DEFAULTS = new AthenaSettings(DEFAULT_WORKGROUP, DEFAULT_DATABASE, Optional.empty(),
            DEFAULT_AUTO_THRESHOLD, false);

    /** {@link #autoThreshold} in bytes. */
    public long autoThresholdBytes() { return dev.ddbr.util.ByteSizes.parse(autoThreshold, "athena.auto_threshold"); }
}
