package dev.ddbr.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Ctrl-C: runs the packaged jar (target/ddbr.jar) in its own JVM, waits until the test says the moment
 * has come, sends SIGINT, and collects the exit code, stdout and stderr.
 */
public final class Sigint {
    private Sigint() {}

    public record Run(int exitCode, String out, String err) {
        /** The last line on stderr: where the interrupt notice is. */
        public String lastErrLine() {
            return err.strip().lines().reduce((a, b) -> b).orElse("");
        }
    }

    /** The moment to interrupt: waits up to {@code millis} for it, true once it has come (e.g. a latch's await). */
    @FunctionalInterface
    public interface Ready {
        boolean await(long millis) throws Exception;

        /**
         * For a state that can only be polled (a fixture's request log, a resource policy): checks {@code condition}
         * every 20 ms, and fails with "{@code what} within {@code within}" once that long has passed since the first
         * check and it still does not hold.
         */
        static Ready polling(String what, Duration within, Condition condition) {
            return new Ready() {
                Long deadline;

                @Override
                public boolean await(long millis) throws Exception {
                    if (deadline == null) deadline = System.nanoTime() + within.toNanos();
                    if (condition.holds()) return true;
                    assertThat(System.nanoTime()).as(what + " within " + within.toSeconds() + "s").isLessThan(deadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(millis, 20)));
                    return false;
                }
            };
        }
    }

    /** A state checked by {@link Ready#polling}. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * @param env  the whole environment of the process (PATH is added); stdin is /dev/null
     * @param dir  where stdout.txt and stderr.txt are written
     */
    public static Run interrupt(Map<String, String> env, Path dir, Ready ready, String... args) throws Exception {
        // A test run started in the background of a shell without job control inherits SIGINT ignored, and a JVM
        // started with SIGINT ignored keeps ignoring it: the child gets SIGINT's default back before java starts
        // (exec keeps the pid, so the signal below still reaches ddbr).
        List<String> cmd = new ArrayList<>(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "ddbr.jar").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path errFile = dir.resolve("stderr.txt");
        Path outFile = dir.resolve("stdout.txt");
        pb.redirectError(errFile.toFile()).redirectOutput(outFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!ready.await(100)) {
                assertThat(p.isAlive()).as("ddbr still runs: " + Files.readString(errFile)).isTrue();
                assertThat(System.nanoTime()).as("the moment to interrupt came within 2 minutes: " + Files.readString(errFile)).isLessThan(deadline);
            }
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ddbr exits on SIGINT").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8), Files.readString(errFile, StandardCharsets.UTF_8));
    }
}
