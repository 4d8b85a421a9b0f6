package dev.ddbr.report;

import dev.ddbr.audit.AuditReport;
import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.SkewReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The entry points of the HTML report: one per result type, each returning the whole page. A new command plugs in
 * by adding {@code public static String of(TheirResult r, ReportMeta meta)} here (a page class beside it builds
 * the {@link Page}: verdict, {@link Charts} with table fallbacks, data tables) and, in its command, the
 * {@code cli/ReportOption} mixin: {@code report.write(ctx(), spec, meta -> Reports.of(result, meta))}.
 */
public final class Reports {
    private Reports() {}

    public static String of(SkewReport r, ReportMeta meta) { return SkewPage.render(r, meta); }

    public static String of(AuditReport r, ReportMeta meta) { return AuditPage.render(r, meta); }

    public static String of(dev.ddbr.failover.WhatIf.Result r, ReportMeta meta) { return WhatIfPage.render(r, meta); }

    /** A restore's report, with the RTO objective it is measured against (null: none in the profile). */
    public static String of(dev.ddbr.restore.RestoreReport r, Integer rtoSeconds, ReportMeta meta) {
        return RestorePage.render(r, rtoSeconds, meta);
    }

    /** A restore drill's ({@code backup verify}) report, with the RTO objective (null: none in the profile). */
    public static String of(dev.ddbr.backup.verify.DrillReport r, Integer rtoSeconds, ReportMeta meta) {
        return RestorePage.render(r, rtoSeconds, meta);
    }

    public static String of(dev.ddbr.failover.ReadinessReport r, ReportMeta meta) { return FailoverPage.render(r, meta); }

    public static String of(dev.ddbr.failover.DrillReport r, ReportMeta meta) { return FailoverPage.render(r, meta); }

    public static String of(dev.ddbr.load.LoadReport r, ReportMeta meta) { return LoadPage.render(r, meta); }

    public static String of(dev.ddbr.capacity.Advisor.Run r, ReportMeta meta) {
        return CapacityPage.render(r.report(), r.series(), meta);
    }

    /**
     * Check before any work that {@code file} can be written: its folder exists and it is not a folder itself.
     * Throws {@link DdbrException#invalid} (exit 252) otherwise.
     */
    public static void checkWritable(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw DdbrException.invalid("--report " + file + " is a folder", "give a file name, e.g. --report report.html");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DdbrException.invalid("--report " + file + ": the folder " + dir + " does not exist", "create it first");
        }
        if (!Files.isWritable(dir)) {
            throw DdbrException.invalid("--report " + file + ": the folder " + dir + " is not writable", null);
        }
    }

    /** Write the page to {@code file} whole (a temporary file beside it, then renamed): never half a report. */
    public static void write(Path file, String html) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            // created with the usual permissions (umask), unlike Files.createTempFile's owner-only ones
            tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            throw DdbrException.invalid("cannot write the report " + file + ": " + e.getMessage(), "check the path and permissions");
        }
    }

    static String pct(double share) {
        double p = share * 100;
        if (p == 0) return "0%";
        if (p >= 10) return String.format(Locale.ROOT, "%.1f%%", p);
        if (p >= 0.1) return String.format(Locale.ROOT, "%.2f%%", p);
        return String.format(Locale.ROOT, "%.3g%%", p);
    }

    /** At most {@code max} characters, with an ellipsis when cut (for chart labels; tables keep the whole text). */
    static String clip(String s, int max) {
        if (s == null) return "";
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
    }
}
