package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.fis.model.Experiment;
import software.amazon.awssdk.services.fis.model.ExperimentStatus;

/**
 * Pauses replication through an AWS FIS experiment template holding the
 * {@code aws:dynamodb:global-table-pause-replication} action: StartExperiment (POST /experiments, with a
 * client token derived from the run id, so a retried call does not start a second experiment), GetExperiment
 * (GET /experiments/{id}) until the experiment is {@code running}, and StopExperiment (DELETE /experiments/{id})
 * when the drill's pause is over, on errors and on Ctrl-C. The template sets the longest duration; ddbr stops
 * it earlier.
 */
final class FisPauser implements Drill.Pauser {
    private static final Set<ExperimentStatus> DONE = Set.of(ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED,
            ExperimentStatus.FAILED, ExperimentStatus.CANCELLED);
    private final FisClient fis;
    private final String templateId;
    private final String runId;
    private final Duration startTimeout;
    private final Duration pollInterval;
    private final ReplicationPause.Sleeper sleeper;
    private volatile String experimentId;
    private boolean lifted;

    FisPauser(FisClient fis, String templateId, String runId, Duration startTimeout, Duration pollInterval,
              ReplicationPause.Sleeper sleeper) {
        this.fis = fis;
        this.templateId = templateId;
        this.runId = runId;
        this.startTimeout = startTimeout;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
    }

    static String clientToken(String runId) { return "ddbr-drill-" + runId; }

    @Override
    public void start() {
        Experiment e;
        try {
            e = fis.startExperiment(r -> r.experimentTemplateId(templateId).clientToken(clientToken(runId))
                    .tags(Map.of("ddbr:drill", runId))).experiment();
        } catch (SdkException ex) {
            throw AwsErrors.translate(ex, "start AWS FIS experiment from template " + templateId);
        }
        synchronized (this) {
            experimentId = e.id();
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            ExperimentStatus s = e.state() == null ? null : e.state().status();
            if (s == ExperimentStatus.RUNNING) return;
            if (s != null && DONE.contains(s)) {
                synchronized (this) {
                    lifted = true; // nothing left to stop
                }
                String reason = e.state().reason();
                throw DdbrException.aws("AWS FIS experiment " + experimentId + " from template " + templateId + " ended "
                        + e.state().statusAsString() + " before it ran" + (reason == null ? "" : ": " + reason),
                        "check the template's role and targets in the AWS FIS console", null);
            }
            if (System.nanoTime() > deadline) {
                throw DdbrException.aws("AWS FIS experiment " + experimentId + " was still " + (s == null ? "unknown" : e.state().statusAsString())
                        + " after " + startTimeout.toSeconds() + "s", "raise --timeout, or check the experiment in the AWS FIS console", null);
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException("drill interrupted while AWS FIS experiment " + experimentId + " was starting", null);
            }
            String id = experimentId;
            try {
                e = fis.getExperiment(r -> r.id(id)).experiment();
            } catch (SdkException ex) {
                throw AwsErrors.translate(ex, "read AWS FIS experiment " + id);
            }
        }
    }

    @Override
    public synchronized void lift() {
        if (experimentId == null || lifted) return;
        String id = experimentId;
        try {
            ExperimentStatus s = fis.getExperiment(r -> r.id(id)).experiment().state().status();
            if (!DONE.contains(s)) fis.stopExperiment(r -> r.id(id));
            lifted = true;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "stop AWS FIS experiment " + id);
        }
    }

    @Override
    public synchronized boolean lifted() { return lifted || experimentId == null; }

    @Override
    public String reference() { return experimentId == null ? templateId : experimentId; }

    @Override
    public String describe() { return "AWS FIS experiment " + reference() + " from template " + templateId; }
}
