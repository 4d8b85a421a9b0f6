package dev.ddbr.backup.logical;

import dev.ddbr.backup.codec.ItemCodec;
import dev.ddbr.error.DdbrException;
import dev.ddbr.table.TableSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The import preflight: the backup's key schema must be the target table's, or nothing is written. */
final class KeySchemas {
    private KeySchemas() {}

    /** "pk (S), sk (N)" from the backup's settings snapshot; null for a native export (it records none). */
    static String ofBackup(ImportSource src) {
        TableSettings s = src.settings();
        if (s == null || s.partitionKey() == null) return null;
        return text(keys(s));
    }

    static List<TableSettings.KeyAttr> keys(TableSettings s) {
        List<TableSettings.KeyAttr> k = new ArrayList<>();
        k.add(s.partitionKey());
        if (s.sortKey() != null) k.add(s.sortKey());
        return k;
    }

    static List<TableSettings.KeyAttr> keys(TableDescription t) {
        Map<String, String> types = t.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a));
        List<TableSettings.KeyAttr> k = new ArrayList<>();
        for (KeyType kt : List.of(KeyType.HASH, KeyType.RANGE)) {
            for (KeySchemaElement e : t.keySchema()) {
                if (e.keyType() == kt) k.add(new TableSettings.KeyAttr(e.attributeName(), types.get(e.attributeName())));
            }
        }
        return k;
    }

    static String text(List<TableSettings.KeyAttr> keys) {
        return keys.stream().map(TableSettings.KeyAttr::toString).collect(Collectors.joining(", "));
    }

    /** Throws exit 252 when the backup's keys (or, for a native export, its first item) do not fit the table. */
    static void check(ImportSource src, String backupKeys, TableDescription target) {
        List<TableSettings.KeyAttr> want = keys(target);
        String table = target.tableName();
        if (src.settings() != null && src.settings().partitionKey() != null) {
            if (!keys(src.settings()).equals(want)) {
                throw DdbrException.invalid("the backup's key schema " + backupKeys + " does not match table '" + table
                        + "': " + text(want) + "; nothing was written",
                        "import into a table with the same key schema, or into a new table with --create");
            }
            return;
        }
        Map<String, AttributeValue> first = firstItem(src);
        if (first == null) return;
        for (TableSettings.KeyAttr k : want) {
            AttributeValue v = first.get(k.name());
            String type = v == null ? null : v.s() != null ? "S" : v.n() != null ? "N" : v.b() != null ? "B" : "other";
            if (!k.type().equals(type)) {
                throw DdbrException.invalid("the export's items do not fit the key schema of table '" + table + "' ("
                        + text(want) + "): the first item has " + (v == null ? "no '" + k.name() + "'" : "'" + k.name() + "' of type " + type)
                        + "; nothing was written",
                        "import into a table with the key schema of the exported table");
            }
        }
    }

    private static Map<String, AttributeValue> firstItem(ImportSource src) {
        for (ImportSource.DataFile f : src.files()) {
            if (f.itemCount() == 0 || f.local() == null) continue;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(f.local())), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isEmpty()) return ItemCodec.fromLine(line);
                }
            } catch (IOException | ItemCodec.FormatException e) {
                throw DdbrException.invalid("cannot read the first item of " + f.path() + ": " + e.getMessage(),
                        "the backup holds a malformed item");
            }
        }
        return null;
    }
}
