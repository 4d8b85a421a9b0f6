package dev.ddbr.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.audit.DaxRules.DaxCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaxRulesTest {
    static final String ARN = "arn:aws:dax:us-east-1:111122223333:cache/";

    @Test
    void hardenedClusterPasses() {
        assertThat(DaxRules.check(List.of(new DaxCluster("good", ARN + "good", "available", "ENABLED", "TLS", 3,
                List.of("us-east-1a", "us-east-1b", "us-east-1c"))))).isEmpty();
    }

    @Test
    void singleNodeUnencryptedClusterFailsThreeChecks() {
        List<Finding> fs = DaxRules.check(List.of(new DaxCluster("bad", ARN + "bad", "available", "DISABLED", "NONE", 1,
                List.of("us-east-1a"))));
        assertThat(fs).extracting(Finding::rule).containsExactly("dax-encryption-at-rest", "dax-tls", "dax-multi-az");
        assertThat(fs).extracting(Finding::control).containsExactly("DynamoDB.3", "DynamoDB.7", null);
        assertThat(fs.get(2).remediation()).isEqualTo("aws dax increase-replication-factor --cluster-name bad --new-replication-factor 3");
        assertThat(fs).allSatisfy(f -> assertThat(f.table()).isNull());
    }

    @Test
    void twoNodesInOneZoneAreNotEnough() {
        assertThat(DaxRules.check(List.of(new DaxCluster("az", ARN + "az", "available", "ENABLED", "TLS", 2,
                List.of("us-east-1a", "us-east-1a"))))).extracting(Finding::rule).containsExactly("dax-multi-az");
    }
}
