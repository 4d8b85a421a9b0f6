package dev.ddbr.backup.run;

import java.time.Instant;

/**
 * One NDJSON event of {@code backup run --log-format json}. A documented contract (docs/backups.md).
 *
 * @param event   run_started, step_started, step_finished, run_finished, run_interrupted (Ctrl-C or SIGTERM)
 * @param status  for step_finished and run_finished: ok, failed, skipped; run_interrupted: failed
 * @param level   {@code error} when status is failed, else {@code info}: log collectors alert on it
 */
public record RunEvent(Instant time, String event, String table, String step, String status, String detail,
                       String backupArn, Double seconds, String level) {

    public RunEvent(Instant time, String event, String table, String step, String status, String detail,
                    String backupArn, Double seconds) {
        this(time, event, table, step, status, detail, backupArn, seconds, "failed".equals(status) ? "error" : "info");
    }
}
