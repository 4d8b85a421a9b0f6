package dev.ddbr.backup.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.testing.ExportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading a native DynamoDB export for import: empty partitions, incremental exports. */
class ImportSourceTest {
    @TempDir
    Path home;

    private static String md5(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    private Path export(int files, int items) {
        List<Map<String, AttributeValue>> list = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) list.add(Map.of("pk", AttributeValue.fromS("k" + i)));
        return ExportWriter.write(home, "01700000000000-aaaaaaaa", ExportWriter.Format.DYNAMODB_JSON, files, list);
    }

    /** Empties data file {@code i} (a zero-byte object, as AWS writes for an empty partition), fixing or not its manifest line. */
    private static void zeroByte(Path exp, int i, boolean fixChecksum) throws Exception {
        Path f = exp.resolve("data/file" + i + "-017000.json.gz");
        String old = md5(Files.readAllBytes(f));
        Files.write(f, new byte[0]);
        if (fixChecksum) {
            Files.writeString(exp.resolve("manifest-files.json"), Files.readString(exp.resolve("manifest-files.json")).replace(old, md5(new byte[0])));
        }
    }

    private static ImportSource read(Path exp) {
        BackupLocation loc = BackupLocation.of(exp.toString(), null);
        return ImportSource.open(loc, exp).verified(loc, exp);
    }

    @Test
    void aZeroByteDataFileIsAnEmptyPartitionNotACorruptGzip() throws Exception {
        Path exp = export(3, 2);
        zeroByte(exp, 2, true);
        ImportSource src = read(exp);
        assertThat(src.itemCount()).isEqualTo(2);
        assertThat(src.files()).hasSize(3).allSatisfy(f -> assertThat(f.local()).isNotNull());
    }

    @Test
    void aZeroByteFileStillHasToMatchItsManifest() throws Exception {
        Path wrongSum = export(3, 2);
        zeroByte(wrongSum, 2, false);
        assertThatThrownBy(() -> read(wrongSum)).isInstanceOf(DdbrException.class)
                .hasMessageContaining("file2-017000.json.gz: MD5 mismatch").hasMessageContaining("an empty file");

        Path home2 = Files.createDirectory(home.resolve("other"));
        List<Map<String, AttributeValue>> items = List.of(Map.of("pk", AttributeValue.fromS("a")), Map.of("pk", AttributeValue.fromS("b")));
        Path withItems = ExportWriter.write(home2, "01700000000000-bbbbbbbb", ExportWriter.Format.DYNAMODB_JSON, 2, items);
        zeroByte(withItems, 1, true);
        assertThatThrownBy(() -> read(withItems)).isInstanceOf(DdbrException.class)
                .hasMessageContaining("file1-017000.json.gz is empty, the manifest says 1 items")
                .extracting(e -> ((DdbrException) e).exitCode()).isEqualTo(252);
    }

    @Test
    void anIncrementalExportIsRefusedWithWhatToDoInstead() throws Exception {
        Path exp = export(1, 2);
        Files.writeString(exp.resolve("manifest-summary.json"),
                Files.readString(exp.resolve("manifest-summary.json")).replace("\"FULL_EXPORT\"", "\"INCREMENTAL_EXPORT\""));
        assertThatThrownBy(() -> ImportSource.open(BackupLocation.of(exp.toString(), null), exp))
                .isInstanceOf(DdbrException.class)
                .hasMessageContaining("is an INCREMENTAL_EXPORT")
                .satisfies(e -> {
                    DdbrException d = (DdbrException) e;
                    assertThat(d.exitCode()).isEqualTo(252);
                    assertThat(d.hint()).contains("import the full export it builds on");
                });
    }
}
