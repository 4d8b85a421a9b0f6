package dev.ddbr.load;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.logical.TableCreator;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.restore.TableWaiter;
import dev.ddbr.table.OwnedTables;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Scratch tables for load tests: a copy of a table's schema (keys, indexes, billing and capacity) tagged
 * {@code ddbr:created-by=ddbr} and {@value #SCRATCH_OF}, filled with items shaped like a workload; and their
 * clean-up, which deletes only tables that carry both tags.
 */
public final class Scratch {
    public static final String SCRATCH_OF = "ddbr:load-scratch-of";

    private final ClientFactory aws;

    public Scratch(ClientFactory aws) {
        this.aws = aws;
    }

    /** What {@code load prepare} did. */
    @JsonPropertyOrder({"source", "table", "created", "itemsWritten", "dryRun"})
    public record Prepared(String source, String table, boolean created, long itemsWritten, boolean dryRun) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            String verb = dryRun ? "would " : "";
            if (created) out.line((dryRun ? "Would create " : "Created ") + table + ": a scratch copy of " + source + "'s schema, tagged ddbr:created-by=ddbr");
            if (itemsWritten > 0) out.line((dryRun ? "Would write " : "Wrote ") + itemsWritten + " items to " + table);
            if (!created && itemsWritten == 0) out.line("Nothing " + verb + "to do");
        }
    }

    /** The scratch copy's CreateTable request: the source's keys, indexes and billing; no deletion protection; tagged. */
    public CreateTableRequest copyRequest(String source, String target) {
        TableSettings s = new SnapshotReader(aws).read(source, EnumSet.noneOf(dev.ddbr.table.SnapshotPart.class));
        return TableCreator.request(s, target, Map.of(OwnedTables.TAG_CREATED_BY, OwnedTables.CREATED_BY_VALUE, SCRATCH_OF, source))
                .toBuilder().deletionProtectionEnabled(false).sseSpecification((software.amazon.awssdk.services.dynamodb.model.SSESpecification) null).build();
    }

    /** Creates the scratch copy and waits until it is ACTIVE. Never touches an existing table. */
    public void create(String source, String target, Duration timeout) throws InterruptedException {
        CreateTableRequest req = copyRequest(source, target);
        DynamoDbClient ddb = aws.dynamodb();
        try {
            ddb.createTable(req);
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.dynamodb.model.ResourceInUseException) {
                throw DdbrException.invalid("table '" + target + "' already exists; ddbr never overwrites a table",
                        "choose another name with --name, or remove it with 'ddbr load cleanup " + target + "' if ddbr made it");
            }
            throw AwsErrors.translate(e, "create table '" + target + "'");
        }
        var result = new TableWaiter(ddb, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMillis(200), Duration.ofSeconds(5))
                .waitActive(target, timeout, "ddbr load prepare " + source, p -> { });
        try {
            // the tags again, now the table is ACTIVE: cleanup relies on them
            ddb.tagResource(r -> r.resourceArn(result.table().tableArn()).tags(req.tags()));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "tag table '" + target + "'");
        }
    }

    /**
     * Writes {@code items} items shaped like the workload (keys 0.. of its key space, its item sizes) with
     * BatchWriteItem, retrying unprocessed items.
     */
    public long fill(String table, Workload w, long items, LongConsumer progress) throws InterruptedException {
        DynamoDbClient ddb = aws.dynamodb();
        TableShape shape;
        try {
            shape = TableShape.of(ddb.describeTable(r -> r.tableName(table)).table());
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
        LoadOps ops = new LoadOps(ddb, shape, w, null);
        SplittableRandom rnd = new SplittableRandom(w.seed());
        long written = 0;
        for (long x = 0; x < items; ) {
            List<WriteRequest> batch = new ArrayList<>();
            for (; x < items && batch.size() < 25; x++) {
                long key = x * w.workers() + w.worker();
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(ops.item(key, rnd)).build()).build());
            }
            Map<String, List<WriteRequest>> pending = new HashMap<>(Map.of(table, batch));
            long backoff = 50;
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> p = pending;
                try {
                    pending = ddb.batchWriteItem(r -> r.requestItems(p)).unprocessedItems();
                } catch (SdkException e) {
                    throw AwsErrors.translate(e, "write items to '" + table + "'");
                }
                if (!pending.isEmpty()) {
                    Sleeper.SYSTEM.sleep(Duration.ofMillis(backoff));
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
            written += batch.size();
            if (progress != null) progress.accept(written);
        }
        return written;
    }

    /** Whether ddbr created {@code table} (its tag read now). */
    public boolean owned(String table) {
        DynamoDbClient ddb = aws.dynamodb();
        try {
            return OwnedTables.isOwned(ddb, ddb.describeTable(r -> r.tableName(table)).table().tableArn());
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
    }

    /** A scratch table {@code load cleanup} found, and what happened to it. */
    public record Cleaned(String table, String scratchOf, String outcome) {}

    /** What {@code load cleanup} did. */
    public record Cleanup(boolean dryRun, List<Cleaned> tables) implements TextRenderable {
        @Override
        public void renderText(TextWriter out) {
            if (tables.isEmpty()) {
                out.line("No load scratch tables (tagged ddbr:created-by=ddbr and " + SCRATCH_OF + ") found");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Cleaned c : tables) rows.add(TextWriter.row(c.table(), c.scratchOf() == null ? "" : c.scratchOf(), c.outcome()));
            out.table(List.of("TABLE", "SCRATCH OF", dryRun ? "PLAN" : "RESULT"), rows);
        }
    }

    /** Load scratch tables in the Region: tagged both ddbr:created-by=ddbr and {@value #SCRATCH_OF}. */
    public List<Cleaned> findScratch() {
        DynamoDbClient ddb = aws.dynamodb();
        List<Cleaned> out = new ArrayList<>();
        try {
            for (String name : ddb.listTablesPaginator(r -> { }).tableNames()) {
                String arn;
                try {
                    arn = ddb.describeTable(r -> r.tableName(name)).table().tableArn();
                } catch (SdkException e) {
                    if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) continue;
                    throw e;
                }
                Map<String, String> tags = new HashMap<>();
                ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
                if (OwnedTables.CREATED_BY_VALUE.equals(tags.get(OwnedTables.TAG_CREATED_BY)) && tags.containsKey(SCRATCH_OF)) {
                    out.add(new Cleaned(name, tags.get(SCRATCH_OF), "delete"));
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list load scratch tables");
        }
        return out;
    }

    /** Deletes one table if ddbr created it (the tag read again now); refuses (252) otherwise. */
    public String delete(String table) {
        try {
            return OwnedTables.deleteOwned(aws.dynamodb(), table) ? "deleted" : "not found";
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "delete table '" + table + "'");
        }
    }


}
