package dev.ddbr.cli.backup;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.nativeio.NativeExport;
import dev.ddbr.backup.nativeio.NativeExports;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.output.Progress;
import dev.ddbr.util.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/** {@code backup export TABLE --native s3://...}: DynamoDB's server-side export, started, followed and reported. */
final class NativeExportRun {
    private final BackupExportCommand c;

    NativeExportRun(BackupExportCommand c) {
        this.c = c;
    }

    int run() {
        var parsed = c.parsed();
        for (String o : List.of("--segments", "--read-budget", "--consistent")) {
            if (parsed.hasMatchedOption(o)) {
                throw DdbrException.invalid(o + " is for the scan export (--to); DynamoDB's export (--native) reads no capacity",
                        "drop " + o);
            }
        }
        if (!c.nativeTo.startsWith("s3://")) {
            throw DdbrException.invalid("--native takes an S3 location, not '" + c.nativeTo + "'",
                    "e.g. --native s3://my-exports/" + c.table + "; a directory goes with --to");
        }
        if (!c.incremental && (c.from != null || c.to != null || c.view != null)) {
            String o = c.from != null ? "--from" : c.to != null ? "--to" : "--view";
            throw DdbrException.invalid(o + " with --native goes with --incremental", "add --incremental, or drop " + o);
        }
        if (c.incremental && c.from == null) {
            throw DdbrException.invalid("--incremental needs --from T1 (the start of the window)", "e.g. --incremental --from -2h --to -1h");
        }
        String rest = c.nativeTo.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        Instant now = Instant.now();
        var wait = c.waitOptions.timeout();
        NativeExports.Request req = new NativeExports.Request(c.table, bucket, prefix,
                c.format == BackupExportCommand.Format.ion ? "ION" : "DYNAMODB_JSON",
                c.exportTime == null ? null : at(c.exportTime, now, "--export-time"),
                c.from == null ? null : at(c.from, now, "--from"),
                c.to == null ? null : at(c.to, now, "--to"),
                c.view == null ? null : c.view.name().toUpperCase(Locale.ROOT),
                c.bucketOwner, c.sse == null ? null : c.sse.name().toUpperCase(Locale.ROOT), c.kmsKey);
        req.validate(now);

        NativeExports svc = new NativeExports(c.clients(), Poller.standard());
        List<String> notes = new ArrayList<>();
        AtomicReference<String> arn = new AtomicReference<>();
        Progress progress = Progress.of(c.out());
        NativeExport done;
        try (var notice = dev.ddbr.cli.InterruptNotice.on(c.out().err(), () -> {
            progress.stop();
            return arn.get() == null
                    ? "ddbr: interrupted before the export was started; run the command again"
                    : "ddbr: interrupted; the export goes on in AWS (" + arn.get() + "); follow it with: " + status(arn.get());
        })) {
            NativeExport started = svc.start(req, notes);
            arn.set(started.exportArn());
            notes.forEach(n -> c.out().warn(n));
            c.out().info("export of " + c.table + " started: " + started.exportArn());
            if (!c.waitOptions.wait) {
                c.show(started);
                return ExitCodes.OK;
            }
            Instant t0 = Instant.now();
            done = svc.waitDone(started, wait, e -> progress.update("export of " + c.table + ": " + e.status() + ", "
                    + Durations.format(java.time.Duration.between(t0, Instant.now()))), status(started.exportArn()));
            progress.done();
        }
        c.show(done);
        if ("COMPLETED".equals(done.status())) return ExitCodes.OK;
        throw DdbrException.aws("the export of '" + c.table + "' ended " + done.status()
                        + (done.failureCode() == null ? "" : ": " + done.failureCode())
                        + (done.failureMessage() == null ? "" : " (" + done.failureMessage() + ")"),
                "fix the cause (bucket policy, KMS key permissions) and run the export again", null);
    }

    private String status(String arn) {
        return c.command("backup", "status", arn);
    }

    private static Instant at(String text, Instant now, String option) {
        Instant t = Durations.parseWhen(text, now);
        if (t == null) {
            throw DdbrException.invalid(option + " needs a time, not '" + text + "'", "use ISO-8601 (2025-06-30T10:00:00Z) or -DURATION (-2h)");
        }
        return t;
    }
}
