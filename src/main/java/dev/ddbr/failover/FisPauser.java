package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.fis.model.ExperimentStatus;

/**
 * Pauses replication through an AWS FIS experiment template holding the
 * {@code aws:dynamodb:global-table-pause-replication} action. The template sets the duration; ddbr
 * stops the experiment when the drill's pause is over (or on Ctrl-C, or on errors).
 */
final class FisPauser implements Drill.Pauser {
    private static final Set<ExperimentStatus> DONE = Set.of(ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED,
            ExperimentStatus.FAILED, ExperimentStatus.CANCELLED);
    private final FisClient fis;
    private final String templateId;
    private final String runId;
    private String experimentId;
    private boolean lifted;

    FisPauser(FisClient fis, String templateId, String runId) {
        this.fis = fis;
        this.templateId = templateId;
        this.runId = runId;
    }

    @Override
    public synchronized void start() {
        try {
            experimentId = fis.startExperiment(r -> r.experimentTemplateId(templateId).clientToken("ddbr-drill-" + runId)
                    .tags(Map.of("ddbr:drill", runId))).experiment().id();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "start AWS FIS experiment from template " + templateId);
        }
    }

    @Override
    public synchronized void lift() {
        if (experimentId == null || lifted) return;
        try {
            ExperimentStatus s = fis.getExperiment(r -> r.id(experimentId)).experiment().state().status();
            if (!DONE.contains(s)) fis.stopExperiment(r -> r.id(experimentId));
            lifted = true;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "stop AWS FIS experiment " + experimentId);
        }
    }

    @Override
    public synchronized boolean lifted() { return lifted || experimentId == null; }

    @Override
    public String reference() { return experimentId == null ? templateId : experimentId; }

    @Override
    public String describe() { return "AWS FIS experiment " + reference() + " from template " + templateId; }
}
