package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.ProfileLoader;
import dev.ddbr.table.TableSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.ddbr.testing.Golden;
import org.junit.jupiter.api.Test;

class AlarmSetTest {
    static final String REGION = "eu-west-1";
    static final String PAGE = "arn:aws:sns:eu-west-1:111111111111:page";
    static final String TICKET = "arn:aws:sns:eu-west-1:111111111111:ticket";

    static TableSettings table(String name, String billing, TableSettings.OnDemand onDemand, List<TableSettings.Gsi> gsis,
                               TableSettings.AutoScaling scaling, List<TableSettings.Replica> replicas,
                               List<TableSettings.KinesisDestination> kinesis) {
        return new TableSettings(name, "arn:aws:dynamodb:" + REGION + ":111111111111:table/" + name, REGION, "ACTIVE",
                Instant.parse("2026-01-01T00:00:00Z"), new TableSettings.KeyAttr("pk", "S"), null, billing,
                "PROVISIONED".equals(billing) ? new TableSettings.Throughput(100, 50) : null, onDemand, null, gsis, List.of(),
                null, null, null, null, true, "STANDARD", replicas.isEmpty() ? null : "2019.11.21", replicas, Map.of(), 0L, 0L,
                scaling, null, null, kinesis, null, List.of());
    }

    static List<TableSettings> tables() {
        TableSettings.Gsi gsi = new TableSettings.Gsi("by-customer", new TableSettings.KeyAttr("customer", "S"), null,
                new TableSettings.Projection("ALL", null), "ACTIVE", new TableSettings.Throughput(10, 10), null, null, 0L, 0L);
        TableSettings.AutoScaling scaling = new TableSettings.AutoScaling(List.of(
                new TableSettings.ScalableTarget("table/orders", "dynamodb:table:ReadCapacityUnits", 5, 400, false)), List.of());
        TableSettings orders = table("orders", "PROVISIONED", null, List.of(gsi), scaling,
                List.of(new TableSettings.Replica(REGION, "ACTIVE", null, null, null, null),
                        new TableSettings.Replica("us-east-1", "ACTIVE", null, null, null, null)),
                List.of(new TableSettings.KinesisDestination("arn:aws:kinesis:eu-west-1:111111111111:stream/orders", "ACTIVE", null)));
        TableSettings events = table("events", "PAY_PER_REQUEST", new TableSettings.OnDemand(1000L, -1L), List.of(),
                null, List.of(), List.of());
        return List.of(orders, events);
    }

    static Profile profile(String extra) {
        return ProfileLoader.parse("""
                tables:
                  - name: orders
                    failover: {regions: [eu-west-1, us-east-1], rpo_seconds: 30}
                    alarms:
                      latency_ms: {GetItem: 15, Query: 40}
                  - name: events
                    alarms:
                      throttle_events: 10
                      operations: [GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem,
                                   TransactGetItems, TransactWriteItems, ExecuteStatement, BatchExecuteStatement]
                alarms:
                  topics: {page: "%s", ticket: "%s"}
                """.formatted(PAGE, TICKET) + extra, "prod");
    }

    static Map<String, AlarmSpec> compute(Profile p, String topic) {
        Map<String, Integer> rpo = new LinkedHashMap<>();
        p.tables().forEach(t -> t.failover().flatMap(f -> f.rpoSeconds()).ifPresent(s -> rpo.put(t.name(), s)));
        return AlarmSet.compute(tables(), p.alarms(), rpo, REGION, topic).stream()
                .collect(Collectors.toMap(AlarmSpec::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void theRecommendedSetPerTableIndexReplicaAndAccount() {
        Map<String, AlarmSpec> a = compute(profile(""), null);
        assertThat(a.keySet()).containsExactly(
                "ddbr-account-read-capacity-utilization", "ddbr-account-write-capacity-utilization",
                "ddbr-events-key-range-throttles", "ddbr-events-read-on-demand-maximum", "ddbr-events-read-throttles",
                "ddbr-events-system-errors-1", "ddbr-events-system-errors-2", "ddbr-events-write-throttles",
                "ddbr-orders-by-customer-key-range-throttles", "ddbr-orders-by-customer-read-throttles",
                "ddbr-orders-by-customer-read-utilization", "ddbr-orders-by-customer-write-throttles",
                "ddbr-orders-by-customer-write-utilization", "ddbr-orders-key-range-throttles",
                "ddbr-orders-kinesis-failed-records", "ddbr-orders-kinesis-replication-age",
                "ddbr-orders-latency-getitem", "ddbr-orders-latency-query", "ddbr-orders-read-throttles",
                "ddbr-orders-read-utilization", "ddbr-orders-replication-latency-us-east-1", "ddbr-orders-system-errors",
                "ddbr-orders-write-throttles", "ddbr-orders-write-utilization");
        assertThat(a.values()).allSatisfy(s -> {
            assertThat(s.treatMissingData()).isEqualTo("notBreaching");
            assertThat(s.metrics().size()).isLessThanOrEqualTo(AlarmSet.MAX_METRICS + 1);
            assertThat(s.metrics().stream().filter(AlarmSpec.Query::returnData).count()).isEqualTo(s.metrics().isEmpty() ? 0 : 1);
            assertThat(s.datapointsToAlarm()).isBetween(1, s.evaluationPeriods());
            assertThat(s.alarmActions()).containsExactly("page".equals(s.severity()) ? PAGE : TICKET);
        });

        AlarmSpec throttles = a.get("ddbr-orders-by-customer-read-throttles");
        assertThat(throttles.metricName()).isEqualTo("ReadThrottleEvents");
        assertThat(throttles.dimensions()).isEqualTo(Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-customer"));
        assertThat(List.of(throttles.statistic(), throttles.period(), throttles.evaluationPeriods(), throttles.datapointsToAlarm()))
                .containsExactly("Sum", 60, 5, 5);
        assertThat(a.get("ddbr-events-read-throttles").threshold()).isEqualTo(10); // the table's override

        AlarmSpec keyRange = a.get("ddbr-orders-key-range-throttles");
        assertThat(keyRange.description()).contains("ddbr skew scan orders");
        assertThat(keyRange.metrics()).extracting(AlarmSpec.Query::metricName).contains(
                "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents");

        // SystemErrors: TableName and Operation, ten metrics at most per alarm
        AlarmSpec se = a.get("ddbr-orders-system-errors");
        assertThat(se.metrics()).hasSize(11);
        assertThat(se.metrics().get(0).dimensions()).containsOnlyKeys("TableName", "Operation");
        assertThat(a.get("ddbr-events-system-errors-1").metrics()).hasSize(11);
        assertThat(a.get("ddbr-events-system-errors-2").metrics()).hasSize(3);

        AlarmSpec latency = a.get("ddbr-orders-latency-query");
        assertThat(List.of(latency.extendedStatistic(), latency.threshold(), latency.dimensions().get("Operation")))
                .containsExactly("p99", 40.0, "Query");

        // provisioned: auto scaling maximum where a target exists, else provisioned capacity; on-demand: its maximum only
        assertThat(a.get("ddbr-orders-read-utilization").metrics().get(1).expression()).isEqualTo("100*(c/60)/400");
        assertThat(a.get("ddbr-orders-write-utilization").metrics()).extracting(AlarmSpec.Query::metricName)
                .contains("ConsumedWriteCapacityUnits", "ProvisionedWriteCapacityUnits");
        assertThat(a.get("ddbr-events-read-on-demand-maximum").metrics().get(1).expression()).isEqualTo("100*(c/60)/1000");
        assertThat(a).doesNotContainKeys("ddbr-events-write-on-demand-maximum", "ddbr-events-read-utilization");

        AlarmSpec account = a.get("ddbr-account-write-capacity-utilization");
        assertThat(List.of(account.metricName(), account.statistic(), account.period(), account.evaluationPeriods(),
                account.datapointsToAlarm(), account.threshold(), account.comparisonOperator()))
                .containsExactly("AccountProvisionedWriteCapacityUtilization", "Maximum", 300, 2, 2, 80.0, "GreaterThanOrEqualToThreshold");
        assertThat(account.dimensions()).isEmpty();

        AlarmSpec repl = a.get("ddbr-orders-replication-latency-us-east-1");
        assertThat(List.of(repl.statistic(), repl.period(), repl.evaluationPeriods(), repl.datapointsToAlarm(), repl.threshold()))
                .containsExactly("Average", 60, 15, 15, 30_000.0); // failover.rpo_seconds
        assertThat(repl.dimensions()).containsEntry("ReceivingRegion", "us-east-1");

        // DelegatedOperation's value is undocumented: a Metrics Insights MAX over all of them, never a guessed value
        AlarmSpec failed = a.get("ddbr-orders-kinesis-failed-records");
        assertThat(failed.metricName()).isNull();
        assertThat(failed.metrics()).singleElement().satisfies(q -> {
            assertThat(q.expression()).isEqualTo("SELECT MAX(FailedToReplicateRecordCount) FROM SCHEMA(\"AWS/DynamoDB\", "
                    + "DelegatedOperation, TableName) WHERE TableName = 'orders'");
            assertThat(q.period()).isEqualTo(60);
            assertThat(q.returnData()).isTrue();
        });
        assertThat(List.of(failed.evaluationPeriods(), failed.datapointsToAlarm(), failed.threshold())).containsExactly(1, 1, 0.0);
        assertThat(a.get("ddbr-orders-kinesis-replication-age").metrics().get(0).expression())
                .startsWith("SELECT MAX(AgeOfOldestUnreplicatedRecord) FROM SCHEMA(\"AWS/DynamoDB\", DelegatedOperation, TableName)");
        assertThat(a.get("ddbr-orders-kinesis-replication-age").threshold()).isEqualTo(600_000.0);
    }

    /** What PutMetricAlarm sends, read back as DescribeAlarms returns it, compares equal: apply then plan is unchanged. */
    @Test
    void everyAlarmRoundTripsThroughTheSdkShapesUnchanged() {
        for (AlarmSpec w : compute(profile(""), null).values()) {
            var req = AlarmService.request(w, List.of());
            var back = software.amazon.awssdk.services.cloudwatch.model.MetricAlarm.builder()
                    .alarmName(req.alarmName()).alarmDescription(req.alarmDescription()).namespace(req.namespace())
                    .metricName(req.metricName()).statistic(req.statisticAsString()).extendedStatistic(req.extendedStatistic())
                    .dimensions(req.dimensions()).period(req.period()).metrics(req.metrics())
                    .evaluationPeriods(req.evaluationPeriods()).datapointsToAlarm(req.datapointsToAlarm())
                    .threshold(req.threshold()).comparisonOperator(req.comparisonOperatorAsString())
                    .treatMissingData(req.treatMissingData()).alarmActions(req.alarmActions()).build();
            assertThat(AlarmService.spec(back).comparable()).as(w.name()).isEqualTo(w.comparable());
        }
    }

    @Test
    void profileOverridesAndTopicFlag() {
        Map<String, AlarmSpec> a = compute(profile("  replication_latency_seconds: 120\n  account_utilization_percent: 70\n"),
                "arn:aws:sns:eu-west-1:111111111111:all");
        // the table's rpo_seconds is the default only: the profile-wide key wins over it
        assertThat(a.get("ddbr-orders-replication-latency-us-east-1").threshold()).isEqualTo(120_000.0);
        assertThat(a.get("ddbr-account-read-capacity-utilization").threshold()).isEqualTo(70.0);
        assertThat(a.values()).allSatisfy(s -> assertThat(s.alarmActions()).containsExactly("arn:aws:sns:eu-west-1:111111111111:all"));
    }

    @Test
    void topicFlagMustBeAnSnsArn() {
        assertThatThrownBy(() -> AlarmService.checkTopicArn("arn:aws:sqs:eu-west-1:111111111111:q"))
                .isInstanceOf(DdbrException.class).hasMessageContaining("invalid SNS topic ARN");
    }

    @Test
    void planTextAndJsonMatchGolden() throws Exception {
        Map<String, AlarmSpec> wanted = compute(profile(""), null);
        Map<String, AlarmSpec> existing = new LinkedHashMap<>();
        wanted.forEach((n, s) -> { if (!n.startsWith("ddbr-events")) existing.put(n, s); });
        AlarmSpec old = wanted.get("ddbr-orders-latency-getitem");
        existing.put(old.name(), new AlarmSpec(old.name(), null, null, null, null, old.description(), old.namespace(),
                old.metricName(), old.statistic(), old.extendedStatistic(), old.dimensions(), old.period(), old.metrics(),
                old.evaluationPeriods(), old.datapointsToAlarm(), 25, old.comparisonOperator(), old.treatMissingData(),
                old.alarmActions()));
        AlarmSpec gone = wanted.get("ddbr-orders-read-throttles");
        existing.put("ddbr-archive-read-throttles", gone);
        existing.put("ddbr-someone-elses", gone);
        AlarmPlan plan = AlarmPlan.diff("prod", REGION, List.copyOf(wanted.values()), existing,
                Set.of("ddbr-archive-read-throttles"));

        assertThat(plan.summary()).isEqualTo(new AlarmPlan.Summary(6, 1, 17, 1));
        assertThat(plan.of(AlarmPlan.Action.update).get(0).fields()).containsExactly(
                new AlarmPlan.FieldChange("threshold", "25", "15"));
        assertThat(plan.of(AlarmPlan.Action.extra)).extracting(AlarmPlan.Change::alarm).containsExactly("ddbr-archive-read-throttles");
        StringWriter s = new StringWriter();
        plan.renderText(new TextWriter(new PrintWriter(s), new Style(false)));
        Golden.assertMatches("alarms/plan.txt", s.toString());
        Golden.assertMatches("alarms/plan.json", Renderer.json().writeValueAsString(plan) + "\n");

        AlarmPlan none = AlarmPlan.diff("prod", REGION, List.copyOf(wanted.values()), wanted, Set.of());
        assertThat(none.hasChanges()).isFalse();
        StringWriter t = new StringWriter();
        none.renderText(new TextWriter(new PrintWriter(t), new Style(false)));
        assertThat(t.toString()).isEqualTo("No changes: 24 alarms match the profile prod in eu-west-1.\n");
    }

    @Test
    void aNameLongerThanCloudWatchAllowsIsRefused() {
        TableSettings longName = table("t".repeat(250), "PAY_PER_REQUEST", null, List.of(), null, List.of(), List.of());
        assertThatThrownBy(() -> AlarmSet.compute(List.of(longName), Profile.empty().alarms(), Map.of(), REGION, null))
                .isInstanceOf(DdbrException.class).hasMessageContaining("longer than CloudWatch's 255 characters");
    }
}
