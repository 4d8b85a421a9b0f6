package dev.ddbr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupQuotesAndControlCharactersButKeepsNonAscii() {
        assertThat(Html.esc("<script>alert('x')</script> & \"q\"")).isEqualTo(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assertThat(Html.esc("Zürich-€-日本")).isEqualTo("Zürich-€-日本");
        assertThat(Html.esc("a\u0000b\u001bc")).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(Html.esc(null)).isEmpty();
    }

    @Test
    void tableCellsCaptionsAndAttributesAreEscaped() {
        String h = new Html().openWith("a", "title", "x\" onclick=\"y").close("a")
                .table("<c>", List.of("<h>"), List.of(List.of("<td>")), new boolean[] {true}).toString();
        assertThat(h).contains("title=\"x&quot; onclick=&quot;y\"", "<caption>&lt;c&gt;</caption>",
                "<th class=\"n\">&lt;h&gt;</th>", "<td class=n>&lt;td&gt;");
        assertThat(h).doesNotContain("<h>", "<c>", "onclick=\"");
    }

    @Test
    void aLongTableIsWrittenInChunksTheBrowserLaysOutOnlyWhenSeen() {
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 1_001; i++) rows.add(java.util.List.of(Integer.toString(i), "k<" + i + ">"));
        String h = new Html(1024).table("keys", java.util.List.of("rank", "key"), rows, new boolean[] {true, false}).toString();
        // one caption and header; 250 rows per table; the chunks after the first in content-visibility divs
        assertThat(h).startsWith("<div class=\"long\"><table><caption>keys</caption>\n<colgroup>");
        assertThat(h.split("<thead>", -1)).hasSize(2);
        assertThat(h.split("<div class=\"chunk\">", -1)).hasSize(5);
        assertThat(h.split("<table", -1)).hasSize(6);
        assertThat(h.split("<colgroup><col class=\"nc\"><col></colgroup>", -1)).hasSize(6);
        assertThat(h.split("<tr>", -1)).hasSize(1_001 + 2);
        assertThat(h).contains("k&lt;1000&gt;").doesNotContain("k<1000>").endsWith("</tbody></table>\n</div></div>\n");
        // a short table stays one plain table
        String s = new Html(256).table(null, java.util.List.of("a"), java.util.List.of(java.util.List.of("x")), null).toString();
        assertThat(s).startsWith("<table>").doesNotContain("chunk", "colgroup");
    }
}
