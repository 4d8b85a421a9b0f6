package dev.ddbr.backup.logical;

import static dev.ddbr.backup.logical.LogicalBackupIT.contents;
import static dev.ddbr.backup.logical.LogicalBackupIT.ddb;
import static dev.ddbr.backup.logical.LogicalBackupIT.sourceTable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real Ctrl-C: the packaged jar runs 'backup import' / 'backup export' through a FaultProxy that holds one call
 * open; SIGINT makes it exit 130 and print one line saying what is done and how to go on.
 */
@EmulatorTest
class BackupInterruptIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    /** The proxy's policy: the Nth call of {@code op} (and every later one) waits until released. */
    static final class Gate implements FaultProxy.Policy {
        final String op;
        final int from;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(String op, int from) {
            this.op = op;
            this.from = from;
        }

        @Override
        public Fault decide(String operation, int count) {
            if (operation.equals(op) && count >= from) {
                held.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Fault.NONE;
        }
    }

    record Run(int exitCode, String out, String err) {}

    /** Start the packaged ddbr, wait until {@code ready} holds, send SIGINT, collect the result. */
    Run interrupt(Cli cli, String proxyEndpoint, Gate gate, java.util.function.BooleanSupplier ready, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "ddbr.jar").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(cli.envMap());
        pb.environment().put("AWS_ENDPOINT_URL_DYNAMODB", proxyEndpoint);
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path errFile = home.resolve("stderr.txt");
        Path outFile = home.resolve("stdout.txt");
        pb.redirectError(errFile.toFile()).redirectOutput(outFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        try {
            while (!gate.held.await(100, TimeUnit.MILLISECONDS) || !ready.getAsBoolean()) {
                assertThat(p.isAlive()).as("ddbr still runs: " + Files.readString(errFile)).isTrue();
            }
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ddbr exits on SIGINT").isTrue();
        } finally {
            p.destroyForcibly();
            gate.release.countDown();
        }
        return new Run(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8), Files.readString(errFile, StandardCharsets.UTF_8));
    }

    Optional<JsonNode> journal(String table) throws Exception {
        Path dir = home.resolve("state/imports");
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (var s = Files.list(dir)) {
            Optional<Path> f = s.filter(x -> x.getFileName().toString().startsWith("import-" + table + "-")
                    && x.getFileName().toString().endsWith(".json")).findFirst();
            return f.isPresent() ? Optional.of(JSON.readTree(f.get().toFile())) : Optional.empty();
        }
    }

    long linesDone(String table) throws Exception {
        long n = 0;
        Optional<JsonNode> j = journal(table);
        if (j.isEmpty()) return 0;
        for (JsonNode v : j.get().path("linesDone")) n += v.asLong();
        return n;
    }

    @Test
    void ctrlCDuringImportSaysHowManyItemsAreWrittenAndTheResumeCommandFinishesExactly(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 400);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "2").exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-int");
            Gate gate = new Gate("BatchWriteItem", 5);
            proxy.policy(gate);
            Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> {
                try {
                    return linesDone(dst) > 0;
                } catch (Exception e) {
                    return false;
                }
            }, "backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "1");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            long done = linesDone(dst);
            assertThat(done).isBetween(25L, 401L);
            assertThat(run.err().strip()).isEqualTo("ddbr: interrupted; " + done + " items written; resume with: ddbr backup import "
                    + dir + " --table " + dst);
            assertThat(run.out()).as("stdout carries data only").isEmpty();
            proxy.policy((op, n) -> Fault.NONE);

            // the printed command, run again, finishes the import: no item lost, none written twice over the mark
            Cli.Result resumed = cli(aws).run("backup", "import", dir.toString(), "--table", dst, "-o", "json");
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            JsonNode r = JSON.readTree(resumed.out());
            assertThat(r.get("resumed").asBoolean()).isTrue();
            assertThat(r.get("itemsSkippedOnResume").asLong()).isEqualTo(done);
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(402 - done);
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(402);
        }
    }

    @Test
    void ctrlCDuringExportSaysTheExportIsIncompleteAndARerunNamesIt(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 50);
            Path dir = home.resolve("bk");
            Gate gate = new Gate("Scan", 1);
            proxy.policy(gate);
            Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> Files.isRegularFile(dir.resolve(Exporter.INCOMPLETE)),
                    "backup", "export", src, "--to", dir.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.err().strip()).isEqualTo("ddbr: interrupted; the export in " + dir + " is incomplete (no manifest.json)"
                    + " and is not a backup; remove it, then restart with: ddbr backup export " + src + " --to " + dir);
            assertThat(dir.resolve("manifest.json")).doesNotExist();
            proxy.policy((op, n) -> Fault.NONE);

            Cli.Result again = cli(aws).run("backup", "export", src, "--to", dir.toString());
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(252);
            assertThat(again.err()).contains(dir + " holds an incomplete export from an interrupted run: remove it or choose another --to");

            // a finished export leaves no marker
            Path fresh = home.resolve("bk2");
            assertThat(cli(aws).run("backup", "export", src, "--to", fresh.toString()).exitCode()).isZero();
            assertThat(fresh.resolve(Exporter.INCOMPLETE)).doesNotExist();
            assertThat(fresh.resolve("manifest.json")).exists();
        }
    }
}
