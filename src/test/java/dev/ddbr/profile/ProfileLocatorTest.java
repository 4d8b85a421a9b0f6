package dev.ddbr.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLocatorTest {
    @TempDir Path tmp;
    Path home;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        config = Files.createDirectories(tmp.resolve("cfg"));
        Files.createDirectories(config.resolve("profiles"));
        Files.writeString(config.resolve("profiles/prod.yaml"), "aws: {region: eu-west-1}\n");
        Files.writeString(config.resolve("profiles/staging.yml"), "aws: {region: us-east-1}\n");
        Files.writeString(config.resolve("profiles/notes.txt"), "not a profile\n");
    }

    private ProfileLocator locator(Map<String, String> env) {
        return new ProfileLocator(env, home);
    }

    private ProfileLocator withConfig(String... extraEnv) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DDBR_CONFIG_DIR", config.toString()));
        for (int i = 0; i < extraEnv.length; i += 2) env.put(extraEnv[i], extraEnv[i + 1]);
        return locator(env);
    }

    @Test
    void configDirPrecedence() {
        assertThat(locator(Map.of("DDBR_CONFIG_DIR", "/opt/ddbr", "XDG_CONFIG_HOME", "/xdg")).configDir()).isEqualTo(Path.of("/opt/ddbr"));
        assertThat(locator(Map.of("XDG_CONFIG_HOME", "/xdg")).configDir()).isEqualTo(Path.of("/xdg/ddbr"));
        assertThat(locator(Map.of("XDG_CONFIG_HOME", "relative/xdg")).configDir()).as("XDG paths must be absolute")
                .isEqualTo(home.resolve(".config/ddbr"));
        assertThat(locator(Map.of("DDBR_CONFIG_DIR", " ")).configDir()).isEqualTo(home.resolve(".config/ddbr"));
        assertThat(locator(Map.of()).configDir()).isEqualTo(home.resolve(".config/ddbr"));
        assertThat(locator(Map.of()).profilesDir()).isEqualTo(home.resolve(".config/ddbr/profiles"));
    }

    @Test
    void namesAreLookedUpInTheConfigDir() {
        ProfileLocator l = withConfig();
        assertThat(l.resolve("prod")).contains(config.resolve("profiles/prod.yaml"));
        assertThat(l.resolve("staging")).as(".yml is the fallback").contains(config.resolve("profiles/staging.yml"));
        assertThat(l.available()).containsExactly("prod", "staging");
    }

    @Test
    void yamlBeatsYml() throws IOException {
        Files.writeString(config.resolve("profiles/prod.yml"), "aws: {region: ap-south-1}\n");
        assertThat(withConfig().resolve("prod")).contains(config.resolve("profiles/prod.yaml"));
        assertThat(withConfig().available()).containsExactly("prod", "staging");
    }

    @Test
    void pathsAreTakenAsPaths() throws IOException {
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere.yaml"), "aws: {region: eu-north-1}\n");
        Path noExtension = Files.writeString(tmp.resolve("prodfile"), "aws: {region: eu-north-1}\n");
        ProfileLocator l = withConfig();
        assertThat(l.resolve(elsewhere.toString())).contains(elsewhere);
        assertThat(l.resolve(noExtension.toString())).as("contains a separator").contains(noExtension);
        assertThat(l.load(elsewhere.toString()).aws().region()).contains("eu-north-1");
    }

    @Test
    void flagBeatsEnvironmentBeatsNothing() {
        ProfileLocator both = withConfig("DDBR_PROFILE", "staging");
        assertThat(both.resolve("prod")).contains(config.resolve("profiles/prod.yaml"));
        assertThat(both.resolve(null)).contains(config.resolve("profiles/staging.yml"));
        assertThat(both.load(null).aws().region()).contains("us-east-1");
        assertThat(both.load("prod").aws().region()).contains("eu-west-1");

        ProfileLocator neither = withConfig();
        assertThat(neither.resolve(null)).isEmpty();
        assertThat(neither.load(null)).isEqualTo(Profile.empty());
        assertThat(withConfig("DDBR_PROFILE", "").resolve(null)).as("blank means unset").isEmpty();
    }

    @Test
    void unknownNameListsWhatExists() {
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> withConfig().resolve("prdo"));
        Path dir = config.resolve("profiles");
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).isEqualTo("no profile named 'prdo' (from -p/--profile): looked for "
                + dir.resolve("prdo.yaml") + " and prdo.yml");
        assertThat(e.hint()).isEqualTo("profiles in " + dir + ": prod, staging; did you mean 'prod'?");
    }

    @Test
    void unknownNameFromTheEnvironmentSaysSo() {
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> withConfig("DDBR_PROFILE", "qa").resolve(null));
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).startsWith("no profile named 'qa' (from DDBR_PROFILE): looked for ");
        assertThat(e.hint()).isEqualTo("profiles in " + config.resolve("profiles") + ": prod, staging");
    }

    @Test
    void noProfilesAtAll() {
        ProfileLocator l = locator(Map.of());
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> l.resolve("prod"));
        Path dir = home.resolve(".config/ddbr/profiles");
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).isEqualTo("no profile named 'prod' (from -p/--profile): looked for " + dir.resolve("prod.yaml") + " and prod.yml");
        assertThat(e.hint()).isEqualTo("no profiles in " + dir
                + "; save one there as NAME.yaml ('ddbr profile init' prints a starter), or pass a file path");
        assertThat(l.available()).isEmpty();
    }

    @Test
    void missingPath() {
        String missing = tmp.resolve("missing.yaml").toString();
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> withConfig().resolve(missing));
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).isEqualTo(missing + ": no such profile file (from -p/--profile)");
        assertThat(e.hint()).isEqualTo("check the path; a bare name such as 'prod' is looked up in " + config.resolve("profiles"));
    }

    @Test
    void oddNamesAreRejected() {
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> withConfig().resolve("..prod"));
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).isEqualTo("invalid profile name '..prod' (from -p/--profile)");
    }

    @Test
    void invalidProfileFoundByNameReportsItsPath() throws IOException {
        Path bad = Files.writeString(config.resolve("profiles/bad.yaml"), "aws: {regoin: eu-west-1}\n");
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> withConfig().load("bad"));
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.getMessage()).isEqualTo(bad + ":1:7: unknown key 'regoin' in aws; did you mean 'region'?");
    }
}
