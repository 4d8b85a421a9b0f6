package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.Main;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's --help, checked against a golden transcript; and every leaf names the APIs it calls. */
class HelpGoldenTest {
    @TempDir
    Path home;

    static List<List<String>> commandPaths() {
        CommandLine cl = Main.commandLine(new DdbrCommand(new Environment(Map.of(), false, false, false, System.in)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<List<String>> out = new ArrayList<>();
        walk(cl, new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        if (cl.getCommandSpec().usageMessage().hidden()) return;
        out.add(List.copyOf(path));
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            walk(e.getValue(), p, out);
        }
    }

    @TestFactory
    Stream<DynamicTest> helpMatchesGolden() {
        return commandPaths().stream().map(p -> DynamicTest.dynamicTest("ddbr " + String.join(" ", p) + " --help", () -> {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            // picocli reports help it cannot format (a bare '%') on System.err, not on the command's stream
            java.io.ByteArrayOutputStream sysErr = new java.io.ByteArrayOutputStream();
            java.io.PrintStream saved = System.err;
            Cli.Result r;
            System.setErr(new java.io.PrintStream(sysErr, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                r = Cli.isolated(home).run(args.toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).as(r.toString()).isEmpty();
            assertThat(sysErr.toString(java.nio.charset.StandardCharsets.UTF_8)).as("picocli warnings for " + args).isEmpty();
            String name = p.isEmpty() ? "ddbr" : "ddbr-" + String.join("-", p);
            Golden.assertMatches("help/" + name + ".txt", r.out());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyLeafNamesItsApis() {
        return commandPaths().stream().filter(p -> !p.isEmpty()).map(p -> DynamicTest.dynamicTest(String.join(" ", p), () -> {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            Cli.Result r = Cli.isolated(home).run(args.toArray(String[]::new));
            boolean group = r.out().contains("Commands:");
            if (!group) {
                assertThat(r.out().replaceAll("\\s+", " ")).as(r.toString()).containsPattern("\\[API: [^\\]]+\\]");
                assertThat(r.out()).as("examples in " + p).contains("Examples:");
            }
            assertThat(r.out()).as(r.toString()).contains("Exit codes:").contains("253").contains("254");
        }));
    }
}
