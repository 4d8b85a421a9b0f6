package dev.ddbr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptTapTest {
    final List<String> seen = new ArrayList<>();
    final AttemptTap tap = new AttemptTap(new AttemptListener() {
        @Override
        public void attempt() {}

        @Override
        public void throttled(String code, List<Reason> reasons) {
            seen.add(code + reasons.stream().map(r -> " " + r.reason() + "@" + r.resource()).reduce("", String::concat));
        }
    });

    void body(String json) { tap.inspect(json.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void readsTheCodeAndThrottlingReasonsInBothSpellings() {
        body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"m\","
                + "\"throttlingReasons\":[{\"reason\":\"TableWriteKeyRangeThroughputExceeded\",\"resource\":\"arn:t\"}]}");
        body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                + "\"ThrottlingReasons\":[{\"reason\":\"IndexReadProvisionedThroughputExceeded\",\"resource\":\"arn:t/index/i\"},"
                + "{\"reason\":\"TableReadProvisionedThroughputExceeded\",\"resource\":\"arn:t\"}]}");
        body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded\",\"message\":\"account\"}");
        assertThat(seen).containsExactly(
                "ThrottlingException TableWriteKeyRangeThroughputExceeded@arn:t",
                "ProvisionedThroughputExceededException IndexReadProvisionedThroughputExceeded@arn:t/index/i TableReadProvisionedThroughputExceeded@arn:t",
                "RequestLimitExceeded");
    }

    @Test
    void otherErrorsAndOtherBodiesAreNotThrottles() {
        body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\"}");
        body("not json");
        body("[]");
        assertThat(seen).isEmpty();
    }
}
