package dev.ddbr.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page: the provenance (command, profile, time, account, Region, ddbr version), the
 * verdict first, then the charts (inline SVG, each with a table fallback), then the full data as tables. No
 * script, no external font, stylesheet or image: it opens from disk or a mail attachment and prints on A4 and
 * Letter; light and dark follow the reader's setting.
 */
public final class Page {
    /** ok (green), warn (amber) or bad (red): the colour of the verdict box. */
    public enum Tone { OK, WARN, BAD }

    private final String title;
    private final ReportMeta meta;
    private Tone tone = Tone.OK;
    private String verdict = "";
    private final List<String> verdictLines = new ArrayList<>();
    private final Html charts = new Html(64 * 1024);
    private final Html data = new Html(64 * 1024);
    private int chartCount;

    public Page(String title, ReportMeta meta) {
        this.title = title;
        this.meta = meta;
    }

    public Page verdict(Tone tone, String verdict) {
        this.tone = tone;
        this.verdict = verdict;
        return this;
    }

    /** A line under the verdict (advice, a note). */
    public Page verdictLine(String line) {
        if (line != null && !line.isBlank()) verdictLines.add(line);
        return this;
    }

    /**
     * A chart: its finding as a heading, the SVG, and the same figures as a table in a {@code <details>} element
     * (the fallback for a reader without SVG, a screen reader, or someone who wants the numbers).
     */
    public Page chart(String finding, String svg, List<String> headers, List<List<String>> rows, boolean[] numeric) {
        chartCount++;
        charts.openWith("figure", "class", "chart", "id", "chart-" + chartCount);
        charts.el("h3", null, finding);
        charts.raw(svg);
        charts.open("details", null).el("summary", null, "The figures of this chart");
        charts.table(null, headers, rows, numeric);
        charts.close("details");
        charts.close("figure");
        return this;
    }

    /** A section heading among the charts (e.g. per table or GSI). */
    public Page chartHeading(String text) {
        charts.el("h2", "sub", text);
        return this;
    }

    /** A data table under "Data". */
    public Page table(String caption, List<String> headers, List<List<String>> rows, boolean[] numeric) {
        data.table(caption, headers, rows, numeric);
        return this;
    }

    /** A paragraph under "Data". */
    public Page note(String text) {
        data.el("p", "note", text);
        return this;
    }

    public String render() {
        Html h = new Html(charts.toString().length() + data.toString().length() + 8192);
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .raw("<meta name=\"generator\" content=\"ddbr ").text(meta.version()).raw("\">\n")
                .el("title", null, title + " (ddbr)")
                .raw("<style>").raw(CSS).raw("</style>\n</head>\n<body>\n<main>\n");
        h.el("h1", null, title);
        h.open("dl", "meta");
        meta(h, "Command", meta.command());
        meta(h, "Profile", meta.profile() == null ? "(none)" : meta.profile());
        meta(h, "Time", DateTimeFormatter.ISO_INSTANT.format(meta.at().atOffset(ZoneOffset.UTC).withNano(0).toInstant()));
        meta(h, "Account", meta.account() == null ? "unknown" : meta.account());
        meta(h, "Region", meta.region());
        meta(h, "ddbr", meta.version());
        h.close("dl");
        h.openWith("section", "class", "verdict " + tone.name().toLowerCase(java.util.Locale.ROOT), "id", "verdict");
        h.el("h2", null, "Verdict");
        h.el("p", "v", verdict);
        if (!verdictLines.isEmpty()) {
            h.open("ul", null);
            for (String l : verdictLines) h.el("li", null, l);
            h.close("ul");
        }
        h.close("section");
        if (chartCount > 0) {
            h.openWith("section", "id", "charts").el("h2", null, "Charts").raw(charts.toString()).close("section");
        }
        h.openWith("section", "id", "data").el("h2", null, "Data").raw(data.toString()).close("section");
        h.raw("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void meta(Html h, String k, String v) {
        h.el("dt", null, k).el("dd", null, v);
    }

    private static final String CSS = """
            :root{--fg:#1d1f21;--bg:#fff;--mut:#5f6368;--line:#d0d4d9;--ok:#2e7d32;--warn:#b26a00;--bad:#c62828;--box:#f6f7f9}
            @media (prefers-color-scheme: dark){:root{--fg:#e6e6e6;--bg:#16181b;--mut:#a0a4a8;--line:#3a3f44;--ok:#66bb6a;\
            --warn:#ffb74d;--bad:#ef5350;--box:#202327}svg.chart{filter:invert(.9) hue-rotate(180deg)}}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
            "DejaVu Sans",sans-serif}
            main{max-width:1000px;margin:0 auto;padding:24px}
            h1{font-size:1.6em;margin:0 0 .4em}h2{font-size:1.25em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line)}
            h2.sub{border:0;font-size:1.1em}h3{font-size:1em;margin:.2em 0 .4em}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 1em;color:var(--mut)}
            dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
            .verdict{border-left:6px solid var(--ok);background:var(--box);padding:4px 16px 8px;margin:1em 0}
            .verdict.warn{border-color:var(--warn)}.verdict.bad{border-color:var(--bad)}
            .verdict h2{border:0;margin:.4em 0 .2em}.verdict p.v{font-size:1.15em;font-weight:600;margin:.2em 0}
            figure.chart{margin:1em 0 1.6em;break-inside:avoid;page-break-inside:avoid}
            svg.chart{display:block;width:100%;height:auto;max-width:760px}
            details{margin:.3em 0}summary{cursor:pointer;color:var(--mut)}
            table{border-collapse:collapse;margin:.6em 0 1.2em;width:100%;font-size:.92em}
            caption{text-align:left;font-weight:600;padding:.3em 0}
            th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            th{background:var(--box);white-space:nowrap;overflow-wrap:normal}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            p.note{color:var(--mut)}
            div.long{margin:.6em 0 1.2em}div.long table{table-layout:fixed;margin:0}div.long col.nc{width:9em}
            div.chunk{content-visibility:auto;contain-intrinsic-size:auto 5500px}
            @page{size:auto;margin:14mm 12mm}
            @media print{body{font-size:10.5pt;background:#fff;color:#000}main{max-width:none;padding:0}
            svg.chart{filter:none;max-width:100%}
            thead{display:table-header-group}tr{break-inside:avoid}h2,h3{break-after:avoid}}
            """;
}
