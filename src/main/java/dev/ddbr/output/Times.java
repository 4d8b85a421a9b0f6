package dev.ddbr.output;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants for people: ISO-8601 UTC, truncated to the millisecond (AWS and clocks carry nanoseconds nobody needs). */
public final class Times {
    private Times() {}

    /** {@code 2026-11-25T18:23:08.076Z}, or {@code 2026-11-25T18:23:08Z} on a whole second; null for null. */
    public static String text(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
