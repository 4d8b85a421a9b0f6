package dev.ddbr.audit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.audit.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class IamRulesTest {
    static final String ADMIN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    static final String TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";
    static final IamRules.Target ORDERS = new IamRules.Target("orders", TABLE, "us-east-1", "111122223333", null);

    @Test
    void aGroupIsReportedAsItselfWithAPutGroupPolicyFix() {
        Principal group = new Principal("group", "ops", "arn:aws:iam::111122223333:group/ops", List.of(PolicyEvaluator.parse(ADMIN)),
                List.of("inline everything"), null, null);
        List<Finding> fs = IamRules.check(List.of(group), List.of(ORDERS));
        assertThat(fs).extracting(Finding::rule).containsExactlyInAnyOrder("iam-dynamodb-wildcard", "iam-can-destroy", "iam-can-weaken");
        assertThat(fs).allSatisfy(f -> assertThat(f.resource()).isEqualTo("arn:aws:iam::111122223333:group/ops"));
        Finding destroy = fs.stream().filter(f -> f.rule().equals("iam-can-destroy")).findFirst().orElseThrow();
        assertThat(destroy.message()).isEqualTo("group ops can delete the table, delete its backups, delete its AWS Backup recovery points.");
        assertThat(destroy.remediation()).startsWith("aws iam put-group-policy --group-name ops --policy-name ddbr-protect-orders-destroy "
                + "--policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"dynamodb:DeleteTable\"");
        assertThat(fs.stream().filter(f -> f.rule().equals("iam-dynamodb-wildcard")).findFirst().orElseThrow().message())
                .isEqualTo("group ops is allowed dynamodb:* on * (from inline everything).");
    }

    @Test
    void aGroupWithoutDestructiveRightsIsNotReported() {
        Principal readers = new Principal("group", "readers", "arn:aws:iam::111122223333:group/readers", List.of(PolicyEvaluator.parse(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",\"dynamodb:Query\"],\"Resource\":\"*\"}]}")),
                List.of("inline read"), null, null);
        assertThat(IamRules.check(List.of(readers), List.of(ORDERS))).isEmpty();
    }

    static Principal role(String name, String... docs) {
        List<software.amazon.awssdk.policybuilder.iam.IamPolicy> ps = new java.util.ArrayList<>();
        for (String d : docs) ps.add(PolicyEvaluator.parse(d));
        return new Principal("role", name, "arn:aws:iam::111122223333:role/" + name, ps, List.of("inline " + name), null, null);
    }

    static Finding only(List<Finding> fs, String rule) {
        return fs.stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow(() -> new AssertionError(rule + " in " + fs));
    }

    static final String DDB_ALL = "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}";

    static String doc(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    // IAM User Guide, policy evaluation logic: an explicit deny in any policy overrides any allow. The wildcard rule says
    // what is left instead of "dynamodb:* on *", and its fix no longer asks to deny what is already denied.
    @Test
    void wildcardWithDeleteBackupDeniedSaysWhatIsLeft() {
        List<Finding> fs = IamRules.check(List.of(role("ops", doc(DDB_ALL,
                "{\"Effect\":\"Deny\",\"Action\":\"dynamodb:DeleteBackup\",\"Resource\":\"*\"}"))), List.of(ORDERS));
        Finding w = only(fs, "iam-dynamodb-wildcard");
        assertThat(w.severity().key()).isEqualTo("high");
        assertThat(w.message()).isEqualTo("role ops is allowed dynamodb:* on * except DeleteBackup (taken away by an explicit Deny or the"
                + " permission boundary) (from inline ops).");
        assertThat(w.remediation()).contains("aws iam put-role-policy --role-name ops --policy-name ddbr-deny-dynamodb-destroy")
                .contains("\"dynamodb:DeleteTable\"").doesNotContain("DeleteBackup");
        assertThat(only(fs, "iam-can-destroy").message()).isEqualTo("role ops can delete the table.");
    }

    // NotAction in a Deny denies every action not listed: a principal left with reads is low, not high.
    @Test
    void wildcardLeftWithReadsOnlyIsLowWithAFixThatFindsTheGrant() {
        List<Finding> fs = IamRules.check(List.of(role("analyst", doc(DDB_ALL,
                "{\"Effect\":\"Deny\",\"NotAction\":[\"dynamodb:Get*\",\"dynamodb:Query\",\"dynamodb:Scan\",\"dynamodb:Describe*\"],\"Resource\":\"*\"}"))),
                List.of(ORDERS));
        assertThat(fs).extracting(Finding::rule).containsExactly("iam-dynamodb-wildcard");
        Finding w = fs.get(0);
        assertThat(w.severity().key()).isEqualTo("low");
        assertThat(w.message()).startsWith("role analyst is allowed only DynamoDB reads on * (GetItem, Query, Scan, GetRecords, DescribeBackup,")
                .doesNotContain("under conditions");
        assertThat(w.remediation()).isEqualTo("# narrow the grant in inline analyst to the actions and table ARNs this role needs:\n"
                + "aws iam list-role-policies --role-name analyst\naws iam list-attached-role-policies --role-name analyst");
    }

    // Policy variables: a Deny whose NotResource matches only through ${aws:PrincipalTag/team} is no guarantee, so the
    // delete stays reported under conditions, and the fix (an unconditional Deny on the table) covers it.
    @Test
    void denyWithVariableInNotResourceKeepsTheDeleteReported() {
        List<Finding> fs = IamRules.check(List.of(role("dev", doc(DDB_ALL,
                "{\"Effect\":\"Deny\",\"Action\":\"dynamodb:DeleteTable\",\"NotResource\":\"arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}*\"}"))),
                List.of(ORDERS));
        Finding d = only(fs, "iam-can-destroy");
        assertThat(d.message()).isEqualTo("role dev can delete its backups; under conditions"
                + " (denied when policy variable in NotResource arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}*): delete the table.");
        assertThat(d.remediation()).contains("\"Action\":[\"dynamodb:DeleteTable\",\"dynamodb:DeleteBackup\"]")
                .contains("\"Resource\":[\"" + TABLE + "\",\"" + TABLE + "/backup/*\"]");
        assertThat(only(fs, "iam-dynamodb-wildcard").message()).contains("DeleteTable only under conditions");
    }

    // "under conditions" appears exactly when the verdict depends on one: not for an unconditional grant, even when a
    // conditional Allow of the same action exists beside it.
    @Test
    void underConditionsOnlyWhenTheVerdictDependsOnOne() {
        List<Finding> fs = IamRules.check(List.of(role("ci", doc(
                "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:DeleteTable\",\"Resource\":\"" + TABLE + "\"}",
                "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:DeleteTable\",\"Resource\":\"" + TABLE + "\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}",
                "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:UpdateContinuousBackups\",\"Resource\":\"" + TABLE + "\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}"))),
                List.of(ORDERS));
        assertThat(only(fs, "iam-can-destroy").message()).isEqualTo("role ci can delete the table.");
        assertThat(only(fs, "iam-can-weaken").message()).isEqualTo("role ci can turn off PITR (under conditions: Bool aws:MultiFactorAuthPresent=true).");
    }

    // The table's recovery points are every recovery point of its account and Region: a recovery point's ARN does not name
    // its table. An Allow on some ids counts (it can delete those); a Deny on some ids is no guarantee.
    @Test
    void recoveryPointsAreTheAccountAndRegionsNotAProbeArn() {
        List<Finding> fs = IamRules.check(List.of(role("bk", doc(
                "{\"Effect\":\"Allow\",\"Action\":\"backup:DeleteRecoveryPoint\",\"Resource\":\"arn:aws:backup:us-east-1:111122223333:recovery-point:ddbr-*\"}"))),
                List.of(ORDERS));
        assertThat(only(fs, "iam-can-destroy").message()).isEqualTo("role bk can delete its AWS Backup recovery points.");
        assertThat(IamRules.check(List.of(role("bk2", doc(
                "{\"Effect\":\"Allow\",\"Action\":\"backup:DeleteRecoveryPoint\",\"Resource\":\"arn:aws:backup:eu-west-1:111122223333:recovery-point:*\"}"))),
                List.of(ORDERS))).isEmpty();
    }
}
