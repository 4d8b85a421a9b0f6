package dev.ddbr.backup.logical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Renderer;
import dev.ddbr.table.TableSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json} of a ddbr logical backup, written last (a directory without one is not a complete
 * backup). JSON field names are a documented contract (docs/backups.md).
 *
 * @param format   always {@code ddbr-logical-backup}
 * @param version  format version, 1
 * @param lineFormat always {@code DYNAMODB_JSON}: each line {@code {"Item":{...}}}, as in a native export
 * @param settings the table's settings snapshot, so that import can recreate the table
 */
public record Manifest(String format, int version, String lineFormat, String table, String region,
                       Instant startedAt, Instant completedAt, long itemCount, long bytes, List<FileEntry> files,
                       TableSettings settings) {
    public static final String FORMAT = "ddbr-logical-backup";
    public static final String NAME = "manifest.json";

    /** One gzip data file: its path relative to the backup root, items, size and SHA-256 of its bytes. */
    public record FileEntry(String path, long itemCount, long bytes, String sha256) {}

    static final ObjectMapper READER = Renderer.json().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public byte[] toBytes() {
        try {
            return Renderer.json().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Manifest parse(byte[] bytes, String where) {
        Manifest m;
        try {
            m = READER.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw DdbrException.invalid("cannot read " + where + ": " + why,
                    "the manifest is damaged; use another backup");
        }
        if (!FORMAT.equals(m.format())) {
            throw DdbrException.invalid(where + " is not a ddbr logical backup manifest", "point at the backup directory");
        }
        if (m.version() != 1) {
            throw DdbrException.invalid(where + " has format version " + m.version() + ", this ddbr reads version 1",
                    "use a newer ddbr");
        }
        if (m.files() == null) throw DdbrException.invalid(where + " lists no files", "the manifest is damaged");
        return m;
    }
}
