package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar: --help, --version and completion must never load the AWS SDK (start-up is part of
 * the product: operators run ddbr in runbooks and cron).
 */
@Tag("emulator")
class StartupIT {
    static Path jar() {
        return Path.of("target", "ddbr.jar");
    }

    static Result runJar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    record Result(int code, String out, String err) {}

    /** scripts/ddbr records its class-data-sharing archive with this run; if it fails, every start is slower. */
    @org.junit.jupiter.api.Test
    void theCdsTrainingRunSucceedsAndLoadsTheSdk() throws Exception {
        Result r = runJar("__cds-training");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient")
                .contains("com.fasterxml.jackson.databind.ObjectMapper")
                // table describe against the canned loopback endpoint: its responses' model classes are archived too
                .contains("software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription ")
                .contains("software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription ")
                .contains("software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration ")
                .contains("dev.ddbr.table.PathAdvice ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "completion bash", "table --help", "profile init -"})
    void neverLoadsTheAwsSdk(String args) throws Exception {
        Result r = runJar(args.split(" "));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> sdk = r.out().lines().filter(l -> l.contains("software.amazon.awssdk")).limit(3).toList();
        assertThat(sdk).as("AWS SDK classes loaded by 'ddbr " + args + "'").isEmpty();
        assertThat(r.out()).contains("dev.ddbr.Main");
    }

    /** --version answers without picocli, with exactly the lines picocli's --version prints in-process. */
    @org.junit.jupiter.api.Test
    void versionIsTheSameWithoutBuildingTheCommandModel() throws Exception {
        Result r = runJar("--version");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> printed = r.out().lines().filter(l -> !l.startsWith("[")).toList();
        assertThat(printed).containsExactly(dev.ddbr.Version.lines());
        assertThat(r.out()).as("picocli's command model").doesNotContain("picocli.CommandLine$Model$CommandSpec ");
        java.io.StringWriter viaPicocli = new java.io.StringWriter();
        int code = dev.ddbr.Main.run(new Environment(java.util.Map.of(), false, false, false, System.in),
                new java.io.PrintWriter(viaPicocli), new java.io.PrintWriter(new java.io.StringWriter()), "--version");
        assertThat(code).isZero();
        assertThat(viaPicocli.toString().lines().toList()).isEqualTo(printed);
    }

    /** --help to a pipe is the stored rendering, byte for byte what picocli prints, without picocli. */
    @org.junit.jupiter.api.Test
    void helpToAPipeIsPicocliRenderingWithoutPicocli() throws Exception {
        Result r = runJar("--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).as("picocli's command model").doesNotContain("picocli.CommandLine$Model$CommandSpec ");
        String printed = r.out().lines().filter(l -> !l.startsWith("[")).map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        java.io.StringWriter viaPicocli = new java.io.StringWriter();
        int code = dev.ddbr.Main.run(new Environment(java.util.Map.of(), false, false, false, System.in),
                new java.io.PrintWriter(viaPicocli), new java.io.PrintWriter(new java.io.StringWriter()), "--help");
        assertThat(code).isZero();
        assertThat(printed).isEqualTo(viaPicocli.toString().replace("\r\n", "\n"));
    }

    /** A run builds the verbs of the group it names only: the others' classes are never loaded. */
    @org.junit.jupiter.api.Test
    void aRunLoadsOnlyTheVerbsOfTheGroupItNames() throws Exception {
        Result top = runJar("table", "--help");
        assertThat(top.code()).as(top.err()).isZero();
        assertThat(top.out()).contains("dev.ddbr.cli.backup.BackupCommand ")
                .doesNotContain("dev.ddbr.cli.backup.BackupPruneCommand ")
                .contains("dev.ddbr.cli.table.TableDescribeCommand ");
        Result backup = runJar("backup", "--help");
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("dev.ddbr.cli.backup.BackupPruneCommand ")
                .doesNotContain("dev.ddbr.cli.table.TableDescribeCommand ");
    }
}
