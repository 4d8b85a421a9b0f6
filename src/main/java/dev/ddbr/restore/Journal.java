package dev.ddbr.restore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.table.TableSettings;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local record of one restore, so an interrupted restore resumes where it stopped and no step runs twice.
 * One JSON file per Region and target table: {@code STATE_DIR/restores/REGION/TARGET.json}, rewritten
 * atomically after every step.
 */
public final class Journal {
    public static final String PLANNED = "PLANNED";
    /** --replace: the point-in-time restore into the staging table has been requested. */
    public static final String STAGING_REQUESTED = "STAGING_REQUESTED";
    /** --replace: the staging table is ACTIVE and holds the data at the chosen time. */
    public static final String STAGING_ACTIVE = "STAGING_ACTIVE";
    /** --replace: the safety backup of the current table and the backup of the staging table are AVAILABLE. */
    public static final String SAFETY_BACKUP = "SAFETY_BACKUP";
    public static final String SOURCE_DELETED = "SOURCE_DELETED";
    public static final String RESTORE_REQUESTED = "RESTORE_REQUESTED";
    public static final String ACTIVE = "ACTIVE";
    public static final String DONE = "DONE";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The journal's content. Public fields: it is a file format, documented in docs/restore.md. */
    public static final class State {
        public int version = 1;
        public String kind;
        public String region;
        public String source;
        public String sourceArn;
        public String target;
        public String backupArn;
        public Instant restoreTo;
        public String phase = PLANNED;
        public Instant startedAt;
        public Instant restoreRequestedAt;
        public Instant activeAt;
        public Instant finishedAt;
        public Instant restoredTo;
        public String targetArn;
        public String safetyBackupArn;
        public String safetyBackupName;
        public boolean disableDeletionProtection;
        /** --replace: the source is replaced in place (target == source). */
        public boolean replace;
        /** --replace: the new table the point-in-time restore goes into first. */
        public String stagingTable;
        /** --replace: the on-demand backup of the staging table, restored under the source's name. */
        public String stagingBackupName;
        public String stagingBackupArn;
        public boolean deletionProtectionDisabled;
        public Instant sourceDeletedAt;
        public boolean stagingDeleted;
        public TableSettings sourceSettings;
        public RestorePlan plan;
        public Map<String, FixUpResult> fixUps = new LinkedHashMap<>();
        public List<DriftItem> drift = new ArrayList<>();
        public List<String> unverified = new ArrayList<>();
        /** How many times each step ran: the resume test checks nothing ran twice. */
        public Map<String, Integer> runs = new LinkedHashMap<>();

        public void ran(String step) { runs.merge(step, 1, Integer::sum); }
    }

    private final Path dir;

    public Journal(Path stateDir) {
        this.dir = stateDir.resolve("restores");
    }

    public Path file(String region, String target) {
        return dir.resolve(region).resolve(target + ".json");
    }

    public Optional<State> load(String region, String target) {
        Path f = file(region, target);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(MAPPER.readValue(f.toFile(), State.class));
        } catch (IOException e) {
            throw new DdbrException(ExitCodes.CONFIG, "cannot read the restore journal " + f + ": " + e.getMessage(),
                    "fix or move the file; it records which restore steps have run", e);
        }
    }

    public void save(State s) {
        Path f = file(s.region, s.target);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            // no credential value in a journal, whatever a server echoed into a recorded message
            Files.writeString(tmp, dev.ddbr.output.Redactor.maskValues(MAPPER.writeValueAsString(s)));
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DdbrException(ExitCodes.CONFIG, "cannot write the restore journal " + f + ": " + e.getMessage(),
                    "check that the state directory is writable, or set DDBR_STATE_DIR", e);
        }
    }

    /** Keep a finished journal out of the way of a new restore into the same name. */
    public void archive(String region, String target, Instant now) {
        Path f = file(region, target);
        if (!Files.isRegularFile(f)) return;
        try {
            Files.move(f, f.resolveSibling(target + "." + now.toEpochMilli() + ".done.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DdbrException(ExitCodes.CONFIG, "cannot archive the restore journal " + f + ": " + e.getMessage(),
                    "move the file away by hand", e);
        }
    }
}
