package dev.ddbr.report;

import java.time.Instant;

/**
 * Where a report came from, shown at the top of every page.
 *
 * @param command  the ddbr command line that produced it (as typed, options included)
 * @param profile  the ddbr profile used, or null
 * @param at       when the report was written
 * @param account  the AWS account, or null when unknown
 * @param region   the AWS Region
 * @param version  the ddbr version
 */
public record ReportMeta(String command, String profile, Instant at, String account, String region, String version) {}
