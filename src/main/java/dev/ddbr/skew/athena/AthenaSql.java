package dev.ddbr.skew.athena;

import dev.ddbr.error.DdbrException;
import dev.ddbr.skew.SkewTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL of {@code skew export --engine athena}: a temporary external table over the export's data files, one
 * totals query and one top-keys query (both a single pass over the data), and the DROP. Pure text: golden files
 * under src/test/resources/golden/athena/ hold what it writes, and AthenaSqlTest parses the SELECTs.
 *
 * <p>Key expressions by the attribute's type (S, N or B; "?" when unknown, from --key: the first of the three that
 * is present). DYNAMODB_JSON items are {@code {"Item":{"pk":{"S":"a"}}}}, read with the OpenX JSON SerDe (field
 * names match case-insensitively); B keys are the base64 text of the export. ION items are
 * {@code {Item:{pk:"a"}}}, read with the Ion Hive SerDe: a string as string, a number as its Ion text, a blob as
 * binary shown in base64 ({@code to_base64}).
 */
public final class AthenaSql {
    private AthenaSql() {}

    /** Attribute names the generated DDL can hold as struct fields without quoting. */
    static final Pattern SIMPLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

    public static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
    public static final String ION_SERDE = "com.amazon.ionhiveserde.IonHiveSerDe";

    /** The temporary table's name: ddbr_skew_<export id>_<suffix>, lower case, [a-z0-9_] only. */
    public static String tableName(String exportArn, String suffix) {
        String id = exportArn == null ? "export" : exportArn.substring(exportArn.lastIndexOf('/') + 1);
        String clean = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (clean.length() > 64) clean = clean.substring(0, 64);
        return "ddbr_skew_" + clean + "_" + suffix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * The key attributes the queries read, each once, with the types they are read as: a table key and a GSI key
     * on the same attribute share it.
     *
     * @throws DdbrException 252 for a name the DDL cannot hold, or two names equal but for case (the JSON SerDe
     *                       matches field names case-insensitively, so they would read the same value)
     */
    static Map<String, String> attributes(List<SkewTarget> targets) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> lower = new LinkedHashMap<>();
        for (SkewTarget t : targets) {
            String a = t.keyAttribute();
            if (!SIMPLE_NAME.matcher(a).matches()) {
                throw DdbrException.invalid("--engine athena cannot read the key attribute '" + a + "' (" + t.label()
                        + "): only names of letters, digits and _ (not starting with a digit) fit an Athena table's columns",
                        "use --engine local for this export");
            }
            String prev = lower.putIfAbsent(a.toLowerCase(Locale.ROOT), a);
            if (prev != null && !prev.equals(a)) {
                throw DdbrException.invalid("--engine athena cannot tell the key attributes '" + prev + "' and '" + a
                        + "' apart: Athena's column names ignore case", "use --engine local for this export");
            }
            String type = t.keyType() == null ? "?" : t.keyType();
            types.merge(a, type, (x, y) -> x.equals(y) ? x : "?");
        }
        return types;
    }

    /** CREATE EXTERNAL TABLE over {@code dataLocation} (the export's data/ folder, s3://.../). */
    public static String createTable(String database, String table, String format, List<SkewTarget> targets,
                                     String dataLocation) {
        Map<String, String> attrs = attributes(targets);
        boolean ion = "ION".equals(format);
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            String col = e.getKey().toLowerCase(Locale.ROOT);
            fields.add(col + ":" + (ion ? ionType(e.getValue()) : "struct<s:string,n:string,b:string>"));
        }
        StringBuilder b = new StringBuilder();
        b.append("CREATE EXTERNAL TABLE `").append(database).append("`.`").append(table).append("` (\n");
        b.append("  `item` struct<").append(String.join(",", fields)).append(">\n)\n");
        b.append("ROW FORMAT SERDE '").append(ion ? ION_SERDE : JSON_SERDE).append("'\n");
        if (ion) {
            b.append("STORED AS ION\n");
        }
        b.append("LOCATION '").append(literal(dataLocation)).append("'\n");
        b.append("TBLPROPERTIES ('ddbr:created-by'='ddbr')");
        return b.toString();
    }

    private static String ionType(String keyType) {
        return switch (keyType) {
            case "B" -> "binary";
            default -> "string"; // S as is; N as the number's Ion text; unknown: as text
        };
    }

    /** The expression of a target's key, as varchar. */
    static String keyExpression(String attribute, String type, String format) {
        // quoted: an attribute may be named like a reserved word of Athena's SQL (order, date, ...)
        String col = "item.\"" + attribute.toLowerCase(Locale.ROOT) + "\"";
        if ("ION".equals(format)) {
            return "B".equals(type) ? "to_base64(" + col + ")" : col;
        }
        return switch (type) {
            case "S" -> col + ".s";
            case "N" -> col + ".n";
            case "B" -> col + ".b";
            default -> "coalesce(" + col + ".s, " + col + ".n, " + col + ".b)";
        };
    }

    /** {@code k0, k1, ...}: one column per target, in target order. */
    private static String keysSubquery(String database, String table, String format, List<SkewTarget> targets) {
        Map<String, String> attrs = attributes(targets);
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String a = targets.get(i).keyAttribute();
            cols.add(keyExpression(a, attrs.get(a), format) + " AS k" + i);
        }
        return "SELECT " + String.join(", ", cols) + " FROM \"" + database + "\".\"" + table + "\"";
    }

    /**
     * Totals, one row: {@code items} (exact count(*)), then per target {@code items_i} (exact: items holding the
     * key) and {@code distinct_i} (approx_distinct: about 2.3% standard error).
     */
    public static String totals(String database, String table, String format, List<SkewTarget> targets) {
        List<String> cols = new ArrayList<>();
        cols.add("count(*) AS items");
        for (int i = 0; i < targets.size(); i++) {
            cols.add("count(k" + i + ") AS items_" + i);
            cols.add("approx_distinct(k" + i + ") AS distinct_" + i);
        }
        return "SELECT " + String.join(", ", cols) + "\nFROM (" + keysSubquery(database, table, format, targets) + ") AS item_keys";
    }

    /**
     * The {@code top} heaviest keys of every target in one pass: rows (target_id, key_text, items), heaviest first within a
     * target, ties by key. GROUPING SETS count every target's keys from one scan; row_number keeps the top of each.
     */
    public static String topKeys(String database, String table, String format, List<SkewTarget> targets, int top) {
        List<String> ks = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ks.add("k" + i);
            sets.add("(k" + i + ")");
        }
        String keyCols = String.join(", ", ks);
        // grouping(k0, k1, ...) has bit (n-1-i) set for every key NOT in the set: the set of k_i has all bits but that one
        String key = targets.size() == 1 ? "k0" : "coalesce(" + keyCols + ")";
        return "SELECT target_id, key_text, items\n"
                + "FROM (\n"
                + "  SELECT target_id, key_text, items, row_number() OVER (PARTITION BY target_id ORDER BY items DESC, key_text) AS rn\n"
                + "  FROM (\n"
                + "    SELECT grouping(" + keyCols + ") AS target_id, " + key + " AS key_text, count(*) AS items\n"
                + "    FROM (" + keysSubquery(database, table, format, targets) + ") AS item_keys\n"
                + "    GROUP BY GROUPING SETS (" + String.join(", ", sets) + ")\n"
                + "  ) AS counted\n"
                + "  WHERE key_text IS NOT NULL\n"
                + ") AS ranked\n"
                + "WHERE rn <= " + top + "\n"
                + "ORDER BY target_id, rn";
    }

    /** The target index (0 = the table's key) of a {@code grouping()} value of {@link #topKeys} with {@code n} targets. */
    public static int targetOf(long grouping, int n) {
        for (int i = 0; i < n; i++) {
            long only = ((1L << n) - 1) & ~(1L << (n - 1 - i));
            if (grouping == only) return i;
        }
        return -1;
    }

    public static String dropTable(String database, String table) {
        return "DROP TABLE IF EXISTS `" + database + "`.`" + table + "`";
    }

    private static String literal(String s) { return s.replace("'", "''"); }
}
