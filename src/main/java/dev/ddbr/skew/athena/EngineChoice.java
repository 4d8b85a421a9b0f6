package dev.ddbr.skew.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.Units;
import dev.ddbr.skew.export.NativeExport;
import java.io.IOException;
import java.io.InputStream;

/** Which engine analyses an export: {@code --engine local|athena|auto}. */
public final class EngineChoice {
    private EngineChoice() {}

    /** The values of --engine. */
    public enum Engine { local, athena, auto }

    /**
     * The engine to use and why.
     *
     * @param athena true for Athena
     * @param reason for --engine auto, why this one (shown on stderr with -v and in the notes); else null
     */
    public record Choice(boolean athena, String reason) {}

    /**
     * @param s3          the export is in S3 (Athena reads only S3)
     * @param billedBytes the manifest's billedSizeBytes, or null when it has none
     * @param threshold   athena.auto_threshold in bytes; {@code thresholdText} as written
     * @throws DdbrException 252 for --engine athena on a local folder
     */
    public static Choice choose(Engine engine, boolean s3, Long billedBytes, long threshold, String thresholdText) {
        switch (engine) {
            case local:
                return new Choice(false, null);
            case athena:
                if (!s3) {
                    throw DdbrException.invalid("--engine athena reads the export where it is in S3, and this PATH is a local folder",
                            "give the export's s3:// location, or use --engine local");
                }
                return new Choice(true, null);
            default:
                if (!s3) return new Choice(false, "--engine auto: a local folder is read locally");
                if (billedBytes == null) {
                    return new Choice(false, "--engine auto: the manifest gives no billedSizeBytes, so the export is read locally");
                }
                String size = Units.bytes(billedBytes);
                return billedBytes >= threshold
                        ? new Choice(true, "--engine auto: the export's " + size + " is at or above athena.auto_threshold "
                                + thresholdText + ": counted in Athena")
                        : new Choice(false, "--engine auto: the export's " + size + " is below athena.auto_threshold "
                                + thresholdText + ": read locally");
        }
    }

    /** The manifest summary's billedSizeBytes, or null when it has none (or it cannot be read again). */
    public static Long billedBytes(NativeExport export) {
        try (InputStream in = export.store().open(NativeExport.SUMMARY)) {
            JsonNode n = new ObjectMapper().readTree(in).get("billedSizeBytes");
            return n != null && n.canConvertToLong() ? n.asLong() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The s3:// folder of the export's data files (data/ below the export folder), the LOCATION of the table.
     *
     * @throws DdbrException 252 when the data files are not all in one folder (Athena reads a folder)
     */
    public static String dataLocation(NativeExport export) {
        String folder = null;
        for (NativeExport.DataFile f : export.files()) {
            int i = f.path().lastIndexOf('/');
            String dir = i < 0 ? "" : f.path().substring(0, i + 1);
            if (folder == null) folder = dir;
            else if (!folder.equals(dir)) {
                throw DdbrException.invalid("the export's data files are in several folders (" + folder + ", " + dir
                        + "); Athena reads one folder", "use --engine local for this export");
            }
        }
        return export.store().describe(folder == null ? "data/" : folder);
    }
}
