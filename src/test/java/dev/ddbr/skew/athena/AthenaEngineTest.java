package dev.ddbr.skew.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.SkewTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.GetWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.GetWorkGroupResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

/**
 * The engine's control flow against a scripted AthenaClient (what moto cannot do: FAILED queries, paged results,
 * Ctrl-C while a query runs). The full command runs on moto in SkewExportAthenaIT.
 */
class AthenaEngineTest {
    static final List<SkewTarget> TARGETS = List.of(new SkewTarget(null, "pk", "S", null), new SkewTarget("g", "n", "N", null));
    static final AthenaEngine.Settings SETTINGS = new AthenaEngine.Settings("primary", "default", "s3://results/x/");

    /** Queries succeed after {@code runningPolls} RUNNING answers, unless their SQL starts with {@code failPrefix}. */
    static final class Scripted implements AthenaClient {
        final List<String> sql = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final Map<String, List<GetQueryResultsResponse>> pages = new HashMap<>();
        final Map<String, Integer> polls = new HashMap<>();
        int runningPolls = 2;
        String failPrefix;
        Consumer<String> onRunning = id -> { };
        List<GetQueryResultsResponse> totals;
        List<GetQueryResultsResponse> top;
        boolean workgroupMissing;

        @Override public String serviceName() { return "athena"; }
        @Override public void close() { }

        @Override
        public GetWorkGroupResponse getWorkGroup(GetWorkGroupRequest r) {
            if (workgroupMissing) throw InvalidRequestException.builder().message("WorkGroup is not found.").build();
            return GetWorkGroupResponse.builder().workGroup(w -> w.name(r.workGroup()).state("ENABLED")
                    .configuration(c -> c.resultConfiguration(rc -> rc.outputLocation(null)))).build();
        }

        @Override
        public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest r) {
            String id = "q" + sql.size();
            sql.add(r.queryString());
            if (r.queryString().startsWith("SELECT count(*)")) pages.put(id, totals);
            if (r.queryString().startsWith("SELECT target_id")) pages.put(id, top);
            return StartQueryExecutionResponse.builder().queryExecutionId(id).build();
        }

        @Override
        public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest r) {
            String id = r.queryExecutionId();
            int n = polls.merge(id, 1, Integer::sum);
            String q = sql.get(Integer.parseInt(id.substring(1)));
            QueryExecutionState st;
            String reason = null;
            if (stopped.contains(id)) {
                st = QueryExecutionState.CANCELLED;
            } else if (n <= runningPolls) {
                st = QueryExecutionState.RUNNING;
                onRunning.accept(id);
            } else if (failPrefix != null && q.startsWith(failPrefix)) {
                st = QueryExecutionState.FAILED;
                reason = "HIVE_BAD_DATA: Error parsing field value\n for field 0";
            } else {
                st = QueryExecutionState.SUCCEEDED;
            }
            String why = reason;
            return GetQueryExecutionResponse.builder().queryExecution(e -> e.queryExecutionId(id).query(q)
                    .status(s -> s.state(st).stateChangeReason(why)).statistics(s -> s.dataScannedInBytes(1000L))).build();
        }

        @Override
        public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest r) {
            List<GetQueryResultsResponse> p = pages.get(r.queryExecutionId());
            int i = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            return p.get(i);
        }

        @Override
        public StopQueryExecutionResponse stopQueryExecution(StopQueryExecutionRequest r) {
            stopped.add(r.queryExecutionId());
            return StopQueryExecutionResponse.builder().build();
        }
    }

    static GetQueryResultsResponse page(List<String> columns, boolean header, String next, List<List<String>> rows) {
        List<Row> out = new ArrayList<>();
        if (header) out.add(row(columns));
        for (List<String> r : rows) out.add(row(r));
        return GetQueryResultsResponse.builder().nextToken(next).resultSet(rs -> rs.rows(out)
                .resultSetMetadata(m -> m.columnInfo(columns.stream().map(c -> ColumnInfo.builder().name(c).label(c).type("varchar").build()).toList())))
                .build();
    }

    static Row row(List<String> v) {
        return Row.builder().data(v.stream().map(x -> Datum.builder().varCharValue(x).build()).toList()).build();
    }

    static Scripted scripted() {
        Scripted c = new Scripted();
        List<String> tc = List.of("items", "items_0", "distinct_0", "items_1", "distinct_1");
        c.totals = List.of(page(tc, true, null, List.of(List.of("100", "100", "40", "60", "3"))));
        List<String> kc = List.of("target_id", "key_text", "items");
        // two pages: the header only on the first
        c.top = List.of(page(kc, true, "1", List.of(List.of("1", "hot", "30"), List.of("1", "b", "5"))),
                page(kc, false, null, List.of(List.of("2", "1.50", "40"), List.of("2", "2", "15"))));
        return c;
    }

    static AthenaEngine engine(Scripted c, List<Duration> sleeps) {
        return new AthenaEngine(c, SETTINGS, d -> sleeps.add(d), null);
    }

    @Test
    void runsCreateTotalsTopThenDropAndReadsEveryPage() {
        Scripted c = scripted();
        List<Duration> sleeps = new ArrayList<>();
        AthenaEngine.Result r = engine(c, sleeps).run("arn:aws:dynamodb:us-east-1:1:table/t/export/01-ab", "DYNAMODB_JSON",
                TARGETS, "s3://b/p/data/", 10);
        assertThat(c.sql).hasSize(4);
        assertThat(c.sql.get(0)).startsWith("CREATE EXTERNAL TABLE `default`.`ddbr_skew_01_ab_");
        assertThat(c.sql.get(3)).startsWith("DROP TABLE IF EXISTS `default`.`ddbr_skew_01_ab_");
        assertThat(r.items()).isEqualTo(100);
        assertThat(r.summaries().get(0).items()).isEqualTo(100);
        assertThat(r.summaries().get(0).distinctKeys()).isEqualTo(40);
        assertThat(r.summaries().get(0).exact()).isFalse();
        assertThat(r.summaries().get(0).top()).extracting(k -> k.key() + "=" + k.items()).containsExactly("hot=30", "b=5");
        // N keys in the local reader's canonical form
        assertThat(r.summaries().get(1).top()).extracting(k -> k.key() + "=" + k.items()).containsExactly("1.5=40", "2=15");
        assertThat(r.summaries().get(1).distinctLow()).isEqualTo(2L);
        assertThat(r.summaries().get(1).distinctHigh()).isEqualTo(4L);
        assertThat(r.athena().queryIds()).containsExactly("q0", "q1", "q2", "q3");
        assertThat(r.athena().bytesScanned()).isEqualTo(4000);
        assertThat(r.athena().tableDropped()).isTrue();
        // backoff: doubling from 200 ms
        assertThat(sleeps.subList(0, 2)).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aFailedQueryIsOneLineWithAthenasReasonAndTheTableIsStillDropped() {
        Scripted c = scripted();
        c.failPrefix = "SELECT target_id";
        AthenaEngine e = engine(c, new ArrayList<>());
        assertThatThrownBy(() -> e.run(null, "DYNAMODB_JSON", TARGETS, "s3://b/p/data/", 10))
                .isInstanceOf(DdbrException.class)
                .hasMessageContaining("(q2) FAILED: HIVE_BAD_DATA: Error parsing field value for field 0")
                .hasMessageNotContaining("\n")
                .satisfies(x -> assertThat(((DdbrException) x).exitCode()).isEqualTo(254));
        assertThat(c.sql.get(c.sql.size() - 1)).startsWith("DROP TABLE IF EXISTS");
        assertThat(e.info().tableDropped()).isTrue();
    }

    @Test
    void abortStopsTheRunningQueryAndDropsTheTable() {
        Scripted c = scripted();
        AthenaEngine[] e = new AthenaEngine[1];
        String[] said = new String[1];
        c.onRunning = id -> {
            if (id.equals("q1") && said[0] == null) said[0] = e[0].abort();
        };
        e[0] = engine(c, new ArrayList<>());
        assertThatThrownBy(() -> e[0].run(null, "DYNAMODB_JSON", TARGETS, "s3://b/p/data/", 10)).isInstanceOf(DdbrException.class);
        assertThat(c.stopped).containsExactly("q1");
        assertThat(said[0]).contains("stopped the Athena query q1", "dropped the temporary table default.ddbr_skew_export_");
        assertThat(c.sql.stream().filter(q -> q.startsWith("DROP")).count()).isEqualTo(1);
    }

    @Test
    void missingWorkgroupOrResultLocationIsAConfigurationError() {
        Scripted c = scripted();
        c.workgroupMissing = true;
        assertThatThrownBy(() -> engine(c, new ArrayList<>()).preflight("us-east-1"))
                .hasMessageContaining("the Athena workgroup 'primary' does not exist in us-east-1")
                .satisfies(x -> assertThat(((DdbrException) x).exitCode()).isEqualTo(253));
        Scripted d = scripted();
        AthenaEngine noOutput = new AthenaEngine(d, new AthenaEngine.Settings("primary", "default", null), x -> { }, null);
        assertThatThrownBy(() -> noOutput.preflight("us-east-1")).hasMessageContaining("has no query result location")
                .satisfies(x -> assertThat(((DdbrException) x).hint()).contains("--athena-output"));
        assertThat(d.sql).isEmpty();
    }
}
