package dev.ddbr.skew.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where an export's files are: a local folder or an S3 prefix. Paths are relative, '/'-separated. */
public interface ExportStore {
    /** The location as the operator wrote it, for messages. */
    String location();

    /** The location of {@code relative}, for messages. */
    String describe(String relative);

    boolean exists(String relative) throws IOException;

    /** Open a file; throws {@link java.io.FileNotFoundException} when it is missing. */
    InputStream open(String relative) throws IOException;

    /** Relative paths of files named {@code name} at or below the root, at most {@code maxDepth} folders down. */
    List<String> find(String name, int maxDepth) throws IOException;

    /** The same store rooted at {@code relativeFolder}. */
    ExportStore at(String relativeFolder);

    /** Parallel readers worth running against this store (I/O bound stores want more). */
    default int preferredParallelism(int cores) { return cores; }
}
