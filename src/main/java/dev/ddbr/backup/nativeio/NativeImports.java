package dev.ddbr.backup.nativeio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.logical.TableCreator;
import dev.ddbr.error.DdbrException;
import dev.ddbr.restore.Drift;
import dev.ddbr.restore.DriftItem;
import dev.ddbr.restore.FixUpResult;
import dev.ddbr.restore.FixUps;
import dev.ddbr.restore.RestorePlanner;
import dev.ddbr.restore.RestoreService;
import dev.ddbr.restore.TableWaiter;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableArns;
import dev.ddbr.table.TableNames;
import dev.ddbr.table.TableSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/**
 * DynamoDB's server-side import (ImportTable) of a native export into a NEW table, then the same fix-ups and drift
 * check as a restore ({@link FixUps}, {@link Drift}): what an import cannot set (stream, TTL, tags, PITR, deletion
 * protection, table class, auto scaling, alarms, ...) is re-applied from the source table's settings snapshot.
 */
public final class NativeImports {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code backup import --native} prints. JSON field names are a contract (docs/backups.md). */
    public record Result(String importArn, String table, String tableArn, String source, String sourceTable, String schemaFrom, String status,
                         Long processedItemCount, Long importedItemCount, Long errorCount, Long processedSizeBytes,
                         String failureCode, String failureMessage, List<FixUpResult> fixUps, List<DriftItem> drift,
                         List<String> unverified, List<String> notes) implements dev.ddbr.output.TextRenderable {
        @Override
        public void renderText(dev.ddbr.output.TextWriter out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"import", importArn});
            rows.add(new String[] {"table", table});
            rows.add(new String[] {"status", status});
            rows.add(new String[] {"source", source});
            String from = switch (schemaFrom) {
                case FROM_MANIFEST -> sourceTable + " (named in the export's manifest)";
                case FROM_SOURCE_TABLE -> sourceTable + " (--source-table)";
                default -> "the command line (--key, --gsi, --billing)";
            };
            rows.add(new String[] {"settings from", from});
            rows.add(new String[] {"items", importedItemCount == null ? null : importedItemCount + " imported of " + processedItemCount + " processed, " + errorCount + " error(s)"});
            if (failureCode != null || failureMessage != null) rows.add(new String[] {"failure", failureCode + ": " + failureMessage});
            out.keyValues(rows);
            if (!fixUps.isEmpty()) {
                List<List<String>> f = new ArrayList<>();
                for (FixUpResult r : fixUps) f.add(dev.ddbr.output.TextWriter.row(r.name(), r.status(), r.detail()));
                out.blank();
                out.table(List.of("fix-up", "status", "detail"), f);
            }
            out.blank();
            if (sourceTable == null) {
                out.line("defined from the command line: no source table to re-apply settings from or to compare with");
            } else {
                out.line(drift.isEmpty() ? "no drift from '" + sourceTable + "'" : drift.size() + " setting(s) differ from '" + sourceTable + "': " + drift);
            }
        }
    }

    /** Where the export is: {@code s3://bucket/prefix/AWSDynamoDB/<ExportId>/}. */
    public record ExportFolder(String bucket, String prefix) {
        public static ExportFolder parse(String spec) {
            if (spec == null || !spec.startsWith("s3://")) {
                throw DdbrException.invalid("--native imports from S3: give the export's folder s3://BUCKET/PREFIX/AWSDynamoDB/EXPORT_ID/, not '" + spec + "'",
                        "without --native, ddbr imports a local export itself");
            }
            String rest = spec.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
            if (bucket.isEmpty() || !prefix.matches("(.*/)?AWSDynamoDB/[^/]+")) {
                throw DdbrException.invalid("'" + spec + "' is not a native export's folder (…/AWSDynamoDB/EXPORT_ID/)",
                        "'ddbr backup status EXPORT_ARN' prints it as the export folder");
            }
            return new ExportFolder(bucket, prefix);
        }
    }

    private final ClientFactory aws;
    private final Poller poller;

    public NativeImports(ClientFactory aws, Poller poller) {
        this.aws = aws;
        this.poller = poller;
    }

    /** The export's manifest-summary.json, when it has one (moto writes none). */
    Optional<JsonNode> manifest(ExportFolder f) {
        try {
            byte[] b = aws.s3().getObjectAsBytes(r -> r.bucket(f.bucket()).key(f.prefix() + "/manifest-summary.json")).asByteArray();
            return Optional.of(JSON.readTree(b));
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return Optional.empty();
            throw AwsErrors.translate(e, "read s3://" + f.bucket() + "/" + f.prefix() + "/manifest-summary.json");
        } catch (java.io.IOException e) {
            throw DdbrException.invalid("s3://" + f.bucket() + "/" + f.prefix() + "/manifest-summary.json is not JSON: " + e.getMessage(),
                    "is this folder a DynamoDB export?");
        }
    }

    /** Where the new table's key schema, indexes and billing came from ({@code schemaFrom} in the result). */
    public static final String FROM_MANIFEST = "manifest", FROM_SOURCE_TABLE = "source-table", FROM_COMMAND_LINE = "command-line";

    /** The hint when no source table can give the key schema: define the table on the command line. */
    static final String DEFINE_HINT = "give the key schema: " + TableDefinition.KEY_FORM + " (with " + TableDefinition.GSI_FORM
            + " and " + TableDefinition.BILLING_FORM + " as needed), or --source-table TABLE with the same keys and indexes";

    /**
     * Preflight, ImportTable, wait, fix-ups, drift. {@code sourceTable}: whose settings to copy when the manifest names
     * no table (or to override it); {@code definition}: the table defined on the command line instead (no source table
     * is read, so there are no fix-ups and no drift check); {@code preflight} gets one line saying which source the key
     * schema comes from, before the import starts; {@code seen} gets each import state while waiting.
     */
    public Result run(String path, String target, String sourceTable, TableDefinition definition, Duration timeout, Consumer<String> seen,
                      String resume, Consumer<String> preflight, Consumer<String> started) throws InterruptedException {
        TableNames.require(target);
        ExportFolder f = ExportFolder.parse(path);
        if (sourceTable != null) TableNames.require(sourceTable);
        if (sourceTable != null && definition != null) {
            throw DdbrException.invalid("--key and --source-table both give the key schema; nothing was started",
                    "give --key (with --gsi, --billing) when the source table is gone, or --source-table TABLE, not both");
        }
        // the service only imports into a new table: refuse an existing one before anything else
        try {
            aws.dynamodb().describeTable(r -> r.tableName(target));
            throw DdbrException.invalid("table '" + target + "' already exists; DynamoDB imports only into a new table; nothing was started",
                    "choose another --table, or import into the existing table without --native (ddbr writes the items itself)");
        } catch (SdkException e) {
            if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) throw AwsErrors.translate(e, "describe table '" + target + "'");
        }
        Optional<JsonNode> m = manifest(f);
        String format = m.map(j -> j.path("outputFormat").asText("DYNAMODB_JSON")).orElse("DYNAMODB_JSON");
        List<String> notes = new ArrayList<>();
        if (m.isPresent() && "INCREMENTAL_EXPORT".equals(m.get().path("exportType").asText())) {
            throw DdbrException.invalid("'" + path + "' is an incremental export; DynamoDB imports full exports only",
                    "import a full export, then replay the incremental one");
        }
        TableSettings src = null;
        String srcName = sourceTable;
        String from = FROM_COMMAND_LINE;
        TableCreationParameters params;
        if (definition != null) {
            params = definition.parameters(target);
            preflight.accept("key schema, indexes and billing from the command line: " + definition.describe());
            notes.add("'" + target + "' is defined from the command line: no source table to re-apply stream, TTL, tags, PITR,"
                    + " deletion protection or auto scaling from; set what it needs (e.g. ddbr pitr enable " + target + ")");
        } else {
            String srcRegion = aws.region();
            from = FROM_SOURCE_TABLE;
            if (srcName == null && m.isPresent() && !m.get().path("tableArn").asText("").isEmpty()) {
                String arn = m.get().path("tableArn").asText();
                srcName = TableArns.name(arn);
                srcRegion = arn.split(":")[3];
                from = FROM_MANIFEST;
            }
            if (srcName == null) {
                throw DdbrException.invalid("cannot tell the key schema: the export has no manifest-summary.json naming its table; nothing was started",
                        DEFINE_HINT);
            }
            try {
                src = new SnapshotReader(aws).read(srcName, srcRegion, RestoreService.ALL_PARTS);
            } catch (DdbrException e) {
                throw new DdbrException(e.exitCode(), "cannot read the settings of the source table '" + srcName + "'"
                        + (FROM_MANIFEST.equals(from) ? " (named in the export's manifest)" : "") + ": " + e.getMessage() + "; nothing was started",
                        "if the source table is gone, " + DEFINE_HINT, e);
            }
            if (!src.localSecondaryIndexes().isEmpty()) {
                notes.add("ImportTable cannot create local secondary indexes: " + src.localSecondaryIndexes().size() + " of '" + srcName + "' are not on '" + target + "'");
            }
            params = parameters(TableCreator.request(src, target, Map.of()));
            preflight.accept("key schema, indexes, billing and settings from table '" + srcName + "' in " + srcRegion
                    + (FROM_MANIFEST.equals(from) ? " (named in the export's manifest)" : " (--source-table)"));
        }
        String srcTable = srcName;
        String schemaFrom = from;
        ImportTableDescription d;
        try {
            d = aws.dynamodb().importTable(r -> r.clientToken(UUID.randomUUID().toString())
                    .s3BucketSource(s -> s.s3Bucket(f.bucket()).s3KeyPrefix(f.prefix() + "/data/"))
                    .inputFormat("ION".equalsIgnoreCase(format) ? "ION" : "DYNAMODB_JSON").inputCompressionType("GZIP")
                    .tableCreationParameters(params)).importTableDescription();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "start the import into '" + target + "'");
        }
        String importArn = d.importArn();
        started.accept(importArn);
        ImportTableDescription done = poller.until(() -> {
            ImportTableDescription now;
            try {
                now = aws.dynamodb().describeImport(r -> r.importArn(importArn)).importTableDescription();
            } catch (SdkException e) {
                throw AwsErrors.translate(e, "describe import " + importArn);
            }
            seen.accept(now.importStatusAsString());
            return "IN_PROGRESS".equals(now.importStatusAsString()) || "CANCELLING".equals(now.importStatusAsString())
                    ? Optional.empty() : Optional.of(now);
        }, timeout, "import " + importArn, resume);
        if (!"COMPLETED".equals(done.importStatusAsString())) {
            return result(done, target, path, srcTable, schemaFrom, List.of(), List.of(), List.of(), notes);
        }
        TableWaiter waiter = new TableWaiter(aws.dynamodb(), Clock.systemUTC(), dev.ddbr.util.Sleeper.SYSTEM);
        TableWaiter.Result active = waiter.waitActive(target, timeout, resume, p -> seen.accept("table " + p.status()));
        if (src == null) return result(done, target, path, null, schemaFrom, List.of(), List.of(), List.of(), notes);
        String targetArn = active.table().tableArn();
        FixUps fixUps = new FixUps(aws, aws.region(), waiter);
        List<FixUpResult> results = new ArrayList<>();
        for (String name : RestorePlanner.FIX_UPS) results.add(fixUps.apply(name, src, target, targetArn, true));
        TableSettings tgt = new SnapshotReader(aws).read(target, aws.region(), RestoreService.ALL_PARTS);
        Drift.Result drift = Drift.compare(src, tgt);
        List<FixUpResult> verified = results.stream().map(r -> Drift.verify(r, drift.items())).toList();
        return result(done, target, path, srcTable, schemaFrom, verified, drift.items(), drift.unverified(), notes);
    }

    private static Result result(ImportTableDescription d, String target, String path, String src, String schemaFrom, List<FixUpResult> fixUps,
                                 List<DriftItem> drift, List<String> unverified, List<String> notes) {
        return new Result(d.importArn(), target, d.tableArn(), path, src, schemaFrom, d.importStatusAsString(), d.processedItemCount(),
                d.importedItemCount(), d.errorCount(), d.processedSizeBytes(), d.failureCode(), d.failureMessage(),
                fixUps, drift, unverified, List.copyOf(notes));
    }

    /**
     * ImportTable's TableCreationParameters from the CreateTable request restore and {@code backup import --create}
     * build (one rule for both): keys, attribute definitions, billing, capacity (GSI throughput only when
     * PROVISIONED, as the API model demands), on-demand maximums, SSE. Tags, class, deletion protection and LSIs
     * are not members: tags, class and protection come back through the fix-ups.
     */
    static TableCreationParameters parameters(CreateTableRequest c) {
        TableCreationParameters.Builder b = TableCreationParameters.builder().tableName(c.tableName())
                .attributeDefinitions(c.attributeDefinitions()).keySchema(c.keySchema()).billingMode(c.billingModeAsString());
        if (c.provisionedThroughput() != null) b.provisionedThroughput(c.provisionedThroughput());
        if (c.onDemandThroughput() != null) b.onDemandThroughput(c.onDemandThroughput());
        if (c.sseSpecification() != null) b.sseSpecification(c.sseSpecification());
        if (c.hasGlobalSecondaryIndexes() && !c.globalSecondaryIndexes().isEmpty()) {
            b.globalSecondaryIndexes(c.globalSecondaryIndexes().stream().map(g -> "PAY_PER_REQUEST".equals(c.billingModeAsString())
                    ? g.toBuilder().provisionedThroughput((software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput) null).build() : g).toList());
        }
        // attribute definitions only for the keys that remain (LSI sort keys are dropped with the LSIs)
        java.util.Set<String> used = new java.util.HashSet<>();
        c.keySchema().forEach(k -> used.add(k.attributeName()));
        if (c.hasGlobalSecondaryIndexes()) c.globalSecondaryIndexes().forEach(g -> g.keySchema().forEach(k -> used.add(k.attributeName())));
        b.attributeDefinitions(c.attributeDefinitions().stream().filter(a -> used.contains(a.attributeName())).toList());
        return b.build();
    }
}
