package dev.ddbr.audit.iam;

/** The outcome of evaluating identity policies for one action on one resource. */
public enum Decision {
    /** An Allow applies without conditions and nothing denies it. */
    ALLOWED,
    /** An Allow applies only under conditions, or a conditional Deny may cancel it: treated as possible, shown with the conditions. */
    ALLOWED_WITH_CONDITIONS,
    /** An unconditional Deny applies (in the policies or the permission boundary). */
    EXPLICIT_DENY,
    /** No Allow applies (or the permission boundary does not allow it). */
    IMPLICIT_DENY;

    /** Whether the principal may be able to do it: the audit reports these. */
    public boolean possible() { return this == ALLOWED || this == ALLOWED_WITH_CONDITIONS; }
}
