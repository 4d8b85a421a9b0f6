package dev.ddbr.backup.logical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.export.NativeExport;
import dev.ddbr.table.TableSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What import reads: a ddbr logical backup ({@code manifest.json}) or a native DynamoDB export in DynamoDB
 * JSON ({@code manifest-summary.json} + {@code manifest-files.json}), with every data file checked against
 * its manifest before anything is written.
 */
public record ImportSource(String format, String location, String table, long itemCount, List<DataFile> files,
                           TableSettings settings, String manifestSha256) {

    /** A data file: relative path, expected items, checksum (hex SHA-256 for ddbr, MD5 for native) and the local copy. */
    public record DataFile(String path, long itemCount, String checksum, String algorithm, Path local) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The backup at {@code loc}, or the one native export below it: a folder holding exactly one
     * {@code AWSDynamoDB/<id>/} export (as 'skew export' accepts) is read from that export's folder.
     */
    public static BackupLocation resolve(BackupLocation loc) {
        if (loc instanceof BackupLocation.Local local && !java.nio.file.Files.isDirectory(local.dir())) {
            throw DdbrException.invalid("no such folder: " + local.dir(),
                    "give the backup's folder (the --to of 'ddbr backup export'), or s3://bucket/prefix");
        }
        if (loc.readIfExists(Manifest.NAME).isPresent() || loc.readIfExists(NativeExport.SUMMARY).isPresent()) return loc;
        List<String> found;
        try {
            found = loc.exportStore().find(NativeExport.SUMMARY, 4);
        } catch (IOException e) {
            return loc; // open() says what is missing
        }
        if (found.size() > 1) {
            throw DdbrException.invalid(loc.describe() + " holds " + found.size() + " native exports: "
                    + String.join(", ", found.stream().map(ImportSource::parent).toList()), "point at one of them");
        }
        return found.size() == 1 ? loc.at(parent(found.get(0))) : loc;
    }

    private static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }

    public static ImportSource open(BackupLocation loc, Path cache) {
        Optional<byte[]> ddbr = loc.readIfExists(Manifest.NAME);
        if (ddbr.isPresent()) {
            Manifest m = Manifest.parse(ddbr.get(), loc.describe() + "/" + Manifest.NAME);
            List<DataFile> files = new ArrayList<>();
            for (Manifest.FileEntry f : m.files()) files.add(new DataFile(f.path(), f.itemCount(), f.sha256(), "SHA-256", null));
            return new ImportSource("ddbr", loc.describe(), m.table(), m.itemCount(), files, m.settings(), sha256(ddbr.get()));
        }
        Optional<byte[]> summary = loc.readIfExists("manifest-summary.json");
        if (summary.isPresent()) return nativeExport(loc, summary.get());
        throw DdbrException.invalid(loc.describe() + " holds no manifest.json (ddbr backup) or manifest-summary.json (native export)",
                "point at the backup directory; a ddbr export without manifest.json did not finish and is not a backup");
    }

    private static ImportSource nativeExport(BackupLocation loc, byte[] summaryBytes) {
        try {
            JsonNode s = JSON.readTree(summaryBytes);
            String fmt = s.path("outputFormat").asText("DYNAMODB_JSON");
            if (!"DYNAMODB_JSON".equals(fmt)) {
                throw DdbrException.invalid("native export format " + fmt + " is not supported by import",
                        "export with --export-format DYNAMODB_JSON");
            }
            String type = s.path("exportType").asText("FULL_EXPORT");
            if (!"FULL_EXPORT".equals(type)) {
                throw DdbrException.invalid(loc.describe() + " is an " + type + ": it holds the changes made between two"
                        + " times (old and new images), not the table's items, so import cannot load it",
                        "import the full export it builds on (exportType FULL_EXPORT), or make one with"
                        + " 'aws dynamodb export-table-to-point-in-time --export-type FULL_EXPORT' or 'ddbr backup export'");
            }
            byte[] filesBytes = loc.readIfExists("manifest-files.json").orElseThrow(() -> DdbrException.invalid(
                    "the native export has no manifest-files.json", "point at the AWSDynamoDB/<export id>/ directory"));
            List<DataFile> files = new ArrayList<>();
            for (String line : new String(filesBytes, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                JsonNode f = JSON.readTree(line);
                String key = f.path("dataFileS3Key").asText();
                int at = key.lastIndexOf("data/");
                String rel = at >= 0 ? key.substring(at) : key;
                files.add(new DataFile(rel, f.path("itemCount").asLong(), f.path("md5Checksum").asText(null), "MD5", null));
            }
            String tableArn = s.path("tableArn").asText("");
            String table = tableArn.contains("table/") ? tableArn.substring(tableArn.indexOf("table/") + 6) : null;
            return new ImportSource("native", loc.describe(), table, s.path("itemCount").asLong(), files, null, sha256(summaryBytes));
        } catch (IOException e) {
            throw DdbrException.invalid("cannot read the native export manifest: " + e.getMessage(), "the export is damaged");
        }
    }

    /**
     * Fetch every file and check it: checksum, gzip integrity and line count. Throws exit 252 on the first
     * problem; nothing has been written at that point.
     */
    public ImportSource verified(BackupLocation loc, Path cache) {
        List<DataFile> out = new ArrayList<>();
        long total = 0;
        for (DataFile f : files) {
            Path local = loc.fetch(f.path(), cache);
            if (!Files.isRegularFile(local)) {
                throw corrupted(f.path() + " is missing");
            }
            MessageDigest md;
            try {
                md = MessageDigest.getInstance(f.algorithm());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long lines = 0;
            if ("native".equals(format) && isEmpty(local)) {
                // AWS writes a zero-byte data file for an empty partition: no items, not a broken gzip
                byte[] digest = md.digest();
                if (f.checksum() != null && !matches(f.checksum(), digest)) {
                    throw corrupted(f.path() + ": " + f.algorithm() + " mismatch (manifest " + f.checksum() + ", file "
                            + sameEncoding(f.checksum(), digest) + ", an empty file)");
                }
                if (f.itemCount() != 0) throw corrupted(f.path() + " is empty, the manifest says " + f.itemCount() + " items");
                out.add(new DataFile(f.path(), f.itemCount(), f.checksum(), f.algorithm(), local));
                continue;
            }
            try (InputStream raw = Files.newInputStream(local);
                 DigestInputStream din = new DigestInputStream(raw, md);
                 BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(din, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) if (!line.isEmpty()) lines++;
                din.on(true);
                byte[] rest = new byte[8192];
                while (din.read(rest) >= 0) { /* hash trailing bytes after the gzip stream */ }
            } catch (IOException e) {
                // a damaged file: say that it is not the file exported (the checksum) when the manifest has one
                byte[] whole = digestOf(local, f.algorithm());
                if (f.checksum() != null && whole != null && !matches(f.checksum(), whole)) {
                    throw corrupted(f.path() + ": " + f.algorithm() + " mismatch (manifest " + f.checksum() + ", file "
                            + sameEncoding(f.checksum(), whole) + "); its gzip data is also damaged (" + e.getMessage() + ")");
                }
                throw corrupted(f.path() + " is not a complete gzip file (" + e.getMessage() + ")");
            }
            byte[] digest = md.digest();
            if (f.checksum() != null && !matches(f.checksum(), digest)) {
                throw corrupted(f.path() + ": " + f.algorithm() + " mismatch (manifest " + f.checksum() + ", file "
                        + sameEncoding(f.checksum(), digest) + ")");
            }
            if (lines != f.itemCount()) {
                throw corrupted(f.path() + " holds " + lines + " items, the manifest says " + f.itemCount());
            }
            total += lines;
            out.add(new DataFile(f.path(), f.itemCount(), f.checksum(), f.algorithm(), local));
        }
        if (total != itemCount) throw corrupted("the files hold " + total + " items, the manifest says " + itemCount);
        return new ImportSource(format, location, table, itemCount, out, settings, manifestSha256);
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // reading it says what is wrong
        }
    }

    private static byte[] digestOf(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) md.update(buf, 0, n);
            return md.digest();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The digest in the encoding the manifest uses: hex (ddbr's SHA-256) or base64 (a native export's MD5). */
    static String sameEncoding(String expected, byte[] digest) {
        boolean hex = expected.length() == digest.length * 2 && expected.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        return hex ? HexFormat.of().formatHex(digest) : Base64.getEncoder().encodeToString(digest);
    }

    private static boolean matches(String expected, byte[] digest) {
        if (expected.equalsIgnoreCase(HexFormat.of().formatHex(digest))) return true;
        return expected.equals(Base64.getEncoder().encodeToString(digest));
    }

    private static DdbrException corrupted(String what) {
        return DdbrException.invalid("the backup is corrupted or truncated: " + what,
                "nothing was written; import another copy of the backup");
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
