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
    /**
     * AWS refused the call that starts the restore (a ValidationException, a limit, a missing permission): nothing was
     * created, {@link State#failure} says why, and a new restore into the same target starts afresh.
     */
    public static final String FAILED = "FAILED";

    /** Whether a journal in this phase stands in the way of a new restore into its target: only one AWS accepted. */
    public static boolean underWay(String phase) {
        return !DONE.equals(phase) && !FAILED.equals(phase);
    }

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
        /**
         * A restore into a new table made without --with-integrations: Kinesis destinations and alarms are not copied.
         * False in journals written before the option existed, which copied them.
         */
        public boolean skipIntegrations;
        /** --replace: the source's stream before the delete, and the Lambda mappings that read it. */
        public String oldStreamArn;
        public String newStreamArn;
        public List<StreamConsumer> streamConsumers;
        /** --replace: why the mappings could not be listed (null when they were). */
        public String streamConsumersUnknown;
        /** --replace: the old stream's resource-based policy, put on the new stream at the end. */
        public String streamPolicy;
        /** Count the items of the restored table at the end (--verify-items, or the profile's size rule). */
        public Boolean verifyItems;
        /** The source's item count at the restore's time, where known, and where that figure comes from. */
        public Long sourceItemsAtTime;
        public String sourceItemsBasis;
        /** The restored table's items, counted with Scan Select=COUNT; or why they could not be counted. */
        public Long targetItems;
        public String itemsProblem;
        /** FAILED: AWS's answer to the refused restore call, one line. */
        public String failure;
        public Instant failedAt;
        public TableSettings sourceSettings;
        public RestorePlan plan;
        public Map<String, FixUpResult> fixUps = new LinkedHashMap<>();
        public List<DriftItem> drift = new ArrayList<>();
        public List<String> unverified = new ArrayList<>();
        /** How many times each step ran: the resume test checks nothing ran twice. */
        public Map<String, Integer> runs = new LinkedHashMap<>();
        /**
         * When each step started and finished, in order (the report's step timeline). Empty in journals written before
         * it existed: the report then draws the restore from startedAt, restoreRequestedAt, activeAt and finishedAt.
         */
        public List<StepTime> steps = new ArrayList<>();

        public void ran(String step) { runs.merge(step, 1, Integer::sum); }

        /** Record that {@code step} ran from {@code from} to {@code to} (a step resumed twice keeps both runs). */
        public void timed(String step, Instant from, Instant to) {
            if (steps == null) steps = new ArrayList<>();
            steps.add(new StepTime(step, from, to));
        }
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

    /** Every journal under the state directory, the archived ones too, newest first; one that cannot be read says so. */
    public RestoreList list() {
        List<RestoreList.Entry> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.walk(dir, 2)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).toList()) {
                    String region = f.getParent().getFileName().toString();
                    String name = f.getFileName().toString();
                    boolean archived = name.endsWith(".done.json");
                    try {
                        State s = MAPPER.readValue(f.toFile(), State.class);
                        out.add(new RestoreList.Entry(s.region, s.target, s.kind, s.source, s.backupArn, s.replace, status(s), s.phase,
                                s.restoreTo, s.startedAt, s.finishedAt, archived, Journal.FAILED.equals(s.phase) ? s.failure : null,
                                f.toString()));
                    } catch (IOException e) {
                        String target = name.replaceAll("(\\.\\d+\\.done)?\\.json$", "");
                        out.add(new RestoreList.Entry(region, target, null, null, null, false, "UNREADABLE", null, null, null, null,
                                archived, e.getMessage().lines().findFirst().orElse(""), f.toString()));
                    }
                }
            } catch (IOException e) {
                throw new DdbrException(ExitCodes.CONFIG, "cannot list the restore journals in " + dir + ": " + e.getMessage(),
                        "check that the state directory is readable, or set DDBR_STATE_DIR", e);
            }
        }
        out.sort(java.util.Comparator.comparing((RestoreList.Entry e) -> e.startedAt() == null ? Instant.EPOCH : e.startedAt()).reversed());
        return new RestoreList(dir.toString(), List.copyOf(out));
    }

    /** The status a journal's report would show, without reading anything else. */
    static String status(State s) {
        if (FAILED.equals(s.phase)) return RestoreReport.FAILED;
        if (!DONE.equals(s.phase)) return RestoreReport.IN_PROGRESS;
        boolean problems = !s.drift.isEmpty() || s.fixUps.values().stream().anyMatch(f -> FixUpResult.FAILED.equals(f.status()));
        return problems ? RestoreReport.COMPLETE_WITH_PROBLEMS : RestoreReport.COMPLETE;
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
