package dev.ddbr.restore;

/**
 * What happened to one setting a restore drops, on the new table.
 *
 * @param name   the setting: tags, stream, ttl, pitr, deletionProtection, tableClass, encryption,
 *               warmThroughput, autoScalingTargets, autoScalingPolicies, contributorInsights, resourcePolicy,
 *               kinesisDestinations, alarms
 * @param status APPLIED, SKIPPED (with why) or FAILED (with the AWS error)
 * @param detail what was done, why it was skipped, or the error
 */
public record FixUpResult(String name, String status, String detail) {
    public static final String APPLIED = "APPLIED";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";

    public static FixUpResult applied(String name, String detail) { return new FixUpResult(name, APPLIED, detail); }

    public static FixUpResult skipped(String name, String why) { return new FixUpResult(name, SKIPPED, why); }

    public static FixUpResult failed(String name, String error) { return new FixUpResult(name, FAILED, error); }

    public boolean done() { return APPLIED.equals(status) || SKIPPED.equals(status); }
}
