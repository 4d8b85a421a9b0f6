package dev.ddbr.backup.logical;

import static dev.ddbr.backup.logical.LogicalBackupIT.contents;
import static dev.ddbr.backup.logical.LogicalBackupIT.createPkSk;
import static dev.ddbr.backup.logical.LogicalBackupIT.ddb;
import static dev.ddbr.backup.logical.LogicalBackupIT.sourceTable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import dev.ddbr.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The import journal is used only for the very table it was written for (ARN, creation time, endpoint): a table
 * deleted and re-created under the same name, or a table of the same name behind another endpoint, is imported
 * from the first item, and --create and the confirmation for a table holding items apply as to any new import.
 */
@EmulatorTest
class ImportJournalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ITEMS = 102; // sourceTable(ddb, 100): 100 plain items, one of every type, one big

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    /** A backup of a fresh source table, in {@code home/bk}. */
    Path backup(LocalAws aws, DynamoDbClient ddb) {
        String src = sourceTable(ddb, 100);
        Path dir = home.resolve("bk");
        Cli.Result ex = cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "1");
        assertThat(ex.exitCode()).as(ex.toString()).isZero();
        this.src = src;
        return dir;
    }

    String src;

    /** An import that "crashes" (every BatchWriteItem after the second is denied): exit 254, 50 items in the journal. */
    void crash(LocalAws aws, FaultProxy proxy, String... args) throws Exception {
        int before = proxy.calls("BatchWriteItem");
        proxy.policy((op, n) -> op.equals("BatchWriteItem") && n > before + 2 ? Fault.DENIED : Fault.NONE);
        Cli.Result r = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint()).run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(254);
        assertThat(r.err()).contains("stopped after 50 of " + ITEMS + " items");
        proxy.policy((op, n) -> Fault.NONE);
    }

    JsonNode journal(String table) throws Exception {
        try (var s = Files.list(home.resolve("state/imports"))) {
            Path f = s.filter(x -> x.getFileName().toString().startsWith("import-" + table + "-")
                    && x.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            return JSON.readTree(f.toFile());
        }
    }

    static void awaitGone(DynamoDbClient ddb, String t) {
        try (var w = DynamoDbWaiter.builder().client(ddb).overrideConfiguration(o -> o.maxAttempts(600)
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(50)))).build()) {
            w.waitUntilTableNotExists(r -> r.tableName(t));
        }
    }

    static int count(DynamoDbClient ddb, String t) {
        return ddb.scanPaginator(r -> r.tableName(t)).items().stream().mapToInt(i -> 1).sum();
    }

    /** The one stderr line saying a journal was set aside, for {@code table}. */
    static String setAsideLine(String table) {
        return "ddbr: warning: a journal from an import into a different table '" + table + "' (";
    }

    @Test
    void aTableDeletedAfterACrashIsImportedInFullNotResumed(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Path dir = backup(aws, ddb);
            String dst = LocalAws.uniqueName("ij-redo");
            String[] args = {"backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "1"};
            crash(aws, proxy, args);
            JsonNode first = journal(dst);
            assertThat(first.get("linesDone").elements().next().asLong()).isEqualTo(50);
            assertThat(first.get("createdTable").asBoolean()).isTrue();
            assertThat(first.get("tableArn").asText()).endsWith(":table/" + dst);
            assertThat(first.get("endpoint").asText()).isEqualTo(proxy.endpoint());
            String created = first.get("tableCreated").asText();

            ddb.deleteTable(r -> r.tableName(dst));
            awaitGone(ddb, dst);

            // the same command: the table it creates is not the one the journal is of, so every item is written
            Cli.Result again = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint()).run(append(args, "-o", "json"));
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.err().strip()).matches(Pattern.quote(setAsideLine(dst) + first.get("tableArn").asText() + ", created ")
                    + "\\S+" + Pattern.quote(") was set aside; starting from the first item"));
            assertThat(again.err()).contains("created " + created.substring(0, 19)).doesNotContain("resumed");
            JsonNode r = JSON.readTree(again.out());
            assertThat(r.get("resumed").asBoolean()).isFalse();
            assertThat(r.get("createdTable").asBoolean()).isTrue();
            assertThat(r.get("itemsSkippedOnResume").asLong()).isZero();
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(ITEMS);
            assertThat(count(ddb, dst)).isEqualTo(ITEMS);
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src));
            assertThat(journal(dst).get("tableCreated").asText()).isNotEqualTo(created);
        }
    }

    @Test
    void aTableReCreatedEmptyByHandAfterACrashIsImportedInFull(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Path dir = backup(aws, ddb);
            String dst = LocalAws.uniqueName("ij-hand");
            createPkSk(ddb, dst);
            String[] args = {"backup", "import", dir.toString(), "--table", dst, "--parallelism", "1"};
            crash(aws, proxy, args);
            assertThat(journal(dst).get("createdTable").asBoolean()).isFalse();
            ddb.deleteTable(r -> r.tableName(dst));
            awaitGone(ddb, dst);
            createPkSk(ddb, dst);

            Cli.Result dry = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint()).run(append(args, "--dry-run", "-o", "json"));
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.err()).startsWith(setAsideLine(dst)).contains("would be set aside; the import would start from the first item");
            JsonNode plan = JSON.readTree(dry.out());
            assertThat(plan.get("resuming").asBoolean()).isFalse();
            assertThat(plan.get("journalSetAside").asBoolean()).isTrue();
            assertThat(count(ddb, dst)).isZero();

            Cli.Result again = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint()).run(append(args, "-o", "json"));
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.err().strip().lines()).hasSize(1);
            assertThat(again.err()).startsWith(setAsideLine(dst)).contains(") was set aside; starting from the first item");
            JsonNode r = JSON.readTree(again.out());
            assertThat(r.get("resumed").asBoolean()).isFalse();
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(ITEMS);
            assertThat(count(ddb, dst)).isEqualTo(ITEMS);
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src));
        }
    }

    @Test
    void aJournalFromAnotherEndpointIsNotResumedWhereTheTableIsNew(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); DynamoDbClient moto = TestClients.dynamodb(aws.motoEndpoint());
             FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Path dir = backup(aws, ddb);
            String dst = LocalAws.uniqueName("ij-xreg");
            String[] args = {"backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "1"};
            crash(aws, proxy, args);
            String arn = journal(dst).get("tableArn").asText();

            // the same command against another endpoint (another account there): a new table, every item written
            Cli.Result other = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint()).run(append(args, "-o", "json"));
            assertThat(other.exitCode()).as(other.toString()).isZero();
            assertThat(other.err().strip()).startsWith(setAsideLine(dst) + arn + ", created ")
                    .endsWith(", endpoint " + proxy.endpoint() + ") was set aside; starting from the first item");
            JsonNode r = JSON.readTree(other.out());
            assertThat(r.get("resumed").asBoolean()).isFalse();
            assertThat(r.get("createdTable").asBoolean()).isTrue();
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(ITEMS);
            assertThat(count(moto, dst)).isEqualTo(ITEMS);
            assertThat(contents(moto, dst)).isEqualTo(contents(ddb, src));
            assertThat(count(ddb, dst)).as("the first endpoint's table is left as it was").isEqualTo(50);
            assertThat(journal(dst).get("endpoint").asText()).isEqualTo(aws.motoEndpoint());
        }
    }

    @Test
    void aJournalFromAnotherEndpointNeverBypassesCreateRefusalOrConfirmation(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); DynamoDbClient moto = TestClients.dynamodb(aws.motoEndpoint());
             FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            Path dir = backup(aws, ddb);
            String dst = LocalAws.uniqueName("ij-other-rst");
            String[] args = {"backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "1"};
            crash(aws, proxy, args);

            // behind another endpoint, another table of that name holds an item of its own
            createPkSk(moto, dst);
            Map<String, AttributeValue> mine = Map.of("pk", AttributeValue.fromS("mine"), "sk", AttributeValue.fromN("1"),
                    "mine", AttributeValue.fromS("not in the backup"));
            moto.putItem(p -> p.tableName(dst).item(mine));
            Cli atMoto = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());

            Cli.Result create = atMoto.run(args);
            assertThat(create.exitCode()).as(create.toString()).isEqualTo(252);
            assertThat(create.err().strip().lines()).hasSize(1);
            assertThat(create.err()).contains("table '" + dst + "' already exists; --create never overwrites a table")
                    .contains("does not count: it is not of this table");
            assertThat(create.out()).isEmpty();
            assertThat(count(moto, dst)).isEqualTo(1);

            // without --create, a script without --yes is refused: the stale journal is no resume
            String[] into = {"backup", "import", dir.toString(), "--table", dst, "--parallelism", "1"};
            Cli.Result refused = atMoto.run(into);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(252);
            assertThat(refused.err()).contains("refusing to write " + ITEMS + " items into the existing table '" + dst + "'")
                    .contains("pass --yes").doesNotContain("set aside");
            assertThat(refused.out()).isEmpty();
            assertThat(count(moto, dst)).isEqualTo(1);
            assertThat(moto.getItem(g -> g.tableName(dst).key(Map.of("pk", mine.get("pk"), "sk", mine.get("sk")))).item()).isEqualTo(mine);

            // confirmed: every item of the backup is written, from the first
            Cli.Result yes = atMoto.run(append(into, "--yes", "-o", "json"));
            assertThat(yes.exitCode()).as(yes.toString()).isZero();
            assertThat(yes.err()).startsWith(setAsideLine(dst)).contains("was set aside; starting from the first item");
            JsonNode r = JSON.readTree(yes.out());
            assertThat(r.get("resumed").asBoolean()).isFalse();
            assertThat(r.get("createdTable").asBoolean()).isFalse();
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(ITEMS);
            assertThat(count(moto, dst)).isEqualTo(ITEMS + 1);
            assertThat(contents(moto, dst)).containsAllEntriesOf(contents(ddb, src));
        }
    }

    static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
