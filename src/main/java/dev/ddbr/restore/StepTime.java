package dev.ddbr.restore;

import java.time.Duration;
import java.time.Instant;

/**
 * When one step of a restore (or a restore drill) started and finished, for the step timeline of the report.
 * JSON field names are a contract (docs/restore.md).
 *
 * @param step        what ran: restore call, wait for ACTIVE, fixup:NAME, drift check, item count, ...
 * @param startedAt   when it started
 * @param finishedAt  when it finished (null while it runs)
 */
public record StepTime(String step, Instant startedAt, Instant finishedAt) {
    /** The step's length in seconds (0 when it has not finished). */
    public double seconds() {
        return startedAt == null || finishedAt == null ? 0 : Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
    }
}
