package dev.ddbr.skew.export;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An export under {@code s3://bucket/prefix}. Reads each data file with one streaming GetObject. */
public final class S3ExportStore implements ExportStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix; // "" or ending in "/"

    public S3ExportStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** Parse {@code s3://bucket/prefix}. */
    public static String[] parse(String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    @Override public String location() { return "s3://" + bucket + "/" + prefix; }

    @Override public String describe(String relative) { return "s3://" + bucket + "/" + prefix + relative; }

    @Override
    public boolean exists(String relative) throws IOException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(prefix + relative));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new IOException(describe(relative) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(describe(relative) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String relative) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(prefix + relative));
        } catch (NoSuchKeyException e) {
            throw new FileNotFoundException(describe(relative));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new FileNotFoundException(describe(relative));
            throw new IOException(describe(relative) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(describe(relative) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> find(String name, int maxDepth) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                String rel = o.key().substring(prefix.length());
                int depth = rel.split("/", -1).length - 1;
                if (depth <= maxDepth && (rel.equals(name) || rel.endsWith("/" + name))) out.add(rel);
            }
        } catch (SdkException e) {
            throw new IOException(location() + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public ExportStore at(String relativeFolder) {
        return new S3ExportStore(s3, bucket, prefix + relativeFolder);
    }

    @Override public int preferredParallelism(int cores) { return Math.max(cores, 8); }
}
