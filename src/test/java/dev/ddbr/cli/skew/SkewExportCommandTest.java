package dev.ddbr.cli.skew;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.skew.ItemSize;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.ExportWriter;
import dev.ddbr.testing.ExportWriter.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** skew export on generated JSON and Ion exports: exact counts, exit codes, and bad input. */
class SkewExportCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path exports;

    /** 1,000 items: tenant "hot" has 300, 70 tenants have 10 each; status has 3 values; half have a GSI key. */
    static List<Map<String, AttributeValue>> skewed() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("tenant", AttributeValue.fromS(i < 300 ? "hot" : "t" + (i % 70)));
            m.put("id", AttributeValue.fromN(Integer.toString(i)));
            if (i % 2 == 0) m.put("status", AttributeValue.fromS(i % 4 == 0 ? "PENDING" : "DONE"));
            m.put("doc", AttributeValue.fromM(Map.of("lines", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("2.50"))),
                    "tags", AttributeValue.fromSs(List.of("a", "b")))));
            items.add(m);
        }
        return items;
    }

    Cli cli() { return Cli.isolated(home); }

    @ParameterizedTest
    @EnumSource(Format.class)
    void exactCountsForTableAndIndex(Format format) throws Exception {
        List<Map<String, AttributeValue>> items = skewed();
        Path dir = ExportWriter.write(exports, "01700000000000-abcdef12", format, 4, items);
        Cli.Result r = cli().run("skew", "export", exports.toString(), "--key", "tenant", "--index", "by-status=status", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1); // 30% and 50%: over 10%
        JsonNode j = JSON.readTree(r.out());
        long bytes = items.stream().mapToLong(ItemSize::of).sum();
        assertThat(j.get("source").asText()).isEqualTo("export");
        assertThat(j.get("table").asText()).isEqualTo("orders");
        assertThat(j.get("items").asLong()).isEqualTo(1000);
        assertThat(j.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(j.get("distinctKeys").asLong()).isEqualTo(71);
        assertThat(j.get("distinctKeysExact").asBoolean()).isTrue();
        JsonNode top = j.get("topKeys").get(0);
        assertThat(top.get("key").asText()).isEqualTo("hot");
        assertThat(top.get("items").asLong()).isEqualTo(300);
        assertThat(top.get("share").asDouble()).isEqualTo(0.3);
        assertThat(j.get("hottestKeyShare").asDouble()).isEqualTo(0.3);
        assertThat(j.get("topKeys")).hasSize(10);
        JsonNode ix = j.get("indexes").get(0);
        assertThat(ix.get("name").asText()).isEqualTo("by-status");
        assertThat(ix.get("items").asLong()).isEqualTo(500);
        assertThat(ix.get("distinctKeys").asLong()).isEqualTo(2);
        assertThat(ix.get("hottestKeyShare").asDouble()).isEqualTo(0.5);
        assertThat(j.get("partitions").get("estimated").asLong()).isEqualTo(4);
        assertThat(j.get("partitions").get("basis").toString()).contains("4 data files");
        assertThat(j.get("verdict").asText()).isEqualTo("hot");
        // 30% of the items on about 4 partitions, no throughput figures: more than one partition's even share
        assertThat(j.get("keyVerdict").get("verdict").asText()).isEqualTo("hot");
        assertThat(j.get("keyVerdict").get("reason").asText()).contains("about 4 partitions", "even share");
        assertThat(j.get("measured").asText()).isEqualTo("storage");
        assertThat(j.get("readBudget").isNull()).isTrue();
        assertThat(j.get("partial").asBoolean()).isFalse();
        // the same export through the export folder itself, as text to a pipe: no bars
        Cli.Result t = cli().run("skew", "export", dir.toString(), "--key", "tenant", "--index", "by-status=status", "--top", "3");
        assertThat(t.exitCode()).as(t.toString()).isEqualTo(1);
        assertThat(t.out()).contains("HOT: table key 'hot' holds 30.0% of items", "index 'by-status' key 'PENDING'",
                "write sharding", "higher-cardinality").doesNotContainPattern("[\\u2580-\\u259f]");
        // --chart asks for the bars in text to a pipe; a UTF-8 terminal gets them unasked; a non-UTF-8 one does not
        Cli.Result charted = cli().run("skew", "export", dir.toString(), "--key", "tenant", "--top", "3", "--chart");
        assertThat(charted.out()).contains("█");
        Cli.Result tty = cli().env("LC_ALL", "C.UTF-8").terminal(false, true, false)
                .run("skew", "export", dir.toString(), "--key", "tenant", "--top", "3");
        assertThat(tty.out()).contains("█");
        Cli.Result ascii = cli().env("LC_ALL", "POSIX").env("LANG", "en_US.UTF-8").terminal(false, true, false)
                .run("skew", "export", dir.toString(), "--key", "tenant", "--top", "3");
        assertThat(ascii.out()).contains("HOT:").doesNotContainPattern("[\\u2580-\\u259f]");
        // never in JSON, even with --chart
        Cli.Result json = cli().run("skew", "export", dir.toString(), "--key", "tenant", "--top", "3", "--chart", "-o", "json");
        assertThat(json.out()).doesNotContainPattern("[\\u2580-\\u259f]");
    }

    @Test
    void withinTheLimitExitsZeroAndProfileSetsTheLimit() throws Exception {
        ExportWriter.write(exports, "01700000000000-abcdef12", Format.DYNAMODB_JSON, 2, skewed());
        Cli.Result r = cli().run("skew", "export", exports.toString(), "--key", "tenant", "--max-key-share", "0.31");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("OK: no partition key above 31.0% of items (hottest 30.0%)");
        Path profile = home.resolve("p.yaml");
        Files.writeString(profile, "tables:\n  - name: orders\n    skew: {max_key_share: 0.5}\n");
        Cli.Result p = cli().run("-p", profile.toString(), "skew", "export", exports.toString(), "--key", "tenant", "-o", "json");
        assertThat(p.exitCode()).as(p.toString()).isZero();
        assertThat(JSON.readTree(p.out()).get("maxKeyShare").asDouble()).isEqualTo(0.5);
    }

    @Test
    void numberAndBinaryKeysRenderAsStrings() throws Exception {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("n", AttributeValue.fromN(i < 10 ? "1.50" : "2"),
                    "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) (i < 15 ? 0xff : 1)}))));
        }
        ExportWriter.write(exports, "01700000000000-bbbbbbbb", Format.ION, 1, items);
        Cli.Result r = cli().run("skew", "export", exports.toString(), "--key", "n", "--index", "by-b=b", "-o", "json", "--max-key-share", "1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("topKeys").get(0).get("key").asText()).isIn("1.5", "2");
        assertThat(j.get("topKeys").findValuesAsText("key")).containsExactlyInAnyOrder("1.5", "2");
        assertThat(j.get("indexes").get(0).get("topKeys").get(0).get("key").asText()).isEqualTo("/w==");
    }

    @Test
    void itemsNearTheSizeLimitAndEmptyExports() throws Exception {
        String big = "x".repeat(ItemSize.MAX_ITEM_BYTES - 100);
        List<Map<String, AttributeValue>> items = List.of(Map.of("pk", AttributeValue.fromS("a"), "blob", AttributeValue.fromS(big)),
                Map.of("pk", AttributeValue.fromS("b"), "blob", AttributeValue.fromS(big)));
        ExportWriter.write(exports, "01700000000000-cccccccc", Format.DYNAMODB_JSON, 1, items);
        Cli.Result r = cli().run("skew", "export", exports.toString(), "--key", "pk", "-o", "json", "--max-key-share", "0.5");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("bytes").asLong()).isEqualTo(2L * (2 + 1 + 4 + big.length()));

        Path empty = home.resolve("empty");
        Path emptyDir = ExportWriter.write(empty, "01700000000000-dddddddd", Format.DYNAMODB_JSON, 3, List.of());
        // an empty partition's file may be a zero-byte object
        Files.write(emptyDir.resolve("data/file1-017000.json.gz"), new byte[0]);
        Files.writeString(emptyDir.resolve("manifest-files.json"), Files.readString(emptyDir.resolve("manifest-files.json"))
                .replaceAll("\"md5Checksum\":\"[^\"]+\",", ""));
        Cli.Result e = cli().run("skew", "export", empty.toString(), "--key", "pk", "-o", "json");
        assertThat(e.exitCode()).as(e.toString()).isZero();
        JsonNode j = JSON.readTree(e.out());
        assertThat(j.get("items").asLong()).isZero();
        assertThat(j.get("verdict").asText()).isEqualTo("empty");

        // as AWS writes it: a zero-byte object next to files with items, listed with the MD5 of no bytes
        Path mixed = home.resolve("mixed");
        Path mixedDir = ExportWriter.write(mixed, "01700000000000-eeeeeeee", Format.DYNAMODB_JSON, 3,
                List.of(Map.of("pk", AttributeValue.fromS("a")), Map.of("pk", AttributeValue.fromS("b"))));
        Path zero = mixedDir.resolve("data/file2-017000.json.gz");
        String gzMd5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(zero)));
        Files.write(zero, new byte[0]);
        Files.writeString(mixedDir.resolve("manifest-files.json"), Files.readString(mixedDir.resolve("manifest-files.json"))
                .replace(gzMd5, java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(new byte[0]))));
        Cli.Result m = cli().run("skew", "export", mixed.toString(), "--key", "pk", "-o", "json", "--max-key-share", "0.6");
        assertThat(m.exitCode()).as(m.toString()).isZero();
        assertThat(JSON.readTree(m.out()).get("items").asLong()).isEqualTo(2);
    }

    @Test
    void sketchesBeyondTheExactLimitStateTheirBounds() throws Exception {
        ExportWriter.write(exports, "01700000000000-abcdef12", Format.DYNAMODB_JSON, 2, skewed());
        Cli.Result r = cli().run("skew", "export", exports.toString(), "--key", "tenant", "--exact-keys", "5", "-o", "json");
        // 30% of items on about 2 partitions (2 data files), no throughput figures: under one partition's even share
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("verdict").asText()).isEqualTo("skewed");
        assertThat(j.get("distinctKeysExact").asBoolean()).isFalse();
        assertThat(j.get("distinctKeysBound").get("low").asLong()).isLessThanOrEqualTo(71);
        assertThat(j.get("distinctKeysBound").get("high").asLong()).isGreaterThanOrEqualTo(71);
        assertThat(j.get("topKeys").get(0).get("key").asText()).isEqualTo("hot");
        assertThat(j.get("items").asLong()).isEqualTo(1000);
    }

    // --- bad input: one line naming the file, exit 252, no report on stdout ------------------------

    Path export(Format f) {
        return ExportWriter.write(exports, "01700000000000-abcdef12", f, 2, skewed());
    }

    void assertRejected(Cli.Result r, String... parts) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.errLine().lines()).as(r.toString()).hasSize(1);
        assertThat(r.errLine()).as(r.toString()).startsWith("ddbr: error:").contains(parts);
    }

    @Test
    void corruptedGzip() throws Exception {
        Path dir = export(Format.DYNAMODB_JSON);
        Path f = dir.resolve("data/file1-017000.json.gz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2)); // truncated
        // the manifest checksum would catch it too; drop checksums so the gzip error shows
        Files.writeString(dir.resolve("manifest-files.json"), Files.readString(dir.resolve("manifest-files.json"))
                .replaceAll("\"md5Checksum\":\"[^\"]+\",", ""));
        assertRejected(cli().run("skew", "export", exports.toString(), "--key", "tenant"), "file1-017000.json.gz", "gzip");
    }

    @Test
    void malformedJsonAndIonLinesNameFileAndLine() throws Exception {
        for (Format fmt : Format.values()) {
            Path root = home.resolve("m-" + fmt);
            Path dir = ExportWriter.write(root, "01700000000000-abcdef12", fmt, 1, skewed().subList(0, 5));
            String name = "data/file0-017000" + (fmt == Format.ION ? ".ion.gz" : ".json.gz");
            String body = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve(name))).readAllBytes());
            String[] lines = body.split("\n");
            lines[2] = lines[2].substring(0, lines[2].length() / 2);
            Files.write(dir.resolve(name), ExportWriter.gzip((String.join("\n", lines) + "\n").getBytes()));
            Files.writeString(dir.resolve("manifest-files.json"), Files.readString(dir.resolve("manifest-files.json"))
                    .replaceAll("\"md5Checksum\":\"[^\"]+\",", ""));
            assertRejected(cli().run("skew", "export", root.toString(), "--key", "tenant"), name + ":3:", "malformed");
        }
    }

    @Test
    void checksumMismatch() throws Exception {
        Path dir = export(Format.ION);
        Path f = dir.resolve("data/file0-017000.ion.gz");
        Files.write(f, ExportWriter.gzip(new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes()).getBytes()));
        // same content, recompressed: different bytes, so a different MD5 (the mtime in the gzip header changes)
        Files.write(f, concat(Files.readAllBytes(f)));
        assertRejected(cli().run("skew", "export", exports.toString(), "--key", "tenant"), "file0-017000.ion.gz", "checksum mismatch");
    }

    static byte[] concat(byte[] gz) throws Exception {
        // a second, empty gzip member: the same items, different bytes
        byte[] tail = ExportWriter.gzip(new byte[0]);
        byte[] out = java.util.Arrays.copyOf(gz, gz.length + tail.length);
        System.arraycopy(tail, 0, out, gz.length, tail.length);
        return out;
    }

    @Test
    void missingManifestsAndCountMismatch() throws Exception {
        Path dir = export(Format.DYNAMODB_JSON);
        Files.delete(dir.resolve("manifest-files.json"));
        assertRejected(cli().run("skew", "export", dir.toString(), "--key", "tenant"), "manifest-files.json");
        Files.delete(dir.resolve("manifest-summary.json"));
        assertRejected(cli().run("skew", "export", dir.toString(), "--key", "tenant"), "no DynamoDB export", "manifest-summary.json");

        Path d2 = ExportWriter.write(home.resolve("c"), "01700000000000-eeeeeeee", Format.DYNAMODB_JSON, 2, skewed());
        Files.writeString(d2.resolve("manifest-summary.json"), Files.readString(d2.resolve("manifest-summary.json"))
                .replace("\"itemCount\":1000", "\"itemCount\":999"));
        assertRejected(cli().run("skew", "export", d2.toString(), "--key", "tenant"), "manifest-files.json", "999");

        Path d3 = ExportWriter.write(home.resolve("d"), "01700000000000-ffffffff", Format.DYNAMODB_JSON, 2, skewed());
        Files.writeString(d3.resolve("manifest-files.json"), Files.readString(d3.resolve("manifest-files.json"))
                .replaceFirst("\"itemCount\":500", "\"itemCount\":499").replaceFirst("\"itemCount\":500", "\"itemCount\":501"));
        assertRejected(cli().run("skew", "export", d3.toString(), "--key", "tenant"), "holds 500 items but the manifest says ");
    }

    @Test
    void aFolderWithTwoExportsIsAmbiguous() {
        ExportWriter.write(exports, "01700000000000-11111111", Format.DYNAMODB_JSON, 1, skewed());
        ExportWriter.write(exports, "01700000000000-22222222", Format.DYNAMODB_JSON, 1, skewed());
        assertRejected(cli().run("skew", "export", exports.toString(), "--key", "tenant"), "holds 2 exports");
    }

    @Test
    void itemsWithoutTheKeyAreRejected() {
        ExportWriter.write(exports, "01700000000000-11111111", Format.DYNAMODB_JSON, 1, skewed());
        assertRejected(cli().run("skew", "export", exports.toString(), "--key", "nope"), ":1:", "no partition key 'nope'");
    }
}
