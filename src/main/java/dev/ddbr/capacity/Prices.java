package dev.ddbr.capacity;

import dev.ddbr.profile.CapacitySettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DynamoDB list prices in USD. The built-in set is us-east-1 after the on-demand price cut of 1 November 2024
 * (on-demand throughput halved). A profile's {@code capacity.prices} overrides any of them.
 *
 * @param onDemandReadPerMillion     per million read request units (Standard)
 * @param onDemandWritePerMillion    per million write request units (Standard)
 * @param provisionedRcuHour         per RCU-hour (Standard)
 * @param provisionedWcuHour         per WCU-hour (Standard)
 * @param storageGbMonth             per GB-month (Standard)
 * @param iaOnDemandReadPerMillion   the same for the Standard-IA table class
 * @param iaOnDemandWritePerMillion  ...
 * @param iaProvisionedRcuHour       ...
 * @param iaProvisionedWcuHour       ...
 * @param iaStorageGbMonth           ...
 * @param region                     the Region the prices are for
 * @param asOf                       the date of the list prices
 * @param source                     where they come from
 */
public record Prices(double onDemandReadPerMillion, double onDemandWritePerMillion, double provisionedRcuHour,
                     double provisionedWcuHour, double storageGbMonth, double iaOnDemandReadPerMillion,
                     double iaOnDemandWritePerMillion, double iaProvisionedRcuHour, double iaProvisionedWcuHour,
                     double iaStorageGbMonth, String region, String asOf, String source) {

    /** Hours in the month the costs are given for (AWS's own convention: 730). */
    public static final double HOURS_PER_MONTH = 730;

    /**
     * us-east-1 list prices, https://aws.amazon.com/dynamodb/pricing/ (on-demand and provisioned pages), as of the
     * 1 November 2024 on-demand cut. Free tier and reserved capacity are not counted. Checked 2026-12-08 against the
     * stored pages of the {@code search} tool (the AWS pricing pages themselves are stored only without their price
     * tables, so the figures were confirmed from pages quoting them):
     * <ul>
     *   <li>on-demand Standard $0.125 per million read request units, $0.625 per million write request units:
     *       confirmed (airbyte.com/data-engineering-resources/dynamodb-pricing, July 2025, "after the 50% reduction
     *       implemented in late 2024");</li>
     *   <li>provisioned Standard $0.00013 per RCU-hour, $0.00065 per WCU-hour: confirmed (zeonedge.com, "DynamoDB cost
     *       optimization", 2025; unchanged by the 2024 cut, which was on-demand only);</li>
     *   <li>Standard-IA throughput is the Standard price x 1.25: on-demand $0.15625 / $0.78125 per million, provisioned
     *       $0.00016 (0.0001625 as listed rounded) per RCU-hour and $0.00081 per WCU-hour: derived from the Standard
     *       prices and the class ratio: the ratio is confirmed by the China Regions' provisioned price list
     *       (amazonaws.cn/en/dynamodb/pricing: Standard ¥0.058, Standard-IA ¥0.0725 per 10 WCU or 50 RCU, exactly x 1.25);
     *       the us-east-1 Standard-IA figures themselves were not found verbatim in the stored pages;</li>
     *   <li>storage $0.25 per GB-month (Standard, beyond the free 25 GB), $0.10 (Standard-IA, 60% less): the last
     *       known list prices; not found verbatim in the stored pages. {@code --prices aws} reads all ten from the
     *       Price List API when exactness matters.</li>
     * </ul>
     */
    public static final Prices BUILT_IN = new Prices(0.125, 0.625, 0.00013, 0.00065, 0.25,
            0.15625, 0.78125, 0.00016, 0.00081, 0.10, "us-east-1", "2024-11-01",
            "built-in us-east-1 list prices (aws.amazon.com/dynamodb/pricing, after the 2024-11-01 on-demand cut)");

    /** The built-in prices with the profile's overrides applied. */
    public static Prices of(CapacitySettings s) {
        if (s.prices().isEmpty()) return BUILT_IN;
        Map<String, Double> m = new LinkedHashMap<>(BUILT_IN.asMap());
        m.putAll(s.prices());
        String src = s.pricesSource().orElse("profile capacity.prices") + " over the " + BUILT_IN.source();
        return new Prices(m.get("on_demand_read_per_million"), m.get("on_demand_write_per_million"),
                m.get("provisioned_rcu_hour"), m.get("provisioned_wcu_hour"), m.get("storage_gb_month"),
                m.get("ia_on_demand_read_per_million"), m.get("ia_on_demand_write_per_million"),
                m.get("ia_provisioned_rcu_hour"), m.get("ia_provisioned_wcu_hour"), m.get("ia_storage_gb_month"),
                BUILT_IN.region(), BUILT_IN.asOf(), src);
    }

    /** The prices by profile key. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("on_demand_read_per_million", onDemandReadPerMillion);
        m.put("on_demand_write_per_million", onDemandWritePerMillion);
        m.put("provisioned_rcu_hour", provisionedRcuHour);
        m.put("provisioned_wcu_hour", provisionedWcuHour);
        m.put("storage_gb_month", storageGbMonth);
        m.put("ia_on_demand_read_per_million", iaOnDemandReadPerMillion);
        m.put("ia_on_demand_write_per_million", iaOnDemandWritePerMillion);
        m.put("ia_provisioned_rcu_hour", iaProvisionedRcuHour);
        m.put("ia_provisioned_wcu_hour", iaProvisionedWcuHour);
        m.put("ia_storage_gb_month", iaStorageGbMonth);
        return m;
    }

    /** Price per million request units for reads or writes, in the table class. */
    public double onDemandPerMillion(boolean read, boolean ia) {
        return read ? (ia ? iaOnDemandReadPerMillion : onDemandReadPerMillion) : (ia ? iaOnDemandWritePerMillion : onDemandWritePerMillion);
    }

    /** Price per capacity-unit hour for reads or writes, in the table class. */
    public double unitHour(boolean read, boolean ia) {
        return read ? (ia ? iaProvisionedRcuHour : provisionedRcuHour) : (ia ? iaProvisionedWcuHour : provisionedWcuHour);
    }

    public double storage(boolean ia) { return ia ? iaStorageGbMonth : storageGbMonth; }
}
