package dev.ddbr.cli;

import dev.ddbr.Main;
import dev.ddbr.aws.Warmup;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;

/**
 * Hidden: a warm-up run for scripts/ddbr's class-data-sharing archive. No AWS types appear in this class
 * (picocli reflects over command classes on every start, which would load them for --help too).
 */
@Command(name = "__cds-training", hidden = true, description = "Internal: warm-up run for the CDS archive.")
public class CdsTrainingCommand extends BaseCommand {
    @Override
    protected int execute() {
        Warmup.run();
        for (OutputFormat f : new OutputFormat[] {OutputFormat.text, OutputFormat.json, OutputFormat.yaml}) {
            new Renderer(f, new PrintWriter(Writer.nullWriter()), Style.plain()).render(Map.of("warm", true));
        }
        skewExport();
        tableDescribe();
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        try {
            Main.run(ctx().env(), none, none, "--help");   // the help renderer's classes
            // every verb's class: a run builds only the verbs of the group it names (Main.commandLine)
            Main.commandLine(new DdbrCommand(ctx().env()), none, none);
        } catch (RuntimeException | LinkageError ignored) {
            // training is best effort
        }
        return 0;
    }

    /**
     * `table describe` against a canned loopback endpoint (aws/TrainingEndpoint): the unmarshallers and model classes of
     * its calls' responses, which the closed-port warm-up never reaches.
     */
    private void tableDescribe() {
        try (dev.ddbr.aws.TrainingEndpoint ep = dev.ddbr.aws.TrainingEndpoint.start()) {
            Map<String, String> vars = Map.of("AWS_ACCESS_KEY_ID", "cds", "AWS_SECRET_ACCESS_KEY", "cds", "AWS_REGION", "us-east-1",
                    "AWS_EC2_METADATA_DISABLED", "true", "HOME", "/nonexistent", "DDBR_CONFIG_DIR", "/nonexistent",
                    "AWS_ENDPOINT_URL", ep.url());
            Environment env = new Environment(vars, false, false, false, java.io.InputStream.nullInputStream());
            PrintWriter none = new PrintWriter(Writer.nullWriter());
            for (String format : new String[] {"text", "json"}) {
                Main.run(env, none, none, "table", "describe", "cds-training", "-o", format);
            }
        } catch (Exception | LinkageError ignored) {
            // training is best effort
        }
    }

    /** `skew export` of a three-item export in a temporary folder: its classes load on every run of it. */
    private void skewExport() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ddbr-cds");
            Files.createDirectories(dir.resolve("data"));
            String lines = "{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"},\"m\":{\"M\":{\"l\":{\"L\":[{\"BOOL\":true}]}}}}}\n"
                    + "{\"Item\":{\"pk\":{\"S\":\"a\"},\"ss\":{\"SS\":[\"x\"]},\"b\":{\"B\":\"AQ==\"}}}\n"
                    + "{\"Item\":{\"pk\":{\"S\":\"b\"},\"z\":{\"NULL\":true}}}\n";
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(lines.getBytes(StandardCharsets.UTF_8));
            }
            Files.write(dir.resolve("data/part-0.json.gz"), gz.toByteArray());
            String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(gz.toByteArray()));
            Files.writeString(dir.resolve("manifest-files.json"), "{\"itemCount\":3,\"md5Checksum\":\"" + md5
                    + "\",\"dataFileS3Key\":\"x/AWSDynamoDB/01700000000000-cds/data/part-0.json.gz\"}\n");
            Files.writeString(dir.resolve("manifest-summary.json"), "{\"itemCount\":3,\"outputFormat\":\"DYNAMODB_JSON\","
                    + "\"tableArn\":\"arn:aws:dynamodb:us-east-1:111111111111:table/cds\"}");
            PrintWriter none = new PrintWriter(Writer.nullWriter());
            for (String format : new String[] {"json", "text"}) {
                Main.run(ctx().env(), none, none, "skew", "export", dir.toString(), "--key", "pk", "--index", "g=n", "-o", format);
            }
        } catch (Exception | LinkageError ignored) {
            // training is best effort
        } finally {
            if (dir != null) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (Exception ignored) {
                    // a temp folder left behind
                }
            }
        }
    }
}
