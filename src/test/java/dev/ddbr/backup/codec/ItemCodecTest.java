package dev.ddbr.backup.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public class ItemCodecTest {

    /** Every attribute type, with values that break naive codecs. */
    public static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("key-é-日本-\uD83D\uDE00"));
        m.put("s_empty", AttributeValue.fromS(""));
        m.put("s_escapes", AttributeValue.fromS("quote\" backslash\\ newline\n tab\t nul\u0000 line-sep\u2028"));
        m.put("n_big", AttributeValue.fromN("12345678901234567890123456789012345678"));
        m.put("n_small", AttributeValue.fromN("-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"));
        m.put("n_exp", AttributeValue.fromN("1.5E+125"));
        m.put("n_prec", AttributeValue.fromN("0.10000000000000000000000000000000000001"));
        m.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 127, -128, 10, 13})));
        m.put("ss", AttributeValue.fromSs(List.of("b", "a", "ünï")));
        m.put("ns", AttributeValue.fromNs(List.of("1", "2.50", "-99999999999999999999999999999999999999")));
        m.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromByteArray(new byte[] {0}))));
        m.put("null", AttributeValue.fromNul(true));
        m.put("t", AttributeValue.fromBool(true));
        m.put("f", AttributeValue.fromBool(false));
        m.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"),
                AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of()), AttributeValue.fromNul(true))));
        m.put("m", AttributeValue.fromM(Map.of("nested", AttributeValue.fromM(Map.of("deep",
                AttributeValue.fromL(List.of(AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("z"))))))))));
        return m;
    }

    @Test
    void everyTypeRoundTripsExactly() {
        Map<String, AttributeValue> item = everyType();
        String line = ItemCodec.toLine(item);
        assertThat(line).startsWith("{\"Item\":{").doesNotContain("\n");
        Map<String, AttributeValue> back = ItemCodec.fromLine(line);
        assertThat(back).isEqualTo(item);
        assertThat(back.keySet()).containsExactlyElementsOf(item.keySet());
        assertThat(ItemCodec.toLine(back)).isEqualTo(line);
    }

    @Test
    void writesTheNativeExportShape() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("a"));
        item.put("n", AttributeValue.fromN("1.10"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
        item.put("ss", AttributeValue.fromSs(List.of("x")));
        item.put("nul", AttributeValue.fromNul(true));
        assertThat(ItemCodec.toLine(item)).isEqualTo(
                "{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.10\"},\"b\":{\"B\":\"aGk=\"},\"ss\":{\"SS\":[\"x\"]},\"nul\":{\"NULL\":true}}}");
    }

    @Test
    void readsNativeExportLinesAndBareMaps() {
        String nativeLine = "{\"Item\":{\"pk\":{\"S\":\"u#1\"},\"score\":{\"N\":\"10\"},\"tags\":{\"SS\":[\"a\",\"b\"]}}}";
        assertThat(ItemCodec.fromLine(nativeLine)).containsEntry("score", AttributeValue.fromN("10"))
                .containsEntry("tags", AttributeValue.fromSs(List.of("a", "b")));
        assertThat(ItemCodec.fromLine("{\"pk\":{\"S\":\"x\"}}")).containsEntry("pk", AttributeValue.fromS("x"));
        assertThat(ItemCodec.fromJson("{\"pk\":{\"S\":\"x\"}}")).containsEntry("pk", AttributeValue.fromS("x"));
    }

    @Test
    void bareJsonNumbersKeepTheirExactText() {
        Map<String, AttributeValue> m = ItemCodec.fromLine("{\"Item\":{\"n\":{\"N\":3.14159265358979323846264338327950288}}}");
        assertThat(m.get("n").n()).isEqualTo("3.14159265358979323846264338327950288");
    }

    @Test
    void nearly400KbItemRoundTrips() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("big"));
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[200_000])));
        item.put("text", AttributeValue.fromS("é".repeat(95_000)));
        assertThat(ItemCodec.fromLine(ItemCodec.toLineBytes(item))).isEqualTo(item);
    }

    @Test
    void malformedInputIsRejectedWithTheAttributeName() {
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"X\":\"1\"}}}"))
                .isInstanceOf(ItemCodec.FormatException.class).hasMessageContaining("'a'").hasMessageContaining("unknown type 'X'");
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"N\":\"12abc\"}}}"))
                .hasMessageContaining("invalid number");
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"B\":\"***\"}}}"))
                .hasMessageContaining("invalid base64");
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}"))
                .hasMessageContaining("more than one type");
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"S\":1}}}"))
                .hasMessageContaining("must hold a string");
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{\"a\":{\"S\":\"x\"}")).isInstanceOf(ItemCodec.FormatException.class);
        assertThatThrownBy(() -> ItemCodec.fromLine("{\"Item\":{}} trailing")).isInstanceOf(ItemCodec.FormatException.class);
    }
}
