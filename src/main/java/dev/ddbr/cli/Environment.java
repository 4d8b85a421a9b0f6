package dev.ddbr.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the process was started with: environment variables and which streams are terminals. Injected so
 * that tests run the real command line in-process, isolated from the developer's own AWS setup.
 */
public record Environment(Map<String, String> vars, boolean stdinTty, boolean stdoutTty, boolean stderrTty,
                          InputStream stdin) {

    public static Environment system() {
        return new Environment(System.getenv(), isTty(0), isTty(1), isTty(2), System.in);
    }

    public String get(String name) { return vars.get(name); }

    /** True when NO_COLOR is set to anything (https://no-color.org). */
    public boolean noColor() { return vars.containsKey("NO_COLOR"); }

    /** Is file descriptor fd a terminal? On Linux /proc tells; elsewhere fall back to System.console(). */
    public static boolean isTty(int fd) {
        try {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.console() != null;
    }
}
