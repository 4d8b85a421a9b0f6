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
}
