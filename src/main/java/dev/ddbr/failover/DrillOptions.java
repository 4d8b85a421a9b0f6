package dev.ddbr.failover;

import java.time.Duration;
import java.util.Optional;

/**
 * What a drill does.
 *
 * @param table            table name (the same in every Region)
 * @param from             Region the canaries are written in
 * @param to               Region they must show up in; the probe and the pause target it
 * @param canaries         how many canary items
 * @param timeout          how long to wait for a canary to show up, and for a healthy probe
 * @param pause            pause replication into {@code to} for this long, if present
 * @param rpoSeconds       recovery point objective from the profile, if any
 * @param rtoSeconds       recovery time objective from the profile, if any
 * @param appSwitchSeconds the profile's application switch time, added to the measured probe time
 * @param fisTemplateId    pause through this AWS FIS experiment template instead of a resource policy
 * @param writeInterval    spacing between canary writes
 * @param pollInterval     how often the target Region is read for canaries
 */
public record DrillOptions(String table, String from, String to, int canaries, Duration timeout,
                           Optional<Duration> pause, Optional<Integer> rpoSeconds, Optional<Integer> rtoSeconds,
                           int appSwitchSeconds, Optional<String> fisTemplateId, Duration writeInterval,
                           Duration pollInterval) {
    public static final Duration DEFAULT_WRITE_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);
}
