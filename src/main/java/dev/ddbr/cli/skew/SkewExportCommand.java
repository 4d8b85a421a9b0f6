package dev.ddbr.cli.skew;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.ExportAnalyzer;
import dev.ddbr.skew.PartitionModel;
import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.SkewAssembler;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.skew.TableModel;
import dev.ddbr.skew.export.ExportStore;
import dev.ddbr.skew.export.LocalExportStore;
import dev.ddbr.skew.export.NativeExport;
import dev.ddbr.skew.export.S3ExportStore;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export",
        description = {"Find hot partition keys in a native DynamoDB export to S3, for the table and each GSI. Spends no "
                + "read capacity on the table: the way to analyse large tables.",
            "",
            "PATH is the AWSDynamoDB/<ExportId>/ folder of a DYNAMODB_JSON or ION export, or a folder above it that "
                    + "holds exactly one export; a local folder or s3://bucket/prefix. The manifests are validated (item "
                    + "counts, MD5 checksums where listed); every data file is streamed once, several at a time.",
            "",
            "The key schema comes from DescribeTable on the exported table (named in the manifest), or from --key and "
                    + "--index when the table is gone or out of reach.",
            "",
            "Exit 1 when the table's or any GSI's hottest key holds more than --max-key-share of its items.",
            "",
            "Examples:",
            "  ddbr skew export ./exports/AWSDynamoDB/01700000000000-abcdef12/",
            "  ddbr skew export s3://my-exports/orders/ --top 20 -o json",
            "  ddbr skew export ./export --key tenant --index by-status=status --max-key-share 0.05",
            "",
            "[API: s3:ListBucket, s3:GetObject (for s3:// paths), DescribeTable (without --key)]"})
public class SkewExportCommand extends BaseCommand {
    @Parameters(paramLabel = "PATH", description = "The export: a local folder or s3://bucket/prefix.")
    String path;

    @Option(names = "--key", paramLabel = "ATTR", description = "The table's partition key attribute (skips DescribeTable).")
    String key;

    @Option(names = "--index", paramLabel = "NAME=ATTR", description = "A GSI and its partition key attribute; repeatable. "
            + "Only with --key; its entries are sized as whole items.")
    List<String> indexes = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Data files read at once (default: the cores; at least 8 for S3).")
    Integer threads;

    @Mixin
    SkewOptions skew;

    @Override
    protected int execute() {
        ExportStore store;
        if (path.startsWith("s3://")) {
            String[] bp = S3ExportStore.parse(path);
            if (bp[0].isEmpty()) throw DdbrException.invalid("no bucket in '" + path + "'", "write s3://bucket/prefix");
            store = new S3ExportStore(aws().s3(), bp[0], bp[1]);
        } else {
            Path p = Path.of(path);
            if (!Files.isDirectory(p)) {
                throw DdbrException.invalid("no such folder: " + path, "give the export's folder, or s3://bucket/prefix");
            }
            store = new LocalExportStore(p);
        }
        if (!indexes.isEmpty() && key == null) throw DdbrException.invalid("--index needs --key", null);
        if (threads != null && threads < 1) throw DdbrException.invalid("--threads must be at least 1", null);
        NativeExport export = NativeExport.open(store);
        if (!"FULL_EXPORT".equals(export.exportType())) {
            throw DdbrException.invalid(export.store().location() + " is an " + export.exportType()
                    + ": it holds changes, not the table's items", "analyse a full export");
        }
        String table = export.tableName() == null ? "(unknown)" : export.tableName();
        TableProfile.Skew s = skew.resolve(ctx().profileOrEmpty(), export.tableName());

        TableSettings settings = null;
        List<SkewTarget> targets = new ArrayList<>();
        if (key != null) {
            targets.add(new SkewTarget(null, key, "?", null));
            for (String ix : indexes) {
                int eq = ix.indexOf('=');
                if (eq <= 0 || eq == ix.length() - 1) throw DdbrException.invalid("--index '" + ix + "' is not NAME=ATTR", "e.g. --index by-status=status");
                targets.add(new SkewTarget(ix.substring(0, eq), ix.substring(eq + 1), "?", null));
            }
        } else {
            if (export.tableName() == null) {
                throw DdbrException.invalid("the export's manifest names no table", "pass --key ATTR (and --index NAME=ATTR per GSI)");
            }
            String region = export.tableRegion() != null ? export.tableRegion() : aws().region();
            try {
                settings = new SnapshotReader(aws()).read(export.tableName(), region, EnumSet.noneOf(dev.ddbr.table.SnapshotPart.class));
            } catch (DdbrException e) {
                throw DdbrException.invalid("cannot learn the key schema of '" + export.tableName() + "': " + e.getMessage(),
                        "pass --key ATTR (and --index NAME=ATTR per GSI) to read the export without DescribeTable");
            }
            targets.addAll(TableModel.targets(settings));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int n = threads != null ? threads : export.store().preferredParallelism(cores);
        ExportAnalyzer.Result result;
        try (ItemProgress progress = ItemProgress.of(console(), "items read", export.itemCount())) {
            result = ExportAnalyzer.analyze(export, targets, n, skew.exactKeys, progress::set);
        }

        List<Capacity> caps = settings == null ? List.of() : TableModel.capacities(settings);
        var tableSummary = result.tally().stats(0).summarize(s.top());
        PartitionModel.Partitions partitions = PartitionModel.estimate(tableSummary.bytes(), caps, result.dataFiles());
        SkewAssembler.Context c = new SkewAssembler.Context("export", export.store().location(), table, "items",
                s.maxKeyShare(), 1.0, null, partitions, true);
        SkewAssembler.Part tablePart = new SkewAssembler.Part(targets.get(0), tableSummary, TableModel.first(caps));
        List<SkewAssembler.Part> parts = new ArrayList<>();
        for (int i = 1; i < targets.size(); i++) {
            SkewTarget t = targets.get(i);
            Capacity cap = settings == null ? null : TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, t.index())));
            parts.add(new SkewAssembler.Part(t, result.tally().stats(i).summarize(s.top()), cap));
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format("export %s of %s, %s format, %d data files, manifests and item counts verified%s",
                export.exportArn() == null ? "(no ARN)" : export.exportArn().substring(export.exportArn().lastIndexOf('/') + 1),
                export.exportTime() == null ? "an unknown time" : export.exportTime(), export.format(), result.dataFiles(),
                export.files().stream().allMatch(f -> f.md5Checksum() != null) ? ", checksums verified" : ""));
        if (key != null && !indexes.isEmpty()) notes.add("GSI entries sized as whole items (projection unknown without DescribeTable)");
        SkewReport report = SkewAssembler.assemble(c, tablePart, parts, notes);
        render(report);
        return report.anyExceeds() ? 1 : 0;
    }
}
