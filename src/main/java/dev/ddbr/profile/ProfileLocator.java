package dev.ddbr.profile;

import dev.ddbr.error.DdbrException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the profile named by {@code -p/--profile FILE|NAME} or {@code DDBR_PROFILE}.
 *
 * <p>An argument that contains a path separator, ends in {@code .yaml} or {@code .yml}, or names an
 * existing file is a path. Anything else is a name, looked up as {@code <config dir>/profiles/NAME.yaml},
 * then {@code NAME.yml}. The config dir is {@code $DDBR_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/ddbr},
 * else {@code ~/.config/ddbr}. The environment is passed in, so tests never see the real one.
 */
public final class ProfileLocator {
    /** Names the default profile when there is no {@code -p}. */
    public static final String ENV_PROFILE = "DDBR_PROFILE";
    /** Moves the config directory. */
    public static final String ENV_CONFIG_DIR = "DDBR_CONFIG_DIR";

    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the environment, e.g. {@code System.getenv()}
     * @param home the user's home directory, for {@code ~/.config/ddbr}
     */
    public ProfileLocator(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** The real environment and home directory. */
    public static ProfileLocator fromSystem() {
        return new ProfileLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Where named profiles live under: {@code <config dir>/profiles}. */
    public Path configDir() {
        String dir = value(ENV_CONFIG_DIR);
        if (dir != null) return Path.of(dir);
        String xdg = value("XDG_CONFIG_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, "ddbr");
        return home.resolve(".config").resolve("ddbr");
    }

    public Path profilesDir() { return configDir().resolve("profiles"); }

    /**
     * The profile file in effect: the flag's value, else {@code DDBR_PROFILE}, else none.
     *
     * @param flag the {@code -p/--profile} value, or null when not given
     * @throws DdbrException exit 253 when the file or name cannot be found
     */
    public Optional<Path> resolve(String flag) {
        if (flag != null && !flag.isBlank()) return Optional.of(locate(flag, "-p/--profile"));
        String fromEnv = value(ENV_PROFILE);
        if (fromEnv != null) return Optional.of(locate(fromEnv, ENV_PROFILE));
        return Optional.empty();
    }

    /** The profile in effect, loaded and validated; {@link Profile#empty()} when none is given. */
    public Profile load(String flag) {
        return resolve(flag).map(ProfileLoader::load).orElse(Profile.empty());
    }

    /** Profile names found in the profiles directory, sorted. */
    public List<String> available() {
        Path dir = profilesDir();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .map(n -> n.substring(0, n.lastIndexOf('.')))
                    .distinct().sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * A FILE or NAME argument to a path.
     *
     * @param origin where the argument came from, for messages: "-p/--profile" or "DDBR_PROFILE"
     */
    public Path locate(String argument, String origin) {
        if (isPath(argument)) {
            Path path = Path.of(argument);
            if (!Files.exists(path)) {
                throw DdbrException.config(argument + ": no such profile file (from " + origin + ")",
                        "check the path; a bare name such as 'prod' is looked up in " + profilesDir());
            }
            return path;
        }
        if (!argument.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw DdbrException.config("invalid profile name " + Text.single(argument) + " (from " + origin + ")",
                    "a name uses letters, digits, '_', '-' and '.'; or pass a path to a .yaml file");
        }
        Path dir = profilesDir();
        for (String ext : List.of(".yaml", ".yml")) {
            Path candidate = dir.resolve(argument + ext);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        List<String> names = available();
        String hint = names.isEmpty()
                ? "no profiles in " + dir + "; save one there as NAME.yaml ('ddbr profile init' prints a starter), or pass a file path"
                : "profiles in " + dir + ": " + String.join(", ", names)
                        + Text.closest(argument, names).map(c -> "; did you mean " + Text.single(c) + "?").orElse("");
        throw DdbrException.config("no profile named " + Text.single(argument) + " (from " + origin + "): looked for "
                + dir.resolve(argument + ".yaml") + " and " + argument + ".yml", hint);
    }

    private static boolean isPath(String argument) {
        return argument.indexOf('/') >= 0 || argument.indexOf(File.separatorChar) >= 0
                || argument.endsWith(".yaml") || argument.endsWith(".yml")
                || existingFile(argument);
    }

    private static boolean existingFile(String argument) {
        try {
            return Files.isRegularFile(Path.of(argument));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
