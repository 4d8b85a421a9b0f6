package dev.ddbr.skew.export;

import dev.ddbr.error.DdbrException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the lines of one export data file ({@code .json.gz} / {@code .ion.gz}) with bounded memory,
 * checking the file's MD5 against the manifest and its item count. Errors name the file, and the line
 * where one applies; they are {@link DdbrException}s with exit 252.
 */
public final class ExportFileReader {
    /** Receives each non-empty line (without the newline). The buffer is reused after the call returns. */
    @FunctionalInterface
    public interface LineHandler {
        void line(byte[] buf, int off, int len, long lineNo) throws ItemFormatException;
    }

    private ExportFileReader() {}

    /**
     * Read {@code file}; returns the number of lines (items) handed over. {@code cancelled} is polled so
     * that a failure elsewhere stops this reader early (it then returns -1).
     */
    public static long read(ExportStore store, NativeExport.DataFile file, LineHandler handler, BooleanSupplier cancelled) {
        String where = store.describe(file.path());
        MessageDigest md5 = file.md5Checksum() == null ? null : newMd5();
        long lines = 0;
        long lineNo = 0;
        try (InputStream raw = store.open(file.path())) {
            InputStream counted = md5 == null ? raw : new DigestInputStream(raw, md5);
            java.io.PushbackInputStream peek = new java.io.PushbackInputStream(counted, 1);
            int first = peek.read();
            if (first >= 0) peek.unread(first);
            // a zero-byte object is an empty partition's file, not a broken gzip
            InputStream in = first < 0 ? InputStream.nullInputStream()
                    : file.path().endsWith(".gz") ? new GZIPInputStream(peek, 1 << 16) : peek;
            byte[] buf = new byte[1 << 17];
            int start = 0;
            int end = 0;
            while (true) {
                if (cancelled.getAsBoolean()) return -1;
                // compact and refill
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) break;
                int scanFrom = end;
                end += n;
                int nl;
                while ((nl = indexOf(buf, scanFrom, end)) >= 0) {
                    lineNo++;
                    int len = nl - start;
                    if (len > 0 && buf[nl - 1] == '\r') len--;
                    if (!blank(buf, start, len)) {
                        handler.line(buf, start, len, lineNo);
                        lines++;
                    }
                    start = nl + 1;
                    scanFrom = start;
                }
            }
            if (end > start) {
                lineNo++;
                if (!blank(buf, start, end - start)) {
                    handler.line(buf, start, end - start, lineNo);
                    lines++;
                }
            }
            if (md5 != null) {
                byte[] drain = new byte[8192];
                while (counted.read(drain) >= 0) {
                    // the digest must cover the whole object, gzip trailer and all
                }
                String got = Base64.getEncoder().encodeToString(md5.digest());
                if (!got.equals(file.md5Checksum())) {
                    throw DdbrException.invalid(where + ": checksum mismatch: MD5 " + got + ", manifest says " + file.md5Checksum(),
                            "the file is corrupt or was changed; re-download it");
                }
            }
        } catch (ItemFormatException e) {
            throw DdbrException.invalid(where + ":" + lineNo + ": " + e.getMessage(), "the data file is corrupt; re-download it");
        } catch (FileNotFoundException e) {
            throw DdbrException.invalid("missing data file " + where + " (listed in " + NativeExport.FILES + ")", "re-download the whole export folder");
        } catch (ZipException | EOFException e) {
            throw DdbrException.invalid(where + ": corrupted gzip data after line " + lineNo + ": " + DynamoJsonLine.oneLine(e),
                    "the file is truncated or corrupt; re-download it");
        } catch (IOException e) {
            if (e.getCause() instanceof software.amazon.awssdk.core.exception.SdkException sdk) {
                throw dev.ddbr.aws.AwsErrors.translate(sdk, "read " + where);
            }
            throw DdbrException.invalid("cannot read " + where + ": " + DynamoJsonLine.oneLine(e), null);
        }
        if (lines != file.itemCount()) {
            throw DdbrException.invalid(where + ": holds " + lines + " items but the manifest says " + file.itemCount(),
                    "the file is incomplete or does not belong to this export; re-download it");
        }
        return lines;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }
}
