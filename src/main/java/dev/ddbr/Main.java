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
        CommandLine cl = commandLine(root, out, err);
        try {
            return cl.execute(args);
        } finally {
            root.close();
        }
    }

    /** The configured command line, without running it (for completion and docs generation). */
    public static CommandLine commandLine(DdbrCommand root, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(root);
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
