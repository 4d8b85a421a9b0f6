package dev.ddbr.cli;

import dev.ddbr.util.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** For long operations: wait for the end (default) or return at once; how long to wait at most. */
public class WaitOptions {
    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait until the operation has finished (default); --no-wait returns once it has started.")
    public boolean wait = true;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
            description = "Give up waiting after this long, e.g. 45m, 6h, 1h30m (default: ${DEFAULT-VALUE}). "
                    + "The operation itself goes on in AWS.")
    public String timeout = "6h";

    public Duration timeout() {
        return Durations.parse(timeout, "--timeout");
    }
}
