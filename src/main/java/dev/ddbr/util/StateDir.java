package dev.ddbr.util;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where ddbr keeps local state (restore journals and the like): {@code $DDBR_STATE_DIR}, else
 * {@code $XDG_STATE_HOME/ddbr}, else {@code ~/.local/state/ddbr}. Resolved from the injected environment.
 */
public final class StateDir {
    private StateDir() {}

    public static Path resolve(Map<String, String> env) {
        String dir = env.get("DDBR_STATE_DIR");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "ddbr");
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "ddbr");
    }
}
