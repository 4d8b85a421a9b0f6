package dev.ddbr.restore;

/**
 * A setting the plan re-applies on the new table after the restore.
 *
 * @param name   see {@link FixUpResult#name()}
 * @param action the API call(s) and the value, e.g. "UpdateTable StreamSpecification=NEW_AND_OLD_IMAGES"
 * @param skip   why nothing will be done (null when it will be applied)
 */
public record PlannedFixUp(String name, String action, String skip) {}
