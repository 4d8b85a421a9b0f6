package dev.ddbr.testing;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonTextWriterBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a native DynamoDB export to S3 the way AWS lays it out ({@code AWSDynamoDB/<ExportId>/} with
 * manifest-summary.json, manifest-files.json, data/*.json.gz or *.ion.gz, _started), in DYNAMODB_JSON or
 * ION, with items dealt round-robin over {@code files} data files. For tests of anything that reads exports.
 */
public final class ExportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:111111111111:table/orders";

    private ExportWriter() {}

    public enum Format { DYNAMODB_JSON, ION }

    /** Write the export under {@code root}; returns the export folder (…/AWSDynamoDB/&lt;id&gt;). */
    public static Path write(Path root, String exportId, Format format, int files, List<Map<String, AttributeValue>> items) {
        try {
            Path dir = root.resolve("AWSDynamoDB").resolve(exportId);
            Files.createDirectories(dir.resolve("data"));
            String ext = format == Format.ION ? ".ion.gz" : ".json.gz";
            List<StringBuilder> bodies = new ArrayList<>();
            int[] counts = new int[files];
            for (int i = 0; i < files; i++) {
                bodies.add(new StringBuilder());
            }
            for (int i = 0; i < items.size(); i++) {
                int f = i % files;
                bodies.get(f).append(format == Format.ION ? ionLine(items.get(i)) : jsonLine(items.get(i))).append('\n');
                counts[f]++;
            }
            StringBuilder manifest = new StringBuilder();
            String prefix = "exports/AWSDynamoDB/" + exportId + "/";
            for (int i = 0; i < files; i++) {
                String name = "data/file" + i + "-" + exportId.substring(0, Math.min(6, exportId.length())) + ext;
                byte[] gz = gzip(bodies.get(i).toString().getBytes(StandardCharsets.UTF_8));
                Files.write(dir.resolve(name), gz);
                ObjectNode m = JsonNodeFactory.instance.objectNode();
                m.put("itemCount", counts[i]);
                m.put("md5Checksum", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(gz)));
                m.put("etag", "0123456789abcdef0123456789abcdef");
                m.put("dataFileS3Key", prefix + name);
                manifest.append(JSON.writeValueAsString(m)).append('\n');
            }
            Files.writeString(dir.resolve("manifest-files.json"), manifest.toString());
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("version", "2020-06-30");
            s.put("exportArn", TABLE_ARN + "/export/" + exportId);
            s.put("startTime", "2025-01-01T00:00:00.000Z");
            s.put("endTime", "2025-01-01T00:05:00.000Z");
            s.put("tableArn", TABLE_ARN);
            s.put("tableId", "00000000-0000-0000-0000-000000000000");
            s.put("exportTime", "2025-01-01T00:00:00.000Z");
            s.put("s3Bucket", "exports-bucket");
            s.put("s3Prefix", "exports");
            s.put("s3SseAlgorithm", "AES256");
            s.putNull("s3SseKmsKeyId");
            s.put("manifestFilesS3Key", prefix + "manifest-files.json");
            s.put("billedSizeBytes", 0);
            s.put("itemCount", items.size());
            s.put("outputFormat", format.name());
            s.put("exportType", "FULL_EXPORT");
            Files.writeString(dir.resolve("manifest-summary.json"), JSON.writeValueAsString(s));
            Files.writeString(dir.resolve("_started"), "");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    public static String jsonLine(Map<String, AttributeValue> item) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode it = root.putObject("Item");
        item.forEach((k, v) -> it.set(k, json(v)));
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode json(AttributeValue v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (v.s() != null) o.put("S", v.s());
        else if (v.n() != null) o.put("N", v.n());
        else if (v.b() != null) o.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
        else if (v.bool() != null) o.put("BOOL", v.bool());
        else if (Boolean.TRUE.equals(v.nul())) o.put("NULL", true);
        else if (v.hasSs()) { ArrayNode a = o.putArray("SS"); v.ss().forEach(a::add); }
        else if (v.hasNs()) { ArrayNode a = o.putArray("NS"); v.ns().forEach(a::add); }
        else if (v.hasBs()) { ArrayNode a = o.putArray("BS"); v.bs().forEach(b -> a.add(Base64.getEncoder().encodeToString(b.asByteArray()))); }
        else if (v.hasL()) { ArrayNode a = o.putArray("L"); v.l().forEach(x -> a.add(json(x))); }
        else if (v.hasM()) { ObjectNode m = o.putObject("M"); v.m().forEach((k, x) -> m.set(k, json(x))); }
        return o;
    }

    public static String ionLine(Map<String, AttributeValue> item) {
        StringBuilder sb = new StringBuilder();
        try (IonWriter w = IonTextWriterBuilder.standard().build(sb)) {
            w.stepIn(IonType.STRUCT);
            w.setFieldName("Item");
            w.stepIn(IonType.STRUCT);
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                w.setFieldName(e.getKey());
                ion(w, e.getValue());
            }
            w.stepOut();
            w.stepOut();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "$ion_1_0 " + sb.toString().replace("\n", " ");
    }

    private static void ion(IonWriter w, AttributeValue v) throws IOException {
        if (v.s() != null) w.writeString(v.s());
        else if (v.n() != null) w.writeDecimal(new BigDecimal(v.n()));
        else if (v.b() != null) w.writeBlob(v.b().asByteArray());
        else if (v.bool() != null) w.writeBool(v.bool());
        else if (Boolean.TRUE.equals(v.nul())) w.writeNull();
        else if (v.hasSs()) { w.setTypeAnnotations("$dynamodb_SS"); w.stepIn(IonType.LIST); for (String s : v.ss()) w.writeString(s); w.stepOut(); }
        else if (v.hasNs()) { w.setTypeAnnotations("$dynamodb_NS"); w.stepIn(IonType.LIST); for (String s : v.ns()) w.writeDecimal(new BigDecimal(s)); w.stepOut(); }
        else if (v.hasBs()) { w.setTypeAnnotations("$dynamodb_BS"); w.stepIn(IonType.LIST); for (SdkBytes b : v.bs()) w.writeBlob(b.asByteArray()); w.stepOut(); }
        else if (v.hasL()) { w.stepIn(IonType.LIST); for (AttributeValue x : v.l()) ion(w, x); w.stepOut(); }
        else if (v.hasM()) { w.stepIn(IonType.STRUCT); for (var e : v.m().entrySet()) { w.setFieldName(e.getKey()); ion(w, e.getValue()); } w.stepOut(); }
    }
}
