package dev.ddbr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

class AwsErrorsTest {
    static AwsServiceException error(String code, String message, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("CloudWatch").errorCode(code).errorMessage(message)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    @Test
    void aServiceErrorWithoutMessageOrCodeIsDescribedWithoutTheSdkTail() {
        AwsServiceException e = error(null, null, 500);
        assertThat(e.getMessage()).contains("(Service: CloudWatch"); // what the SDK gives
        assertThat(AwsErrors.describe(e)).isEqualTo("HTTP 500");
        assertThat(AwsErrors.message(e)).doesNotContain("Service:").doesNotContain("Request ID");
        assertThat(AwsErrors.translate(e, "read metrics").getMessage()).isEqualTo("cannot read metrics: HTTP 500");
    }

    @Test
    void theServiceMessageIsKeptAndTheTailDropped() {
        AwsServiceException e = error("ValidationError", "bad region", 400);
        assertThat(AwsErrors.describe(e)).isEqualTo("ValidationError: bad region");
        AwsServiceException plain = AwsServiceException.builder().message("boom (Service: X, Status Code: 500, Request ID: null)").build();
        assertThat(AwsErrors.message(plain)).isEqualTo("boom");
        AwsServiceException bare = AwsServiceException.builder().message("(Service: X, Status Code: 500, Request ID: null) (SDK Attempt Count: 8)").build();
        assertThat(AwsErrors.describe(bare)).doesNotContain("Service:").doesNotContain("Attempt");
    }
}
