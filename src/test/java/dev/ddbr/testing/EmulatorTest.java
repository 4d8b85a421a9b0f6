package dev.ddbr.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against the local emulators (dynalite and moto, see {@link LocalAws}).
 * Tagged {@code emulator}: surefire skips it, failsafe runs it when the class name ends in IT
 * ({@code mvn verify}, or {@code scripts/test}). Test methods may take a {@link LocalAws} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("emulator")
@ExtendWith(LocalAwsExtension.class)
public @interface EmulatorTest {
}
