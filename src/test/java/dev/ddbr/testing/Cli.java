package dev.ddbr.testing;

import dev.ddbr.Main;
import dev.ddbr.cli.Environment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real command line (real handlers) in-process with captured stdout and stderr, and an isolated
 * environment: no real AWS configuration, no instance metadata, a private config directory.
 */
public final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private boolean stdinTty;
    private boolean stdoutTty;
    private boolean stderrTty;
    private String stdin = "";

    private Cli() {}

    /** An environment with nothing AWS in it but a disabled metadata service, and HOME in {@code home}. */
    public static Cli isolated(Path home) {
        Cli c = new Cli();
        c.env.put("HOME", home.toString());
        c.env.put("DDBR_CONFIG_DIR", home.resolve(".config/ddbr").toString());
        c.env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        c.env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        c.env.put("AWS_EC2_METADATA_DISABLED", "true");
        c.env.put("USER", "tester");
        return c;
    }

    /** Isolated, plus the local emulators' credentials, Region and endpoints. */
    public static Cli local(Path home, LocalAws aws) {
        Cli c = isolated(home);
        c.env.putAll(aws.awsEnv());
        return c;
    }

    /**
     * Local, with DynamoDB sent to moto (which has backups, PITR and restores; dynalite has not) and 2 attempts
     * per call (moto answers some optional snapshot reads with HTTP 500).
     */
    public static Cli localOnMoto(Path home, LocalAws aws) {
        return local(home, aws).withMaxAttempts(2).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
    }

    public Cli env(String k, String v) {
        if (v == null) env.remove(k); else env.put(k, v);
        return this;
    }

    /**
     * Points DDBR_PROFILE at a profile whose only content is the AWS retry budget ({@code aws.retry.max_attempts: n}),
     * written as {@code <HOME>/.ddbr-test-retries-<n>.yaml}. For endpoints that answer some APIs with errors the SDK
     * would retry with backoff. A {@code -p FILE} given to {@link #run} still wins over it.
     */
    public Cli withMaxAttempts(int n) {
        Path file = Path.of(env.get("HOME")).resolve(".ddbr-test-retries-" + n + ".yaml");
        String content = "aws:\n  retry:\n    max_attempts: " + n + "\n";
        try {
            // written once: a Cli made while another runs in the same HOME never sees the file half written
            if (!Files.exists(file) || !Files.readString(file).equals(content)) Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env("DDBR_PROFILE", file.toString());
    }

    public Cli terminal(boolean stdin, boolean stdout, boolean stderr) {
        this.stdinTty = stdin;
        this.stdoutTty = stdout;
        this.stderrTty = stderr;
        return this;
    }

    public Cli stdin(String s) {
        this.stdin = s;
        return this;
    }

    public Map<String, String> envMap() { return env; }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment e = new Environment(Map.copyOf(env), stdinTty, stdoutTty, stderrTty,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Main.run(e, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString(), String.join(" ", args));
    }

    /** What a run left: exit code and both streams. toString shows all of it, for assertion messages. */
    public record Result(int exitCode, String out, String err, String args) {
        @Override
        public String toString() {
            return "ddbr " + args + "\n--- exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }

        public String errLine() { return err.strip(); }
    }
}
