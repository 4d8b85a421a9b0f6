package dev.ddbr.restore;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.util.Durations;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Waits for a table to become ACTIVE with its restore finished and every index ACTIVE, for as long as it takes
 * (restores run for hours; the SDK's waiter gives up after minutes). Polls DescribeTable with a growing interval,
 * rides out throttling and transient errors, and takes its clock and sleeper from the caller so tests can
 * simulate hours.
 */
public final class TableWaiter {
    /** A poll's outcome, for progress lines. */
    public record Poll(String table, String status, Duration elapsed, int polls, String note) {}

    /** The wait's result. */
    public record Result(TableDescription table, Instant activeAt, Duration waited, int polls, int transientErrors) {}

    private final DynamoDbClient ddb;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration firstInterval;
    private final Duration maxInterval;

    public TableWaiter(DynamoDbClient ddb, Clock clock, Sleeper sleeper) {
        this(ddb, clock, sleeper, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public TableWaiter(DynamoDbClient ddb, Clock clock, Sleeper sleeper, Duration firstInterval, Duration maxInterval) {
        this.ddb = ddb;
        this.clock = clock;
        this.sleeper = sleeper;
        this.firstInterval = firstInterval;
        this.maxInterval = maxInterval;
    }

    public Clock clock() { return clock; }

    public Sleeper sleeper() { return sleeper; }

    /**
     * @param resumeHint the command that picks the operation up again, for the timeout message
     * @throws InterruptedException when interrupted (Ctrl-C): the caller reports how to resume
     */
    public Result waitActive(String table, Duration timeout, String resumeHint, Consumer<Poll> progress)
            throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Duration interval = firstInterval;
        int polls = 0;
        int transientErrors = 0;
        int notFound = 0;
        String last = "?";
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            polls++;
            String note = null;
            try {
                TableDescription t = ddb.describeTable(r -> r.tableName(table)).table();
                last = t.tableStatusAsString();
                if (isReady(t)) {
                    Instant now = clock.instant();
                    return new Result(t, now, Duration.between(start, now), polls, transientErrors);
                }
                if (t.tableStatus() == TableStatus.DELETING || t.tableStatus() == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS
                        || t.tableStatus() == TableStatus.ARCHIVED || t.tableStatus() == TableStatus.ARCHIVING) {
                    throw DdbrException.aws("table '" + table + "' is " + last + " instead of becoming ACTIVE",
                            "check the table and its KMS key in the console; the restore cannot finish", null);
                }
            } catch (SdkException e) {
                AwsErrors.Kind kind = AwsErrors.kind(e);
                if (kind == AwsErrors.Kind.NOT_FOUND) {
                    // a restore's table can take a moment to show up; a table that never does has failed
                    if (++notFound > 12) {
                        throw DdbrException.aws("table '" + table + "' does not exist: the restore did not create it",
                                "check CloudTrail for the restore call's error, then start the restore again", e);
                    }
                    last = "NOT_FOUND";
                    note = "not visible yet";
                } else if (kind == AwsErrors.Kind.THROTTLED || kind == AwsErrors.Kind.UNREACHABLE || isServerError(e)) {
                    transientErrors++;
                    note = "transient: " + AwsErrors.describe(e);
                } else {
                    throw AwsErrors.translate(e, "describe table '" + table + "'");
                }
            }
            Instant now = clock.instant();
            Duration elapsed = Duration.between(start, now);
            if (progress != null) progress.accept(new Poll(table, last, elapsed, polls, note));
            if (!now.isBefore(deadline)) {
                throw new DdbrException(ExitCodes.PROBLEMS, "gave up waiting for table '" + table + "' after "
                        + Durations.format(elapsed) + " (status " + last + "); the restore goes on in AWS",
                        resumeHint == null ? "wait longer with --timeout" : "pick it up later with: " + resumeHint);
            }
            Duration sleep = interval;
            Duration left = Duration.between(now, deadline);
            if (sleep.compareTo(left) > 0) sleep = left;
            sleeper.sleep(sleep);
            interval = interval.multipliedBy(2);
            if (interval.compareTo(maxInterval) > 0) interval = maxInterval;
        }
    }

    static boolean isReady(TableDescription t) {
        if (t.tableStatus() != TableStatus.ACTIVE) return false;
        if (t.restoreSummary() != null && Boolean.TRUE.equals(t.restoreSummary().restoreInProgress())) return false;
        return t.globalSecondaryIndexes().stream().allMatch(g -> g.indexStatus() == null
                || "ACTIVE".equals(g.indexStatusAsString()));
    }

    private static boolean isServerError(SdkException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.statusCode() >= 500;
    }
}
