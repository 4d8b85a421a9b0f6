package dev.ddbr.cli.skew;

import dev.ddbr.backup.Poller;
import dev.ddbr.backup.nativeio.NativeExport;
import dev.ddbr.backup.nativeio.NativeExports;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Progress;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code skew export --table TABLE --to s3://...}: starts DynamoDB's server-side export with the preflight of
 * {@code backup export --native}, waits for it, and returns the export's folder for the analysis. Interrupted or timed
 * out, the export goes on in AWS; the notice says how to follow it and how to analyse it later.
 */
final class StartedExport {
    private final SkewExportCommand c;

    StartedExport(SkewExportCommand c) {
        this.c = c;
    }

    String run() {
        if (!c.to.startsWith("s3://") || c.to.length() <= 5 || c.to.charAt(5) == '/') {
            throw DdbrException.invalid("--to takes an S3 location, s3://BUCKET/PREFIX, not '" + c.to + "'",
                    "e.g. --to s3://my-exports/" + c.table + "; to analyse a local export give its folder as PATH");
        }
        Duration timeout = Durations.parse(c.timeout == null ? "6h" : c.timeout, "--timeout");
        String rest = c.to.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        Instant now = Instant.now();
        NativeExports.Request req = new NativeExports.Request(c.table, bucket, prefix, "DYNAMODB_JSON", null, null, null,
                null, null, null, null);
        req.validate(now);

        NativeExports svc = new NativeExports(c.clients(), Poller.standard());
        List<String> notes = new ArrayList<>();
        AtomicReference<NativeExport> started = new AtomicReference<>();
        Progress progress = Progress.of(c.out());
        NativeExport done;
        try (var notice = dev.ddbr.cli.InterruptNotice.on(c.out().err(), () -> {
            progress.stop();
            NativeExport e = started.get();
            return e == null
                    ? "ddbr: interrupted before the export was started; run the command again"
                    : "ddbr: interrupted; the export goes on in AWS (" + e.exportArn() + "); " + later(e);
        })) {
            NativeExport e = svc.start(req, notes);
            started.set(e);
            notes.forEach(n -> c.out().warn(n));
            c.out().info("export of " + c.table + " started: " + e.exportArn() + "; the analysis follows once it is COMPLETED");
            Instant t0 = Instant.now();
            done = svc.waitDone(e, timeout, s -> progress.update("export of " + c.table + ": " + s.status() + ", "
                    + Durations.format(Duration.between(t0, Instant.now()))), later(e));
            progress.done();
        }
        if (!"COMPLETED".equals(done.status())) {
            throw DdbrException.aws("the export of '" + c.table + "' ended " + done.status()
                            + (done.failureCode() == null ? "" : ": " + done.failureCode())
                            + (done.failureMessage() == null ? "" : " (" + done.failureMessage() + ")") + "; nothing to analyse",
                    "fix the cause (bucket policy, KMS key permissions) and run the command again", null);
        }
        String dir = done.exportDir() != null ? done.exportDir() : folder(done);
        c.out().info("export of " + c.table + " COMPLETED" + (done.itemCount() == null ? "" : " (" + done.itemCount() + " items)")
                + "; analysing " + dir);
        return dir;
    }

    /** Follow it, then analyse it: for the interrupt notice and the timeout's hint. */
    private String later(NativeExport e) {
        return "follow it with: " + c.command("backup", "status", e.exportArn()) + "; once it is COMPLETED, analyse it with: "
                + c.analyseLater(folder(e));
    }

    /** s3://bucket/prefix/AWSDynamoDB/ID/, where the service writes the export (known before it names its manifest). */
    static String folder(NativeExport e) {
        String p = e.s3Prefix() == null || e.s3Prefix().isEmpty() ? "" : e.s3Prefix() + (e.s3Prefix().endsWith("/") ? "" : "/");
        return "s3://" + e.s3Bucket() + "/" + p + "AWSDynamoDB/" + e.exportId() + "/";
    }
}
