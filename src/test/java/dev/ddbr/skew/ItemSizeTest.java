package dev.ddbr.skew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.skew.export.AttributeVisitor;
import dev.ddbr.skew.export.DynamoIonLine;
import dev.ddbr.skew.export.DynamoJsonLine;
import dev.ddbr.testing.ExportWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {
    static Map<String, AttributeValue> rich() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("tenant-é"));
        m.put("n", AttributeValue.fromN("-123.4500"));
        m.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3, 4, 5})));
        m.put("flag", AttributeValue.fromBool(true));
        m.put("nothing", AttributeValue.fromNul(true));
        m.put("ss", AttributeValue.fromSs(List.of("a", "bb")));
        m.put("ns", AttributeValue.fromNs(List.of("1", "22")));
        m.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9, 9}))));
        m.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("7"))));
        m.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("deep", AttributeValue.fromS("yes"))))));
        return m;
    }

    @Test
    void followsDynamoDbRules() {
        assertThat(ItemSize.utf8Length("é")).isEqualTo(2);
        assertThat(ItemSize.utf8Length("😀")).isEqualTo(4);
        // 1 byte + 1 per two significant digits (+1 when negative)
        assertThat(ItemSize.numberBytes("0")).isEqualTo(1);
        assertThat(ItemSize.numberBytes("7")).isEqualTo(2);
        assertThat(ItemSize.numberBytes("12")).isEqualTo(2);
        assertThat(ItemSize.numberBytes("123")).isEqualTo(3);
        assertThat(ItemSize.numberBytes("000123.4500")).isEqualTo(4); // 12345: 5 digits
        assertThat(ItemSize.numberBytes("-1")).isEqualTo(3);
        assertThat(ItemSize.numberBytes("1E+10")).isEqualTo(2);
        assertThat(ItemSize.base64DecodedLength("AQIDBAU=")).isEqualTo(5);
        assertThat(ItemSize.base64DecodedLength("AQID")).isEqualTo(3);
        // name "pk" (2) + "abc" (3); list: 3 + 1 per element + elements
        assertThat(ItemSize.of(Map.of("pk", AttributeValue.fromS("abc")))).isEqualTo(5);
        assertThat(ItemSize.of(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab"), AttributeValue.fromBool(true))))))
                .isEqualTo(1 + 3 + 2 + 2 + 1);
        assertThat(ItemSize.of(Map.of("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))))))
                .isEqualTo(1 + 3 + 1 + 1 + 1);
    }

    @Test
    void streamingReadersAgreeWithTheModel() throws Exception {
        Map<String, AttributeValue> item = rich();
        long expected = ItemSize.of(item);
        Map<String, String> keys = new HashMap<>();
        AttributeVisitor v = new AttributeVisitor() {
            @Override public boolean wants(String name) { return true; }
            @Override public void attribute(String name, String keyText, long size) { if (keyText != null) keys.put(name, keyText); }
        };
        byte[] json = ExportWriter.jsonLine(item).getBytes(StandardCharsets.UTF_8);
        assertThat(new DynamoJsonLine().scan(json, 0, json.length, v)).isEqualTo(expected);
        assertThat(keys).containsEntry("pk", "tenant-é").containsEntry("n", "-123.45").containsEntry("b", "AQIDBAU=");
        keys.clear();
        byte[] ion = ExportWriter.ionLine(item).getBytes(StandardCharsets.UTF_8);
        assertThat(new DynamoIonLine().scan(ion, 0, ion.length, v)).isEqualTo(expected);
        assertThat(keys).containsEntry("pk", "tenant-é").containsEntry("n", "-123.45").containsEntry("b", "AQIDBAU=");
        // and the object parsers give the same item back
        assertThat(ItemSize.of(DynamoJsonLine.parse(ExportWriter.jsonLine(item)))).isEqualTo(expected);
        assertThat(DynamoJsonLine.parse(ExportWriter.jsonLine(item))).isEqualTo(item);
        Map<String, AttributeValue> fromIon = DynamoIonLine.parse(ExportWriter.ionLine(item));
        assertThat(ItemSize.of(fromIon)).isEqualTo(expected);
        assertThat(fromIon.get("ss").ss()).containsExactly("a", "bb");
        assertThat(fromIon.get("m").m().get("inner").m().get("deep").s()).isEqualTo("yes");
    }

    @Test
    void keysRenderCanonically() {
        assertThat(KeyText.of(AttributeValue.fromN("1.50"))).isEqualTo("1.5");
        assertThat(KeyText.of(AttributeValue.fromN("15E-1"))).isEqualTo("1.5");
        assertThat(KeyText.of(AttributeValue.fromN("-0.0"))).isEqualTo("0");
        assertThat(KeyText.of(AttributeValue.fromN("1E+3"))).isEqualTo("1000");
        assertThat(KeyText.of(AttributeValue.fromS("a b"))).isEqualTo("a b");
        assertThat(KeyText.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff})))).isEqualTo("/w==");
        assertThat(KeyText.of(AttributeValue.fromBool(true))).isNull();
    }
}
