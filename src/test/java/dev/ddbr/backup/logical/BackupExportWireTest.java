package dev.ddbr.backup.logical;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.ddbr.restore.RestoreWireTest.ddb;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ddbr.backup.codec.ItemCodec;
import dev.ddbr.restore.RestoreWireTest;
import dev.ddbr.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the export writes is what DynamoDB sent: the Scan items' own bytes (dev.ddbr.aws.RawScanPages), with
 * DynamoDB's CRC32 checked, and the SDK's decoded items when a page is of a shape the raw path declines. The
 * real SDK talks HTTP to WireMock answering as DynamoDB does, including an x-amz-crc32 header.
 */
class BackupExportWireTest {
    static final ObjectMapper JSON = new ObjectMapper();

    // escapes, 38 digits, nesting and sets exactly as DynamoDB may send them; a decode/encode would change the bytes
    static final String A = "{\"pk\":{\"S\":\"caf\\u00e9 \\\"}]\\\\\"},\"n\":{\"N\":\"-1.2345678901234567890123456789012345678E+97\"},"
            + "\"m\":{\"M\":{\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":false},{\"B\":\"AAEC/w==\"}]}}}}";
    static final String B = "{\"pk\":{\"S\":\"b\"},\"ss\":{\"SS\":[\"y\",\"x\"]},\"ns\":{\"NS\":[\"10\",\"0.5\"]},\"bs\":{\"BS\":[\"AA==\"]}}";
    static final String C = "{\"pk\":{\"S\":\"c\"}}";

    @TempDir
    Path home;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = dev.ddbr.testing.WireAws.withUnknownApisUnsupported();
        RestoreWireTest.stubSource(wm);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    Cli cli() {
        return Cli.isolated(home).withMaxAttempts(1).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", wm.baseUrl());
    }

    static String page(String lastKey, String... items) {
        return "{\"Count\":" + items.length + ",\"Items\":[" + String.join(",", items) + "]"
                + (lastKey == null ? "" : ",\"LastEvaluatedKey\":{\"pk\":{\"S\":\"" + lastKey + "\"}}")
                + ",\"ScannedCount\":" + items.length + "}";
    }

    static ResponseDefinitionBuilder withCrc(String body, long crc) {
        return RestoreWireTest.ok(body).withHeader("x-amz-crc32", Long.toString(crc));
    }

    static long crc(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    static List<String> lines(Path dir) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("data/part-00000.json.gz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void writesDynamoDbsOwnBytesAndRetriesAPageThatFailsItsCrc32() throws IOException {
        String first = page("b", A, B);
        String second = page(null, C);
        // the first answer to page 1 is corrupted in transit (its CRC32 does not match); the retry is clean
        wm.stubFor(ddb("Scan").withRequestBody(matchingJsonPath("$.ExclusiveStartKey", absent())).inScenario("crc")
                .whenScenarioStateIs(STARTED).willReturn(withCrc(first, crc(first) ^ 1)).willSetStateTo("corrupted once"));
        wm.stubFor(ddb("Scan").withRequestBody(matchingJsonPath("$.ExclusiveStartKey", absent())).inScenario("crc")
                .whenScenarioStateIs("corrupted once").willReturn(withCrc(first, crc(first))));
        wm.stubFor(ddb("Scan").withRequestBody(matchingJsonPath("$.ExclusiveStartKey.pk.S", equalTo("b")))
                .willReturn(withCrc(second, crc(second))));

        Path dir = home.resolve("bk");
        Cli.Result r = cli().run("backup", "export", "orders", "--to", dir.toString(), "--segments", "1", "-o", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(lines(dir)).containsExactly("{\"Item\":" + A + "}", "{\"Item\":" + B + "}", "{\"Item\":" + C + "}");
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("itemCount").asLong()).isEqualTo(3);
        assertThat(out.get("readUnits").isNull()).as("not measured without --read-budget").isTrue();
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("files").get(0).get("itemCount").asLong()).isEqualTo(3);
        wm.verify(3, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.Scan")));
        // no --read-budget: DynamoDB is not asked to count consumed capacity
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("\"ReturnConsumedCapacity\":\"TOTAL\"")));
    }

    @Test
    void aPageTheRawPathDeclinesIsWrittenFromTheSdksItems() throws IOException {
        // pretty-printed: line breaks between tokens would split a line, so the SDK decodes this page
        String pretty = "{\n  \"Count\": 2,\n  \"Items\": [\n    " + A + ",\n    {\n      \"pk\": {\"S\": \"p\"}\n    }\n  ],\n"
                + "  \"ScannedCount\": 2,\n  \"ConsumedCapacity\": {\"TableName\": \"orders\", \"CapacityUnits\": 1.5}\n}";
        wm.stubFor(ddb("Scan").willReturn(withCrc(pretty, crc(pretty))));

        Path dir = home.resolve("bk");
        Cli.Result r = cli().run("backup", "export", "orders", "--to", dir.toString(), "--segments", "1", "--read-budget", "1000", "-o", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = lines(dir);
        assertThat(lines).hasSize(2);
        assertThat(ItemCodec.fromLine(lines.get(0))).isEqualTo(ItemCodec.fromLine("{\"Item\":" + A + "}"));
        assertThat(ItemCodec.fromLine(lines.get(1))).isEqualTo(ItemCodec.fromLine("{\"Item\":{\"pk\":{\"S\":\"p\"}}}"));
        // with a budget, consumed capacity is asked for and reported
        assertThat(JSON.readTree(r.out()).get("readUnits").asDouble()).isEqualTo(1.5);
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("\"ReturnConsumedCapacity\":\"TOTAL\"")));
    }
}
