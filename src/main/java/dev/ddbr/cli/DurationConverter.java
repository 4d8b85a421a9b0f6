package dev.ddbr.cli;

import dev.ddbr.util.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for DURATION options: 500ms, 60s, 15m, 2h, 1m30s, 7d, or a bare number of seconds. */
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
