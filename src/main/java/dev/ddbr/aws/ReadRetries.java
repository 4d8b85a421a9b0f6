package dev.ddbr.aws;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Retries a read whose response arrived damaged: cut short or altered on the way (DynamoDB's CRC32 check fails, or
 * the body cannot be parsed). The SDK's own strategy gives up on these at once, so a {@code table describe} failed
 * on one bad response. A read (Describe*, Get*, List*, Query, Scan, BatchGetItem) is safe to send again; a write is
 * not retried here, since it may have taken effect (its callers check, e.g. an import's CreateTable).
 *
 * <p>The retry strategy sees only the exception, so this interceptor keeps the operation in progress on the
 * calling thread (sync clients retry on it), as a stack for calls made inside calls (credentials from STS).
 */
final class ReadRetries implements ExecutionInterceptor {
    static final ReadRetries INSTANCE = new ReadRetries();
    private static final ThreadLocal<Deque<String>> OPERATIONS = ThreadLocal.withInitial(ArrayDeque::new);

    private ReadRetries() {}

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        OPERATIONS.get().push(op == null ? "" : op);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        OPERATIONS.get().poll();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        OPERATIONS.get().poll();
    }

    /** For the retry strategy: a damaged response to a read in progress on this thread. */
    static boolean retryable(Throwable t) {
        return damagedResponse(t) && isRead(OPERATIONS.get().peek());
    }

    /** A response that arrived but cannot be trusted: CRC32 mismatch, or a body the SDK could not parse. */
    static boolean damagedResponse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Crc32MismatchException) return true;
            if (c instanceof SdkClientException && String.valueOf(c.getMessage()).startsWith("Unable to unmarshall response")) return true;
        }
        return false;
    }

    static boolean isRead(String op) {
        if (op == null) return false;
        String o = op.toLowerCase(Locale.ROOT);
        return o.startsWith("describe") || o.startsWith("get") || o.startsWith("list") || o.equals("query")
                || o.equals("scan") || o.startsWith("batchget");
    }
}
