package dev.ddbr.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages' structure (golden, not pixels), self-containment and escaping. */
class ReportPageTest {
    static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
    static final Pattern KEEP = Pattern.compile("\\s(class|id|role|lang)=\"([^\"]*)\"");

    /**
     * The page's skeleton: one line per tag with its class/id/role (no text, no SVG innards, no style sheet), runs
     * of identical lines counted.
     */
    static String skeleton(String html) {
        String s = html.replaceAll("(?s)<style>.*?</style>", "<style></style>")
                .replaceAll("(?s)(<svg\\b[^>]*>)<title>.*?</title>.*?</svg>", "$1<title></title></svg>");
        List<String> lines = new ArrayList<>();
        Matcher m = TAG.matcher(s);
        while (m.find()) {
            StringBuilder b = new StringBuilder("<").append(m.group(1)).append(m.group(2));
            Matcher a = KEEP.matcher(m.group(3));
            while (a.find()) {
                String v = a.group(1).equals("id") || a.group(1).equals("class") || a.group(1).equals("role") ? a.group(2) : a.group(2);
                b.append(' ').append(a.group(1)).append("=\"").append(v.replaceAll("\\d{3,}", "N")).append('"');
            }
            lines.add(b.append('>').toString());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); ) {
            int j = i;
            while (j < lines.size() && lines.get(j).equals(lines.get(i))) j++;
            out.append(lines.get(i)).append(j - i > 1 ? " x" + (j - i) : "").append('\n');
            i = j;
        }
        return out.toString();
    }

    @Test
    void skewPageStructure() {
        String html = Reports.of(ReportFixtures.skew(12), ReportFixtures.meta());
        Golden.assertMatches("report/skew.structure.txt", skeleton(html));
        selfContained(html);
        // the verdict comes before the charts, the charts before the data
        assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("id=\"charts\""));
        assertThat(html.indexOf("id=\"charts\"")).isLessThan(html.indexOf("id=\"data\""));
        // table + GSI: share bars and cumulative curve each
        assertThat(html.split("<svg ", -1)).hasSize(5);
        assertThat(html).contains("GSI by-status", "The hottest key holds 24.0% of the items (over the 10.0% limit",
                "50.0% of the items sit in", "@media print", "prefers-color-scheme: dark");
    }

    @Test
    void auditPageStructure() {
        String html = Reports.of(ReportFixtures.audit(), ReportFixtures.meta());
        Golden.assertMatches("report/audit.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("FAILED (fail on high): 6 finding(s): 1 critical, 2 high, 1 medium, 1 low, 1 info",
                "Findings by rule and severity: 5 rules; the most severe: kms-customer-key (1 critical)");
    }

    @Test
    void whatIfPageStructure() {
        String html = Reports.of(ReportFixtures.whatIf(), ReportFixtures.meta());
        Golden.assertMatches("report/what-if.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("After losing eu-west-1, every surviving Region&#39;s read load stays under its ceiling",
                "twice the previous peak &lt;b&gt;600&lt;/b&gt;", "orders&lt;b&gt;bold&lt;/b&gt;: AT_RISK");
    }

    @Test
    void capacityPageStructure() {
        String html = Reports.of(ReportFixtures.capacity(), ReportFixtures.meta());
        Golden.assertMatches("report/capacity.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("1 of 2 table(s)/index(es): a change is recommended",
                "orders reads: peak 1,200 units/s against 1,000 provisioned (above it: throttling)",
                "orders&lt;b&gt;bold&lt;/b&gt;/by-status reads: peak 90 units/s on on-demand",
                "42 minutes &lt;over&gt; the limit").doesNotContain("<b>bold</b>");
    }

    @Test
    void loadPageStructure() {
        String html = Reports.of(ReportFixtures.load(), ReportFixtures.meta());
        Golden.assertMatches("report/load.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("SLO breached: 1,820.0 ops/s achieved of 2,000.0 offered, p99 30.20 ms",
                "Achieved 1,820.0 ops/s, 91.0% of the offered 2,000.0",
                "Latency percentiles per operation: the slowest p99 is put at 41.90 ms",
                "&lt;KeyRangeThroughputExceeded&gt;").doesNotContain("<b>bold</b>", "<KeyRange");
    }

    @Test
    void restorePageStructure() {
        String html = Reports.of(ReportFixtures.restore(), 1800, ReportFixtures.meta());
        Golden.assertMatches("report/restore.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("Restore complete with problems: 1 fix-up(s) failed, 1 setting(s) differ; recovered in 14m 52s, within the RTO of 30m",
                "Recovered in 14m 52s, within the RTO of 30m 00s; the longest step: wait for ACTIVE (13m 00s)",
                "AccessDeniedException: not allowed &lt;script&gt;alert(1)&lt;/script&gt;", "orders&lt;b&gt;bold&lt;/b&gt;",
                "orders-restored-Zürich", "fix-up resourcePolicy")
                .doesNotContain("<b>bold</b>", "<script>", "<allow>");
        assertThat(html.split("<svg ", -1)).hasSize(2);
        // over the objective: a warning, and the chart says so
        String over = Reports.of(ReportFixtures.restore(), 600, ReportFixtures.meta());
        assertThat(over).contains("OVER the RTO of 10m", "Recovered in 14m 52s, over the RTO of 10m");
        // no objective in the profile: said, and no RTO line
        assertThat(Reports.of(ReportFixtures.restore(), null, ReportFixtures.meta())).contains("no RTO objective in the profile",
                "none in the profile (failover.rto_seconds)").doesNotContain("within the RTO", "over the RTO");
    }

    @Test
    void restoreFromAnOldJournalWithoutStepTimesHasNoChartButTheFigures() {
        var r = ReportFixtures.restore();
        var old = new dev.ddbr.restore.RestoreReport(r.kind(), r.status(), r.source(), r.sourceArn(), r.target(), r.targetArn(), r.region(),
                r.backupArn(), r.restoredTo(), r.startedAt(), r.activeAt(), r.finishedAt(), r.waitedSeconds(), r.totalSeconds(), r.fixUps(),
                r.drift(), r.unverified(), r.safetyBackupArn(), r.failure(), r.oldStreamArn(), r.newStreamArn(), r.streamConsumers(),
                r.streamConsumersUnknown(), r.items(), r.next(), r.journal(), List.of());
        String html = Reports.of(old, 1800, ReportFixtures.meta());
        selfContained(html);
        assertThat(html).doesNotContain("<svg").contains("recovered in 14m 52s, within the RTO of 30m");
    }

    @Test
    void backupVerifyPageStructure() {
        String html = Reports.of(ReportFixtures.drill(), 300, ReportFixtures.meta());
        Golden.assertMatches("report/backup-verify.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("PASS: the backup restores, 52000 items equal to the source; recovered in 6m 40s, OVER the RTO of 5m",
                "Recovered in 6m 40s, over the RTO of 5m 00s; the longest step: wait for ACTIVE (6m 39s)", "ddbr-orders-2026-12-08 &lt;nightly&gt;",
                "backup named by &quot;ops&quot; &amp; Zürich").doesNotContain("<b>bold</b>", "<nightly>");
    }

    @Test
    void failoverCheckPageStructure() {
        String html = Reports.of(ReportFixtures.readiness(), ReportFixtures.meta());
        Golden.assertMatches("report/failover-check.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("NOT_READY: 2 reason(s), 2 part(s) unavailable (never counted as good)",
                "1 Region(s) could not take the write peak of another on top of their own",
                "Replication lag: the worst is 2.40s, within the RPO of 5s", "Unavailable parts (never counted as good)",
                "<td>ap-southeast-2<td>UNAVAILABLE", "AccessDeniedException &lt;script&gt;alert(1)&lt;/script&gt;",
                "write ceiling 500 &lt; needed 650 &lt;b&gt;units&lt;/b&gt;").doesNotContain("<b>", "<script>");
        assertThat(html.split("<svg ", -1)).hasSize(4);
    }

    @Test
    void failoverDrillPageStructure() {
        String html = Reports.of(ReportFixtures.failoverDrill(), ReportFixtures.meta());
        Golden.assertMatches("report/failover-drill.structure.txt", skeleton(html));
        selfContained(html);
        assertThat(html).contains("FAILED: RPO 1.47s against 5s (BREACHED", "Measured RPO 1.47s, within the target of 5s; 1 canary never arrived",
                "Load around the switch: the highest p99 is 88.5 ms in the phase during (us-east-1); 3 error(s) and throttle(s) in all",
                "DdbrPause&lt;r&gt;", "never arrived").doesNotContain("<b>", "<r>");
        assertThat(html).contains("Per second around the switch: p99 peaks at 89.5 ms at 5 s (the switch at 4 s); 3 error(s) and throttle(s)");
        assertThat(html.split("<svg ", -1)).hasSize(4);
        assertThat(FailoverPage.pauseWindow(ReportFixtures.failoverDrill())).containsExactly(8_800, 68_800);
    }

    @Test
    void hostileTextAppearsAsTextNeverAsMarkup() {
        for (String html : List.of(Reports.of(ReportFixtures.skew(12), ReportFixtures.meta()),
                Reports.of(ReportFixtures.audit(), ReportFixtures.meta()))) {
            assertThat(html).doesNotContain("<script", "<b>bold</b>", "<i>markup</i>", "<r>.html");
            assertThat(html).contains("orders&lt;b&gt;bold&lt;/b&gt;");
        }
        String skew = Reports.of(ReportFixtures.skew(12), ReportFixtures.meta());
        assertThat(skew).contains("tenant#&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                "tenant#&quot;quoted&quot; &amp; &#39;single&#39;", "tenant#Zürich-€-日本",
                "note with &lt;i&gt;markup&lt;/i&gt; &amp; &quot;quotes&quot;");
        String audit = Reports.of(ReportFixtures.audit(), ReportFixtures.meta());
        assertThat(audit).contains("point-in-time recovery is off &lt;script&gt;alert(1)&lt;/script&gt;",
                "role &quot;ci&quot; can delete every table", "Zürich team&#39;s key");
    }

    @Test
    void tenThousandKeysStayWellUnderTwoMegabytes() {
        String html = Reports.of(ReportFixtures.skew(10_000), ReportFixtures.meta());
        assertThat(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(2_000_000);
        // the chart shows the hottest keys; the table lists every key
        assertThat(html).contains("tenant#9999");
    }

    static void selfContained(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe|object|embed)\\b");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=");
        assertThat(html).doesNotContainPattern("(?i)url\\((?!#)");
        assertThat(html).doesNotContainPattern("(?i)@import");
        assertThat(html).doesNotContain("xlink:href=\"http");
    }
}
