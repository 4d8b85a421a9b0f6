package dev.ddbr.cli.skew;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.ExportWriter;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * skew export --engine athena on moto (S3 and Athena): moto runs no SQL, so each query's results are seeded through
 * moto's API (POST /moto-api/static/athena/query-results, handed out in the order queries start: the CREATE, the
 * totals, the top keys, the DROP), with the figures the local engine computes from the same export. The Athena report
 * must equal the local one field by field (bytes aside: Athena does not size items), name its queries, and the DROP
 * must have been issued.
 */
@EmulatorTest
class SkewExportAthenaIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path local;

    String upload(LocalAws aws) throws Exception {
        return upload(aws, local);
    }

    /** A DYNAMODB_JSON export of SkewExportCommandTest.skewed() in a new moto bucket, under orders/; returns the bucket. */
    static String upload(LocalAws aws, Path local) throws Exception {
        ExportWriter.write(local, "01700000000000-abcdef12", ExportWriter.Format.DYNAMODB_JSON, 3, SkewExportCommandTest.skewed());
        String bucket = LocalAws.uniqueName("exports");
        try (S3Client s3 = TestClients.of(S3Client.builder().forcePathStyle(true), aws.motoEndpoint());
             Stream<Path> files = Files.walk(local)) {
            s3.createBucket(r -> r.bucket(bucket));
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = "orders/" + local.relativize(f).toString().replace('\\', '/');
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(f));
            }
        }
        return bucket;
    }

    /** Queue results in moto for the next queries, in order. */
    static void seed(LocalAws aws, List<ObjectNode> results) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("account_id", "123456789012");
        body.put("region", "us-east-1");
        ArrayNode rs = body.putArray("results");
        results.forEach(rs::add);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(aws.motoDirectEndpoint() + "/moto-api/static/athena/query-results"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** A result set as Athena returns it: the column names as the first row, then the rows. */
    static ObjectNode result(List<String> columns, List<List<String>> rows) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ArrayNode rowsNode = n.putArray("rows");
        List<List<String>> all = new ArrayList<>();
        if (!columns.isEmpty()) all.add(columns);
        all.addAll(rows);
        for (List<String> r : all) {
            ArrayNode data = rowsNode.addObject().putArray("Data");
            for (String v : r) data.addObject().put("VarCharValue", v);
        }
        ArrayNode info = n.putArray("column_info");
        for (String c : columns) {
            info.addObject().put("CatalogName", "hive").put("SchemaName", "").put("TableName", "").put("Name", c)
                    .put("Label", c).put("Type", "varchar").put("Precision", 0).put("Scale", 0)
                    .put("Nullable", "UNKNOWN").put("CaseSensitive", true);
        }
        return n;
    }

    @Test
    void athenaReportEqualsTheLocalReportFieldByField(LocalAws aws) throws Exception {
        String bucket = upload(aws);
        String results = LocalAws.uniqueName("athena-results");
        try (S3Client s3 = TestClients.of(S3Client.builder().forcePathStyle(true), aws.motoEndpoint())) {
            s3.createBucket(r -> r.bucket(results));
        }
        String path = "s3://" + bucket + "/orders/";
        Cli.Result l = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--index", "by-status=status", "-o", "json");
        assertThat(l.exitCode()).as(l.toString()).isEqualTo(1);
        JsonNode loc = JSON.readTree(l.out());

        // what Athena would answer for this export: the local engine's exact figures
        List<String> totals = List.of(Long.toString(loc.get("items").asLong()),
                Long.toString(loc.get("items").asLong()), Long.toString(loc.get("distinctKeys").asLong()),
                Long.toString(loc.get("indexes").get(0).get("items").asLong()),
                Long.toString(loc.get("indexes").get(0).get("distinctKeys").asLong()));
        List<List<String>> top = new ArrayList<>();
        for (JsonNode k : loc.get("topKeys")) top.add(List.of("1", k.get("key").asText(), k.get("items").asText()));
        for (JsonNode k : loc.get("indexes").get(0).get("topKeys")) top.add(List.of("2", k.get("key").asText(), k.get("items").asText()));
        seed(aws, List.of(result(List.of(), List.of()),
                result(List.of("items", "items_0", "distinct_0", "items_1", "distinct_1"), List.of(totals)),
                result(List.of("target_id", "key_text", "items"), top),
                result(List.of(), List.of())));

        Cli.Result a = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--index", "by-status=status",
                "--engine", "athena", "--athena-output", "s3://" + results + "/ddbr/", "-o", "json");
        assertThat(a.exitCode()).as(a.toString()).isEqualTo(1);
        JsonNode ath = JSON.readTree(a.out());

        // the same shape: every field of the local report, in the same order, then "athena"
        List<String> localFields = names(loc);
        List<String> athenaFields = names(ath);
        assertThat(athenaFields.subList(0, localFields.size())).isEqualTo(localFields);
        assertThat(athenaFields).last().isEqualTo("athena");
        // the same values, field by field, but for what only the local engine knows or says
        for (String f : localFields) {
            switch (f) {
                case "bytes" -> assertThat(ath.get(f).isNull()).as(f).isTrue();
                case "notes", "partitions" -> { }
                case "distinctKeysExact" -> assertThat(ath.get(f).asBoolean()).as(f).isFalse();
                case "distinctKeysBound", "gini" -> { }
                case "topKeys" -> assertKeys(loc.get(f), ath.get(f));
                case "indexes" -> {
                    JsonNode li = loc.get(f).get(0);
                    JsonNode ai = ath.get(f).get(0);
                    assertThat(names(ai)).isEqualTo(names(li));
                    for (String g : List.of("name", "keyAttribute", "items", "distinctKeys", "topKeysExact", "topKeysMaxError", "hottestKeyShare",
                            "exceedsMaxKeyShare", "keyVerdict")) {
                        assertThat(ai.get(g)).as("indexes[0]." + g).isEqualTo(li.get(g));
                    }
                    assertKeys(li.get("topKeys"), ai.get("topKeys"));
                }
                default -> assertThat(ath.get(f)).as(f).isEqualTo(loc.get(f));
            }
        }
        JsonNode info = ath.get("athena");
        assertThat(info.get("workgroup").asText()).isEqualTo("primary");
        assertThat(info.get("database").asText()).isEqualTo("default");
        assertThat(info.get("table").asText()).startsWith("ddbr_skew_01700000000000_abcdef12_");
        assertThat(info.get("queryIds")).hasSize(4);
        assertThat(info.get("tableDropped").asBoolean()).isTrue();
        assertThat(ath.get("notes").toString()).contains("approx_distinct", "the 1,000 items counted match the manifest");

        // the queries as moto recorded them: CREATE over the data/ folder first, DROP of the same table last
        try (AthenaClient athena = TestClients.of(AthenaClient.builder(), aws.motoEndpoint())) {
            List<QueryExecution> q = new ArrayList<>();
            for (JsonNode id : info.get("queryIds")) {
                q.add(athena.getQueryExecution(r -> r.queryExecutionId(id.asText())).queryExecution());
            }
            String table = info.get("table").asText();
            assertThat(q.get(0).query()).startsWith("CREATE EXTERNAL TABLE `default`.`" + table + "`")
                    .contains("LOCATION '" + path + "AWSDynamoDB/01700000000000-abcdef12/data/'");
            assertThat(q.get(1).query()).contains("approx_distinct");
            assertThat(q.get(2).query()).contains("GROUPING SETS");
            assertThat(q.get(3).query()).isEqualTo("DROP TABLE IF EXISTS `default`.`" + table + "`");
            assertThat(q.get(3).resultConfiguration().outputLocation()).startsWith("s3://" + results + "/ddbr/");
        }
        // every Athena request went through the API-model net
        assertThat(aws.apiModel().stats()).contains("athena");
    }

    @Test
    void badInputIsOneLineAndStartsNothing(LocalAws aws) throws Exception {
        String bucket = upload(aws);
        String path = "s3://" + bucket + "/orders/";
        Cli.Result wg = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--engine", "athena",
                "--athena-workgroup", "no-such-wg", "--athena-output", "s3://x-results/ddbr/");
        assertThat(wg.exitCode()).as(wg.toString()).isEqualTo(253);
        assertThat(wg.errLine()).contains("the Athena workgroup 'no-such-wg' does not exist in us-east-1");

        Cli.Result noOut = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--engine", "athena");
        assertThat(noOut.exitCode()).as(noOut.toString()).isEqualTo(253);
        assertThat(noOut.errLine()).contains("has no query result location");

        Cli.Result localDir = Cli.local(home, aws).run("skew", "export", local.toString(), "--key", "tenant", "--engine", "athena");
        assertThat(localDir.exitCode()).as(localDir.toString()).isEqualTo(252);
        assertThat(localDir.errLine()).contains("local folder");

        Cli.Result badName = Cli.local(home, aws).run("skew", "export", path, "--key", "order-id", "--engine", "athena",
                "--athena-output", "s3://x-results/ddbr/");
        assertThat(badName.exitCode()).as(badName.toString()).isEqualTo(252);
        assertThat(badName.errLine()).contains("'order-id'");

        Cli.Result threshold = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--engine", "auto",
                "--auto-threshold", "lots");
        assertThat(threshold.exitCode()).as(threshold.toString()).isEqualTo(252);
        assertThat(threshold.errLine()).contains("'lots' is not a size for --auto-threshold");

        // auto below the threshold: read locally (the manifest says 0 bytes), no Athena call at all
        Cli.Result auto = Cli.local(home, aws).run("skew", "export", path, "--key", "tenant", "--engine", "auto", "-v", "-o", "json");
        assertThat(auto.exitCode()).as(auto.toString()).isZero(); // 30% on one key of a 1-partition table: SKEWED, not hot
        assertThat(auto.err()).contains("below athena.auto_threshold 50GB: read locally");
        assertThat(JSON.readTree(auto.out()).has("athena")).isFalse();
    }

    static void assertKeys(JsonNode local, JsonNode athena) {
        assertThat(athena.size()).isEqualTo(local.size());
        for (int i = 0; i < local.size(); i++) {
            for (String g : List.of("key", "items", "share")) {
                assertThat(athena.get(i).get(g)).as("topKeys[" + i + "]." + g).isEqualTo(local.get(i).get(g));
            }
            assertThat(athena.get(i).get("bytes").isNull()).isTrue();
        }
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
