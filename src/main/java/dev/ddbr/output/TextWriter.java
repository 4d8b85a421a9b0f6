package dev.ddbr.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers for aligned, readable text on stdout: key/value blocks, tables with upper-case headers, verdicts. */
public final class TextWriter {
    private final PrintWriter out;
    private final Style style;

    public TextWriter(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    public Style style() { return style; }

    public void line(String s) { out.println(s); }

    public void blank() { out.println(); }

    public void heading(String s) { out.println(style.bold(s)); }

    /** Key/value pairs, keys padded to the widest. Null values print as "-". */
    public void keyValues(List<String[]> rows) {
        int w = 0;
        for (String[] r : rows) w = Math.max(w, r[0].length());
        for (String[] r : rows) {
            out.println(pad(r[0], w) + "  " + (r[1] == null ? "-" : r[1]));
        }
    }

    /** A table: upper-case headers, columns padded to the widest cell. Null cells print as "-". */
    public void table(List<String> headers, List<List<String>> rows) {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], cell(r, i).length());
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < n; i++) h.append(i == n - 1 ? headers.get(i).toUpperCase() : pad(headers.get(i).toUpperCase(), w[i]) + "  ");
        out.println(style.bold(h.toString().stripTrailing()));
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) b.append(i == n - 1 ? cell(r, i) : pad(cell(r, i), w[i]) + "  ");
            out.println(b.toString().stripTrailing());
        }
    }

    public static List<String> row(String... cells) { return new ArrayList<>(Arrays.asList(cells)); }

    public static String[] kv(String k, Object v) { return new String[] {k, v == null ? null : String.valueOf(v)}; }

    /** The final verdict line, in colour on a terminal. */
    public void verdict(Style.Tone tone, String text) { out.println(style.verdict(tone, text)); }

    private static String cell(List<String> r, int i) {
        String s = i < r.size() ? r.get(i) : null;
        return s == null ? "-" : s;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
