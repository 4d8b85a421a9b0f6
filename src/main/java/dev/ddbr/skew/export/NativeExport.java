package dev.ddbr.skew.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A native DynamoDB export to S3 ({@code AWSDynamoDB/<ExportId>/}): its manifests, validated. Reusable by
 * anything that reads exports (skew analysis, imports): {@link #open} finds and checks the manifests,
 * {@link ExportFileReader} streams the data files.
 *
 * @param store       rooted at the export folder (the one holding manifest-summary.json)
 * @param exportArn   from the summary
 * @param tableArn    from the summary
 * @param tableName   the last part of the table ARN
 * @param format      DYNAMODB_JSON or ION
 * @param exportType  FULL_EXPORT or INCREMENTAL_EXPORT
 * @param itemCount   the summary's total
 * @param files       the data files, in manifest order
 */
public record NativeExport(ExportStore store, String exportArn, String tableArn, String tableName, String format,
                           String exportType, long itemCount, String exportTime, List<DataFile> files) {
    public static final String SUMMARY = "manifest-summary.json";
    public static final String FILES = "manifest-files.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param path        relative to the export folder
     * @param itemCount   items the manifest says the file holds
     * @param md5Checksum base64 MD5 of the (compressed) file, or null when the manifest has none
     */
    public record DataFile(String path, String s3Key, long itemCount, String md5Checksum) {}

    /** The table's Region, from the table ARN, or null. */
    public String tableRegion() {
        if (tableArn == null) return null;
        String[] p = tableArn.split(":");
        return p.length > 3 ? p[3] : null;
    }

    /**
     * Find the export at or below {@code root} (the export folder itself, or a folder above holding exactly
     * one export) and read its manifests.
     *
     * @throws DdbrException 252 when there is no export, more than one, or a manifest is missing or invalid
     */
    public static NativeExport open(ExportStore root) {
        ExportStore store;
        try {
            if (root.exists(SUMMARY)) {
                store = root;
            } else {
                List<String> found = root.find(SUMMARY, 4);
                if (found.isEmpty()) {
                    throw DdbrException.invalid("no DynamoDB export at " + root.location() + ": no " + SUMMARY + " there or below",
                            "point at the AWSDynamoDB/<ExportId>/ folder of a native export to S3");
                }
                if (found.size() > 1) {
                    List<String> dirs = found.stream().map(NativeExport::parent).toList();
                    throw DdbrException.invalid(root.location() + " holds " + found.size() + " exports: " + String.join(", ", dirs),
                            "point at one of them");
                }
                store = root.at(parent(found.get(0)));
            }
        } catch (IOException e) {
            throw DdbrException.invalid("cannot read " + root.location() + ": " + e.getMessage(), null);
        }
        JsonNode s = readJson(store, SUMMARY);
        String format = text(s, "outputFormat", "DYNAMODB_JSON");
        if (!format.equals("DYNAMODB_JSON") && !format.equals("ION")) {
            throw DdbrException.invalid(store.describe(SUMMARY) + ": unknown outputFormat '" + format + "'",
                    "ddbr reads DYNAMODB_JSON and ION exports");
        }
        if (!s.has("itemCount") || !s.get("itemCount").canConvertToLong()) {
            throw DdbrException.invalid(store.describe(SUMMARY) + ": no itemCount", "the manifest is incomplete; re-download the export");
        }
        String filesKey = text(s, "manifestFilesS3Key", null);
        String filesPath = FILES;
        if (!safeExists(store, FILES) && filesKey != null) filesPath = relative(filesKey, store);
        List<DataFile> files = readFiles(store, filesPath);
        String tableArn = text(s, "tableArn", null);
        String table = tableArn == null ? null : tableArn.substring(tableArn.lastIndexOf('/') + 1);
        NativeExport e = new NativeExport(store, text(s, "exportArn", null), tableArn, table, format,
                text(s, "exportType", "FULL_EXPORT"), s.get("itemCount").asLong(), text(s, "exportTime", null), List.copyOf(files));
        long sum = files.stream().mapToLong(DataFile::itemCount).sum();
        if (sum != e.itemCount()) {
            throw DdbrException.invalid(store.describe(filesPath) + ": data files list " + sum + " items but "
                    + SUMMARY + " says " + e.itemCount(), "the export is incomplete or its manifests do not match; re-download it");
        }
        return e;
    }

    private static boolean safeExists(ExportStore s, String rel) {
        try {
            return s.exists(rel);
        } catch (IOException e) {
            return false;
        }
    }

    private static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }

    /** A manifest S3 key relative to the export folder: the part after "<ExportId>/", else from "data/". */
    static String relative(String s3Key, ExportStore store) {
        String loc = store.location();
        String trimmed = loc.endsWith("/") ? loc.substring(0, loc.length() - 1) : loc;
        String id = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        int at = s3Key.indexOf(id + "/");
        if (!id.isEmpty() && at >= 0) return s3Key.substring(at + id.length() + 1);
        int data = s3Key.lastIndexOf("data/");
        if (data >= 0) return s3Key.substring(data);
        return s3Key;
    }

    private static JsonNode readJson(ExportStore store, String rel) {
        try (InputStream in = store.open(rel)) {
            JsonNode n = MAPPER.readTree(in);
            if (n == null || !n.isObject()) throw DdbrException.invalid(store.describe(rel) + ": not a JSON object", "re-download the export");
            return n;
        } catch (FileNotFoundException e) {
            throw DdbrException.invalid("missing manifest " + store.describe(rel), "an export folder holds " + SUMMARY
                    + " and " + FILES + "; re-download the whole AWSDynamoDB/<ExportId>/ folder");
        } catch (IOException e) {
            throw DdbrException.invalid(store.describe(rel) + ": malformed JSON: " + DynamoJsonLine.oneLine(e), "re-download the export");
        }
    }

    private static List<DataFile> readFiles(ExportStore store, String rel) {
        List<DataFile> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(store.open(rel), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode f;
                try {
                    f = MAPPER.readTree(line);
                } catch (IOException e) {
                    throw DdbrException.invalid(store.describe(rel) + ":" + n + ": malformed JSON: " + DynamoJsonLine.oneLine(e), "re-download the export");
                }
                String key = text(f, "dataFileS3Key", null);
                if (key == null || !f.has("itemCount")) {
                    throw DdbrException.invalid(store.describe(rel) + ":" + n + ": needs dataFileS3Key and itemCount", "re-download the export");
                }
                out.add(new DataFile(relative(key, store), key, f.get("itemCount").asLong(), text(f, "md5Checksum", null)));
            }
        } catch (FileNotFoundException e) {
            throw DdbrException.invalid("missing manifest " + store.describe(rel), "re-download the whole AWSDynamoDB/<ExportId>/ folder");
        } catch (IOException e) {
            throw DdbrException.invalid("cannot read " + store.describe(rel) + ": " + e.getMessage(), null);
        }
        return out;
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
