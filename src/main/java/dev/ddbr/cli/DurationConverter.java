package dev.ddbr.cli;

import dev.ddbr.error.DdbrException;
import dev.ddbr.util.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for DURATION options: 500ms, 60s, 15m, 2h, 1m30s, 7d, 2w or ISO-8601 PT2H, always with a
 * unit. A bad value is a bad parameter value (exit 252, through {@link ErrorHandler}) with the message
 * {@link Durations#parse(String, String)} gives, naming the option.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, "the option");
        } catch (DdbrException e) {
            throw new BadDuration(value);
        }
    }

    /** A value the converter refused; {@link #forOption} gives the operator's message for the option it came with. */
    static final class BadDuration extends TypeConversionException {
        private final String value;

        BadDuration(String value) {
            super("invalid duration '" + value + "' (use a number with a unit, e.g. 90s, 15m, 2h, 7d)");
            this.value = value;
        }

        DdbrException forOption(String option) {
            try {
                Durations.parse(value, option);
            } catch (DdbrException e) {
                return e;
            }
            return DdbrException.invalid(getMessage(), null);
        }
    }
}
