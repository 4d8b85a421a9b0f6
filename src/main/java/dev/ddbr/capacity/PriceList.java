package dev.ddbr.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * DynamoDB list prices of one Region from the AWS Price List Query API ({@code capacity advise --prices aws}).
 *
 * <p>One GetProducts call (pages followed) per product family, each filtered by {@code regionCode} and
 * {@code productFamily} (service code {@code AmazonDynamoDB}, format {@code aws_v1}):
 * <ul>
 *   <li>{@code Amazon DynamoDB PayPerRequest Throughput}, groups {@code DDB-ReadUnits} / {@code DDB-WriteUnits}:
 *       on-demand read and write request units (priced per unit: x 1,000,000 = per million);</li>
 *   <li>{@code Provisioned IOPS}, the same groups: provisioned RCU- and WCU-hours;</li>
 *   <li>{@code Database Storage}, usage types {@code ...TimedStorage-ByteHrs}: storage per GB-month.</li>
 * </ul>
 * Each product comes as a JSON string ({@code PriceList[]}); its price is under
 * {@code terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD}. A free tier is a first dimension priced 0:
 * the first paid dimension (lowest {@code beginRange}) is taken. The Standard-IA table class is told apart by its usage
 * type ({@code IA} as a word in it, as in {@code USE1-IA-ReadRequestUnits} or {@code TimedStorage-IA-ByteHrs}).
 * Replicated writes, PITR and backup storage are left out. Every one of the ten prices must be found, once:
 * otherwise the whole read fails (never a silent mix with the built-in prices).
 */
public final class PriceList {
    public static final String SERVICE_CODE = "AmazonDynamoDB";
    static final String ON_DEMAND_FAMILY = "Amazon DynamoDB PayPerRequest Throughput";
    static final String PROVISIONED_FAMILY = "Provisioned IOPS";
    static final String STORAGE_FAMILY = "Database Storage";
    /** The product families read, in order. */
    public static final List<String> FAMILIES = List.of(ON_DEMAND_FAMILY, PROVISIONED_FAMILY, STORAGE_FAMILY);
    /** GetProducts' largest page. */
    static final int MAX_RESULTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PriceList() {}

    /** The hint of every failure to read the Price List. */
    static final String HINT = "needs pricing:GetProducts and a route to api.pricing.us-east-1.amazonaws.com "
            + "(endpoint key 'pricing'); or drop --prices aws for the built-in us-east-1 prices (capacity.prices in the profile overrides them)";

    /** The prices of {@code region}; {@code calls} counts the GetProducts calls made (pages included). */
    public record Read(Prices prices, int calls) {}

    public static Read fetch(PricingClient client, String region) { return fetch(client, region, null); }

    /** @param endpointNote where the client's endpoint override comes from (said on failure), or null for AWS's own */
    public static Read fetch(PricingClient client, String region, String endpointNote) {
        List<String> items = new ArrayList<>();
        int calls = 0;
        for (String family : FAMILIES) {
            List<Filter> filters = List.of(
                    Filter.builder().type(FilterType.TERM_MATCH).field("regionCode").value(region).build(),
                    Filter.builder().type(FilterType.TERM_MATCH).field("productFamily").value(family).build());
            String token = null;
            do {
                String t = token;
                GetProductsResponse r;
                try {
                    r = client.getProducts(b -> b.serviceCode(SERVICE_CODE).formatVersion("aws_v1").filters(filters)
                            .maxResults(MAX_RESULTS).nextToken(t));
                } catch (SdkException e) {
                    DdbrException d = AwsErrors.translate(e, "read DynamoDB prices for " + region + " from the AWS Price List API");
                    String where = endpointNote == null ? "" : "; the Price List endpoint is overridden (" + endpointNote
                            + "); local emulators have no Price List API";
                    throw new DdbrException(d.exitCode(), d.getMessage(), d.hint() + where + "; or drop --prices aws for the built-in prices", e);
                }
                calls++;
                items.addAll(r.priceList());
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return new Read(parse(region, items), calls);
    }

    /** The ten prices found in {@code items} (GetProducts' PriceList strings). Pure: the unit tests' entry point. */
    public static Prices parse(String region, List<String> items) {
        Map<String, Found> found = new LinkedHashMap<>();
        String published = null;
        for (String item : items) {
            JsonNode n;
            try {
                n = JSON.readTree(item);
            } catch (IOException e) {
                throw DdbrException.aws("the AWS Price List API returned a product that is not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), HINT, null);
            }
            JsonNode product = n.path("product");
            JsonNode attrs = product.path("attributes");
            if (!region.equals(attrs.path("regionCode").asText(region))) continue;
            String key = key(product.path("productFamily").asText(), attrs);
            if (key == null) continue;
            Dimension d = paid(n.path("terms").path("OnDemand"));
            if (d == null) continue;
            double price = key.contains("per_million") ? d.usd.movePointRight(6).doubleValue() : d.usd.doubleValue();
            String sku = product.path("sku").asText("?");
            Found prev = found.get(key);
            if (prev != null && prev.price != price) {
                throw DdbrException.aws("the AWS Price List API gives two prices for " + key + " in " + region + ": "
                        + prev.price + " (SKU " + prev.sku + ") and " + price + " (SKU " + sku + ")", HINT, null);
            }
            found.put(key, new Found(price, sku));
            String pub = n.path("publicationDate").asText(null);
            if (pub != null && (published == null || pub.compareTo(published) > 0)) published = pub;
        }
        List<String> missing = new ArrayList<>();
        for (String k : Prices.BUILT_IN.asMap().keySet()) if (!found.containsKey(k)) missing.add(k);
        if (!missing.isEmpty()) {
            throw DdbrException.aws("the AWS Price List API has no DynamoDB price for " + String.join(", ", missing) + " in " + region
                    + " (" + items.size() + " product(s) read)", "check the Region name; " + HINT, null);
        }
        String date = published == null ? "undated" : published.length() >= 10 ? published.substring(0, 10) : published;
        return new Prices(p(found, "on_demand_read_per_million"), p(found, "on_demand_write_per_million"),
                p(found, "provisioned_rcu_hour"), p(found, "provisioned_wcu_hour"), p(found, "storage_gb_month"),
                p(found, "ia_on_demand_read_per_million"), p(found, "ia_on_demand_write_per_million"),
                p(found, "ia_provisioned_rcu_hour"), p(found, "ia_provisioned_wcu_hour"), p(found, "ia_storage_gb_month"),
                region, date, "aws-price-list " + date + " (" + region + ", pricing:GetProducts)");
    }

    private record Found(double price, String sku) {}

    private record Dimension(BigDecimal begin, BigDecimal usd) {}

    private static double p(Map<String, Found> m, String k) { return m.get(k).price; }

    /** The profile key ({@code capacity.prices}) a product is priced under, or null for a product ddbr does not use. */
    static String key(String family, JsonNode attrs) {
        String usage = attrs.path("usagetype").asText("");
        String group = attrs.path("group").asText("");
        String u = usage.toLowerCase(Locale.ROOT);
        if (u.contains("repl") || u.contains("pitr") || u.contains("backup") || group.toLowerCase(Locale.ROOT).contains("repl")) return null;
        boolean ia = usage.matches("(?i)(.*[-:])?IA([-:].*)?");
        String prefix = ia ? "ia_" : "";
        if (ON_DEMAND_FAMILY.equals(family)) {
            if ("DDB-ReadUnits".equals(group)) return prefix + "on_demand_read_per_million";
            if ("DDB-WriteUnits".equals(group)) return prefix + "on_demand_write_per_million";
        } else if (PROVISIONED_FAMILY.equals(family)) {
            if ("DDB-ReadUnits".equals(group)) return prefix + "provisioned_rcu_hour";
            if ("DDB-WriteUnits".equals(group)) return prefix + "provisioned_wcu_hour";
        } else if (STORAGE_FAMILY.equals(family)) {
            if (u.endsWith("timedstorage-bytehrs") || u.endsWith("timedstorage-ia-bytehrs")) return prefix + "storage_gb_month";
        }
        return null;
    }

    /** The first paid price dimension of the on-demand terms (a free tier is priced 0), or null. */
    private static Dimension paid(JsonNode onDemand) {
        Dimension best = null;
        for (Iterator<JsonNode> terms = onDemand.elements(); terms.hasNext(); ) {
            for (Iterator<JsonNode> dims = terms.next().path("priceDimensions").elements(); dims.hasNext(); ) {
                JsonNode d = dims.next();
                BigDecimal usd;
                BigDecimal begin;
                try {
                    usd = new BigDecimal(d.path("pricePerUnit").path("USD").asText(""));
                    String b = d.path("beginRange").asText("0");
                    begin = "Inf".equalsIgnoreCase(b) ? BigDecimal.valueOf(Long.MAX_VALUE) : new BigDecimal(b);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (usd.signum() <= 0) continue;
                if (best == null || begin.compareTo(best.begin) < 0) best = new Dimension(begin, usd);
            }
        }
        return best;
    }
}
