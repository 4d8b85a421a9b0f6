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
    @Test
    void aRequestAwsRefusedAsInvalidIsNotCalledTransient() {
        // AWS documents ValidationException as "the input fails to satisfy the constraints": retrying the same request
        // gets the same answer, so the hint says what to check instead of "retry". Still an AWS error after the call: 254.
        for (String code : new String[] {"ValidationException", "ValidationError", "InvalidParameterValueException",
                "InvalidParameterValue", "InvalidParameterException", "InvalidRequestException", "SerializationException"}) {
            var d = AwsErrors.translate(error(code, "1 validation error detected", 400), "restore table 'orders'");
            assertThat(d.exitCode()).as(code).isEqualTo(dev.ddbr.error.ExitCodes.AWS);
            assertThat(d.hint()).as(code).doesNotStartWith("retry").doesNotContain("if it persists")
                    .contains("refused the request as invalid").contains("--debug");
        }
        var limit = AwsErrors.translate(error("LimitExceededException", "too many restores", 400), "restore table 'orders'");
        assertThat(limit.hint()).doesNotContain("if it persists").contains("quota");
        var server = AwsErrors.translate(error("InternalServerError", "oops", 500), "restore table 'orders'");
        assertThat(server.hint()).startsWith("retry");
    }
}
