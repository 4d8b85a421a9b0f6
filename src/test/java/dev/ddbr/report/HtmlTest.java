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
}
