package dev.ddbr.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Profile text for {@code ddbr profile init}. */
public final class ProfileTemplates {
    private ProfileTemplates() {}

    /**
     * A commented starter profile: every section, each key explained, realistic values, local-emulator
     * endpoints commented out. It validates as it is.
     */
    public static String starter() {
        try (InputStream in = ProfileTemplates.class.getResourceAsStream("starter.yaml")) {
            if (in == null) throw new IllegalStateException("starter.yaml is missing from the ddbr jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
