package dev.ddbr.cli.failover;

import dev.ddbr.failover.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** 500ms, 60s, 15m, 2h, 1m30s, or a bare number of seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, "the option");
        } catch (RuntimeException e) {
            throw new TypeConversionException("invalid duration '" + value + "' (use e.g. 500ms, 60s, 15m, 1m30s)");
        }
    }
}
