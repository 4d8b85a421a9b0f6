package dev.ddbr.failover;

import java.time.Duration;
import java.util.Map;

/**
 * How to read canaries that reached the paused Region. AWS documents, for FIS's
 * {@code aws:dynamodb:global-table-pause-replication}, that tables "may continue to be replicated for up to 5
 * minutes after action begins" (AWS FIS User Guide, FIS actions reference). The action pauses replication by deny
 * statements in the replica's resource policy, which is also how ddbr pauses without a template, so the same
 * window applies to both. A canary seen within that window after the pause started says nothing against the pause;
 * one seen later, while still paused, means the pause did not hold. A pause shorter than the window cannot show
 * that it holds at all.
 */
public final class PauseJudgement {
    /** The time AWS allows replication to go on after the pause begins. */
    public static final Duration PROPAGATION = Duration.ofMinutes(5);

    private PauseJudgement() {}

    /**
     * @param visibleDuringPause canaries seen in the paused Region before the pause was lifted
     * @param withinWindow       of those, seen within {@link #PROPAGATION} of the pause's start (not a failure)
     * @param afterWindow        of those, seen later: the pause did not hold
     * @param conclusive         the pause lasted longer than the window, so it could show whether it holds
     */
    public record Verdict(int visibleDuringPause, int withinWindow, int afterWindow, boolean conclusive) {
        public boolean failed() { return afterWindow > 0; }
    }

    /** All times are {@link System#nanoTime()} values; {@code seenAtNanos} holds when each canary became visible. */
    public static Verdict judge(Map<String, Long> seenAtNanos, long pausedAtNanos, long resumedAtNanos, Duration window) {
        long windowEnd = pausedAtNanos + window.toNanos();
        int during = 0;
        int within = 0;
        for (long seen : seenAtNanos.values()) {
            if (seen >= resumedAtNanos) continue;
            during++;
            if (seen < windowEnd) within++;
        }
        return new Verdict(during, within, during - within, resumedAtNanos - pausedAtNanos > window.toNanos());
    }
}
