package dev.ddbr;

import dev.ddbr.cli.DdbrCommand;
import dev.ddbr.cli.Environment;
import dev.ddbr.cli.ErrorHandler;
import dev.ddbr.cli.InterruptNotice;
import dev.ddbr.output.RedactingWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Builds the command line, installs the handlers, runs, exits. Nothing else. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // --version, and --help to a pipe, without building any command model (a version check in a script or a health
        // probe starts in a third of the time): the same text picocli prints (StartupIT compares them)
        String fast = isVersionOnly(args) ? String.join(System.lineSeparator(), Version.lines()) + System.lineSeparator()
                : isHelpOnly(args) ? prerenderedHelp() : null;
        if (fast != null) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
            out.print(fast);
            out.flush();
            System.exit(out.checkError() ? 1 : 0);
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        // before any slow start-up work: a Ctrl-C from now on always prints a line
        InterruptNotice.installEarly(err, InterruptNotice.earlyLine(args));
        int code;
        try {
            code = run(Environment.system(), out, err, args);
        } finally {
            InterruptNotice.finished();
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** {@code ddbr --version} or {@code ddbr -V} and nothing else. */
    static boolean isVersionOnly(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** {@code ddbr --help} or {@code ddbr -h} and nothing else. */
    static boolean isHelpOnly(String[] args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    /**
     * {@code ddbr --help} as picocli renders it when stdout is not a terminal (no colour, 80 columns), stored in
     * the jar at build time from the help golden (src/test/resources/golden/help/ddbr.txt, which HelpGoldenTest
     * keeps equal to picocli's rendering); null when the rendering would differ (stdout is a terminal, or
     * picocli's width or colour is set by a system property) or the resource is missing.
     */
    static String prerenderedHelp() {
        if (System.getProperty("picocli.usage.width") != null || System.getProperty("picocli.ansi") != null) return null;
        if (dev.ddbr.cli.Environment.isTty(1)) return null;
        try (java.io.InputStream in = Main.class.getResourceAsStream("/dev/ddbr/help/ddbr.txt")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Run one invocation with the given environment and streams; returns the exit code. Used by tests. */
    public static int run(Environment env, PrintWriter out, PrintWriter err, String... args) {
        // no credential value in anything written, whatever a server echoed (see output/Redactor)
        PrintWriter rawOut = out;
        PrintWriter rawErr = err;
        out = new PrintWriter(new RedactingWriter(rawOut), true);
        err = new PrintWriter(new RedactingWriter(rawErr), true);
        try {
            return runRedacted(env, out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int runRedacted(Environment env, PrintWriter out, PrintWriter err, String... args) {
        DdbrCommand root = new DdbrCommand(env);
        CommandLine cl = commandLine(root, out, err, args);
        try {
            return cl.execute(args);
        } finally {
            root.close();
        }
    }

    /** The configured command line with every command, without running it (for completion and docs generation). */
    public static CommandLine commandLine(DdbrCommand root, PrintWriter out, PrintWriter err) {
        return commandLine(root, out, err, (String[]) null);
    }

    /**
     * The command line for one invocation: the verbs of only the groups that {@code args} names (any argument
     * equal to a group's name), which is all picocli needs to parse and run them and to suggest a mistyped verb.
     * Building every command's model costs about 150 ms of start-up; this keeps {@code --version}, {@code --help}
     * and every command from paying for the others. {@code args == null} gets every verb; a command that walks the
     * whole tree ({@code completion}, {@code __cds-training}) builds it itself with {@link #commandLine(DdbrCommand,
     * PrintWriter, PrintWriter)}.
     */
    public static CommandLine commandLine(DdbrCommand root, PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(root);
        java.util.Set<String> named = args == null ? null : new java.util.HashSet<>(java.util.Arrays.asList(args));
        for (var group : cl.getSubcommands().entrySet()) {
            if (group.getValue().getCommand() instanceof dev.ddbr.cli.GroupCommand g && (named == null || named.contains(group.getKey()))) {
                for (Class<?> verb : g.verbs()) group.getValue().addSubcommand(verb);
            }
        }
        ErrorHandler handler = new ErrorHandler(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                root.env().stdoutTty() && !root.env().noColor() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return cl;
    }
}
