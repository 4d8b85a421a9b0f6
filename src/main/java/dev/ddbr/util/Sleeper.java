package dev.ddbr.util;

import java.time.Duration;

/** Waits between polls. Injected so tests can simulate hours without sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    /** Real time. */
    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
