package dev.ddbr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.profile.Schema;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AwsServiceTest {
    @Test
    void everyServiceCanBeGivenAnEndpointInTheProfile() {
        assertThat(Schema.ENDPOINT_KEYS).containsAll(Arrays.stream(AwsService.values()).map(AwsService::profileKey).toList());
    }

    @Test
    void environmentVariablesFollowTheAwsConvention() {
        assertThat(AwsService.APPLICATION_AUTOSCALING.envVariable()).isEqualTo("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING");
        assertThat(AwsService.ROUTE53.envVariable()).isEqualTo("AWS_ENDPOINT_URL_ROUTE_53");
        assertThat(AwsService.DYNAMODB.envVariable()).isEqualTo("AWS_ENDPOINT_URL_DYNAMODB");
    }
}
