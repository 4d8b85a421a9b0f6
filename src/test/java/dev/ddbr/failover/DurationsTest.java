package dev.ddbr.failover;

import dev.ddbr.util.Durations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesUnitsCombinationsBareSecondsAndIso() {
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("60s", "x")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("1m30s", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("14d", "x")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("PT2M", "x")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejectsGarbageWithExit252() {
        for (String bad : new String[] {"", "s", "10x", "1s2", "-5s", "1.5s", "45", "0"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "--timeout")).isInstanceOf(DdbrException.class)
                    .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252));
        }
    }

    @Test
    void statementExpiresAndNamesTheReplicationRoleOfTheTablesAccount() {
        var s = ReplicationPause.statement("ddbr-drill-pause-abc", "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                java.time.Instant.parse("2025-01-01T00:00:00.500Z"));
        assertThat(s.at("/Principal/AWS").asText()).isEqualTo("*");
        assertThat(s.at("/Condition/ArnEquals/aws:PrincipalArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/aws-service-role/"
                + "replication.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBReplication");
        assertThat(s.at("/Condition/DateLessThan/aws:CurrentTime").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(s.get("Effect").asText()).isEqualTo("Deny");
        // the action list AWS FIS denies for aws:dynamodb:global-table-pause-replication (MREC), in its order
        java.util.List<String> actions = new java.util.ArrayList<>();
        s.get("Action").forEach(a -> actions.add(a.asText()));
        assertThat(actions).containsExactly("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:Scan",
                "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive");
        var svc = ReplicationPause.serviceStatement("ddbr-drill-pause-abc", "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                java.time.Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(svc.get("Sid").asText()).isEqualTo("ddbr-drill-pause-abc-service");
        assertThat(svc.get("Action").toString()).isEqualTo("[\"dynamodb:ReadDataForReplication\",\"dynamodb:WriteDataForReplication\"]");
        assertThat(svc.at("/Condition/StringEquals/aws:PrincipalServiceName").asText()).isEqualTo("replication.dynamodb.amazonaws.com");
        assertThat(ReplicationPause.ofPause("ddbr-drill-pause-abc", "ddbr-drill-pause-abc-service")).isTrue();
        assertThat(ReplicationPause.ofPause("ddbr-drill-pause-abc", "ddbr-drill-pause-abcd")).isFalse();
    }
}
