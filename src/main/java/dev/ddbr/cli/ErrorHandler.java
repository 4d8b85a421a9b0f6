package dev.ddbr.cli;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns an exception into what the operator sees: one line on stderr with a hint, and
 * an exit code from the table. Stack traces only with --debug, and never credentials.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final DdbrCommand root;

    public ErrorHandler(DdbrCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (ex.getCause() instanceof DurationConverter.BadDuration bad) {
            // a bad value, not bad usage: 252 with the same message as every other DURATION option
            String option = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName() : "the option";
            DdbrException d = bad.forOption(option);
            err.println("ddbr: error: " + oneLine(d.getMessage()) + (d.hint() == null ? "" : " (hint: " + oneLine(d.hint()) + ")"));
            err.flush();
            return d.exitCode();
        }
        String msg = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u) {
            var suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) msg += "; did you mean " + String.join(" or ", suggestions.stream().map(s -> "'" + s + "'").toList()) + "?";
        }
        err.println("ddbr: error: " + oneLine(msg) + " (hint: see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean debug = root.globals.debug;
        if (ex instanceof ParameterException pe) {
            return handleParseException(pe, new String[0]);
        }
        DdbrException d = toDdbr(ex);
        if (debug) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.print(Redactor.redact(sw.toString()));
        }
        String line = "ddbr: error: " + Redactor.redact(oneLine(d.getMessage()));
        if (d.hint() != null) line += " (hint: " + Redactor.redact(oneLine(d.hint())) + ")";
        err.println(line);
        err.flush();
        return d.exitCode();
    }

    static DdbrException toDdbr(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof DdbrException d) return d;
        }
        if (isAws(ex)) {
            return dev.ddbr.aws.AwsErrors.translate(ex, null);
        }
        if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            return new DdbrException(ExitCodes.INVALID_VALUE, "I/O error: " + ex.getMessage(),
                    "check the path and its permissions", ex);
        }
        return new DdbrException(ExitCodes.INTERNAL, "internal error: " + ex,
                "this is a bug in ddbr; rerun with --debug and report the output", ex);
    }

    /** Without loading SDK classes unless an SDK exception is really there. */
    private static boolean isAws(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("software.amazon.awssdk.")) return true;
        }
        return false;
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
