package dev.ddbr.backup.logical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.output.Renderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Progress of one import (a source into a target table), saved atomically so a crashed or interrupted
 * import resumes where it stopped. For each data file it records how many leading lines are written:
 * every batch below that mark succeeded. Batches above it may have been written too; writing them again
 * puts the same items under the same keys, so a resume leaves no duplicates and no gaps.
 *
 * <p>The progress is only true of the very table it was written into, so the journal also records that
 * table's identity ({@link Target}: ARN, creation time, explicit endpoint). A journal whose table is not the
 * target as it is now (deleted and re-created, another account, Region or endpoint, or a journal from before
 * the identity was recorded) is set aside and the import starts from the first item.
 */
public final class ImportJournal {
    private static final ObjectMapper JSON = Renderer.json().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Suffix of a journal that was set aside (the latest one per journal file is kept for inspection). */
    public static final String SET_ASIDE = ".set-aside";

    /**
     * Which table a journal's progress is true of.
     *
     * @param tableArn     the table's ARN (names the account and the Region)
     * @param tableCreated the table's CreationDateTime: a table deleted and re-created under the same name differs
     * @param endpoint     the explicit DynamoDB endpoint in use, null for the default one
     */
    public record Target(String tableArn, Instant tableCreated, String endpoint) {
        /** Both ARN and creation time are known: without them no journal can be shown to be of this table. */
        public boolean identified() { return tableArn != null && tableCreated != null; }
    }

    /** What is saved: JSON, documented in docs/backups.md. */
    public record State(String source, String table, String manifestSha256, String tableArn, Instant tableCreated,
                        String endpoint, boolean createdTable, Map<String, Long> linesDone, boolean complete,
                        String createToken) {}

    /**
     * The tag an import puts on the table it creates: its value is the run's {@code createToken}, saved in the journal
     * before CreateTable is sent, so a table found afterwards can be shown to be the one this import created.
     */
    public static final String CREATE_TAG = "ddbr:import-token";

    private final Path file;
    private final String source;
    private final String table;
    private final String manifestSha;
    /** An unfinished journal found on disk, not yet matched against the target. */
    private final State found;
    private Target target;
    private boolean createdTable;
    private final Map<String, Long> done = new TreeMap<>();
    private boolean complete;
    /** Sent with CreateTable as the {@link #CREATE_TAG} value, or null before any CreateTable. */
    private String createToken;
    private boolean setAsidePending;
    private long lastSave;

    private ImportJournal(Path file, String source, String table, String manifestSha, State found) {
        this.file = file;
        this.source = source;
        this.table = table;
        this.manifestSha = manifestSha;
        this.found = found;
    }

    /**
     * The journal for this source and table in {@code dir}. An unfinished journal a previous run left is read
     * but not trusted: {@link #bind} decides, against the target as it is now, whether its progress is used.
     */
    public static ImportJournal open(Path dir, String source, String table, String manifestSha) {
        Path f = dir.resolve("import-" + table + "-" + manifestSha.substring(0, 16) + ".json");
        State found = null;
        if (Files.isRegularFile(f)) {
            try {
                State s = JSON.readValue(f.toFile(), State.class);
                boolean progress = s.createdTable() || s.createToken() != null || (s.linesDone() != null && !s.linesDone().isEmpty());
                if (manifestSha.equals(s.manifestSha256()) && !s.complete() && progress) found = s;
            } catch (IOException e) {
                // a damaged journal: start over (writes are idempotent)
            }
        }
        return new ImportJournal(f, source, table, manifestSha, found);
    }

    /**
     * Match the journal found on disk against the target table as it is now ({@code now} empty: the table does
     * not exist; {@code endpointNow}: the explicit DynamoDB endpoint in use, or null). Its progress is used only
     * when it was written for this very table; otherwise it is set aside (renamed on the first save; this import
     * starts from the first item) and the returned text names the table it was written for, e.g. {@code a journal from an import into a different table 'x' (created …)}.
     */
    public synchronized Optional<String> bind(Optional<Target> now, String endpointNow) {
        target = now.orElse(null);
        if (found == null) return Optional.empty();
        Target then = found.tableArn() == null || found.tableCreated() == null ? null
                : new Target(found.tableArn(), found.tableCreated(), found.endpoint());
        if (then != null && target != null && target.identified() && then.equals(target)) {
            createdTable = found.createdTable();
            if (found.linesDone() != null) done.putAll(found.linesDone());
            return Optional.empty();
        }
        setAsidePending = true;
        if (then == null) {
            return Optional.of("a journal from an import into '" + table + "' that does not record which table it was"
                    + " written for (written by an earlier ddbr)");
        }
        List<String> about = new ArrayList<>();
        if (target == null || !then.tableArn().equals(target.tableArn())) about.add(then.tableArn());
        about.add("created " + then.tableCreated().truncatedTo(ChronoUnit.SECONDS));
        if (!Objects.equals(then.endpoint(), endpointNow)) {
            about.add(then.endpoint() == null ? "default endpoint" : "endpoint " + then.endpoint());
        }
        if (target != null && !target.identified()) about.add("the table here now has no ARN or creation time to compare");
        return Optional.of("a journal from an import into a different table '" + table + "' (" + String.join(", ", about) + ")");
    }

    public Path file() { return file; }

    /**
     * The token of an earlier run's CreateTable whose outcome that run never learned (the response was lost, or it
     * was stopped right after sending it): the table it may have created carries it in {@link #CREATE_TAG}.
     */
    public synchronized Optional<String> pendingCreateToken() {
        return found == null || found.createdTable() || found.tableArn() != null ? Optional.empty()
                : Optional.ofNullable(found.createToken());
    }

    /**
     * The target exists and carries the pending create token: it is the table the earlier run of this import created.
     * The journal is now of it (nothing written yet), and the import resumes into it.
     */
    public synchronized void adoptCreated(Target table) {
        target = Objects.requireNonNull(table);
        createToken = found.createToken();
        done.clear();
        createdTable = true;
        setAsidePending = false;
        save();
    }

    /** Saves a new token before CreateTable is sent; returns it, to be put on the table as {@link #CREATE_TAG}. */
    public synchronized String beginCreate() {
        createToken = java.util.UUID.randomUUID().toString();
        target = null;
        done.clear();
        createdTable = false;
        save();
        return createToken;
    }

    /** The token sent with this run's CreateTable, or null. */
    public synchronized String createToken() { return createToken; }

    /** Progress of an earlier run into this very table is being used. */
    public synchronized boolean resuming() { return !done.isEmpty() || createdTable; }

    public synchronized boolean createdTable() { return createdTable; }

    public synchronized long linesDone(String path) { return done.getOrDefault(path, 0L); }

    public synchronized long totalDone() { return done.values().stream().mapToLong(Long::longValue).sum(); }

    /** This run created the table: whatever an earlier journal said is of another table. */
    public synchronized void markCreated(Target created) {
        target = Objects.requireNonNull(created);
        done.clear();
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
            if (setAsidePending) {
                if (Files.isRegularFile(file)) {
                    Files.move(file, file.resolveSibling(file.getFileName() + SET_ASIDE), StandardCopyOption.REPLACE_EXISTING);
                }
                setAsidePending = false;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            // no credential value in a journal, whatever a server echoed
            Files.writeString(tmp, dev.ddbr.output.Redactor.maskValues(JSON.writeValueAsString(new State(source, table, manifestSha,
                    target == null ? null : target.tableArn(), target == null ? null : target.tableCreated(),
                    target == null ? null : target.endpoint(), createdTable, new TreeMap<>(done), complete, createToken))));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the import journal " + file, e);
        }
    }
}
