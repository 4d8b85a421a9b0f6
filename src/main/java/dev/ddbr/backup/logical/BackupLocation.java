package dev.ddbr.backup.logical;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Where a logical backup lives: a local directory or {@code s3://bucket/prefix}. Paths inside are relative, with '/'. */
public abstract sealed class BackupLocation permits BackupLocation.Local, BackupLocation.S3 {

    public static BackupLocation of(String spec, ClientFactory aws) {
        if (spec.startsWith("s3://")) {
            String rest = spec.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isBlank()) throw DdbrException.invalid("no bucket in '" + spec + "'", "use s3://bucket/prefix");
            while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
            return new S3(aws.s3(), bucket, prefix);
        }
        return new Local(Path.of(spec));
    }

    /** How it is shown to people. */
    public abstract String describe();

    /** The bytes of a small file (a manifest), or empty when it does not exist. */
    public abstract Optional<byte[]> readIfExists(String rel);

    /** A local file with the content of {@code rel}: the file itself, or a download into {@code cache}. */
    public abstract Path fetch(String rel, Path cache);

    /** Store a local file at {@code rel}. */
    public abstract void put(String rel, Path file);

    public abstract void putBytes(String rel, byte[] bytes);

    /** True when something is already stored under this location. */
    public abstract boolean nonEmpty();

    /** Remove one file if it is there. */
    public abstract void delete(String rel);

    /** The same location seen as a native-export store (to find an export below it). */
    public abstract dev.ddbr.skew.export.ExportStore exportStore();

    /** The folder {@code rel} below this location. */
    public abstract BackupLocation at(String rel);

    public static final class Local extends BackupLocation {
        private final Path dir;

        Local(Path dir) { this.dir = dir; }

        public Path dir() { return dir; }

        @Override public String describe() { return dir.toString(); }

        @Override public dev.ddbr.skew.export.ExportStore exportStore() { return new dev.ddbr.skew.export.LocalExportStore(dir); }

        @Override public BackupLocation at(String rel) { return rel.isEmpty() ? this : new Local(dir.resolve(rel)); }

        @Override
        public Optional<byte[]> readIfExists(String rel) {
            Path p = dir.resolve(rel);
            try {
                return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
            } catch (IOException e) {
                throw DdbrException.invalid("cannot read " + p + ": " + e.getMessage(), "check the path and its permissions");
            }
        }

        @Override
        public Path fetch(String rel, Path cache) {
            Path p = dir.resolve(rel).normalize();
            if (!p.startsWith(dir.normalize())) throw DdbrException.invalid("path escapes the backup: " + rel, "the manifest is damaged");
            return p;
        }

        @Override
        public void put(String rel, Path file) {
            Path target = dir.resolve(rel);
            if (target.equals(file)) return;
            try {
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void putBytes(String rel, byte[] bytes) {
            try {
                Path target = dir.resolve(rel);
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void delete(String rel) {
            try {
                Files.deleteIfExists(dir.resolve(rel));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean nonEmpty() {
            try (var s = Files.list(dir)) {
                return s.findAny().isPresent();
            } catch (IOException e) {
                return false;
            }
        }
    }

    public static final class S3 extends BackupLocation {
        private final S3Client s3;
        private final String bucket;
        private final String prefix;

        S3(S3Client s3, String bucket, String prefix) {
            this.s3 = s3;
            this.bucket = bucket;
            this.prefix = prefix;
        }

        private String key(String rel) { return prefix.isEmpty() ? rel : prefix + "/" + rel; }

        @Override public String describe() { return "s3://" + bucket + "/" + prefix; }

        @Override public dev.ddbr.skew.export.ExportStore exportStore() { return new dev.ddbr.skew.export.S3ExportStore(s3, bucket, prefix); }

        @Override public BackupLocation at(String rel) { return rel.isEmpty() ? this : new S3(s3, bucket, key(rel)); }

        /** A missing bucket is named as such, with the hint that fits it. */
        private DdbrException error(SdkException e, String what) {
            if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ae && "NoSuchBucket".equals(AwsErrors.code(ae))) {
                return DdbrException.aws("cannot " + what + ": the S3 bucket '" + bucket + "' does not exist",
                        "check the bucket name and region", e);
            }
            return AwsErrors.translate(e, what);
        }

        @Override
        public Optional<byte[]> readIfExists(String rel) {
            try {
                return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(rel))).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (SdkException e) {
                if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ae && "NoSuchBucket".equals(AwsErrors.code(ae))) {
                    throw error(e, "read " + describe() + "/" + rel);
                }
                if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return Optional.empty();
                throw error(e, "read " + describe() + "/" + rel);
            }
        }

        @Override
        public Path fetch(String rel, Path cache) {
            Path target = cache.resolve(rel.replace('/', '_'));
            try {
                Files.createDirectories(cache);
                Files.deleteIfExists(target);
                s3.getObject(r -> r.bucket(bucket).key(key(rel)), target);
                return target;
            } catch (SdkException e) {
                if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) {
                    throw DdbrException.invalid("the backup is incomplete: " + describe() + "/" + rel + " is missing",
                            "nothing was written; use a complete backup");
                }
                throw error(e, "download " + describe() + "/" + rel);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void put(String rel, Path file) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key(rel)), RequestBody.fromFile(file));
            } catch (SdkException e) {
                throw error(e, "upload " + describe() + "/" + rel);
            }
        }

        @Override
        public void putBytes(String rel, byte[] bytes) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key(rel)), RequestBody.fromBytes(bytes));
            } catch (SdkException e) {
                throw error(e, "upload " + describe() + "/" + rel);
            }
        }

        @Override
        public void delete(String rel) {
            try {
                s3.deleteObject(r -> r.bucket(bucket).key(key(rel)));
            } catch (SdkException e) {
                throw error(e, "delete " + describe() + "/" + rel);
            }
        }

        @Override
        public boolean nonEmpty() {
            try {
                return !s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix.isEmpty() ? "" : prefix + "/").maxKeys(1))
                        .contents().isEmpty();
            } catch (SdkException e) {
                throw error(e, "list " + describe());
            }
        }
    }
}
