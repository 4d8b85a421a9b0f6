package dev.ddbr.skew;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.skew.export.DynamoIonLine;
import dev.ddbr.skew.export.DynamoJsonScanner;
import dev.ddbr.skew.export.ExportFileReader;
import dev.ddbr.skew.export.ItemFormatException;
import dev.ddbr.skew.export.NativeExport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Counts partition keys in a native export: every data file streamed once, {@code threads} files at a
 * time, one {@link ItemTally} per worker, merged at the end. Any bad file stops the whole run: no partial
 * counts are returned.
 */
public final class ExportAnalyzer {
    private ExportAnalyzer() {}

    /** @param items items read, which equals the manifest's count (the reader checks every file) */
    public record Result(ItemTally tally, long items, int dataFiles) {}

    public static Result analyze(NativeExport export, List<SkewTarget> targets, int threads, int exactLimit,
                                 LongConsumer progress) {
        List<NativeExport.DataFile> files = export.files();
        int n = Math.max(1, Math.min(threads, Math.max(1, files.size())));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicLong items = new AtomicLong();
        boolean ion = "ION".equals(export.format());
        List<ItemTally> tallies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            ItemTally tally = new ItemTally(targets, exactLimit);
            tallies.add(tally);
            Thread t = new Thread(() -> {
                DynamoJsonScanner json = new DynamoJsonScanner();
                DynamoIonLine ionLine = new DynamoIonLine();
                try {
                    int i;
                    while (!cancelled.get() && (i = next.getAndIncrement()) < files.size()) {
                        NativeExport.DataFile file = files.get(i);
                        long got = ion
                                ? ExportFileReader.read(export.store(), file, (buf, off, len) -> {
                                    tally.begin();
                                    String problem = tally.end(ionLine.scan(buf, off, len, tally));
                                    if (problem != null) throw new ItemFormatException(problem);
                                }, cancelled::get)
                                : ExportFileReader.readRecords(export.store(), file, (buf, off, end, eof) -> {
                                    tally.begin();
                                    String problem = tally.end(json.scanRecord(buf, off, end, eof, tally));
                                    if (problem != null) throw new ItemFormatException(problem);
                                    return json.recordEnd();
                                }, cancelled::get);
                        if (got > 0) {
                            long total = items.addAndGet(got);
                            if (progress != null) progress.accept(total);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    cancelled.set(true);
                }
            }, "ddbr-export-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            for (Thread t : workers) t.join();
        } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("interrupted while reading the export; nothing was changed", null);
        }
        if (failure.get() != null) {
            RuntimeException e = failure.get();
            if (e instanceof DdbrException) throw e;
            throw new IllegalStateException("export analysis failed: " + e, e);
        }
        ItemTally merged = tallies.get(0);
        for (int i = 1; i < tallies.size(); i++) merged.merge(tallies.get(i));
        return new Result(merged, items.get(), files.size());
    }
}
