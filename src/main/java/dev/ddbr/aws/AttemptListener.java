package dev.ddbr.aws;

import java.util.List;

/**
 * Told about every HTTP attempt of a client built by {@link ClientFactory#dynamodbForLoad}, on the thread that made
 * the call (clients are synchronous), so an implementation can attribute attempts to the operation that thread runs.
 */
public interface AttemptListener {
    /** One throttling reason as DynamoDB sends it: e.g. TableWriteProvisionedThroughputExceeded and the table's ARN. */
    record Reason(String reason, String resource) {}

    /** An attempt is about to be sent (the first one and every retry). */
    void attempt();

    /**
     * An attempt was throttled.
     *
     * @param code    the error code (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded)
     * @param reasons the exception's ThrottlingReasons; empty when the service sent none
     */
    void throttled(String code, List<Reason> reasons);
}
