package dev.ddbr.skew.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.testing.Golden;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

/**
 * The SQL {@code skew export --engine athena} sends, kept as golden files (src/test/resources/golden/athena/) and
 * parsed with JSqlParser so a typo cannot ship. The SELECTs and the DROP are parsed in full; the Hive DDL
 * (CREATE EXTERNAL TABLE ... ROW FORMAT SERDE ... LOCATION ... TBLPROPERTIES), which JSqlParser does not know, is
 * checked structurally: balanced brackets, the struct type, the SerDe, the location and the ddbr tag.
 */
class AthenaSqlTest {
    static final String DB = "default";
    static final String TABLE = AthenaSql.tableName("arn:aws:dynamodb:us-east-1:123456789012:table/orders/export/01700000000000-abcdef12", "0a1b2c3d");
    static final List<SkewTarget> TARGETS = List.of(
            new SkewTarget(null, "pk", "S", null),
            new SkewTarget("by-amount", "amount", "N", null),
            new SkewTarget("by-digest", "digest", "B", null));
    static final String LOCATION = "s3://my-exports/orders/AWSDynamoDB/01700000000000-abcdef12/data/";

    @Test
    void tableNameIsUniqueAndAthenaSafe() {
        assertThat(TABLE).isEqualTo("ddbr_skew_01700000000000_abcdef12_0a1b2c3d").matches("[a-z0-9_]+");
        assertThat(AthenaEngine.suffix()).matches("[0-9a-f]{8}").isNotEqualTo(AthenaEngine.suffix());
    }

    @Test
    void jsonSqlMatchesGoldenAndParses() throws Exception {
        String create = AthenaSql.createTable(DB, TABLE, "DYNAMODB_JSON", TARGETS, LOCATION);
        String totals = AthenaSql.totals(DB, TABLE, "DYNAMODB_JSON", TARGETS);
        String top = AthenaSql.topKeys(DB, TABLE, "DYNAMODB_JSON", TARGETS, 10);
        String drop = AthenaSql.dropTable(DB, TABLE);
        Golden.assertMatches("athena/json-create.sql", create + "\n");
        Golden.assertMatches("athena/json-totals.sql", totals + "\n");
        Golden.assertMatches("athena/json-top.sql", top + "\n");
        Golden.assertMatches("athena/drop.sql", drop + "\n");
        checkDdl(create, AthenaSql.JSON_SERDE, "struct<pk:struct<s:string,n:string,b:string>,amount:struct<s:string,n:string,b:string>,"
                + "digest:struct<s:string,n:string,b:string>>");
        PlainSelect t = select(totals);
        assertThat(t.getSelectItems()).hasSize(1 + 2 * TARGETS.size());
        assertThat(totals).contains("item.\"pk\".s AS k0", "item.\"amount\".n AS k1", "item.\"digest\".b AS k2", "approx_distinct(k2) AS distinct_2");
        PlainSelect p = select(top);
        assertThat(p.getSelectItems()).extracting(Object::toString).containsExactly("target_id", "key_text", "items");
        assertThat(top).contains("GROUP BY GROUPING SETS ((k0), (k1), (k2))", "grouping(k0, k1, k2) AS target_id", "WHERE rn <= 10");
        Statement d = CCJSqlParserUtil.parse(drop);
        assertThat(d).isInstanceOf(Drop.class);
        assertThat(((Drop) d).isIfExists()).isTrue();
    }

    @Test
    void ionSqlMatchesGoldenAndParses() throws Exception {
        String create = AthenaSql.createTable(DB, TABLE, "ION", TARGETS, LOCATION);
        String totals = AthenaSql.totals(DB, TABLE, "ION", TARGETS);
        String top = AthenaSql.topKeys(DB, TABLE, "ION", TARGETS, 5);
        Golden.assertMatches("athena/ion-create.sql", create + "\n");
        Golden.assertMatches("athena/ion-totals.sql", totals + "\n");
        Golden.assertMatches("athena/ion-top.sql", top + "\n");
        checkDdl(create, AthenaSql.ION_SERDE, "struct<pk:string,amount:string,digest:binary>");
        assertThat(create).contains("STORED AS ION");
        select(totals);
        select(top);
        assertThat(top).contains("to_base64(item.\"digest\") AS k2");
    }

    @Test
    void unknownKeyTypeReadsWhicheverIsPresentAndOneTargetNeedsNoCoalesce() throws Exception {
        List<SkewTarget> one = List.of(new SkewTarget(null, "tenant", "?", null));
        String top = AthenaSql.topKeys(DB, TABLE, "DYNAMODB_JSON", one, 3);
        Golden.assertMatches("athena/json-top-unknown-type.sql", top + "\n");
        select(top);
        assertThat(top).contains("coalesce(item.\"tenant\".s, item.\"tenant\".n, item.\"tenant\".b) AS k0", "k0 AS key_text");
    }

    @Test
    void reservedWordsAreQuotedInTheSelects() throws Exception {
        List<SkewTarget> t = List.of(new SkewTarget(null, "order", "S", null), new SkewTarget("by-date", "date", "N", null));
        String totals = AthenaSql.totals(DB, TABLE, "DYNAMODB_JSON", t);
        select(totals);
        select(AthenaSql.topKeys(DB, TABLE, "DYNAMODB_JSON", t, 10));
        assertThat(totals).contains("item.\"order\".s AS k0", "item.\"date\".n AS k1");
    }

    @Test
    void sharedAttributeIsDeclaredOnce() {
        List<SkewTarget> t = List.of(new SkewTarget(null, "pk", "S", null), new SkewTarget("gsi", "pk", "S", null));
        String create = AthenaSql.createTable(DB, TABLE, "DYNAMODB_JSON", t, LOCATION);
        assertThat(create).contains("`item` struct<pk:struct<s:string,n:string,b:string>>");
    }

    @Test
    void groupingValuesMapToTargets() {
        // grouping(k0,k1,k2): the set (k0) leaves k1,k2 out -> 0b011; (k1) -> 0b101; (k2) -> 0b110
        assertThat(AthenaSql.targetOf(3, 3)).isEqualTo(0);
        assertThat(AthenaSql.targetOf(5, 3)).isEqualTo(1);
        assertThat(AthenaSql.targetOf(6, 3)).isEqualTo(2);
        assertThat(AthenaSql.targetOf(0, 1)).isEqualTo(0);
        assertThat(AthenaSql.targetOf(7, 3)).isEqualTo(-1);
    }

    @Test
    void namesAthenaCannotHoldAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> AthenaSql.createTable(DB, TABLE, "DYNAMODB_JSON",
                List.of(new SkewTarget(null, "order-id", "S", null)), LOCATION))
                .isInstanceOf(DdbrException.class).hasMessageContaining("'order-id'")
                .satisfies(e -> assertThat(((DdbrException) e).exitCode()).isEqualTo(252));
        assertThatThrownBy(() -> AthenaSql.attributes(List.of(new SkewTarget(null, "PK", "S", null),
                new SkewTarget("g", "pk", "S", null)))).hasMessageContaining("ignore case");
    }

    @Test
    void locationQuotesAreEscaped() {
        String create = AthenaSql.createTable(DB, TABLE, "DYNAMODB_JSON", TARGETS, "s3://b/it's/data/");
        assertThat(create).contains("LOCATION 's3://b/it''s/data/'");
    }

    private static PlainSelect select(String sql) throws Exception {
        Statement s = CCJSqlParserUtil.parse(sql);
        assertThat(s).isInstanceOf(Select.class);
        return ((Select) s).getPlainSelect();
    }

    /** The Hive DDL, structurally. */
    private static void checkDdl(String ddl, String serde, String struct) {
        assertThat(ddl).startsWith("CREATE EXTERNAL TABLE `" + DB + "`.`" + TABLE + "` (\n  `item` " + struct + "\n)\n");
        assertThat(ddl).contains("ROW FORMAT SERDE '" + serde + "'", "LOCATION '" + LOCATION + "'",
                "TBLPROPERTIES ('ddbr:created-by'='ddbr')");
        int depth = 0;
        int paren = 0;
        for (char c : ddl.toCharArray()) {
            if (c == '<') depth++;
            if (c == '>') depth--;
            if (c == '(') paren++;
            if (c == ')') paren--;
            assertThat(depth).isNotNegative();
            assertThat(paren).isNotNegative();
        }
        assertThat(depth).isZero();
        assertThat(paren).isZero();
        assertThat(ddl.chars().filter(c -> c == '\'').count() % 2).isZero();
        assertThat(ddl.chars().filter(c -> c == '`').count() % 2).isZero();
    }
}
