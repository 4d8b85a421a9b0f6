package dev.ddbr.profile;

import java.util.Map;
import java.util.Optional;

/**
 * The profile's {@code capacity} section (for {@code ddbr capacity advise}) with defaults filled in.
 *
 * @param targetUtilization   auto scaling target utilisation the simulation and recommendations use (0.20..0.90)
 * @param minMonthlySavingUsd a change of mode or settings is recommended only when it saves at least this much a
 *                            month (USD) ...
 * @param minSavingShare      ... and at least this share of the current monthly cost
 * @param maxThrottledMinutes simulated throttled minutes over the window above which a setting is a risk
 * @param prices              price overrides by key (snake_case, as in the profile), USD; absent keys keep the
 *                            built-in prices
 * @param pricesSource        where the overriding prices come from (free text shown in the basis)
 * @param declared            whether the file has a capacity: section (profile show lists it only then)
 */
public record CapacitySettings(double targetUtilization, double minMonthlySavingUsd, double minSavingShare,
                               int maxThrottledMinutes, Map<String, Double> prices, Optional<String> pricesSource,
                               boolean declared) {
    public CapacitySettings {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        pricesSource = pricesSource == null ? Optional.empty() : pricesSource;
    }

    /** The price keys of {@code capacity.prices}. */
    public static final java.util.List<String> PRICE_KEYS = java.util.List.of(
            "on_demand_read_per_million", "on_demand_write_per_million", "provisioned_rcu_hour", "provisioned_wcu_hour",
            "storage_gb_month", "ia_on_demand_read_per_million", "ia_on_demand_write_per_million",
            "ia_provisioned_rcu_hour", "ia_provisioned_wcu_hour", "ia_storage_gb_month");
}
