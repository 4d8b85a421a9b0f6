package dev.ddbr.backup.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/** --key, --gsi and --billing of backup import --native: parsed strictly, turned into ImportTable parameters the API model accepts. */
class TableDefinitionTest {

    @Test
    void aKeyAloneIsAnOnDemandTableWithOneDefinitionPerKeyAttribute() {
        TableCreationParameters p = TableDefinition.parse("pk:S,sk:n", List.of(), null).parameters("t");
        assertThat(p.tableName()).isEqualTo("t");
        assertThat(p.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyTypeAsString()).containsExactly("pk/HASH", "sk/RANGE");
        assertThat(p.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString()).containsExactly("pk:S", "sk:N");
        assertThat(p.billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(p.provisionedThroughput()).isNull();
        assertThat(p.hasGlobalSecondaryIndexes()).isFalse();
    }

    @Test
    void indexesWithTheirProjectionsShareAttributeDefinitionsAndGetNoThroughputOnDemand() {
        TableDefinition d = TableDefinition.parse("pk:S", List.of("by-status=status:S,created:N:KEYS_ONLY", "by_pk.2=pk:S,total:N:include(owner,note)",
                "all-of-it=created:N"), "on-demand");
        TableCreationParameters p = d.parameters("t");
        assertThat(p.attributeDefinitions()).extracting(AttributeDefinition::attributeName).containsExactly("pk", "status", "created", "total");
        List<GlobalSecondaryIndex> g = p.globalSecondaryIndexes();
        assertThat(g).extracting(GlobalSecondaryIndex::indexName).containsExactly("by-status", "by_pk.2", "all-of-it");
        assertThat(g.get(0).projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        assertThat(g.get(0).projection().hasNonKeyAttributes()).isFalse();
        assertThat(g.get(1).projection().projectionTypeAsString()).isEqualTo("INCLUDE");
        assertThat(g.get(1).projection().nonKeyAttributes()).containsExactly("owner", "note");
        assertThat(g.get(2).projection().projectionTypeAsString()).isEqualTo("ALL");
        assertThat(g.get(2).keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo("created"));
        assertThat(g).allSatisfy(i -> assertThat(i.provisionedThroughput()).isNull());
        assertThat(d.describe()).isEqualTo("pk (S); index by-status: status (S), created (N), KEYS_ONLY; index by_pk.2: pk (S), total (N),"
                + " INCLUDE(owner,note); index all-of-it: created (N), ALL; on-demand");
    }

    @Test
    void provisionedGivesTheTableAndEveryIndexItsCapacity() {
        TableDefinition d = TableDefinition.parse("pk:B", List.of("gsi1=x:S"), "provisioned:100/25");
        TableCreationParameters p = d.parameters("t");
        assertThat(p.billingModeAsString()).isEqualTo("PROVISIONED");
        assertThat(p.provisionedThroughput().readCapacityUnits()).isEqualTo(100L);
        assertThat(p.provisionedThroughput().writeCapacityUnits()).isEqualTo(25L);
        assertThat(p.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits()).isEqualTo(100L);
        assertThat(d.describe()).endsWith("; provisioned 100 RCU / 25 WCU");
    }

    @Test
    void anAttributeNameMayHoldAColon() {
        TableDefinition d = TableDefinition.parse("a:b:S", List.of(), null);
        assertThat(d.keys()).containsExactly(new TableDefinition.Key("a:b", "S"));
    }

    static void refused(String key, List<String> gsis, String billing, String message) {
        assertThatThrownBy(() -> TableDefinition.parse(key, gsis, billing)).isInstanceOf(DdbrException.class)
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252))
                .satisfies(e -> assertThat(((DdbrException) e).hint()).isNotBlank())
                .hasMessageContaining(message);
    }

    @Test
    void badKeysAreRefusedWithWhatIsWrong() {
        refused(null, List.of(), null, "needs its key");
        refused("pk", List.of(), null, "'pk' has no type");
        refused("pk:X", List.of(), null, "'X' is not a key type");
        refused("pk:", List.of(), null, "'' is not a key type");
        refused(":S", List.of(), null, "an attribute name is empty");
        refused("pk:S,", List.of(), null, "an attribute is missing");
        refused("a:S,b:S,c:S", List.of(), null, "at most one sort key, not 3 attributes");
        refused("pk:S,pk:N", List.of(), null, "'pk' is both the partition and the sort key");
        refused("x".repeat(256) + ":S", List.of(), null, "has 256 characters; at most 255");
    }

    @Test
    void badIndexesAreRefusedWithWhatIsWrong() {
        refused("pk:S", List.of("status:S"), null, "no index name");
        refused("pk:S", List.of("ab=status:S"), null, "'ab' is not an index name");
        refused("pk:S", List.of("by status=status:S"), null, "is not an index name");
        refused("pk:S", List.of("gsi1="), null, "no key");
        refused("pk:S", List.of("gsi1=:ALL"), null, "no key");
        refused("pk:S", List.of("gsi1=s:S", "gsi1=t:S"), null, "index 'gsi1' is given twice");
        refused("pk:S", List.of("gsi1=pk:N"), null, "attribute 'pk' is N here but S in an earlier key");
        refused("pk:S", List.of("gsi1=s:S:INCLUDE()"), null, "INCLUDE() names no attribute");
        refused("pk:S", List.of("gsi1=s:S:INCLUDE(a,,b)"), null, "an INCLUDE attribute name is empty");
        refused("pk:S", List.of("gsi1=s:S:INCLUDE(a,a)"), null, "INCLUDE names 'a' twice");
        refused("pk:S", List.of("gsi1=s:S:INCLUDE(s)"), null, "'s' is a key of the index");
        refused("pk:S", List.of("gsi1=s:S:INCLUDE"), null, "INCLUDE needs its attributes in parentheses");
        refused("pk:S", List.of("gsi1=s:S:SOME"), null, "'SOME' is not a key type");
        List<String> attrs = new ArrayList<>();
        for (int i = 0; i < 21; i++) attrs.add("a" + i);
        refused("pk:S", List.of("gsi1=s:S:INCLUDE(" + String.join(",", attrs) + ")"), null, "INCLUDE names 21 attributes; an index projects at most 20");
        List<String> many = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            List<String> a = new ArrayList<>();
            for (int i = 0; i < 20; i++) a.add("g" + g + "a" + i);
            many.add("idx" + g + "=s:S:INCLUDE(" + String.join(",", a) + ")");
        }
        refused("pk:S", many, null, "120 INCLUDE attributes over all indexes; DynamoDB allows at most 100");
    }

    @Test
    void badBillingIsRefusedWithTheForm() {
        for (String b : new String[] {"ondemand", "PAY_PER_REQUEST", "provisioned", "provisioned:", "provisioned:10", "provisioned:0/5",
                "provisioned:5/-1", "provisioned:1.5/2", "provisioned:5/5/5", "provisioned:99999999999999999999/1"}) {
            assertThatThrownBy(() -> TableDefinition.parse("pk:S", List.of(), b)).as(b).isInstanceOf(DdbrException.class)
                    .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252))
                    .satisfies(e -> assertThat(((DdbrException) e).hint()).contains("provisioned:RCU/WCU"))
                    .hasMessageContaining("--billing '" + b + "'");
        }
    }
}
