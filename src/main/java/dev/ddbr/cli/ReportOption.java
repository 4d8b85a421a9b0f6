package dev.ddbr.cli;

import dev.ddbr.Version;
import dev.ddbr.output.Redactor;
import dev.ddbr.report.ReportMeta;
import dev.ddbr.report.Reports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --report FILE.html}, shared by every command whose result is a shape (docs/report.md). A command mixes it
 * in, calls {@link #check()} before its work, and after rendering its result calls
 * {@code report.write(ctx(), spec, meta -> Reports.of(result, meta))}.
 */
public class ReportOption {
    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the result as one self-contained HTML "
            + "page (verdict, charts, the full data; no network needed to open it) to FILE.html, replacing that file.")
    Path file;

    public boolean requested() { return file != null; }

    /** Before any work: the report's folder exists and is writable (252 otherwise). */
    public void check() {
        if (file != null) Reports.checkWritable(file);
    }

    /** Build the page for this invocation and write it; a one-line note on stderr says where. */
    public void write(AppContext ctx, CommandSpec spec, Function<ReportMeta, String> page) {
        if (file == null) return;
        StringBuilder cmd = new StringBuilder("ddbr");
        var parsed = spec.root().commandLine().getParseResult();
        for (String a : parsed == null ? java.util.List.<String>of() : parsed.originalArgs()) {
            cmd.append(' ').append(BaseCommand.shellQuote(a));
        }
        String profile = ctx.globals().profile;
        if (profile == null) profile = ctx.env().vars().get(dev.ddbr.profile.ProfileLocator.ENV_PROFILE);
        var where = ctx.actingOn();
        ReportMeta meta = new ReportMeta(Redactor.redact(cmd.toString()), profile, Instant.now(), where.account(),
                where.region(), Version.VERSION);
        Reports.write(file, page.apply(meta));
        ctx.console().info("report written to " + file);
    }
}
