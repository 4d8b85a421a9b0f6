package dev.ddbr.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpResponse;

class RawScanPagesTest {
    static List<String> items(RawScanPages.Sliced s, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            out.add(new String(b, s.bounds()[2 * i], s.bounds()[2 * i + 1] - s.bounds()[2 * i], StandardCharsets.UTF_8));
        }
        return out;
    }

    static RawScanPages.Sliced slice(String body) {
        return RawScanPages.slice(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsEveryItemOfAScanResponseByteForByte() {
        String a = "{\"pk\":{\"S\":\"a \\\"quoted\\\" }] string\"},\"n\":{\"N\":\"12345678901234567890123456789012345678\"}}";
        String b = "{\"m\":{\"M\":{\"l\":{\"L\":[{\"S\":\"[{\"},{\"NULL\":true},{\"BOOL\":false}]}}},\"u\":{\"S\":\"é😀\\u2028\\\\\"}}";
        String c = "{\"bs\":{\"BS\":[\"AAE=\",\"/w==\"]},\"ss\":{\"SS\":[\"x\",\"y\"]},\"ns\":{\"NS\":[\"1\",\"-0.5\"]}}";
        String body = "{\"Count\":3,\"Items\":[" + a + "," + b + "," + c + "],\"LastEvaluatedKey\":{\"pk\":{\"S\":\"z\"}},\"ScannedCount\":3}";
        RawScanPages.Sliced s = slice(body);
        assertThat(s).isNotNull();
        assertThat(items(s, body)).containsExactly(a, b, c);
    }

    @Test
    void acceptsAnyKeyOrderAndSpacesBetweenTokens() {
        String a = "{ \"pk\" : { \"S\" : \"a\" } }";
        String body = " { \"ScannedCount\" : 9 , \"Items\" : [ " + a + " ] ,\n \"Count\" : 1 , \"ConsumedCapacity\":{\"CapacityUnits\":0.5,\"TableName\":\"t\"} }\n";
        assertThat(items(slice(body), body)).containsExactly(a);
        assertThat(slice("{\"Count\":0,\"Items\":[],\"ScannedCount\":0}").count()).isZero();
    }

    @Test
    void declinesWhatItCannotVouchFor() {
        // a line break inside an item would split an export line
        assertThat(slice("{\"Count\":1,\"Items\":[{\"pk\":\n{\"S\":\"a\"}}]}")).isNull();
        // Count disagrees with the items found
        assertThat(slice("{\"Count\":2,\"Items\":[{\"pk\":{\"S\":\"a\"}}]}")).isNull();
        // no Count, no Items, an Items that is not an array of objects, two Items
        assertThat(slice("{\"Items\":[{\"pk\":{\"S\":\"a\"}}]}")).isNull();
        assertThat(slice("{\"Count\":0}")).isNull();
        assertThat(slice("{\"Count\":1,\"Items\":[\"x\"]}")).isNull();
        assertThat(slice("{\"Count\":0,\"Items\":[],\"Items\":[]}")).isNull();
        // truncated, trailing bytes, not an object, a raw control character in a string
        assertThat(slice("{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"a\"}}")).isNull();
        assertThat(slice("{\"Count\":0,\"Items\":[]} x")).isNull();
        assertThat(slice("[]")).isNull();
        assertThat(slice("{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"a\tb\"}}]}")).isNull();
        assertThat(slice("")).isNull();
    }

    static HttpExecuteResponse response(int status, String body, String... headers) {
        SdkHttpResponse.Builder h = SdkHttpResponse.builder().statusCode(status);
        for (int i = 0; i < headers.length; i += 2) h.putHeader(headers[i], headers[i + 1]);
        return HttpExecuteResponse.builder().response(h.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))).build();
    }

    static String crc(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toString(c.getValue());
    }

    static String body(HttpExecuteResponse r) throws IOException {
        return new String(r.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    static final String ITEM = "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"}}";
    static final String PAGE = "{\"Count\":1,\"Items\":[" + ITEM + "],\"LastEvaluatedKey\":{\"pk\":{\"S\":\"a\"}},\"ScannedCount\":1}";

    @Test
    void capturedResponseHandsTheSdkThePageWithoutItemsAndChecksCrc32() throws IOException {
        RawScanPages.Page[] slot = new RawScanPages.Page[1];
        HttpExecuteResponse handed = RawScanPages.capture(response(200, PAGE, "x-amz-crc32", crc(PAGE)), slot);
        String rest = body(handed);
        assertThat(rest).isEqualTo("{\"Count\":1,\"Items\":[],\"LastEvaluatedKey\":{\"pk\":{\"S\":\"a\"}},\"ScannedCount\":1}");
        assertThat(handed.httpResponse().firstMatchingHeader("x-amz-crc32")).isEmpty();
        assertThat(handed.httpResponse().firstMatchingHeader("Content-Length")).contains(Integer.toString(rest.length()));
        assertThat(slot[0].count()).isEqualTo(1);
        assertThat(slot[0].item(0)).isEqualTo(ITEM);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        slot[0].writeLines(lines, "{\"Item\":".getBytes(StandardCharsets.UTF_8), new byte[] {'}', '\n'});
        assertThat(lines.toString(StandardCharsets.UTF_8)).isEqualTo("{\"Item\":" + ITEM + "}\n");

        RawScanPages.Page[] bad = new RawScanPages.Page[1];
        assertThatThrownBy(() -> RawScanPages.capture(response(200, PAGE, "x-amz-crc32", "12345"), bad))
                .isInstanceOf(IOException.class).hasMessageContaining("CRC32");
        assertThat(bad[0]).isNull();
    }

    @Test
    void leavesErrorsCompressedBodiesAndUnknownShapesToTheSdk() throws IOException {
        for (HttpExecuteResponse r : List.of(
                response(400, "{\"__type\":\"x#ThrottlingException\"}"),
                response(200, PAGE, "Content-Encoding", "gzip"),
                response(200, "{\"Count\":1,\"Items\":[{\"pk\":\n{\"S\":\"a\"}}]}"))) {
            RawScanPages.Page[] slot = new RawScanPages.Page[1];
            HttpExecuteResponse handed = RawScanPages.capture(r, slot);
            assertThat(slot[0]).isNull();
            if (r.httpResponse().statusCode() == 200 && r.httpResponse().firstMatchingHeader("Content-Encoding").isEmpty()) {
                assertThat(body(handed)).contains("Items\":[{");
            } else {
                assertThat(handed).isSameAs(r);
            }
        }
    }

    @Test
    void armedThreadsOnlyAndTakeDisarms() {
        assertThat(RawScanPages.take()).isNull();
        RawScanPages.arm();
        assertThat(RawScanPages.take()).isNull();
        assertThat(RawScanPages.take()).isNull();
    }
}
