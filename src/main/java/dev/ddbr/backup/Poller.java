package dev.ddbr.backup;

import dev.ddbr.util.Durations;
import dev.ddbr.util.Sleeper;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.error.InterruptedOperationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling, with an injectable clock and sleeper so tests can stand in for
 * hours-long waits without sleeping. The delay grows from {@code first} to {@code max}.
 */
public final class Poller {
    /** Sleeps; tests pass one that advances a fake clock. */


    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration first;
    private final Duration max;

    public Poller(Clock clock, Sleeper sleeper, Duration first, Duration max) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.first = first;
        this.max = max;
    }

    public static Poller standard() {
        return new Poller(Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMillis(200), Duration.ofSeconds(15));
    }

    public Clock clock() { return clock; }

    /**
     * Poll {@code check} until it returns a value or {@code timeout} passes. On timeout: exit 1 with
     * {@code what}; on interruption: exit 130 with {@code resume} as the hint.
     */
    public <T> T until(Supplier<Optional<T>> check, Duration timeout, String what, String resume) {
        Instant deadline = clock.instant().plus(timeout);
        Duration delay = first;
        while (true) {
            Optional<T> v = check.get();
            if (v.isPresent()) return v.get();
            if (!clock.instant().isBefore(deadline)) {
                throw new DdbrException(ExitCodes.PROBLEMS, "timed out after " + Durations.format(timeout)
                        + " waiting for " + what, resume == null ? "raise --timeout" : "check later with: " + resume);
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException("interrupted while waiting for " + what, resume);
            }
            long next = Math.min(max.toMillis(), (long) (delay.toMillis() * 1.6) + 1);
            delay = Duration.ofMillis(next);
        }
    }
}
