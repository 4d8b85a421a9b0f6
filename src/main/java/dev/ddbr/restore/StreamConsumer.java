package dev.ddbr.restore;

import dev.ddbr.aws.ClientFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lambda event source mapping that reads a table's stream. After {@code --replace} the table has a new stream ARN,
 * and a mapping cannot be moved to another stream: it must be created again on the new one and the old one deleted.
 * JSON field names are a documented contract (docs/restore.md).
 *
 * @param uuid          the mapping's UUID
 * @param functionArn   the function it invokes
 * @param state         its state when it was listed (Enabled, Disabled, ...)
 * @param batchSize     its batch size
 * @param oldStreamArn  the stream it reads
 * @param newStreamArn  the restored table's stream, once known (null before)
 * @param repoint       the AWS CLI commands that repoint it, once the new stream is known (null before)
 */
public record StreamConsumer(String uuid, String functionArn, String state, Integer batchSize, String oldStreamArn,
                             String newStreamArn, String repoint) {

    /** The mappings that read {@code streamArn} (Lambda ListEventSourceMappings with EventSourceArn). */
    static List<StreamConsumer> list(ClientFactory aws, String region, String streamArn) {
        List<StreamConsumer> out = new ArrayList<>();
        aws.lambda(region).listEventSourceMappingsPaginator(r -> r.eventSourceArn(streamArn)).eventSourceMappings()
                .forEach(m -> out.add(new StreamConsumer(m.uuid(), m.functionArn(), m.state(), m.batchSize(), streamArn, null, null)));
        return List.copyOf(out);
    }

    /** This mapping with the new stream and the commands that repoint it. */
    StreamConsumer on(String newStream) {
        if (newStream == null) return this;
        String fn = functionArn;
        String cmd = "aws lambda create-event-source-mapping --function-name " + fn + " --event-source-arn " + newStream
                + " --starting-position TRIM_HORIZON" + (batchSize == null ? "" : " --batch-size " + batchSize)
                + " && aws lambda delete-event-source-mapping --uuid " + uuid;
        return new StreamConsumer(uuid, functionArn, state, batchSize, oldStreamArn, newStream, cmd);
    }
}
