package dev.ddbr.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

class MathMetricTest {
    static MetricDataQuery stat(String id, String metric) {
        return MetricDataQuery.builder().id(id).returnData(false)
                .metricStat(s -> s.period(60).stat("Sum").metric(m -> m.namespace("AWS/DynamoDB").metricName(metric))).build();
    }

    static final MetricDataQuery SUM = MetricDataQuery.builder().id("e").expression("SUM(METRICS())").returnData(true).build();

    @Test
    void aMetricMathAlarmOverOneMetricIsNamedByIt() {
        MetricAlarm a = MetricAlarm.builder().alarmName("x").metrics(stat("m1", "SystemErrors"), stat("m2", "SystemErrors"), SUM).build();
        assertThat(SnapshotReader.mathMetric(a)).isEqualTo("SystemErrors");
    }

    @Test
    void severalMetricsOrNoneGiveNull() {
        MetricAlarm two = MetricAlarm.builder().alarmName("x").metrics(stat("r", "ReadKeyRangeThroughputThrottleEvents"),
                stat("w", "WriteKeyRangeThroughputThrottleEvents"), SUM).build();
        assertThat(SnapshotReader.mathMetric(two)).isNull();
        assertThat(SnapshotReader.mathMetric(MetricAlarm.builder().alarmName("plain").metricName("ReadThrottleEvents").build())).isNull();
    }
}
