package dev.ddbr.backup;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.InterruptedOperationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A second layer of retries around idempotent data-plane calls (a Scan page, a BatchWriteItem of the same
 * items), above the SDK's own: long exports and imports must survive bursts of throttling, 5xx answers and
 * connection resets that outlast the SDK's few attempts. Full-jitter exponential backoff.
 */
public final class Retry {
    private final int attempts;
    private final long baseMillis;
    private final long capMillis;

    public Retry(int attempts, long baseMillis, long capMillis) {
        this.attempts = attempts;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    public static Retry standard() { return new Retry(10, 100, 5_000); }

    /** Throttling, 5xx, and network errors are worth retrying; anything else is not. */
    public static boolean retryable(Throwable t) {
        if (t instanceof AwsServiceException e) {
            return e.isThrottlingException() || e.statusCode() >= 500 || AwsErrors.kind(e) == AwsErrors.Kind.THROTTLED
                    || "ProvisionedThroughputExceededException".equals(AwsErrors.code(e))
                    || "RequestLimitExceeded".equals(AwsErrors.code(e));
        }
        return t instanceof SdkClientException;
    }

    public <T> T call(Supplier<T> op) {
        for (int i = 1; ; i++) {
            try {
                return op.get();
            } catch (SdkException e) {
                if (i >= attempts || !retryable(e)) throw e;
                pause(i);
            }
        }
    }

    /** Sleep before attempt {@code attempt + 1}. */
    public void pause(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long ms = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("interrupted", null);
        }
    }
}
