package dev.ddbr.aws;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into one-line {@link DdbrException}s with the right exit code and a hint. */
public final class AwsErrors {
    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
            "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId",
            "MissingAuthenticationToken", "AuthFailure");
    private static final Set<String> UNSUPPORTED = Set.of(
            "UnknownOperationException", "UnrecognizedOperation", "InvalidAction", "NotImplemented",
            "UnsupportedOperation", "UnsupportedOperationException");

    private AwsErrors() {}

    /** What kind of failure an SDK exception is. */
    public enum Kind { NOT_FOUND, ACCESS_DENIED, THROTTLED, BAD_CREDENTIALS, UNSUPPORTED, UNREACHABLE, CONFIG, OTHER }

    public static Kind kind(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = code(e);
            int status = e.statusCode();
            if (BAD_CREDENTIALS.contains(code)) return Kind.BAD_CREDENTIALS;
            if (UNSUPPORTED.contains(code) || status == 501) return Kind.UNSUPPORTED;
            if (code.endsWith("NotFoundException") || code.endsWith("NotFound") || code.startsWith("NoSuch")
                    || code.equals("ResourceNotFound")) return Kind.NOT_FOUND;
            if (code.contains("AccessDenied") || code.equals("UnauthorizedOperation") || code.equals("Forbidden")
                    || (status == 403 && code.isEmpty())) return Kind.ACCESS_DENIED;
            if (e.isThrottlingException()) return Kind.THROTTLED;
            // Emulators and older endpoints answer an API they lack with 404/405 and no error code.
            if ((status == 404 || status == 405) && code.isEmpty()) return Kind.UNSUPPORTED;
            return Kind.OTHER;
        }
        if (t instanceof SdkClientException) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unable to load region") || m.contains("Unable to load credentials")) return Kind.CONFIG;
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof ConnectException || c instanceof UnknownHostException
                        || c instanceof NoRouteToHostException || c instanceof SocketTimeoutException) {
                    return Kind.UNREACHABLE;
                }
            }
        }
        return Kind.OTHER;
    }

    /** The AWS error code, or "" when the service gave none. */
    public static String code(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) return "";
        String c = e.awsErrorDetails().errorCode();
        int hash = c.lastIndexOf('#');
        return hash >= 0 ? c.substring(hash + 1) : c;
    }

    /** The service's own message without the SDK's "(Service: …, Request ID: …)" tail. */
    public static String message(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorMessage() != null) {
            return withoutSdkTail(e.awsErrorDetails().errorMessage()).strip();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return withoutSdkTail(m).lines().findFirst().orElse("").strip();
    }

    /** Cuts the SDK's "(Service: …, Request ID: …)" and "(SDK Attempt Count: n)" tail, also when it is all there is. */
    static String withoutSdkTail(String m) {
        int tail = -1;
        for (String marker : new String[] {"(Service: ", "(SDK Attempt Count: "}) {
            int i = m.indexOf(marker);
            if (i >= 0 && (tail < 0 || i < tail)) tail = i;
        }
        return tail >= 0 ? m.substring(0, tail) : m;
    }

    /** A short one-line description: "Code: message", for reports. */
    public static String describe(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = code(e);
            String msg = message(e);
            if (code.isEmpty()) code = "HTTP " + e.statusCode();
            // The SDK fills a missing message with "Service returned error code X": say X once.
            if (msg.startsWith("Service returned ") || msg.equals("null")) msg = "";
            return msg.isEmpty() ? code : code + ": " + msg;
        }
        return message(t);
    }

    /**
     * Translate any throwable from an AWS call into a DdbrException. {@code what} names what was being
     * done, e.g. "describe table 'orders' in eu-west-1".
     */
    public static DdbrException translate(Throwable t, String what) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DdbrException d) return d;
        }
        if (!(t instanceof SdkException)) {
            return new DdbrException(ExitCodes.INTERNAL, "internal error while trying to " + what + ": " + t, null, t);
        }
        String prefix = what == null ? "" : "cannot " + what + ": ";
        return switch (kind(t)) {
            case NOT_FOUND -> DdbrException.aws(prefix + describe(t),
                    "check the name and the Region (--region); 'ddbr table list' shows what exists", t);
            case ACCESS_DENIED -> DdbrException.aws(prefix + "access denied: " + describe(t),
                    "the caller lacks an IAM permission; the command's --help lists the APIs it calls", t);
            case THROTTLED -> DdbrException.aws(prefix + "throttled after retries: " + describe(t),
                    "retry later, or raise aws.retry.max_attempts in the profile", t);
            case BAD_CREDENTIALS -> DdbrException.config(prefix + "credentials were rejected: " + describe(t),
                    "refresh them ('aws sso login' for SSO), or check AWS_PROFILE / --aws-profile", t);
            case UNSUPPORTED -> DdbrException.aws(prefix + "the endpoint does not support this API: " + describe(t),
                    unsupportedHint(t), t);
            case UNREACHABLE -> DdbrException.aws(prefix + "cannot reach the endpoint: " + rootMessage(t),
                    "check --endpoint-url / AWS_ENDPOINT_URL and the network; for local emulators run 'scripts/local-aws start'", t);
            case CONFIG -> DdbrException.config(prefix + message(t).toLowerCase(Locale.ROOT),
                    "set --region / AWS_REGION and credentials (AWS_PROFILE or --aws-profile)", t);
            case OTHER -> DdbrException.aws(prefix + describe(t), otherHint(t), t);
        };
    }

    /** Codes with which AWS refuses a request as invalid: the same request gets the same answer, so not worth a retry. */
    private static final Set<String> INVALID_REQUEST = Set.of(
            "ValidationException", "ValidationError", "InvalidParameterValueException", "InvalidParameterValue",
            "InvalidParameterException", "InvalidParameterCombination", "InvalidRequestException", "InvalidInput",
            "InvalidArgument", "SerializationException", "MissingParameter");

    /** What to do about a service error no other kind covers: retry only what may be transient. */
    static String otherHint(Throwable t) {
        String code = t instanceof AwsServiceException e ? code(e) : "";
        if (INVALID_REQUEST.contains(code)) {
            return "AWS refused the request as invalid, so a retry gets the same answer: check the names, ARNs, times and"
                    + " options given and the profile's values against the message; --debug shows the full response";
        }
        if (code.equals("LimitExceededException") || code.endsWith("LimitExceeded") || code.equals("ServiceQuotaExceededException")) {
            return "a service quota or a limit on concurrent operations was reached: wait for running operations to finish,"
                    + " or raise the quota (Service Quotas); --debug shows the full response";
        }
        return "retry; if it persists, rerun with --debug to see the full response";
    }

    /**
     * What to do about an API the endpoint lacks. AWS Backup (jobs, copies, recovery points) has no local emulator at
     * all (moto answers 404), so for it the only endpoint is real AWS; other APIs may be on moto when dynalite lacks them.
     */
    static String unsupportedHint(Throwable t) {
        String service = t instanceof AwsServiceException e && e.awsErrorDetails() != null ? e.awsErrorDetails().serviceName() : null;
        if (service != null && service.equalsIgnoreCase("Backup")) {
            return "AWS Backup is only on real AWS: no local emulator has it (moto answers 404); send it to AWS: no --endpoint-url,"
                    + " AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_BACKUP, and no aws.endpoints (or aws.regions.REGION.endpoints) default / backup in the profile"
                    + " ('ddbr profile show' lists the endpoints in use)";
        }
        return "use an endpoint that has this API: real AWS; of the local emulators, moto has DynamoDB backups and PITR,"
                + " which dynalite lacks";
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
