package dev.ddbr.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local AWS emulators for this test JVM: dynalite (DynamoDB data plane) and moto (every
 * control-plane service, and the DynamoDB APIs dynalite lacks), both on 127.0.0.1.
 *
 * <p>One instance per JVM, started on first use with {@code scripts/local-aws start --state-dir
 * target/local-aws-<pid>} and stopped by a shutdown hook. The script also gets {@code --owner-pid},
 * so the emulators stop by themselves if this JVM is killed before the hook runs.
 *
 * <p>Set {@code DDBR_TEST_REUSE_STATE_DIR} (or the system property {@code ddbr.test.reuseStateDir})
 * to the state directory of an instance that already runs, for example {@code .local-aws} after
 * {@code scripts/local-aws start}, to reuse it instead: faster when running one test from an IDE.
 * A reused instance is left running.
 *
 * <p>Every request goes through the API-model proxy ({@code scripts/local-aws start --validate}, see
 * {@link ApiModelNet}): {@link #dynamodbEndpoint()}, {@link #motoEndpoint()}, {@link #profileFile()} and
 * {@link #awsEnv()} name the proxy, {@link #dynamodbDirectEndpoint()} and {@link #motoDirectEndpoint()} the
 * emulators themselves. Set {@code DDBR_TEST_API_MODEL=off} (or {@code -Dddbr.test.apiModel=off}) to run
 * without it, e.g. to measure what it costs.
 *
 * <p>Tests must not rely on a clean emulator: name tables with {@link #uniqueName(String)}, and call
 * {@link #resetMoto()} where a test needs an empty control plane.
 */
public final class LocalAws {

    /** Environment variable naming the state directory of a running instance to reuse. */
    public static final String REUSE_ENV = "DDBR_TEST_REUSE_STATE_DIR";
    /** System property with the same meaning as {@link #REUSE_ENV}; wins over it. */
    public static final String REUSE_PROPERTY = "ddbr.test.reuseStateDir";
    /** Environment variable: {@code off} runs the tests without the API-model proxy. */
    public static final String API_MODEL_ENV = "DDBR_TEST_API_MODEL";
    /** System property with the same meaning as {@link #API_MODEL_ENV}; wins over it. */
    public static final String API_MODEL_PROPERTY = "ddbr.test.apiModel";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5); // includes a first npm ci
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern EXPORT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern TABLE_NAME_CHARS = Pattern.compile("[A-Za-z0-9_.-]*");
    private static final char[] SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static LocalAws instance;
    private static RuntimeException startFailure;

    private final Path repoRoot;
    private final Path stateDir;
    private final boolean owned;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ApiModelNet apiModel;

    private LocalAws(Path repoRoot, Path stateDir, boolean owned, Map<String, String> env) {
        this.repoRoot = repoRoot;
        this.stateDir = stateDir;
        this.owned = owned;
        this.env = env;
        this.apiModel = new ApiModelNet(env.get("DDBR_LOCAL_API_MODEL"));
    }

    /**
     * The emulators for this JVM, started on the first call. A failed start is remembered, so later
     * callers fail at once with the same message rather than waiting for another start.
     *
     * @throws IllegalStateException when they cannot be started; its message holds the script's output
     */
    public static synchronized LocalAws get() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        try {
            instance = startOrReuse();
            return instance;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** The instance of this JVM if it has been started, without starting it (fakes use it to sit behind the proxy). */
    static synchronized java.util.Optional<LocalAws> running() {
        return java.util.Optional.ofNullable(instance);
    }

    /** The DynamoDB endpoint (dynalite), e.g. {@code http://127.0.0.1:41234}. */
    public String dynamodbEndpoint() {
        return require("DDBR_LOCAL_DYNAMODB");
    }

    /** The moto endpoint: every other service, and DynamoDB backups and PITR. */
    public String motoEndpoint() {
        return require("DDBR_LOCAL_MOTO");
    }

    /** dynalite itself, bypassing the API-model proxy: only for fixtures that must send what AWS refuses. */
    public String dynamodbDirectEndpoint() {
        return env.getOrDefault("DDBR_LOCAL_DYNAMODB_DIRECT", dynamodbEndpoint());
    }

    /** moto itself, bypassing the API-model proxy: only for fixtures that must send what AWS refuses. */
    public String motoDirectEndpoint() {
        return env.getOrDefault("DDBR_LOCAL_MOTO_DIRECT", motoEndpoint());
    }

    /** The API-model proxy's refusals: {@link ApiModelNet#claim()} to assert that a request was refused. */
    public ApiModelNet apiModel() {
        return apiModel;
    }

    /** The region the emulators are configured for: {@code us-east-1}. */
    public String region() {
        return env.getOrDefault("AWS_REGION", "us-east-1");
    }

    /** A ready-made ddbr profile pointing at both emulators ({@code STATE/local.yaml}). */
    public Path profileFile() {
        return stateDir.resolve("local.yaml");
    }

    /**
     * The variables of {@code STATE/env}: fake credentials, region, {@code AWS_ENDPOINT_URL} (moto),
     * {@code AWS_ENDPOINT_URL_DYNAMODB} (dynalite), {@code DDBR_LOCAL_DYNAMODB}, {@code DDBR_LOCAL_MOTO}.
     * Suitable as the environment of a ddbr run under test.
     */
    public Map<String, String> awsEnv() {
        return env;
    }

    /** The state directory: pid files, logs ({@code dynalite.log}, {@code moto.log}), env, local.yaml. */
    public Path stateDir() {
        return stateDir;
    }

    /** The repository root (the directory holding pom.xml and scripts/). */
    public Path repoRoot() {
        return repoRoot;
    }

    /** Empties moto: every service, every region. Dynalite has no reset; use {@link #uniqueName}. */
    public void resetMoto() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(motoEndpoint() + "/moto-api/reset"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered HTTP " + response.statusCode() + ": "
                        + response.body() + " (log: " + stateDir.resolve("moto.log") + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed at " + motoEndpoint() + ": " + e
                    + " (log: " + stateDir.resolve("moto.log") + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    /**
     * A name no other test uses: {@code prefix-} and 8 random lower-case letters and digits. Valid
     * for DynamoDB tables and indexes, S3 buckets (for a lower-case prefix) and backup vaults.
     */
    public static String uniqueName(String prefix) {
        if (prefix == null || !TABLE_NAME_CHARS.matcher(prefix).matches() || prefix.length() > 200) {
            throw new IllegalArgumentException("prefix must be at most 200 of [A-Za-z0-9_.-]: " + prefix);
        }
        StringBuilder name = new StringBuilder(prefix.length() + 9).append(prefix);
        if (!prefix.isEmpty() && !prefix.endsWith("-")) {
            name.append('-');
        }
        for (int i = 0; i < 8; i++) {
            name.append(SUFFIX_CHARS[RANDOM.nextInt(SUFFIX_CHARS.length)]);
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return "LocalAws[dynamodb=" + env.get("DDBR_LOCAL_DYNAMODB") + ", moto=" + env.get("DDBR_LOCAL_MOTO")
                + ", state=" + stateDir + (owned ? "" : ", reused") + "]";
    }

    // --- starting and stopping -------------------------------------------------------------------

    private static LocalAws startOrReuse() {
        Path root = findRepoRoot();
        String reuse = System.getProperty(REUSE_PROPERTY, System.getenv(REUSE_ENV));
        if (reuse != null && !reuse.isBlank()) {
            Path dir = root.resolve(reuse).toAbsolutePath().normalize();
            Result status = run(root, Duration.ofSeconds(30), "status", "--state-dir", dir.toString());
            if (status.exitCode == 0 && Files.isRegularFile(dir.resolve("env"))) {
                Map<String, String> env = readEnv(dir.resolve("env"));
                if (!env.containsKey("DDBR_LOCAL_API_MODEL")) {
                    System.err.println("LocalAws: the instance in " + dir + " runs without the API-model proxy"
                            + " (start it with scripts/local-aws start --validate); requests are not checked");
                }
                return new LocalAws(root, dir, false, env);
            }
            System.err.println("LocalAws: " + REUSE_ENV + "=" + reuse + " has no running instance ("
                    + status.output.strip() + "); starting one");
        }
        long pid = ProcessHandle.current().pid();
        Path dir = root.resolve("target").resolve("local-aws-" + pid);
        List<String> args = new ArrayList<>(List.of("start", "--state-dir", dir.toString(), "--owner-pid", Long.toString(pid)));
        if (!"off".equalsIgnoreCase(System.getProperty(API_MODEL_PROPERTY, System.getenv(API_MODEL_ENV)))) {
            args.add("--validate");
        }
        Result start = run(root, START_TIMEOUT, args.toArray(String[]::new));
        if (start.exitCode != 0) {
            // stop whatever half may be running; the script does this too, but be sure
            run(root, STOP_TIMEOUT, "stop", "--state-dir", dir.toString());
            throw new IllegalStateException("could not start the local emulators: scripts/local-aws start "
                    + (start.exitCode == -1 ? "timed out after " + START_TIMEOUT.toSeconds() + "s"
                            : "exited with " + start.exitCode)
                    + "\n--- scripts/local-aws output ---\n" + start.output.strip()
                    + "\n--- end of output (state: " + dir + ") ---");
        }
        Map<String, String> env;
        try {
            env = readEnv(dir.resolve("env"));
        } catch (RuntimeException e) {
            run(root, STOP_TIMEOUT, "stop", "--state-dir", dir.toString());
            throw new IllegalStateException(e.getMessage() + "\n--- scripts/local-aws output ---\n"
                    + start.output.strip(), e);
        }
        LocalAws aws = new LocalAws(root, dir, true, env);
        Runtime.getRuntime().addShutdownHook(new Thread(aws::stop, "local-aws-stop"));
        return aws;
    }

    private void stop() {
        if (owned) {
            run(repoRoot, STOP_TIMEOUT, "stop", "--state-dir", stateDir.toString());
        }
    }

    /** The nearest directory at or above the working directory that holds pom.xml and scripts/local-aws. */
    static Path findRepoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("scripts/local-aws"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory at or above " + start + " holds pom.xml and scripts/local-aws");
    }

    private record Result(int exitCode, String output) {}

    /** Runs scripts/local-aws with its stdout and stderr captured in a file (never a pipe a daemon could hold). */
    private static Result run(Path root, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/local-aws").toString());
        Collections.addAll(command, args);
        Path out = null;
        try {
            out = Files.createTempFile("local-aws-", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            int code;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = process.exitValue();
            } else {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                code = -1;
            }
            return new Result(code, Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-2, "could not run " + String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-3, "interrupted while running " + String.join(" ", command));
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    /** Parses the {@code export NAME=value} lines the script writes; values may be quoted. */
    static Map<String, String> readEnv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = EXPORT.matcher(line);
            if (m.matches()) {
                env.put(m.group(1), unquote(m.group(2).strip()));
            }
        }
        for (String key : List.of("DDBR_LOCAL_DYNAMODB", "DDBR_LOCAL_MOTO")) {
            if (!env.containsKey(key)) {
                throw new IllegalStateException(file + " has no " + key);
            }
        }
        return Collections.unmodifiableMap(env);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private String require(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException(stateDir.resolve("env") + " has no " + key);
        }
        return value;
    }
}
