package dev.ddbr.backup.nativeio;

import dev.ddbr.backup.ondemand.BackupListing;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One server-side export (ExportTableToPointInTime / DescribeExport), as {@code backup export --native} and
 * {@code backup status} print it. JSON field names are a contract (docs/backups.md). {@code manifest} is the
 * s3:// URL of the manifest-summary.json once the service names it; {@code exportDir} is the
 * {@code s3://bucket/prefix/AWSDynamoDB/<ExportId>/} folder that {@code backup import} and {@code skew export} read.
 */
public record NativeExport(String exportArn, String table, String tableArn, String status, String exportType,
                           String exportFormat, Instant exportTime, Instant startTime, Instant endTime, Long itemCount,
                           Long billedSizeBytes, String s3Bucket, String s3Prefix, String s3BucketOwner,
                           String s3SseAlgorithm, Instant incrementalFrom, Instant incrementalTo, String manifest,
                           String exportDir, String failureCode, String failureMessage, List<String> notes)
        implements TextRenderable {

    public boolean done() { return !"IN_PROGRESS".equals(status); }

    /** The export id: the last part of the ARN ({@code .../export/01234-abcd}). */
    public String exportId() {
        return exportArn == null ? null : exportArn.substring(exportArn.lastIndexOf('/') + 1);
    }

    @Override
    public void renderText(TextWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"export", exportArn});
        rows.add(new String[] {"table", table});
        rows.add(new String[] {"status", status});
        rows.add(new String[] {"type", exportType + (incrementalFrom == null ? ""
                : " (" + incrementalFrom + " .. " + (incrementalTo == null ? "latest" : incrementalTo.toString()) + ")")});
        rows.add(new String[] {"format", exportFormat});
        if (exportTime != null) rows.add(new String[] {"export time", exportTime.toString()});
        if (startTime != null) rows.add(new String[] {"started", startTime.toString()});
        if (endTime != null) rows.add(new String[] {"ended", endTime.toString()});
        if (itemCount != null) rows.add(new String[] {"items", Long.toString(itemCount)});
        if (billedSizeBytes != null) rows.add(new String[] {"size", BackupListing.bytes(billedSizeBytes)});
        rows.add(new String[] {"destination", "s3://" + s3Bucket + "/" + (s3Prefix == null ? "" : s3Prefix)});
        if (manifest != null) rows.add(new String[] {"manifest", manifest});
        if (exportDir != null) rows.add(new String[] {"export folder", exportDir});
        if (failureCode != null || failureMessage != null) {
            rows.add(new String[] {"failure", (failureCode == null ? "" : failureCode + ": ") + (failureMessage == null ? "" : failureMessage)});
        }
        out.keyValues(rows);
    }
}
