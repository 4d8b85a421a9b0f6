package dev.ddbr.backup.logical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.output.Renderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress of one import (a source into a target table), saved atomically so a crashed or interrupted
 * import resumes where it stopped. For each data file it records how many leading lines are written:
 * every batch below that mark succeeded. Batches above it may have been written too; writing them again
 * puts the same items under the same keys, so a resume leaves no duplicates and no gaps.
 */
public final class ImportJournal {
    private static final ObjectMapper JSON = Renderer.json().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What is saved: JSON, documented in docs/backups.md. */
    public record State(String source, String table, String manifestSha256, boolean createdTable,
                        Map<String, Long> linesDone, boolean complete) {}

    private final Path file;
    private final String source;
    private final String table;
    private final String manifestSha;
    private boolean createdTable;
    private final Map<String, Long> done = new TreeMap<>();
    private boolean complete;
    private long lastSave;

    private ImportJournal(Path file, String source, String table, String manifestSha) {
        this.file = file;
        this.source = source;
        this.table = table;
        this.manifestSha = manifestSha;
    }

    /** The journal for this source and table in {@code dir}: loaded when a previous run left one. */
    public static ImportJournal open(Path dir, String source, String table, String manifestSha) {
        Path f = dir.resolve("import-" + table + "-" + manifestSha.substring(0, 16) + ".json");
        ImportJournal j = new ImportJournal(f, source, table, manifestSha);
        if (Files.isRegularFile(f)) {
            try {
                State s = JSON.readValue(f.toFile(), State.class);
                if (manifestSha.equals(s.manifestSha256()) && !s.complete()) {
                    j.createdTable = s.createdTable();
                    if (s.linesDone() != null) j.done.putAll(s.linesDone());
                }
            } catch (IOException e) {
                // a damaged journal: start over (writes are idempotent)
            }
        }
        return j;
    }

    public Path file() { return file; }

    public synchronized boolean resuming() { return !done.isEmpty() || createdTable; }

    public synchronized boolean createdTable() { return createdTable; }

    public synchronized long linesDone(String path) { return done.getOrDefault(path, 0L); }

    public synchronized long totalDone() { return done.values().stream().mapToLong(Long::longValue).sum(); }

    public synchronized void markCreated() {
        createdTable = true;
        save();
    }

    /** Record progress; saved at most every {@code minMillis} unless forced. */
    public synchronized void advance(String path, long lines, boolean force, long minMillis) {
        done.put(path, Math.max(lines, done.getOrDefault(path, 0L)));
        long now = System.currentTimeMillis();
        if (force || now - lastSave >= minMillis) {
            save();
            lastSave = now;
        }
    }

    public synchronized void finish() {
        complete = true;
        save();
    }

    public synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new State(source, table, manifestSha, createdTable, new TreeMap<>(done), complete));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the import journal " + file, e);
        }
    }
}
