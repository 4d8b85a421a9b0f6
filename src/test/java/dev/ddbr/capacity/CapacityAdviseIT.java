package dev.ddbr.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.aws.AwsConfig;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.profile.Profile;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * End to end on dynalite (the tables) and moto's CloudWatch (their consumed capacity, seeded with PutMetricData).
 * moto's GetMetricData walks every stored point once per period, so the series are 2 hours long, right after each
 * table's creation, and the advice is asked for "now" = 2 hours later. The expected costs are worked out here from
 * the seeded values and the price list, not by the code under test.
 */
@EmulatorTest
class CapacityAdviseIT {
    static final int N = 120;
    static String mixed;      // provisioned 100/100 fixed, GSI 5/5: steady, step, spiky and idle series
    static String steadyOd;   // on-demand, steady 1,000 reads/s, idle writes
    static String toApply;    // the same as steadyOd, for capacity apply
    static Instant applyStart;
    static Instant mixedStart;
    static Instant odStart;

    @TempDir
    Path home;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        mixed = LocalAws.uniqueName("cap-mixed");
        steadyOd = LocalAws.uniqueName("cap-od");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint());
             CloudWatchClient cw = TestClients.of(CloudWatchClient.builder().overrideConfiguration(o -> o.compressionConfiguration(
                     c -> c.requestCompressionEnabled(false))), aws.motoEndpoint())) {
            ddb.createTable(r -> r.tableName(mixed)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("g").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(100L))
                    .globalSecondaryIndexes(g -> g.indexName("byG").keySchema(k -> k.attributeName("g").keyType("HASH"))
                            .projection(p -> p.projectionType("KEYS_ONLY"))
                            .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))));
            ddb.createTable(r -> r.tableName(steadyOd)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            toApply = LocalAws.uniqueName("cap-apply");
            ddb.createTable(r -> r.tableName(toApply)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            applyStart = firstMinute(ddb, toApply);
            put(cw, toApply, null, "ConsumedReadCapacityUnits", applyStart, t -> 1000 * 60);
            put(cw, toApply, null, "ConsumedWriteCapacityUnits", applyStart, t -> 0);
            mixedStart = firstMinute(ddb, mixed);
            odStart = firstMinute(ddb, steadyOd);
            // Sum per minute = units per second x 60
            put(cw, mixed, null, "ConsumedReadCapacityUnits", mixedStart, t -> 10 * 60);                  // steady 10/s
            put(cw, mixed, null, "ConsumedWriteCapacityUnits", mixedStart, t -> (t < 60 ? 2 : 6) * 60);   // day/night step
            put(cw, mixed, "byG", "ConsumedReadCapacityUnits", mixedStart, t -> (t == 30 ? 50 : 1) * 60); // one spike
            put(cw, mixed, "byG", "ConsumedWriteCapacityUnits", mixedStart, t -> 0);                       // idle
            put(cw, steadyOd, null, "ConsumedReadCapacityUnits", odStart, t -> 1000 * 60);
            put(cw, steadyOd, null, "ConsumedWriteCapacityUnits", odStart, t -> 0);
        }
    }

    /** The first whole minute after the table's creation: where the analysis starts. */
    static Instant firstMinute(DynamoDbClient ddb, String table) {
        dev.ddbr.cli.skew.SkewScanIT.awaitActive(ddb, table);
        Instant created = ddb.describeTable(r -> r.tableName(table)).table().creationDateTime();
        return created.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    static void put(CloudWatchClient cw, String table, String index, String metric, Instant start, IntToDoubleFunction sum) {
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("TableName").value(table).build());
        if (index != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
        List<MetricDatum> data = new ArrayList<>();
        for (int t = 0; t < N; t++) {
            data.add(MetricDatum.builder().metricName(metric).dimensions(dims).timestamp(start.plus(t, ChronoUnit.MINUTES))
                    .value(sum.applyAsDouble(t)).build());
        }
        for (int i = 0; i < data.size(); i += 60) {
            List<MetricDatum> batch = data.subList(i, Math.min(data.size(), i + 60));
            cw.putMetricData(p -> p.namespace("AWS/DynamoDB").metricData(batch));
        }
    }

    static ClientFactory factory(LocalAws aws) {
        Map<String, String> env = new HashMap<>(aws.awsEnv());
        return new ClientFactory(new AwsConfig(env, null, null, null, null, null, null, null, null, null, null, 2));
    }

    /** The reference billing of a capacity timeline from {@code start}: unit-hours per month. */
    static double unitHours(Instant start, int[] capacity) {
        Map<Long, Integer> perHour = new HashMap<>();
        for (int t = 0; t < capacity.length; t++) {
            long hour = (start.getEpochSecond() / 60 + t) / 60;
            perHour.merge(hour, capacity[t], Math::max);
        }
        // billed per clock hour at the highest capacity; a month is 730 of the average hour
        return perHour.values().stream().mapToInt(Integer::intValue).sum() / (double) perHour.size() * 730;
    }

    static int[] levels(int... runs) { // pairs: capacity, minutes
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < runs.length; i += 2) for (int k = 0; k < runs[i + 1]; k++) out.add(runs[i]);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void costsAndRecommendationMatchAnIndependentReference(LocalAws aws) {
        Prices p = Prices.BUILT_IN;
        double month = 730.0 * 60 / N;
        Instant now = mixedStart.plus(N, ChronoUnit.MINUTES);
        try (ClientFactory f = factory(aws)) {
            Advisor.Run run = new Advisor(f).advise(List.of(mixed), Profile.empty(), 1, now, 0);
            CapacityReport r = run.report();
            assertThat(r.tables()).extracting(Entry::index).containsExactly(null, "byG");
            Entry table = r.tables().get(0);
            Entry gsi = r.tables().get(1);
            assertThat(table.dataQuality().analysedFrom()).isEqualTo(mixedStart);
            assertThat(table.dataQuality().analysedDays()).isCloseTo(N / 1440.0, within(0.01));

            // on-demand: every consumed unit. Table: 10/s x 120 min reads; 2/s x 60 + 6/s x 60 writes
            double odTable = (10 * 60 * N) / 1e6 * p.onDemandReadPerMillion() * month
                    + ((2 * 60 + 6 * 60) * 60) / 1e6 * p.onDemandWritePerMillion() * month;
            assertThat(table.monthlyCost().onDemand()).isCloseTo(odTable, within(0.011));
            // today: fixed 100 RCU and 100 WCU for every hour touched
            double curTable = unitHours(mixedStart, levels(100, N)) * (p.provisionedRcuHour() + p.provisionedWcuHour());
            assertThat(table.monthlyCost().current()).isCloseTo(curTable, within(0.011));
            // auto scaling at 70%: reads ceil(10/0.7) = 15 throughout (min 15, max ceil(1.5 x 10 / 0.7) = 22);
            // writes start at ceil(2/0.7) = 3, throttle minutes 60 and 61, then ceil(6/0.7) = 9 from minute 62
            double provTable = unitHours(mixedStart, levels(15, N)) * p.provisionedRcuHour()
                    + unitHours(mixedStart, levels(3, 62, 9, N - 62)) * p.provisionedWcuHour();
            assertThat(table.monthlyCost().provisionedAutoScaling()).isCloseTo(provTable, within(0.011));
            assertThat(table.usage().read().peak()).isEqualTo(10.0);
            assertThat(table.usage().write().throttledMinutesSimulated()).isEqualTo(2);
            assertThat(table.usage().write().throttledMinutesCurrent()).isZero();

            // the GSI: a one-minute spike of 50/s on 1/s reads throttles today's 5 RCU and the simulated 2 RCU once
            assertThat(gsi.usage().read().peak()).isEqualTo(50.0);
            assertThat(gsi.usage().read().throttledMinutesCurrent()).isEqualTo(1);
            assertThat(gsi.usage().read().throttledMinutesSimulated()).isEqualTo(1);
            double odGsi = ((1 * 60 * (N - 1)) + 50 * 60) / 1e6 * p.onDemandReadPerMillion() * month;
            assertThat(gsi.monthlyCost().onDemand()).isCloseTo(odGsi, within(0.011));

            // throttling today (1 minute > max_throttled_minutes 0) and under auto scaling (3): on-demand absorbs it
            assertThat(table.current().mode()).isEqualTo("provisioned");
            assertThat(table.recommended().mode()).isEqualTo("on-demand");
            assertThat(table.recommended().action()).isEqualTo("switch-to-on-demand");
            assertThat(table.recommended().reasons().get(0)).contains("throttled 1 minute(s)");
            assertThat(gsi.recommended().mode()).isEqualTo("on-demand");
            assertThat(r.changeRecommended()).isTrue();
            assertThat(r.getMetricDataCalls()).isEqualTo(1); // 4 series in one call
        }
    }

    @Test
    void steadyOnDemandTableShouldGoProvisioned(LocalAws aws) {
        Prices p = Prices.BUILT_IN;
        double month = 730.0 * 60 / N;
        try (ClientFactory f = factory(aws)) {
            CapacityReport r = new Advisor(f).advise(List.of(steadyOd), Profile.empty(), 1, odStart.plus(N, ChronoUnit.MINUTES), 0).report();
            Entry e = r.tables().get(0);
            double od = 1000.0 * 60 * N / 1e6 * p.onDemandReadPerMillion() * month;
            // ceil(1000 / 0.7) = 1429 RCU throughout; writes idle: the minimum, 1 WCU
            double prov = unitHours(odStart, levels(1429, N)) * p.provisionedRcuHour()
                    + unitHours(odStart, levels(1, N)) * p.provisionedWcuHour();
            assertThat(e.monthlyCost().onDemand()).isCloseTo(od, within(0.011));
            assertThat(e.monthlyCost().current()).isCloseTo(od, within(0.011));
            assertThat(e.monthlyCost().provisionedAutoScaling()).isCloseTo(prov, within(0.011));
            assertThat(e.recommended().action()).isEqualTo("switch-to-provisioned");
            assertThat(e.recommended().read()).isEqualTo(new CapacityReport.Settings(null, 1429, 2143, 0.70));
            assertThat(e.usage().read().throttledMinutesSimulated()).isZero();
            // less than 3 days of history: low confidence, said plainly
            assertThat(e.dataQuality().confidence()).isEqualTo("low");
        }
    }

    @Test
    void jsonContractExitCodesAndBadInput(LocalAws aws) throws Exception {
        // "now" is the real clock here: the table is younger than the window and has no data yet
        Cli cli = Cli.local(home, aws);
        Cli.Result json = cli.run("capacity", "advise", mixed, "--days", "1", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isIn(0, 1);
        JsonNode root = new ObjectMapper().readTree(json.out());
        JsonNode t0 = root.get("tables").get(0);
        assertThat(t0.get("name").asText()).isEqualTo(mixed);
        assertThat(t0.get("index").isNull()).isTrue();
        assertThat(root.get("tables").get(1).get("index").asText()).isEqualTo("byG");
        assertThat(t0.at("/current/mode").asText()).isEqualTo("provisioned");
        assertThat(t0.at("/recommended/mode").asText()).isIn("provisioned", "on-demand");
        assertThat(t0.at("/recommended/reasons").isArray()).isTrue();
        for (String k : List.of("current", "onDemand", "provisionedAutoScaling")) {
            assertThat(t0.at("/monthlyCost/" + k).isNumber()).as(k).isTrue();
        }
        assertThat(t0.at("/basis/pricesSource").asText()).contains("us-east-1");
        assertThat(t0.at("/basis/simulation/target").asDouble()).isEqualTo(0.70);
        assertThat(json.exitCode()).isEqualTo(root.get("changeRecommended").asBoolean() ? 1 : 0);

        // text to a pipe: no chart; on a UTF-8 terminal: a chart; on a terminal without UTF-8: none; --chart forces it
        Cli.Result piped = cli.run("capacity", "advise", mixed, "--days", "1");
        assertThat(piped.out()).contains("CONFIDENCE").doesNotContain("▁").doesNotContain("reads   ");
        Cli.Result tty = Cli.local(home, aws).env("LANG", "en_US.UTF-8").terminal(false, true, false)
                .run("capacity", "advise", mixed, "--days", "1");
        assertThat(tty.out()).contains("reads   ").contains("  sim   ");
        Cli.Result ascii = Cli.local(home, aws).env("LANG", "C").terminal(false, true, false)
                .run("capacity", "advise", mixed, "--days", "1");
        assertThat(ascii.out()).contains("CONFIDENCE").doesNotContain("reads   ");
        Cli.Result forced = cli.run("capacity", "advise", mixed, "--days", "1", "--chart");
        assertThat(forced.out()).contains("reads   ").contains("  sim   ");
        Cli.Result jsonForced = cli.run("capacity", "advise", mixed, "--days", "1", "--chart", "-o", "json");
        assertThat(jsonForced.out()).doesNotContain("reads   ").doesNotContainPattern("[\\u2581-\\u2588]");
        assertThat(new ObjectMapper().readTree(jsonForced.out()).isObject()).isTrue();

        // --report: the HTML page beside unchanged JSON on stdout
        Path page = home.resolve("capacity.html");
        Cli.Result reported = cli.run("capacity", "advise", mixed, "--days", "1", "-o", "json", "--report", page.toString());
        assertThat(reported.exitCode()).as(reported.toString()).isEqualTo(json.exitCode());
        assertThat(new ObjectMapper().readTree(reported.out()).get("tables")).hasSize(root.get("tables").size());
        assertThat(reported.err()).contains("report written to " + page);
        // the tables were made a moment ago: no minute of their own history yet, so a note stands in for each chart
        assertThat(java.nio.file.Files.readString(page)).contains("Capacity advice", mixed, "Advice per table and GSI",
                "no consumption in the analysed window");
        Cli.Result badReport = cli.run("capacity", "advise", mixed, "--days", "1", "--report", home.resolve("no/such/dir/x.html").toString());
        assertThat(badReport.exitCode()).isEqualTo(252);

        Cli.Result bad = cli.run("capacity", "advise", mixed, "--days", "64");
        assertThat(bad.exitCode()).isEqualTo(252);
        assertThat(bad.errLine()).startsWith("ddbr: error: --days must be between 1 and 63");
        Cli.Result badSkew = cli.run("capacity", "advise", mixed, "--days", "1", "--skew", home.resolve("nope.json").toString());
        assertThat(badSkew.exitCode()).isEqualTo(252);
        assertThat(badSkew.errLine()).contains("--skew");
        Cli.Result missing = cli.run("capacity", "advise", "no-such-table-here");
        assertThat(missing.exitCode()).isEqualTo(254);
        assertThat(missing.errLine()).contains("not found");
    }

    @Test
    void profileThresholdsAndPricesApply(LocalAws aws) throws Exception {
        Path profile = home.resolve("p.yaml");
        java.nio.file.Files.writeString(profile, "aws:\n  region: us-east-1\ncapacity:\n  max_throttled_minutes: 5\n"
                + "  min_monthly_saving_usd: 1000000\n  prices:\n    on_demand_read_per_million: 0.25\n    source: test list\n");
        Profile prof = dev.ddbr.profile.ProfileLoader.load(profile);
        try (ClientFactory f = factory(aws)) {
            CapacityReport r = new Advisor(f).advise(List.of(steadyOd), prof, 1, odStart.plus(N, ChronoUnit.MINUTES), 0).report();
            Entry e = r.tables().get(0);
            // a saving below $1,000,000 a month is not material: keep
            assertThat(e.recommended().action()).isEqualTo("keep");
            assertThat(e.basis().prices().get("on_demand_read_per_million")).isEqualTo(0.25);
            assertThat(e.basis().pricesSource()).startsWith("test list");
            double od = 1000.0 * 60 * N / 1e6 * 0.25 * (730.0 * 60 / N);
            assertThat(e.monthlyCost().onDemand()).isCloseTo(od, within(0.011));
            assertThat(r.changeRecommended()).isFalse();
        }
    }

    @Test
    void applyMakesTheRecommendedCalls(LocalAws aws) throws Exception {
        try (ClientFactory f = factory(aws)) {
            CapacityReport r = new Advisor(f).advise(List.of(toApply), Profile.empty(), 1, applyStart.plus(N, ChronoUnit.MINUTES), 0).report();
            CapacityPlan plan = CapacityApplier.plan(r.tables(), null, null, aws.region());
            assertThat(plan.steps()).extracting(CapacityPlan.Step::api).containsExactly("dynamodb:UpdateTable",
                    "application-autoscaling:RegisterScalableTarget", "application-autoscaling:PutScalingPolicy",
                    "application-autoscaling:RegisterScalableTarget", "application-autoscaling:PutScalingPolicy");
            CapacityPlan done = new CapacityApplier(f).apply(plan, java.time.Duration.ofMinutes(2));
            assertThat(done.applied()).isTrue();
        }
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.dynamodbEndpoint());
             var as = TestClients.of(software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient.builder(), aws.motoEndpoint())) {
            var t = ddb.describeTable(x -> x.tableName(toApply)).table();
            assertThat(t.billingModeSummary().billingModeAsString()).isEqualTo("PROVISIONED");
            assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(1429L);
            assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(1L);
            var targets = as.describeScalableTargets(x -> x.serviceNamespace("dynamodb").resourceIds("table/" + toApply)).scalableTargets()
                    .stream().filter(x -> x.resourceId().equals("table/" + toApply)).toList();
            assertThat(targets).extracting(x -> x.scalableDimensionAsString() + " " + x.minCapacity() + ".." + x.maxCapacity())
                    .containsExactlyInAnyOrder("dynamodb:table:ReadCapacityUnits 1429..2143", "dynamodb:table:WriteCapacityUnits 1..5");
            var policies = as.describeScalingPolicies(x -> x.serviceNamespace("dynamodb").resourceId("table/" + toApply)).scalingPolicies()
                    .stream().filter(x -> x.resourceId().equals("table/" + toApply)).toList();
            assertThat(policies).extracting(x -> x.targetTrackingScalingPolicyConfiguration().targetValue()).containsOnly(70.0);
        }
    }

    @Test
    void applyCommandPlansRefusesWithoutYesAndWarmsThroughput(LocalAws aws) throws Exception {
        Cli cli = Cli.local(home, aws);
        // no history yet (real clock): nothing to change
        Cli.Result none = cli.run("capacity", "apply", mixed, "--days", "1");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).contains("nothing to change");
        Cli.Result plan = cli.run("capacity", "apply", mixed, "--days", "1", "--warm-reads", "4000", "--warm-writes", "1200", "--dry-run", "-o", "json");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        JsonNode p = new ObjectMapper().readTree(plan.out());
        assertThat(p.get("applied").asBoolean()).isFalse();
        assertThat(p.at("/steps/0/api").asText()).isEqualTo("dynamodb:UpdateTable");
        assertThat(p.at("/steps/0/parameters/WarmThroughput.ReadUnitsPerSecond").asLong()).isEqualTo(4000);
        assertThat(p.has("actingOn")).isTrue();
        Cli.Result refused = cli.run("capacity", "apply", mixed, "--days", "1", "--warm-reads", "4000");
        assertThat(refused.exitCode()).isEqualTo(252);
        assertThat(refused.errLine()).contains("--yes");
        Cli.Result bad = cli.run("capacity", "apply", mixed, "--warm-reads", "0", "--dry-run");
        assertThat(bad.exitCode()).isEqualTo(252);
        assertThat(bad.errLine()).contains("--warm-reads");
    }

    /**
     * {@code --prices aws}: the Price List API on {@link dev.ddbr.testing.PriceListStub} behind the API-model proxy (every
     * GetProducts checked against botocore's pricing model). The table's Region is eu-west-1; the client calls the
     * us-east-1 endpoint and asks for regionCode eu-west-1.
     */
    @Test
    void pricesFromTheAwsPriceListForTheTablesRegion(LocalAws aws) throws Exception {
        try (dev.ddbr.testing.PriceListStub stub = dev.ddbr.testing.PriceListStub.start("eu-west-1")) {
            String front = aws.apiModel().front(stub.baseUrl(), "pricing-stub");
            Cli cli = Cli.local(home, aws).env("AWS_REGION", "eu-west-1").env("AWS_ENDPOINT_URL_PRICING", front);
            Cli.Result r = cli.run("capacity", "advise", steadyOd, "--days", "1", "--prices", "aws", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isIn(0, 1);
            JsonNode basis = new ObjectMapper().readTree(r.out()).at("/tables/0/basis");
            assertThat(basis.get("pricesSource").asText()).startsWith("aws-price-list 2025-06-12").contains("eu-west-1");
            assertThat(basis.get("pricesAsOf").asText()).isEqualTo("2025-06-12");
            assertThat(basis.at("/prices/on_demand_read_per_million").asDouble()).isCloseTo(0.1415, within(1e-9));
            assertThat(basis.at("/prices/provisioned_wcu_hour").asDouble()).isEqualTo(0.000735);
            assertThat(basis.at("/prices/ia_storage_gb_month").asDouble()).isEqualTo(0.1132);
            // three product families, the storage one in two pages; signed for us-east-1 whatever the table's Region
            var calls = stub.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/")));
            assertThat(calls).hasSize(4);
            for (var c : calls) {
                assertThat(c.getHeader("Authorization")).contains("/us-east-1/pricing/aws4_request");
                JsonNode body = new ObjectMapper().readTree(c.getBodyAsString());
                assertThat(body.get("ServiceCode").asText()).isEqualTo("AmazonDynamoDB");
                assertThat(body.get("FormatVersion").asText()).isEqualTo("aws_v1");
                assertThat(body.get("MaxResults").asInt()).isBetween(1, 100);
                assertThat(body.get("Filters").findValuesAsText("Field")).containsExactly("regionCode", "productFamily");
                assertThat(body.get("Filters").findValuesAsText("Value").get(0)).isEqualTo("eu-west-1");
            }
            if (aws.apiModel().active()) assertThat(aws.apiModel().stats()).contains("GetProducts");

            // the text says where the prices come from
            Cli.Result text = cli.run("capacity", "advise", steadyOd, "--days", "1", "--prices", "aws");
            assertThat(text.out()).contains("prices: aws-price-list 2025-06-12");

            // the Price List out of reach: one line, exit 254, a hint, nothing on stdout (no silent fallback)
            Cli.Result down = Cli.local(home, aws).env("AWS_ENDPOINT_URL_PRICING", closedPort())
                    .withMaxAttempts(1).run("capacity", "advise", steadyOd, "--days", "1", "--prices", "aws");
            assertThat(down.exitCode()).as(down.toString()).isEqualTo(254);
            assertThat(down.out()).isEmpty();
            assertThat(down.errLine()).startsWith("ddbr: error: cannot read DynamoDB prices for us-east-1 from the AWS Price List API")
                    .contains("drop --prices aws").doesNotContain("\n");
            assertThat(down.err().strip().lines().count()).isEqualTo(1);
        }
    }

    /** Headroom's account per-table limit: dynalite has no DescribeLimits, so the default quota is used and said once. */
    @Test
    void theAccountTableLimitFallsBackToTheDefaultQuotaWhenDescribeLimitsIsMissing(LocalAws aws) {
        try (ClientFactory f = factory(aws)) {
            CapacityReport r = new Advisor(f).advise(List.of(steadyOd), Profile.empty(), 1, odStart.plus(N, ChronoUnit.MINUTES), 0).report();
            assertThat(r.tables().get(0).headroom()).filteredOn(c -> c.kind().equals("account-table-limit"))
                    .extracting(CapacityReport.Ceiling::limit).containsOnly(40_000.0);
            assertThat(r.notes()).anyMatch(n -> n.contains("quotas in us-east-1 unknown") && n.contains("default per-table quota of 40000"));
        }
        // on moto's DynamoDB (which answers DescribeLimits: 10,000 per table) the quota read is used, and no note
        Map<String, String> env = new HashMap<>(aws.awsEnv());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
        String onMoto = LocalAws.uniqueName("cap-moto");
        try (DynamoDbClient ddb = TestClients.dynamodb(aws.motoEndpoint());
             ClientFactory f = new ClientFactory(new AwsConfig(env, null, null, null, null, null, null, null, null, null, null, 2))) {
            ddb.createTable(c -> c.tableName(onMoto).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
            CapacityReport r = new Advisor(f).advise(List.of(onMoto), Profile.empty(), 1, Instant.now(), 0).report();
            assertThat(r.tables().get(0).headroom()).filteredOn(c -> c.kind().equals("account-table-limit"))
                    .extracting(CapacityReport.Ceiling::limit).containsOnly(10_000.0);
            assertThat(r.notes()).noneMatch(n -> n.contains("quotas"));
            assertThat(r.tables().get(0).failover()).isNull();
        }
    }

    static String closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
