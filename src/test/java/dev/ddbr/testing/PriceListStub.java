package dev.ddbr.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the AWS Price List Query API (no emulator has it; moto answers HTTP 500): WireMock answering
 * {@code AWSPriceListService.GetProducts} with the documented response shape ({@code FormatVersion}, {@code PriceList}
 * as JSON strings, {@code NextToken}), one stub per product family of DynamoDB in one Region. The Database Storage
 * family answers in two pages, so paging is exercised. Products follow the Price List's own layout
 * ({@code product.attributes.usagetype/group/regionCode}, {@code terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD},
 * a free tier as a first dimension priced 0), with distractors ddbr must leave out: replicated writes, PITR storage, a
 * Reserved term.
 *
 * <p>The figures are illustrative (eu-west-1-like), chosen so each maps to one expected price. Put the API-model proxy
 * in front ({@code aws.apiModel().front(stub.baseUrl(), "pricing-stub")}) so the requests are checked against botocore's
 * pricing model.
 */
public final class PriceListStub implements AutoCloseable {
    public static final String PUBLISHED = "2025-06-12T18:35:36Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private WireMockServer wm;
    private final String region;

    private final java.util.Map<String, List<List<String>>> pages = new java.util.LinkedHashMap<>();

    private PriceListStub(String region, boolean serve) {
        this.region = region;
        String prefix = "EU-";
        stub("Amazon DynamoDB PayPerRequest Throughput", List.of(List.of(
                item("OD1", "Amazon DynamoDB PayPerRequest Throughput", prefix + "ReadRequestUnits", "DDB-ReadUnits", tier("0", "Inf", "0.0000001415")),
                item("OD2", "Amazon DynamoDB PayPerRequest Throughput", prefix + "WriteRequestUnits", "DDB-WriteUnits", tier("0", "Inf", "0.0000007072")),
                item("OD3", "Amazon DynamoDB PayPerRequest Throughput", prefix + "IA-ReadRequestUnits", "DDB-ReadUnits", tier("0", "Inf", "0.000000177")),
                item("OD4", "Amazon DynamoDB PayPerRequest Throughput", prefix + "IA-WriteRequestUnits", "DDB-WriteUnits", tier("0", "Inf", "0.000000884")),
                item("OD5", "Amazon DynamoDB PayPerRequest Throughput", prefix + "ReplWriteRequestUnits", "DDB-ReplicatedWriteUnits", tier("0", "Inf", "0.0000007072")))));
        stub("Provisioned IOPS", List.of(List.of(
                item("PR1", "Provisioned IOPS", prefix + "ReadCapacityUnit-Hrs", "DDB-ReadUnits",
                        tier("0", "18600", "0.0000000000"), tier("18600", "Inf", "0.000147")),
                item("PR2", "Provisioned IOPS", prefix + "WriteCapacityUnit-Hrs", "DDB-WriteUnits",
                        tier("0", "18600", "0.0000000000"), tier("18600", "Inf", "0.000735")),
                item("PR3", "Provisioned IOPS", prefix + "IA-ReadCapacityUnit-Hrs", "DDB-ReadUnits", tier("0", "Inf", "0.000184")),
                item("PR4", "Provisioned IOPS", prefix + "IA-WriteCapacityUnit-Hrs", "DDB-WriteUnits", tier("0", "Inf", "0.000919")))));
        stub("Database Storage", List.of(
                List.of(item("ST1", "Database Storage", prefix + "TimedStorage-ByteHrs", null,
                        tier("0", "25", "0.0000000000"), tier("25", "Inf", "0.283"))),
                List.of(item("ST2", "Database Storage", prefix + "IA-TimedStorage-ByteHrs", null, tier("0", "Inf", "0.1132")),
                        item("ST3", "Database Storage", prefix + "TimedPITRStorage-ByteHrs", null, tier("0", "Inf", "0.224")))));
        if (serve) {
            wm = WireAws.loopback();
            this.pages.forEach(this::serve);
        } else {
            wm = null;
        }
    }

    /** Started on 127.0.0.1, answering for {@code region}. */
    public static PriceListStub start(String region) { return new PriceListStub(region, true); }

    /** http://127.0.0.1:PORT */
    public String baseUrl() { return "http://127.0.0.1:" + wm.port(); }

    public WireMockServer server() { return wm; }

    @Override
    public void close() { if (wm != null) wm.stop(); }

    private void stub(String family, List<List<String>> pages) {
        this.pages.put(family, pages);
    }

    private void serve(String family, List<List<String>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            ObjectNode body = JSON.createObjectNode().put("FormatVersion", "aws_v1");
            ArrayNode list = body.putArray("PriceList");
            pages.get(i).forEach(list::add);
            if (i + 1 < pages.size()) body.put("NextToken", family + "-page-" + (i + 1));
            var req = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                    .withRequestBody(containing("\"Value\":\"" + family + "\""))
                    .withRequestBody(containing("\"Value\":\"" + region + "\""));
            req = i == 0 ? req.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("NextToken"))
                    : req.withRequestBody(containing("\"NextToken\":\"" + family + "-page-" + i + "\""));
            wm.stubFor(req.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())));
        }
    }

    private String item(String sku, String family, String usagetype, String group, ObjectNode... tiers) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode product = n.putObject("product");
        product.put("productFamily", family);
        ObjectNode a = product.putObject("attributes");
        a.put("regionCode", region).put("servicecode", "AmazonDynamoDB").put("usagetype", usagetype)
                .put("location", "EU (Ireland)").put("locationType", "AWS Region").put("servicename", "Amazon DynamoDB");
        if (group != null) a.put("group", group);
        product.put("sku", sku);
        n.put("serviceCode", "AmazonDynamoDB");
        ObjectNode offer = n.putObject("terms").putObject("OnDemand").putObject(sku + ".JRTCKXETXF");
        ObjectNode dims = offer.putObject("priceDimensions");
        int k = 0;
        for (ObjectNode t : tiers) dims.set(sku + ".JRTCKXETXF." + (k++), t);
        offer.put("sku", sku).put("effectiveDate", "2024-11-01T00:00:00Z").put("offerTermCode", "JRTCKXETXF").putObject("termAttributes");
        // a Reserved term (reserved capacity) that must not be taken for the list price
        ObjectNode reserved = ((ObjectNode) n.get("terms")).putObject("Reserved").putObject(sku + ".RES")
                .putObject("priceDimensions").putObject(sku + ".RES.0");
        reserved.put("beginRange", "0").put("endRange", "Inf").put("unit", "Hrs").putObject("pricePerUnit").put("USD", "0.0000100000");
        n.put("version", "20250612183536").put("publicationDate", PUBLISHED);
        return n.toString();
    }

    private static ObjectNode tier(String begin, String end, String usd) {
        ObjectNode t = JSON.createObjectNode();
        t.put("unit", "Units").put("endRange", end).put("description", "$" + usd + " per unit").putArray("appliesTo");
        t.put("beginRange", begin).putObject("pricePerUnit").put("USD", usd);
        return t;
    }

    /** The items of every page, as the Price List API lists them (for unit tests of the parser: no server). */
    public static List<String> items(String region) {
        List<String> out = new ArrayList<>();
        new PriceListStub(region, false).pages.values().forEach(ps -> ps.forEach(out::addAll));
        return out;
    }
}
