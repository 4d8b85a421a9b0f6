package dev.ddbr.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Sees every HTTP attempt of a DynamoDB call, the ones the SDK retries included: counts attempts and reports each
 * throttled answer with its error code and, where the service sends them, its {@code ThrottlingReasons}. A
 * throttled attempt that a retry then turned into a success is still a throttle: that is what the table did.
 */
final class AttemptTap implements ExecutionInterceptor {
    /** Error codes DynamoDB uses for throttling. */
    static final Set<String> THROTTLE_CODES = Set.of("ProvisionedThroughputExceededException", "ThrottlingException",
            "RequestLimitExceeded");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final AttemptListener listener;

    AttemptTap(AttemptListener listener) {
        this.listener = listener;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
        listener.attempt();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attrs) {
        Optional<InputStream> body = context.responseBody();
        int status = context.httpResponse().statusCode();
        if (status != 400 || body.isEmpty()) return body;
        byte[] bytes;
        try {
            bytes = body.get().readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return body;
        }
        inspect(bytes);
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    /** Reports the error body if it is a throttle. */
    void inspect(byte[] bytes) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (n == null || !n.isObject()) return;
        String type = n.path("__type").asText("");
        String code = type.substring(type.indexOf('#') + 1);
        if (!THROTTLE_CODES.contains(code)) return;
        List<AttemptListener.Reason> reasons = new ArrayList<>();
        // ProvisionedThroughputExceededException and RequestLimitExceeded spell it ThrottlingReasons, ThrottlingException throttlingReasons
        JsonNode list = n.has("ThrottlingReasons") ? n.get("ThrottlingReasons") : n.path("throttlingReasons");
        for (JsonNode r : list) {
            String reason = r.path("reason").asText("");
            if (!reason.isEmpty()) reasons.add(new AttemptListener.Reason(reason, r.path("resource").asText("")));
        }
        listener.throttled(code, reasons);
    }
}
