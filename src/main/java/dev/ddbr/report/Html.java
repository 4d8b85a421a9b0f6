package dev.ddbr.report;

import java.util.List;

/**
 * A small HTML writer: every text and attribute value goes through {@link #esc}, so table names, key values
 * and messages appear as text, never as markup. Raw markup enters only through {@link #raw}, which the
 * report code uses for the SVG the chart library wrote and for its own constant fragments.
 */
public final class Html {
    private final StringBuilder b;

    public Html() { this(8192); }

    public Html(int capacity) { b = new StringBuilder(capacity); }

    /** Escape text for an element's content or a double-quoted attribute value. */
    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder o = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' ? "\uFFFD" : null;
            };
            if (r != null) {
                if (o == null) o = new StringBuilder(s.length() + 16).append(s, 0, i);
                o.append(r);
            } else if (o != null) {
                o.append(c);
            }
        }
        return o == null ? s : o.toString();
    }

    /** {@code <tag class="cls">text</tag>}, text escaped; {@code cls} may be null. */
    public Html el(String tag, String cls, String text) {
        open(tag, cls);
        b.append(esc(text));
        return close(tag);
    }

    public Html open(String tag, String cls) {
        b.append('<').append(tag);
        if (cls != null) b.append(" class=\"").append(esc(cls)).append('"');
        b.append('>');
        return this;
    }

    /** An opening tag with attributes given as name, value pairs (values escaped). */
    public Html openWith(String tag, String... attrs) {
        b.append('<').append(tag);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) b.append(' ').append(attrs[i]).append("=\"").append(esc(attrs[i + 1])).append('"');
        }
        b.append('>');
        return this;
    }

    public Html close(String tag) {
        b.append("</").append(tag).append(">\n");
        return this;
    }

    public Html text(String s) {
        b.append(esc(s));
        return this;
    }

    /** Markup written by ddbr itself (constant fragments, the chart library's SVG). Never user data. */
    public Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** A data table: header cells, then rows; cells are text (escaped). Numeric columns align right. */
    public Html table(String caption, List<String> headers, List<List<String>> rows, boolean[] numeric) {
        boolean longTable = rows.size() > LONG_TABLE;
        if (longTable) b.append("<div class=\"long\">");
        open("table", null);
        if (caption != null) el("caption", null, caption);
        if (longTable) cols(headers.size(), numeric);
        b.append("<thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            b.append(numeric != null && i < numeric.length && numeric[i] ? "<th class=\"n\">" : "<th>")
                    .append(esc(headers.get(i))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        // cells and rows without their optional end tags (HTML allows it): a 10,000-key table stays small
        for (int r = 0; r < rows.size(); r++) {
            if (longTable && r > 0 && r % CHUNK == 0) {
                // a long table goes out in chunks the browser lays out only when they scroll into view
                // (content-visibility:auto; fixed layout and the same columns keep the chunks aligned)
                b.append(r == CHUNK ? "</tbody></table>\n" : "</tbody></table></div>\n");
                b.append("<div class=\"chunk\"><table class=\"more\">");
                cols(headers.size(), numeric);
                b.append("<tbody>\n");
            }
            List<String> row = rows.get(r);
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                b.append(numeric != null && i < numeric.length && numeric[i] ? "<td class=n>" : "<td>").append(esc(row.get(i)));
            }
            b.append('\n');
        }
        b.append("</tbody>");
        close("table");
        if (longTable && rows.size() > CHUNK) b.append("</div>");
        if (longTable) b.append("</div>\n");
        return this;
    }

    /** Tables with more rows than this are written in chunks (see {@link #CHUNK}). */
    static final int LONG_TABLE = 500;
    /** Rows per chunk of a long table. */
    static final int CHUNK = 250;

    private void cols(int n, boolean[] numeric) {
        b.append("<colgroup>");
        for (int i = 0; i < n; i++) b.append(numeric != null && i < numeric.length && numeric[i] ? "<col class=\"nc\">" : "<col>");
        b.append("</colgroup>");
    }

    @Override
    public String toString() { return b.toString(); }
}
