package dev.ddbr.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.audit.NetworkRules.Endpoint;
import dev.ddbr.audit.NetworkRules.RouteTable;
import dev.ddbr.audit.NetworkRules.Subnet;
import dev.ddbr.audit.NetworkRules.Vpc;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkRulesTest {
    static final String TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";
    static final String SLR = "arn:aws:iam::111122223333:role/aws-service-role/replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication";
    static final String BACKUP = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";

    static Vpc vpc(List<Endpoint> endpoints) {
        // subnet-a uses rtb-main (no explicit association), subnet-b and subnet-c use rtb-private
        return new Vpc("vpc-0123456789abcdef0", List.of(new Subnet("subnet-a"), new Subnet("subnet-b"), new Subnet("subnet-c")),
                List.of(new RouteTable("rtb-main", true, List.of()), new RouteTable("rtb-private", false, List.of("subnet-b", "subnet-c"))),
                endpoints);
    }

    static List<Finding> check(Vpc v) {
        return NetworkRules.check(v, "us-east-1", "111122223333", List.of(TABLE));
    }

    static final String NARROW = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\","
            + "\"Resource\":[\"" + TABLE + "\",\"" + TABLE + "/*\"]}]}";

    @Test
    void aVpcWithoutADynamodbEndpointGetsOneCreatedOnEveryRouteTable() {
        assertThat(check(vpc(List.of()))).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("vpc-endpoint-dynamodb");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.resource()).isEqualTo("arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0123456789abcdef0");
            assertThat(f.table()).isNull();
            assertThat(f.remediation()).isEqualTo("aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-0123456789abcdef0"
                    + " --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.dynamodb --route-table-ids rtb-main rtb-private");
        });
    }

    @Test
    void aGatewayEndpointMissingASubnetsRouteTableIsReported() {
        List<Finding> fs = check(vpc(List.of(new Endpoint("vpce-1", "Gateway", "available", List.of("rtb-main"), NARROW))));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("vpc-endpoint-route-tables");
            assertThat(f.message()).contains("subnets subnet-b, subnet-c (route table rtb-private)");
            assertThat(f.remediation()).isEqualTo("aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id vpce-1 --add-route-table-ids rtb-private");
        });
        assertThat(check(vpc(List.of(new Endpoint("vpce-1", "Gateway", "available", List.of("rtb-main", "rtb-private"), NARROW))))).isEmpty();
        // An interface endpoint is reached from every subnet (private DNS): no route table needed.
        assertThat(check(vpc(List.of(new Endpoint("vpce-2", "Interface", "available", List.of(), NARROW))))).isEmpty();
    }

    @Test
    void anEndpointPolicyWiderThanTheAuditedTablesIsLow() {
        for (String wide : new String[] {null, "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:GetItem\","
                        + "\"Resource\":\"arn:aws:dynamodb:us-east-1:111122223333:table/orders-archive\"}]}"}) {
            List<Finding> fs = check(vpc(List.of(new Endpoint("vpce-1", "Gateway", "available", List.of("rtb-main", "rtb-private"), wide))));
            assertThat(fs).as(String.valueOf(wide)).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("vpc-endpoint-policy");
                assertThat(f.severity()).isEqualTo(Severity.LOW);
                assertThat(f.remediation()).startsWith("aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id vpce-1 --policy-document '")
                        .contains("\"Resource\":[\"" + TABLE + "\",\"" + TABLE + "/*\"]");
            });
        }
    }

    static TableSettings table(String policy) {
        Fixtures.T t = TableRulesTest.hardened("orders");
        t.resourcePolicy = new TableSettings.ResourcePolicy(policy, "3");
        return t.build();
    }

    static String denyOutsideVpce(String extraCondition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"vpc-only\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\","
                + "\"Resource\":\"" + TABLE + "\",\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-1\"}" + extraCondition + "}}]}";
    }

    static List<Finding> policy(String doc, boolean replicated, boolean backedUp) {
        List<Finding> out = new ArrayList<>();
        NetworkRules.resourcePolicy(table(doc), replicated, backedUp, null, out);
        return out;
    }

    // DynamoDB global tables security: "ensure that you don't deny any of the permissions defined in the
    // AWSServiceRoleForDynamoDBReplication policy to the SLR principal ... replication ... will stop".
    @Test
    void aVpcOnlyDenyWithoutTheReplicationRoleExemptionIsCriticalForAReplicatedTable() {
        List<Finding> fs = policy(denyOutsideVpce(""), true, false);
        assertThat(fs).extracting(Finding::rule).containsExactlyInAnyOrder("resource-policy-service-roles", "resource-policy-network");
        Finding c = fs.stream().filter(f -> f.rule().equals("resource-policy-service-roles")).findFirst().orElseThrow();
        assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(c.message()).contains("Deny statement 'vpc-only'", "aws:SourceVpce vpce-1", "AWSServiceRoleForDynamoDBReplication",
                "single-Region table after 20 hours", "MRSC");
        assertThat(c.remediation()).contains("ArnNotLike", SLR, BACKUP, "--expected-revision-id 3");
        Finding good = fs.stream().filter(f -> f.rule().equals("resource-policy-network")).findFirst().orElseThrow();
        assertThat(good.severity()).isEqualTo(Severity.INFO);
        assertThat(good.message()).startsWith("Good: the resource policy denies access from outside the VPC endpoint or VPC");
    }

    @Test
    void theSameDenyIsOnlyGoodForASingleRegionTableWithoutBackupsAndCriticalWhenAwsBackupIsBlocked() {
        assertThat(policy(denyOutsideVpce(""), false, false)).extracting(Finding::rule).containsExactly("resource-policy-network");
        assertThat(policy(denyOutsideVpce(""), false, true)).filteredOn(f -> f.rule().equals("resource-policy-service-roles"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("AWS Backup's role " + BACKUP));
    }

    @Test
    void aDenyThatExemptsBothRolesIsGood() {
        String exempt = ",\"ArnNotLike\":{\"aws:PrincipalArn\":[\"" + SLR + "\",\"arn:aws:iam::111122223333:role/service-role/AWSBackup*\"]}";
        assertThat(policy(denyOutsideVpce(exempt), true, true)).extracting(Finding::rule).containsExactly("resource-policy-network");
        // A condition ddbr cannot judge (a tag of the principal) is no proof of a block: no critical finding.
        String unknown = ",\"StringNotEqualsIfExists\":{\"aws:PrincipalTag/team\":\"ops\"}";
        assertThat(policy(denyOutsideVpce(unknown), true, true)).extracting(Finding::rule).containsExactly("resource-policy-network");
        // NotPrincipal naming the replication role exempts it; AWS Backup's default role is still blocked.
        String notPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + SLR + "\"},"
                + "\"Action\":\"dynamodb:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:SourceVpc\":\"vpc-1\"}}}]}";
        assertThat(policy(notPrincipal, true, true)).filteredOn(f -> f.rule().equals("resource-policy-service-roles"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("AWS Backup's role").doesNotContain("replication role"));
    }
}
