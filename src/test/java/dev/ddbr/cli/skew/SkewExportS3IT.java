package dev.ddbr.cli.skew;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.ExportWriter;
import dev.ddbr.testing.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** skew export reading an export from S3 (moto), in parallel, with the same exact counts as locally. */
@EmulatorTest
class SkewExportS3IT {
    @TempDir
    Path home;

    @TempDir
    Path local;

    @Test
    void readsAnExportFromS3(LocalAws aws) throws Exception {
        ExportWriter.write(local, "01700000000000-abcdef12", ExportWriter.Format.ION, 3, SkewExportCommandTest.skewed());
        String bucket = LocalAws.uniqueName("exports");
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(aws.motoEndpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
             Stream<Path> files = Files.walk(local)) {
            s3.createBucket(r -> r.bucket(bucket));
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = "orders/" + local.relativize(f).toString().replace('\\', '/');
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(f));
            }
        }
        Cli.Result r = Cli.local(home, aws).run("skew", "export", "s3://" + bucket + "/orders/", "--key", "tenant",
                "--index", "by-status=status", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("items").asLong()).isEqualTo(1000);
        assertThat(j.get("topKeys").get(0).get("items").asLong()).isEqualTo(300);
        assertThat(j.get("indexes").get(0).get("items").asLong()).isEqualTo(500);
        assertThat(j.get("location").asText()).startsWith("s3://" + bucket + "/orders/AWSDynamoDB/01700000000000-abcdef12");

        Cli.Result missing = Cli.local(home, aws).run("skew", "export", "s3://" + bucket + "/nothing-here/", "--key", "tenant");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(252);
        assertThat(missing.errLine()).contains("no DynamoDB export");
    }
}
