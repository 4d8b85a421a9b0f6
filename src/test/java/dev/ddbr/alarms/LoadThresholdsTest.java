package dev.ddbr.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.Profile;
import dev.ddbr.testing.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alarms plan|apply --from-load}: latency thresholds from a {@code ddbr load run -o json} report. */
class LoadThresholdsTest {
    @TempDir
    Path dir;

    /** The shape of 'ddbr load run -o json' (docs/load.md), trimmed to what --from-load reads plus neighbours. */
    static final String REPORT = """
            {"table": "orders", "workload": "command line", "workers": 1,
             "operations": [
               {"name": "get", "count": 9000, "rate": 150.0, "latencyMs": {"p50": 2.1, "p90": 4.0, "p99": 8.2, "p999": 20.0, "max": 31.0}},
               {"name": "get-strong", "count": 500, "rate": 8.0, "latencyMs": {"p50": 2.5, "p90": 5.0, "p99": 9.6, "p999": 22.0, "max": 33.0}},
               {"name": "query", "count": 2000, "rate": 33.0, "latencyMs": {"p50": 5.0, "p90": 12.0, "p99": 30.0, "p999": 60.0, "max": 90.0}},
               {"name": "put", "count": 3000, "rate": 50.0, "latencyMs": {"p50": 4.0, "p90": 7.0, "p99": 12.0, "p999": 25.0, "max": 40.0}},
               {"name": "delete", "count": 0, "rate": 0.0, "latencyMs": {"p50": 0, "p90": 0, "p99": 0, "p999": 0, "max": 0}}
             ],
             "serverSide": {"latencyMs": [
               {"name": "get", "operation": "GetItem", "requests": 9500, "average": 3.4, "max": 25.0},
               {"name": "put", "operation": "PutItem", "requests": 3000, "average": 5.01, "max": 30.0}
             ]}}
            """;

    Path write(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, body);
        return p;
    }

    @Test
    void p99TimesTheMarginRoundedUpPerCloudWatchOperation() throws Exception {
        LoadThresholds l = LoadThresholds.read(write("r.json", REPORT).toString());
        assertThat(l.table()).isEqualTo("orders");
        // get and get-strong both call GetItem: the worse p99 counts; delete did not run
        assertThat(l.p99()).containsExactly(Map.entry("GetItem", 9.6), Map.entry("Query", 30.0), Map.entry("PutItem", 12.0));
        assertThat(l.derive("GetItem", "p99")).isEqualTo(new LoadThresholds.Derived(9.6, "p99 (client)", 15)); // 14.4 -> 15
        assertThat(l.derive("Query", "p99").thresholdMs()).isEqualTo(45);
        // average: the server-side SuccessfulRequestLatency average where the report has it, else the client p99
        assertThat(l.derive("PutItem", "average")).isEqualTo(new LoadThresholds.Derived(5.01, "average (server)", 8));
        assertThat(l.derive("Query", "average")).isEqualTo(new LoadThresholds.Derived(30.0, "p99 (client)", 45));
        assertThat(l.derive("Scan", "p99")).isNull();
        // TABLE= names the profile's table when the run used another (a scratch copy)
        assertThat(LoadThresholds.read("events=" + write("r2.json", REPORT)).table()).isEqualTo("events");
    }

    @Test
    void theProfileWinsAndThePlanSaysWhere() throws Exception {
        Profile p = AlarmSetTest.profile(""); // orders: latency_ms {GetItem: 15, Query: 40}
        LoadThresholds l = LoadThresholds.read(write("orders-load.json", REPORT).toString());
        List<AlarmPlan.LoadNote> notes = new ArrayList<>();
        Map<String, AlarmSpec> a = AlarmSet.compute(AlarmSetTest.tables(), p.alarms(), Map.of("orders", 30), AlarmSetTest.REGION,
                        null, List.of(l), notes).stream()
                .collect(Collectors.toMap(AlarmSpec::name, Function.identity(), (x, y) -> x, LinkedHashMap::new));
        assertThat(a.get("ddbr-orders-latency-getitem").threshold()).isEqualTo(15.0);  // the profile's
        assertThat(a.get("ddbr-orders-latency-query").threshold()).isEqualTo(40.0);    // the profile's
        AlarmSpec put = a.get("ddbr-orders-latency-putitem");                          // from the report
        assertThat(put.threshold()).isEqualTo(18.0);
        assertThat(put.extendedStatistic()).isEqualTo("p99");
        assertThat(put.description()).contains("Threshold from load report " + l.source() + ": p99 (client) 12 ms x 1.5.");
        assertThat(a).doesNotContainKey("ddbr-events-latency-putitem");
        assertThat(notes).extracting(AlarmPlan.LoadNote::operation, AlarmPlan.LoadNote::used, AlarmPlan.LoadNote::profileMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GetItem", "profile", 15),
                        org.assertj.core.groups.Tuple.tuple("Query", "profile", 40),
                        org.assertj.core.groups.Tuple.tuple("PutItem", "load", null));

        // golden: the plan on an empty account, with the notes (report named as given, so fixed here)
        List<AlarmPlan.LoadNote> fixed = notes.stream().map(n -> new AlarmPlan.LoadNote(n.table(), n.operation(),
                "orders-load.json", n.measured(), n.measuredMs(), n.derivedMs(), n.profileMs(), n.used())).toList();
        List<AlarmSpec> ordersLatency = a.values().stream().filter(s -> s.name().startsWith("ddbr-orders-latency")).toList();
        AlarmPlan plan = AlarmPlan.diff("prod", AlarmSetTest.REGION, ordersLatency, Map.of(), Set.of()).withFromLoad(fixed);
        StringWriter s = new StringWriter();
        plan.renderText(new TextWriter(new PrintWriter(s), new Style(false)));
        Golden.assertMatches("alarms/plan-from-load.txt", s.toString());
        Golden.assertMatches("alarms/plan-from-load.json", Renderer.json().writeValueAsString(
                Map.of("fromLoad", plan.fromLoad())) + "\n");
    }

    @Test
    void aBadReportIsOneClearLine() throws Exception {
        assertBad(dir.resolve("nope.json").toString(), "load report '" + dir.resolve("nope.json") + "' does not exist");
        assertBad(write("a.json", "{not json").toString(), "is not readable JSON");
        assertBad(write("b.json", "{\"table\": \"orders\", \"tables\": []}").toString(), "has no 'operations' array: not a ddbr load report");
        assertBad(write("c.json", "{\"operations\": [{\"name\": \"get\", \"latencyMs\": {\"p99\": 3}}]}").toString(), "names no table");
        assertBad(write("d.json", "{\"table\": \"t\", \"operations\": [{\"name\": \"scan\", \"latencyMs\": {\"p99\": 3}}]}").toString(),
                "unknown operation 'scan' (operations[0].name)");
        assertBad(write("e.json", "{\"table\": \"t\", \"operations\": [{\"name\": \"get\", \"latencyMs\": {\"p99\": \"fast\"}}]}").toString(),
                "no valid latencyMs.p99 for operation 'get'");
        assertBad(write("f.json", "{\"table\": \"t\", \"operations\": []}").toString(), "has no operation that ran");

        LoadThresholds other = LoadThresholds.read(write("g.json", REPORT.replace("\"orders\"", "\"scratch-1\"")).toString());
        assertThatThrownBy(() -> AlarmSet.compute(AlarmSetTest.tables(), AlarmSetTest.profile("").alarms(), Map.of(),
                AlarmSetTest.REGION, null, List.of(other), new ArrayList<>()))
                .isInstanceOf(DdbrException.class)
                .hasMessageContaining("is for table 'scratch-1', which the profile does not list");
        LoadThresholds orders = LoadThresholds.read(write("h.json", REPORT).toString());
        assertThatThrownBy(() -> AlarmSet.compute(AlarmSetTest.tables(), AlarmSetTest.profile("").alarms(), Map.of(),
                AlarmSetTest.REGION, null, List.of(orders, orders), new ArrayList<>()))
                .isInstanceOf(DdbrException.class).hasMessageContaining("two load reports for table 'orders'");
    }

    static void assertBad(String option, String message) {
        assertThatThrownBy(() -> LoadThresholds.read(option))
                .isInstanceOf(DdbrException.class)
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252))
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
