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

    /**
     * @param items   items read, which equals the manifest's count (the reader checks every file); when partial, the
     *                items counted
     * @param partial how far an interrupted run got; null when whole
     */
    public record Result(ItemTally tally, long items, int dataFiles, Partial partial) {
        public Result(ItemTally tally, long items, int dataFiles) {
            this(tally, items, dataFiles, null);
        }
    }

    /** @param filesDone data files read to their end; @param filesPartly files of which a part was counted */
    public record Partial(int filesDone, int filesPartly, int files, long itemsRead) {}

    /** The export analysis stopped by {@link Control#stop} for a partial report. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped for a partial report", null, false, false);
        }
    }

    /** Lets another thread (a shutdown hook) stop a run and take what it counted. */
    public static final class Control {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicInteger filesDone = new AtomicInteger();
        private volatile boolean stopped;
        private volatile List<Thread> workers;
        private volatile List<ItemTally> tallies;
        private volatile int files;
        private volatile AtomicInteger next;
        private ItemTally merged;

        /**
         * Stops the run and returns what it counted (files read to their end, and the records of the others read
         * so far); null when it had not started or a worker did not stop within {@code waitMillis}.
         */
        public Result stop(long waitMillis) {
            stopped = true;
            cancelled.set(true);
            List<Thread> ws = workers;
            if (ws == null) return null;
            long deadline = System.nanoTime() + waitMillis * 1_000_000L;
            List<ItemTally> stopped = new ArrayList<>();
            try {
                for (int i = 0; i < ws.size(); i++) {
                    Thread t = ws.get(i);
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    // a worker still blocked in a read (a slow S3 GET) keeps its tally: its counts are left out
                    if (!t.isAlive()) stopped.add(tallies.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (stopped.isEmpty()) return null;
            ItemTally m;
            if (stopped.size() == ws.size()) {
                m = merge();
            } else {
                m = stopped.get(0);
                for (int i = 1; i < stopped.size(); i++) m.merge(stopped.get(i));
            }
            int done = filesDone.get();
            int handed = Math.min(files, next.get());
            return new Result(m, m.stats(0).items(), files, new Partial(done, Math.max(0, handed - done), files, m.stats(0).items()));
        }

        /** The workers' tallies merged, once (the run's thread and the hook may both ask). */
        synchronized ItemTally merge() {
            if (merged == null) {
                List<ItemTally> ts = tallies;
                merged = ts.get(0);
                for (int i = 1; i < ts.size(); i++) merged.merge(ts.get(i));
            }
            return merged;
        }
    }

    public static Result analyze(NativeExport export, List<SkewTarget> targets, int threads, int exactLimit,
                                 LongConsumer progress) {
        return analyze(export, targets, threads, exactLimit, progress, new Control());
    }

    public static Result analyze(NativeExport export, List<SkewTarget> targets, int threads, int exactLimit,
                                 LongConsumer progress, Control control) {
        List<NativeExport.DataFile> files = export.files();
        int n = Math.max(1, Math.min(threads, Math.max(1, files.size())));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean cancelled = control.cancelled;
        control.next = next;
        control.files = files.size();
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
                        if (got >= 0) control.filesDone.incrementAndGet();
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
        }
        control.tallies = tallies;
        control.workers = workers;
        for (Thread t : workers) t.start();
        try {
            for (Thread t : workers) t.join();
            if (control.stopped) throw new Stopped();
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
        ItemTally merged = control.merge();
        if (control.stopped) throw new Stopped();
        return new Result(merged, items.get(), files.size());
    }
}
