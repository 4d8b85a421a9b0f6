package dev.ddbr.audit;

import static dev.ddbr.audit.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbr.audit.DaxRules.DaxCluster;
import dev.ddbr.audit.Fixtures.T;
import dev.ddbr.audit.iam.IamRules;
import dev.ddbr.audit.iam.PolicyEvaluator;
import dev.ddbr.audit.iam.Principal;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.table.TableSettings;
import dev.ddbr.testing.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fixed audit (neglected and hardened tables, a wildcard admin and a narrow reader, a DAX cluster) in every format. */
class AuditReportGoldenTest {
    static final String ADMIN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    static final String READER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\","
            + "\"dynamodb:Query\",\"dynamodb:DescribeTable\"],\"Resource\":\"arn:aws:dynamodb:us-east-1:111122223333:table/hardened\"}]}";

    static Principal principal(String kind, String name, String doc) {
        return new Principal(kind, name, "arn:aws:iam::111122223333:" + kind + "/" + name, List.of(PolicyEvaluator.parse(doc)),
                List.of("inline " + name + "-policy"), null, null);
    }

    static AuditReport report(Severity failOn) {
        List<Finding> fs = new ArrayList<>();
        TableSettings neglected = new T("neglected").gsi("by-status", 5, 5).build();
        fs.addAll(TableRules.check(new TableFacts(neglected, Fixtures.settings(false, null), Fixtures.profile("neglected"),
                Fixtures.backups(null, false), null, Map.of()), NOW));
        TableSettings hardened = TableRulesTest.hardened("hardened").build();
        fs.addAll(TableRules.check(new TableFacts(hardened, Fixtures.settings(false, null), Fixtures.profile("hardened"),
                Fixtures.backups(NOW.minus(Duration.ofHours(3)), true), null, Map.of()), NOW));
        TableSettings locked = TableRulesTest.hardened("locked-out").cmk("Disabled", true).build();
        fs.addAll(TableRules.check(new TableFacts(locked, Fixtures.settings(false, null), Fixtures.profile("locked-out"),
                Fixtures.backups(NOW.minus(Duration.ofHours(3)), true), null, Map.of()), NOW));
        fs.addAll(DaxRules.check(List.of(new DaxCluster("cache", "arn:aws:dax:us-east-1:111122223333:cache/cache", "available",
                "ENABLED", "NONE", 1, List.of("us-east-1a")))));
        List<IamRules.Target> targets = List.of(
                new IamRules.Target("hardened", hardened.arn(), "us-east-1", "111122223333", Fixtures.KEY));
        fs.addAll(IamRules.check(List.of(principal("role", "admin", ADMIN), principal("role", "reader", READER)), targets));
        fs.add(TableRules.missing("gone", "us-east-1", "111122223333"));
        fs.add(Finding.notEvaluated(hardened.arn(), "hardened", "contributorInsights (DescribeContributorInsights)", "HTTP 500"));
        return AuditReport.of("111122223333", "us-east-1", List.of("neglected", "hardened", "locked-out", "gone"), 2, fs, failOn);
    }

    static String text(AuditReport r, boolean colour) {
        StringWriter s = new StringWriter();
        r.renderText(new TextWriter(new PrintWriter(s), new Style(colour)));
        return s.toString();
    }

    @Test
    void textJsonAndSarifMatchGolden() throws Exception {
        AuditReport r = report(Severity.LOW);
        Golden.assertMatches("audit/report.txt", text(r, false));
        Golden.assertMatches("audit/report.json", Renderer.json().writeValueAsString(r) + "\n");
        Golden.assertMatches("audit/report.sarif", Renderer.json().writeValueAsString(r.toSarif()) + "\n");
    }

    @Test
    void textIsGroupedByTableWorstFirst() {
        String t = text(report(Severity.LOW), false);
        int locked = t.indexOf("Table locked-out:");
        int neglected = t.indexOf("Table neglected:");
        int hardened = t.indexOf("Table hardened:");
        int account = t.indexOf("Account 111122223333, Region us-east-1:");
        assertThat(locked).isGreaterThanOrEqualTo(0).isLessThan(neglected).isLessThan(hardened); // critical first
        assertThat(hardened).isLessThan(neglected);          // both worst high: by name
        assertThat(neglected).isLessThan(account);           // findings about no single table last on a tie
        assertThat(t).contains("FAIL: ").contains("in account 111122223333, Region us-east-1)");
        assertThat(t).contains("HIGH      table-missing: The profile names table gone but it does not exist in account 111122223333, Region us-east-1");
        assertThat(text(report(Severity.LOW), true)).contains("\u001b[1;31mCRITICAL");
    }

    @Test
    void narrowReaderHasNoFindingAndWildcardAdminHasThree() {
        AuditReport r = report(Severity.LOW);
        assertThat(r.findings()).noneMatch(f -> f.resource().endsWith("role/reader"));
        assertThat(r.findings()).filteredOn(f -> f.resource().endsWith("role/admin")).extracting(Finding::rule)
                .containsExactlyInAnyOrder("iam-dynamodb-wildcard", "iam-can-destroy", "iam-can-weaken");
        Finding destroy = r.findings().stream().filter(f -> f.rule().equals("iam-can-destroy")).findFirst().orElseThrow();
        assertThat(destroy.message()).contains("delete the table", "delete its backups", "recovery points",
                "disable its KMS key", "schedule deletion of its KMS key");
        assertThat(destroy.remediation()).startsWith("aws iam put-role-policy --role-name admin --policy-name ddbr-protect-hardened-destroy");
    }

    @Test
    void exitCodeFollowsTheThreshold() {
        assertThat(report(Severity.LOW).exitCode()).isEqualTo(1);
        assertThat(report(Severity.CRITICAL).exitCode()).isEqualTo(1); // the disabled key
        AuditReport onlyInfo = AuditReport.of("111122223333", "us-east-1", List.of("t"), null,
                List.of(Finding.notEvaluated("arn", "t", "x", "y")), Severity.LOW);
        assertThat(onlyInfo.exitCode()).isZero();
        assertThat(AuditReport.of("111122223333", "us-east-1", List.of("t"), null, List.of(Finding.notEvaluated("arn", "t", "x", "y")),
                Severity.INFO).exitCode()).isEqualTo(1);
        assertThat(text(onlyInfo, false)).contains("PASS: no finding at or above low").contains("in account 111122223333, Region us-east-1)");
        // a missing table alone fails the default threshold and --fail-on high
        AuditReport gone = AuditReport.of(null, "us-east-1", List.of("gone"), null,
                List.of(TableRules.missing("gone", "us-east-1", null)), Severity.HIGH);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(text(gone, false)).contains("FAIL: 1 of 1 finding at or above high").contains("in Region us-east-1)");
    }

    @Test
    void sarifIsVersion210WithAResultPerFinding() throws Exception {
        AuditReport r = report(Severity.LOW);
        JsonNode s = Renderer.json().readTree(Renderer.json().writeValueAsString(r.toSarif()));
        assertThat(s.get("version").asText()).isEqualTo("2.1.0");
        assertThat(s.get("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = s.get("runs").get(0);
        assertThat(run.at("/tool/driver/name").asText()).isEqualTo("ddbr");
        assertThat(run.get("results").size()).isEqualTo(r.findings().size());
        JsonNode rules = run.at("/tool/driver/rules");
        for (JsonNode res : run.get("results")) {
            assertThat(rules.get(res.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(res.get("ruleId").asText());
            assertThat(res.get("level").asText()).isIn("error", "warning", "note");
            assertThat(res.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isNotEmpty();
        }
        JsonNode critical = run.get("results").get(0);
        assertThat(critical.get("ruleId").asText()).isEqualTo("kms-key-state");
        assertThat(critical.get("level").asText()).isEqualTo("error");
    }
}
