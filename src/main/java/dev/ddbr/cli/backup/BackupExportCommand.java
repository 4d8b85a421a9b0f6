package dev.ddbr.cli.backup;

import dev.ddbr.output.ItemProgress;

import dev.ddbr.backup.logical.BackupLocation;
import dev.ddbr.backup.logical.Exporter;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export",
        description = {"Write a portable logical backup of TABLE to a directory or S3 prefix, or start DynamoDB's own export to S3 (--native).",
            "",
            "A parallel Scan within a read budget, saved as gzip DynamoDB JSON lines (the line format of a native export), one file per segment, and manifest.json with item counts, a SHA-256 per file and the table's full settings snapshot.",
            "",
            "Works with any account, Region or DynamoDB-compatible endpoint. The destination must be empty. A file named _incomplete is written first and manifest.json last; the marker is removed when the export is complete, so a destination without manifest.json is not a backup. Ctrl-C exits 130; an interrupted export does not resume: remove the destination (or choose another) and run it again.",
            "",
            "With --native s3://BUCKET/PREFIX: DynamoDB's server-side export (ExportTableToPointInTime), which spends no read capacity and fits tables of any size; the table needs point-in-time recovery (the preflight says how to turn it on). A full export of now or of --export-time, or --incremental --from T1 [--to T2] (the changes in a window of 15m to 24h). The bucket may be in another Region or account (--bucket-owner); --sse and --kms-key encrypt the files. Waits with progress until the export is COMPLETED (--no-wait returns at once); Ctrl-C and --timeout leave the export running in AWS and print how to follow it (ddbr backup status EXPORT_ARN). The result names the export ARN, item count, bytes and the manifest; the export folder (s3://.../AWSDynamoDB/ID/) is what 'backup import' and 'skew export' read.",
            "",
            "Examples:",
            "  ddbr backup export orders --to /backups/orders-2025-06-30",
            "  ddbr backup export orders --to s3://my-backups/orders/2025-06-30",
            "  ddbr backup export orders --to /backups/o --segments 16 --read-budget 500",
            "  ddbr backup export orders --native s3://my-exports/orders",
            "  ddbr backup export orders --native s3://exp/o --format ion --export-time -1h",
            "  ddbr backup export orders --native s3://exp/o --incremental --from -3h",
            "",
            "[API: Scan, DescribeTable (+ the settings snapshot's describe calls), s3:PutObject, s3:ListBucket, s3:DeleteObject; --native: DescribeTable, DescribeContinuousBackups, ListExports, DescribeExport, ExportTableToPointInTime, s3:GetBucketLocation]"})
public class BackupExportCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", description = "The table to export.")
    String table;

    @Option(names = "--to", paramLabel = "DIR|s3://BUCKET/PREFIX|WHEN",
            description = "Where the backup goes (must be empty). With --native --incremental: the end of the window (ISO-8601 or -DURATION; default: the latest time).")
    String to;

    @Option(names = "--native", paramLabel = "s3://BUCKET/PREFIX",
            description = "Start DynamoDB's server-side export to this S3 prefix instead of scanning (needs PITR on the table).")
    String nativeTo;

    enum Format { dynamodb_json, ion }

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "With --native: dynamodb-json (default) or ion.")
    Format format;

    @Option(names = "--export-time", paramLabel = "WHEN",
            description = "With --native: the point in the PITR window to export, ISO-8601 or -DURATION (default: now).")
    String exportTime;

    @Option(names = "--incremental", description = "With --native: export only what changed between --from and --to (15m to 24h).")
    boolean incremental;

    @Option(names = "--from", paramLabel = "WHEN", description = "With --incremental: the start of the window, ISO-8601 or -DURATION.")
    String from;

    enum View { new_image, new_and_old_images }

    @Option(names = "--view", paramLabel = "VIEW", converter = ViewConverter.class,
            description = "With --incremental: new-and-old-images (the service's default) or new-image.")
    View view;

    @Option(names = "--bucket-owner", paramLabel = "ACCOUNT", description = "With --native: the 12-digit account that owns the bucket, when it is not the caller's.")
    String bucketOwner;

    enum Sse { aes256, kms }

    @Option(names = "--sse", paramLabel = "ALGORITHM", description = "With --native: encrypt the files with aes256 (S3-managed keys) or kms.")
    Sse sse;

    @Option(names = "--kms-key", paramLabel = "KEY", description = "With --native: the KMS key id, alias or ARN for --sse kms (implies it).")
    String kmsKey;

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.WaitOptions waitOptions = new dev.ddbr.cli.WaitOptions();

    // for NativeExportRun (same package; BaseCommand's members are protected)
    dev.ddbr.aws.ClientFactory clients() { return aws(); }
    dev.ddbr.output.Console out() { return console(); }
    void show(Object result) { render(result); }
    String command(String... args) { return ddbrCommand(args); }
    picocli.CommandLine.ParseResult parsed() { return spec.commandLine().getParseResult(); }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override public Format convert(String v) {
            try {
                return Format.valueOf(v.toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected dynamodb-json or ion, not '" + v + "'");
            }
        }
    }

    static final class ViewConverter implements picocli.CommandLine.ITypeConverter<View> {
        @Override public View convert(String v) {
            try {
                return View.valueOf(v.toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected new-image or new-and-old-images, not '" + v + "'");
            }
        }
    }

    @Option(names = "--segments", paramLabel = "N", defaultValue = "4",
            description = "Parallel Scan segments and files (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--read-budget", paramLabel = "RCU", defaultValue = "0",
            description = "Read capacity units per second to spend at most, as DynamoDB reports them; 0 = no limit and not measured (default: ${DEFAULT-VALUE}).")
    double readBudget;

    @Option(names = "--consistent", description = "Strongly consistent reads (twice the read units).")
    boolean consistent;

    @Override
    protected int execute() {
        dev.ddbr.table.TableNames.require(table);
        if (nativeTo != null) return new NativeExportRun(this).run();
        if (to == null) {
            throw DdbrException.invalid("say where the export goes: --to DIR|s3://BUCKET/PREFIX (a scan), or --native s3://BUCKET/PREFIX (DynamoDB's export)",
                    "e.g. ddbr backup export " + table + " --to /backups/" + table);
        }
        for (String[] o : new String[][] {{"--format", format == null ? null : "x"}, {"--export-time", exportTime},
                {"--incremental", incremental ? "x" : null}, {"--from", from}, {"--view", view == null ? null : "x"},
                {"--bucket-owner", bucketOwner}, {"--sse", sse == null ? null : "x"}, {"--kms-key", kmsKey}}) {
            if (o[1] != null) throw DdbrException.invalid(o[0] + " goes with --native (DynamoDB's export), not with the scan to --to", "add --native s3://BUCKET/PREFIX, or drop " + o[0]);
        }
        if (!(readBudget >= 0) || Double.isInfinite(readBudget)) {
            throw DdbrException.invalid("--read-budget must be 0 (no limit) or a positive number of read units per second, not "
                    + BackupImportCommand.budget(readBudget), "e.g. --read-budget 500; leave it out for no limit");
        }
        Exporter.Result r;
        String again = ddbrCommand("backup", "export", table, "--to", to,
                segments == 4 ? null : "--segments", segments == 4 ? null : Integer.toString(segments),
                readBudget == 0 ? null : "--read-budget", readBudget == 0 ? null : BackupImportCommand.budget(readBudget),
                consistent ? "--consistent" : null);
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<BackupLocation> where = new java.util.concurrent.atomic.AtomicReference<>();
        boolean progressLine = ctx().env().stderrTty();
        // the notice first, before the profile is read and the first client made: a Ctrl-C always gets its line
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> started.get()
                     ? (progressLine ? System.lineSeparator() : "") + "ddbr: interrupted; the export in " + where.get().describe()
                             + " is incomplete (no manifest.json) and is not a backup; remove it, then restart with: " + again
                     : "ddbr: interrupted before the export started; nothing was written; run again with: " + again);
             ItemProgress p = ItemProgress.of(console(), "items exported", 0)) {
            BackupLocation loc = BackupLocation.of(to, aws());
            where.set(loc);
            r = new Exporter(aws()).export(table, loc, new Exporter.Options(segments, readBudget, consistent), p,
                    () -> started.set(true));
        }
        r.notes().forEach(n -> console().verbose(n));
        r.settingsGaps().forEach(g -> console().warn("settings not read: " + g + "; the manifest records the gap, and 'backup import --create' cannot restore it"));
        render(r);
        return 0;
    }
}
