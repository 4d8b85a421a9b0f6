package dev.ddbr.backup.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/** ImportTable's TableCreationParameters obey the API model: no GSI ProvisionedThroughput on PAY_PER_REQUEST; no LSI key definitions. */
class NativeImportParametersTest {
    static GlobalSecondaryIndex gsi() {
        return GlobalSecondaryIndex.builder().indexName("by-status").keySchema(k -> k.attributeName("status").keyType("HASH"))
                .projection(p -> p.projectionType("KEYS_ONLY")).provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)).build();
    }

    static CreateTableRequest.Builder base(String billing) {
        return CreateTableRequest.builder().tableName("t").billingMode(billing)
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("status").attributeType("S"),
                        a -> a.attributeName("lsiKey").attributeType("N"))
                .globalSecondaryIndexes(gsi());
    }

    @Test
    void onDemandDropsIndexThroughputAndUnusedAttributeDefinitions() {
        TableCreationParameters p = NativeImports.parameters(base("PAY_PER_REQUEST").build());
        assertThat(p.billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(p.globalSecondaryIndexes()).singleElement().satisfies(g -> assertThat(g.provisionedThroughput()).isNull());
        assertThat(p.attributeDefinitions()).extracting(a -> a.attributeName()).containsExactly("pk", "status");
        assertThat(p.provisionedThroughput()).isNull();
    }

    @Test
    void provisionedKeepsTableAndIndexThroughput() {
        TableCreationParameters p = NativeImports.parameters(base("PROVISIONED").provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(3L)).build());
        assertThat(p.provisionedThroughput().readCapacityUnits()).isEqualTo(10L);
        assertThat(p.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
    }

    @Test
    void anExportFolderIsParsedAndAnythingElseRefused() {
        assertThat(NativeImports.ExportFolder.parse("s3://b/p/q/AWSDynamoDB/0171-ab/")).isEqualTo(new NativeImports.ExportFolder("b", "p/q/AWSDynamoDB/0171-ab"));
        assertThat(NativeImports.ExportFolder.parse("s3://b/AWSDynamoDB/0171-ab")).isEqualTo(new NativeImports.ExportFolder("b", "AWSDynamoDB/0171-ab"));
        for (String bad : new String[] {"/local/dir", "s3://b/p", "s3:///AWSDynamoDB/x"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NativeImports.ExportFolder.parse(bad))
                    .isInstanceOf(dev.ddbr.error.DdbrException.class).extracting(e -> ((dev.ddbr.error.DdbrException) e).exitCode()).isEqualTo(252);
        }
    }
}
