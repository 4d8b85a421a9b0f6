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
import dev.ddbr.skew.athena.AthenaRun;
import dev.ddbr.skew.athena.EngineChoice;
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
import dev.ddbr.cli.ChartOption;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.report.Reports;
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
            "An export measures how items spread over keys (storage), not traffic: for requests per key use 'ddbr skew "
                    + "insights'. Exit 1 when the table's or any GSI's hottest key is HOT: above --max-key-share and "
                    + "either its share of the table's throughput would pass a partition's 3,000 RCU / 1,000 WCU, or it "
                    + "holds more than a partition's even share; a key above the share that cannot throttle at this size "
                    + "is reported SKEWED (exit 0), with the throughput from which it would matter.",
            "",
            "Progress on a terminal shows the share of the manifest's items read and the time left. Ctrl-C prints the "
                    + "partial report of what was read (exit 130).",
            "",
            "With --table TABLE --to s3://BUCKET/PREFIX instead of PATH: starts DynamoDB's server-side export of the table "
                    + "first (as 'backup export --native': the table needs point-in-time recovery; the bucket's Region and an "
                    + "export still running to the same place are checked before anything starts), waits for it (progress on a "
                    + "terminal, --timeout), then analyses it. Ctrl-C or --timeout while the export runs leave it running in AWS "
                    + "and print how to follow it (ddbr backup status EXPORT_ARN) and the 'skew export' command that analyses it "
                    + "once it is COMPLETED.",
            "",
            "--engine athena (or auto: Athena for exports of at least athena.auto_threshold, default 50GB, of the manifest's "
                    + "billed size) counts the keys in Amazon Athena instead of on this machine: it creates a temporary table "
                    + "ddbr_skew_<export id>_<random> over the export's data/ folder in athena.database (default 'default'), runs "
                    + "two queries in athena.workgroup (default primary; one pass over the data each: exact item totals with "
                    + "approximate distinct keys, and the exact top keys of the table and every GSI), and drops the table, also on "
                    + "failure and on Ctrl-C (which stops the running query). The report has the local engine's fields (bytes "
                    + "null: Athena counts items, not sizes) plus 'athena' (workgroup, database, bytes scanned, query ids); the "
                    + "items counted are checked against the manifest (a mismatch exits 1). Athena bills the data scanned.",
            "",
            "Examples:",
            "  ddbr skew export ./exports/AWSDynamoDB/01700000000000-abcdef12/",
            "  ddbr skew export s3://my-exports/orders/ --top 20 -o json",
            "  ddbr skew export ./export --key tenant --index by-status=status --max-key-share 0.05",
            "  ddbr skew export --table orders --to s3://my-exports/orders --timeout 2h",
            "  ddbr skew export s3://my-exports/orders/AWSDynamoDB/01700000000000-abcdef12/ --engine athena \\",
            "      --athena-output s3://my-athena-results/ddbr/",
            "",
            "[API: s3:ListBucket, s3:GetObject (for s3:// paths), DescribeTable (without --key); --table: DescribeTable, "
                    + "DescribeContinuousBackups, ListExports, ExportTableToPointInTime, DescribeExport, s3:GetBucketLocation; --engine "
                    + "athena: athena:GetWorkGroup, StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution, "
                    + "glue:GetDatabase, glue:CreateTable, glue:GetTable, glue:DeleteTable, s3:GetObject and s3:ListBucket on the "
                    + "export, s3:PutObject and s3:GetBucketLocation on the results location]"})
public class SkewExportCommand extends BaseCommand {
    @Parameters(paramLabel = "PATH", arity = "0..1", description = "The export: a local folder or s3://bucket/prefix "
            + "(or --table and --to to start one).")
    String path;

    @Option(names = "--table", paramLabel = "TABLE", description = "Start a server-side export of this table (with --to), "
            + "wait for it, then analyse it; instead of PATH.")
    String table;

    @Option(names = "--to", paramLabel = "s3://BUCKET/PREFIX", description = "With --table: where the export goes.")
    String to;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "With --table: give up waiting for the export after "
            + "this long, e.g. 45m, 2h (default: 6h); the export goes on in AWS.")
    String timeout;

    @Option(names = "--key", paramLabel = "ATTR", description = "The table's partition key attribute (skips DescribeTable).")
    String key;

    @Option(names = "--index", paramLabel = "NAME=ATTR", description = "A GSI and its partition key attribute; repeatable. "
            + "Only with --key; its entries are sized as whole items.")
    List<String> indexes = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Data files read at once (default: the cores; at least 8 for S3).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "Who counts the keys: local (this machine, the "
            + "default), athena (Amazon Athena, s3:// exports only) or auto (Athena from athena.auto_threshold of the "
            + "manifest's billed size, else local). Valid values: ${COMPLETION-CANDIDATES}.")
    EngineChoice.Engine engine;

    @Option(names = "--athena-workgroup", paramLabel = "NAME", description = "Athena workgroup (default: athena.workgroup "
            + "in the profile, else primary).")
    String athenaWorkgroup;

    @Option(names = "--athena-database", paramLabel = "NAME", description = "Glue database for the temporary table "
            + "(default: athena.database, else default).")
    String athenaDatabase;

    @Option(names = "--athena-output", paramLabel = "s3://BUCKET/PREFIX", description = "Where Athena writes query results "
            + "(default: athena.output, else the workgroup's result location).")
    String athenaOutput;

    @Option(names = "--auto-threshold", paramLabel = "SIZE", description = "With --engine auto: the billed export size from "
            + "which Athena is used, e.g. 20GB, 1TB (default: athena.auto_threshold, else 50GB).")
    String autoThreshold;

    @Mixin
    SkewOptions skew;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Mixin
    ChartOption chartOption = new ChartOption();

    @Override
    protected int execute() {
        reportOption.check();
        chartOption.apply(ctx());
        AthenaRun.check(athenaWorkgroup, athenaDatabase, athenaOutput);
        if (autoThreshold != null) dev.ddbr.util.ByteSizes.parse(autoThreshold, "--auto-threshold");
        if (table != null || to != null || timeout != null) {
            if (path != null) {
                throw DdbrException.invalid("give either PATH (an existing export) or --table and --to (start one), not both",
                        "e.g. ddbr skew export --table orders --to s3://my-exports/orders");
            }
            if (table == null || to == null) {
                throw DdbrException.invalid(table == null ? (to != null ? "--to" : "--timeout") + " goes with --table TABLE"
                        : "--table needs --to s3://BUCKET/PREFIX (where the export goes)",
                        "e.g. ddbr skew export --table " + (table == null ? "orders" : table) + " --to s3://my-exports/"
                                + (table == null ? "orders" : table));
            }
            dev.ddbr.table.TableNames.require(table);
            path = new StartedExport(this).run();
        } else if (path == null) {
            throw DdbrException.invalid("say which export to analyse: PATH, or --table TABLE --to s3://BUCKET/PREFIX to start one",
                    "e.g. ddbr skew export s3://my-exports/orders/ or ddbr skew export --table orders --to s3://my-exports/orders");
        }
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
        if (this.table != null && export.tableName() != null && !this.table.equals(export.tableName())) {
            throw DdbrException.aws("the export in " + path + " is of '" + export.tableName() + "', not '" + this.table + "'",
                    "check the export with: " + ddbrCommand("backup", "status", export.exportArn()), null);
        }
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
        EngineChoice.Choice choice = chooseEngine(export);
        if (choice.reason() != null) console().verbose(choice.reason());
        if (choice.athena()) return athena(export, targets, settings, s, table, choice);
        int cores = Runtime.getRuntime().availableProcessors();
        int n = threads != null ? threads : export.store().preferredParallelism(cores);
        ExportAnalyzer.Control control = new ExportAnalyzer.Control();
        TableSettings st = settings;
        ExportAnalyzer.Result result;
        try (PartialOnInterrupt partial = new PartialOnInterrupt(console(), "export analysis",
                () -> partialReport(control, export, targets, st, s, table), this::render)) {
            try (ItemProgress progress = partial.track(ItemProgress.of(console(), "items read", export.itemCount()))) {
                result = ExportAnalyzer.analyze(export, targets, n, skew.exactKeys, progress::set, control);
            } catch (ExportAnalyzer.Stopped e) {
                PartialOnInterrupt.awaitHalt();
                return 130;
            } catch (RuntimeException e) {
                if (partial.interrupted()) PartialOnInterrupt.awaitHalt();
                throw e;
            }
            SkewReport report = report(result, export, targets, settings, s, table);
            if (!partial.claim()) return 130;
            render(report);
            SkewReport done = report;
            reportOption.write(ctx(), spec, meta -> Reports.of(done, meta));
            return report.hot() ? 1 : 0;
        }
    }

    private EngineChoice.Choice chooseEngine(NativeExport export) {
        EngineChoice.Engine e = engine == null ? EngineChoice.Engine.local : engine;
        if (e == EngineChoice.Engine.local && (athenaWorkgroup != null || athenaDatabase != null || athenaOutput != null)) {
            throw DdbrException.invalid("--athena-workgroup, --athena-database and --athena-output go with --engine athena or auto",
                    "add --engine athena");
        }
        if (autoThreshold != null && e != EngineChoice.Engine.auto) {
            throw DdbrException.invalid("--auto-threshold goes with --engine auto", "add --engine auto");
        }
        if (e == EngineChoice.Engine.local) return new EngineChoice.Choice(false, null);
        var athena = ctx().profileOrEmpty().athena();
        String thresholdText = autoThreshold != null ? autoThreshold : athena.autoThreshold();
        long threshold = e == EngineChoice.Engine.auto
                ? dev.ddbr.util.ByteSizes.parse(thresholdText, autoThreshold != null ? "--auto-threshold" : "athena.auto_threshold") : 0;
        boolean s3 = path.startsWith("s3://");
        Long billed = s3 && e == EngineChoice.Engine.auto ? EngineChoice.billedBytes(export) : null;
        return EngineChoice.choose(e, s3, billed, threshold, thresholdText);
    }

    /** --engine athena: the counts run in Athena; the report is assembled as the local one's. */
    private int athena(NativeExport export, List<SkewTarget> targets, TableSettings settings, TableProfile.Skew s, String table,
                       EngineChoice.Choice choice) {
        var prof = ctx().profileOrEmpty().athena();
        String wg = athenaWorkgroup != null ? athenaWorkgroup : prof.workgroup();
        String db = athenaDatabase != null ? athenaDatabase : prof.database();
        String out = athenaOutput != null ? athenaOutput : prof.output().orElse(null);
        AthenaRun run = AthenaRun.open(aws(), wg, db, out, console()::verbose);
        String again = ddbrCommand(rerunArgs());
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> "ddbr: interrupted; " + run.abort()
                + "; nothing else was changed; run again with: " + again)) {
            AthenaRun.Outcome o = run.analyze(export, targets, settings, s, table, choice.reason());
            if (o.itemsMismatch() != null) console().warn(o.itemsMismatch());
            render(o.report());
            SkewReport done = o.report();
            reportOption.write(ctx(), spec, meta -> Reports.of(done, meta));
            return o.report().hot() || o.itemsMismatch() != null ? 1 : 0;
        }
    }

    /** This run's arguments, for "run again with". */
    private String[] rerunArgs() {
        List<String> a = new ArrayList<>(List.of("skew", "export", path));
        if (engine != null) { a.add("--engine"); a.add(engine.name()); }
        if (athenaWorkgroup != null) { a.add("--athena-workgroup"); a.add(athenaWorkgroup); }
        if (athenaDatabase != null) { a.add("--athena-database"); a.add(athenaDatabase); }
        if (athenaOutput != null) { a.add("--athena-output"); a.add(athenaOutput); }
        if (autoThreshold != null) { a.add("--auto-threshold"); a.add(autoThreshold); }
        if (key != null) { a.add("--key"); a.add(key); }
        for (String ix : indexes) { a.add("--index"); a.add(ix); }
        return a.toArray(String[]::new);
    }

    // for StartedExport (same package; BaseCommand's members are protected)
    dev.ddbr.aws.ClientFactory clients() { return aws(); }
    dev.ddbr.output.Console out() { return console(); }
    String command(String... args) { return ddbrCommand(args); }
    /** The command that analyses {@code dir} later with this run's key options. */
    String analyseLater(String dir) {
        String saved = path;
        path = dir;
        try {
            return ddbrCommand(rerunArgs());
        } finally {
            path = saved;
        }
    }

    /** From the shutdown hook: the report of what was read, marked partial; null when nothing was. */
    private SkewReport partialReport(ExportAnalyzer.Control control, NativeExport export, List<SkewTarget> targets,
                                     TableSettings settings, TableProfile.Skew s, String table) {
        ExportAnalyzer.Result r = control.stop(5000);
        if (r == null || r.partial() == null) return null;
        ExportAnalyzer.Partial p = r.partial();
        List<SkewReport.Coverage> cov = List.of(new SkewReport.Coverage("export", "data files", p.filesDone(), p.filesPartly(),
                p.files(), p.itemsRead()));
        return report(r, export, targets, settings, s, table).asPartial(cov);
    }

    private SkewReport report(ExportAnalyzer.Result result, NativeExport export, List<SkewTarget> targets,
                              TableSettings settings, TableProfile.Skew s, String table) {
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
        if (result.partial() == null) {
            notes.add(String.format("export %s of %s, %s format, %d data files, manifests and item counts verified%s",
                    export.exportArn() == null ? "(no ARN)" : export.exportArn().substring(export.exportArn().lastIndexOf('/') + 1),
                    export.exportTime() == null ? "an unknown time" : export.exportTime(), export.format(), result.dataFiles(),
                    export.files().stream().allMatch(f -> f.md5Checksum() != null) ? ", checksums verified" : ""));
        } else {
            notes.add(String.format("export %s, %s format: interrupted after %d of %d data files (%d more in part); only the "
                    + "files read to their end were checked against the manifest", export.exportArn() == null ? "(no ARN)"
                    : export.exportArn().substring(export.exportArn().lastIndexOf('/') + 1), export.format(),
                    result.partial().filesDone(), result.dataFiles(), result.partial().filesPartly()));
        }
        if (key != null && !indexes.isEmpty()) notes.add("GSI entries sized as whole items (projection unknown without DescribeTable)");
        return SkewAssembler.assemble(c, tablePart, parts, notes);
    }
}
