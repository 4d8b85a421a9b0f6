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
        void line(byte[] buf, int off, int len) throws ItemFormatException;
    }

    /**
     * Reads one record (a line's item) that starts at {@code off}, without knowing where its line ends:
     * returns the index just past the record, at its {@code '\n'} or at {@code end}. When the record runs
     * past {@code end} and {@code eof} is false, throws {@link DynamoJsonScanner.NeedMore}; the reader then
     * reads more and calls again from the same start.
     */
    @FunctionalInterface
    public interface RecordHandler {
        int record(byte[] buf, int off, int end, boolean eof) throws ItemFormatException;
    }

    private ExportFileReader() {}

    /**
     * Read {@code file} line by line; returns the number of lines (items) handed over. {@code cancelled} is
     * polled so that a failure elsewhere stops this reader early (it then returns -1).
     */
    public static long read(ExportStore store, NativeExport.DataFile file, LineHandler handler, BooleanSupplier cancelled) {
        return readRecords(store, file, (buf, off, end, eof) -> {
            int nl = indexOf(buf, off, end);
            if (nl < 0) {
                if (!eof) throw DynamoJsonScanner.NeedMore.INSTANCE;
                nl = end;
            }
            int len = nl - off;
            while (len > 0 && (buf[off + len - 1] == '\r' || buf[off + len - 1] == ' ' || buf[off + len - 1] == '\t')) len--;
            handler.line(buf, off, len);
            return nl;
        }, cancelled);
    }

    /**
     * Read {@code file} record by record (see {@link RecordHandler}: the handler finds each record's end
     * itself, so the data is not first scanned for newlines). Blank lines are skipped. Returns the number
     * of records, or -1 when {@code cancelled}.
     */
    public static long readRecords(ExportStore store, NativeExport.DataFile file, RecordHandler handler, BooleanSupplier cancelled) {
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
            byte[] buf = new byte[1 << 18];
            int start = 0;
            int end = 0;
            boolean eof = false;
            while (!eof) {
                if (cancelled.getAsBoolean()) return -1;
                // compact and refill
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) eof = true;
                else end += n;
                while (start < end) {
                    byte c = buf[start];
                    if (c == '\n') {
                        lineNo++;
                        start++;
                    } else if (c == ' ' || c == '\t' || c == '\r') {
                        start++;
                    } else {
                        int stop;
                        try {
                            stop = handler.record(buf, start, end, eof);
                        } catch (DynamoJsonScanner.NeedMore more) {
                            break;
                        } catch (ItemFormatException e) {
                            lineNo++;
                            throw e;
                        }
                        lines++;
                        start = stop;
                    }
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
}
