package dev.ddbr.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbr.error.DdbrException;
import dev.ddbr.testing.PriceListStub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Price List parser on products in the API's own layout (see {@link PriceListStub}). */
class PriceListTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPriceIsFoundPerMillionPerHourPerGbMonthFreeTiersAndDistractorsLeftOut() {
        Prices p = PriceList.parse("eu-west-1", PriceListStub.items("eu-west-1"));
        // per request unit x 1,000,000 = per million
        assertThat(p.onDemandReadPerMillion()).isCloseTo(0.1415, within(1e-12));
        assertThat(p.onDemandWritePerMillion()).isCloseTo(0.7072, within(1e-12));
        assertThat(p.iaOnDemandReadPerMillion()).isCloseTo(0.177, within(1e-12));
        assertThat(p.iaOnDemandWritePerMillion()).isCloseTo(0.884, within(1e-12));
        // the free tier (first dimension, $0) is skipped; the Reserved term ($0.00001) is not the list price
        assertThat(p.provisionedRcuHour()).isEqualTo(0.000147);
        assertThat(p.provisionedWcuHour()).isEqualTo(0.000735);
        assertThat(p.iaProvisionedRcuHour()).isEqualTo(0.000184);
        assertThat(p.iaProvisionedWcuHour()).isEqualTo(0.000919);
        // storage: not the PITR storage ($0.224) of the same family
        assertThat(p.storageGbMonth()).isEqualTo(0.283);
        assertThat(p.iaStorageGbMonth()).isEqualTo(0.1132);
        assertThat(p.region()).isEqualTo("eu-west-1");
        assertThat(p.asOf()).isEqualTo("2025-06-12");
        assertThat(p.source()).startsWith("aws-price-list 2025-06-12").contains("eu-west-1");
    }

    @Test
    void productsOfAnotherRegionAreIgnoredAndAMissingPriceIsAnErrorNamingIt() {
        List<String> items = new ArrayList<>(PriceListStub.items("eu-west-1"));
        items.removeIf(i -> i.contains("IA-TimedStorage-ByteHrs"));
        assertThatThrownBy(() -> PriceList.parse("eu-west-1", items)).isInstanceOf(DdbrException.class)
                .hasMessageContaining("no DynamoDB price for ia_storage_gb_month in eu-west-1")
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(254));
        assertThatThrownBy(() -> PriceList.parse("us-west-2", PriceListStub.items("eu-west-1")))
                .hasMessageContaining("no DynamoDB price for on_demand_read_per_million");
    }

    @Test
    void twoDifferentPricesForOneKeyAreRefusedNotGuessed() throws Exception {
        List<String> items = new ArrayList<>(PriceListStub.items("eu-west-1"));
        String first = items.stream().filter(i -> i.contains("\"EU-ReadRequestUnits\"")).findFirst().orElseThrow();
        ObjectNode other = (ObjectNode) JSON.readTree(first.replace("0.0000001415", "0.0000002").replace("OD1", "ODX"));
        items.add(other.toString());
        assertThatThrownBy(() -> PriceList.parse("eu-west-1", items)).hasMessageContaining("two prices for on_demand_read_per_million")
                .hasMessageContaining("OD1").hasMessageContaining("ODX");
        assertThatThrownBy(() -> PriceList.parse("eu-west-1", List.of("not json"))).hasMessageContaining("not JSON");
    }

    @Test
    void usageTypesAreClassifiedByFamilyGroupAndTheIaWord() throws Exception {
        assertThat(PriceList.key("Database Storage", attrs("TimedStorage-ByteHrs", null))).isEqualTo("storage_gb_month");
        assertThat(PriceList.key("Database Storage", attrs("TimedStorage-IA-ByteHrs", null))).isEqualTo("ia_storage_gb_month");
        assertThat(PriceList.key("Database Storage", attrs("USE2-TimedPITRStorage-ByteHrs", null))).isNull();
        assertThat(PriceList.key("Amazon DynamoDB PayPerRequest Throughput", attrs("ReadRequestUnits", "DDB-ReadUnits")))
                .isEqualTo("on_demand_read_per_million");
        assertThat(PriceList.key("Amazon DynamoDB PayPerRequest Throughput", attrs("APS1-IA-WriteRequestUnits", "DDB-WriteUnits")))
                .isEqualTo("ia_on_demand_write_per_million");
        assertThat(PriceList.key("Provisioned IOPS", attrs("ReadCapacityUnit-Hrs", "DDB-ReadUnits"))).isEqualTo("provisioned_rcu_hour");
        assertThat(PriceList.key("Provisioned IOPS", attrs("EU-ReplWriteCapacityUnit-Hrs", "DDB-ReplicatedWriteUnits"))).isNull();
        // a word containing "IA" (e.g. a Region code) is not the table class
        assertThat(PriceList.key("Provisioned IOPS", attrs("INDIA1-ReadCapacityUnit-Hrs", "DDB-ReadUnits"))).isEqualTo("provisioned_rcu_hour");
    }

    static ObjectNode attrs(String usage, String group) {
        ObjectNode a = JSON.createObjectNode().put("usagetype", usage);
        if (group != null) a.put("group", group);
        return a;
    }
}
