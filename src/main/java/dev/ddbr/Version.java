package dev.ddbr;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into version.properties by Maven. */
public final class Version {
    public static final String VERSION = load();

    private Version() {}

    /** What {@code ddbr --version} prints: ddbr's version, then the Java and OS it runs on. */
    public static String[] lines() {
        return new String[] {
            "ddbr " + VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/ddbr/version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
