package dev.ddbr.backup.logical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Transient faults on control-plane calls, not only on the data path: a response cut short (a CRC32 mismatch) on
 * DescribeTable or CreateTable is retried where repeating the call is safe.
 */
@EmulatorTest
class ControlPlaneFaultIT {
    @TempDir
    Path home;

    Cli cli(LocalAws aws, FaultProxy proxy) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString())
                .env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
    }

    @Test
    void aDescribeTableResponseCutShortIsRetried(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = LogicalBackupIT.ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String t = LogicalBackupIT.sourceTable(ddb, 3);
            proxy.policy((op, n) -> op.equals("DescribeTable") && n == 1 ? Fault.TRUNCATED : Fault.NONE);
            Cli.Result r = cli(aws, proxy).run("table", "describe", t);
            assertThat(proxy.injected(Fault.TRUNCATED)).isEqualTo(1);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains(t);
        }
    }

    /** An export of a small table (on dynalite) into {@code home/bk}. */
    Path exported(LocalAws aws, DynamoDbClient ddb, int items) {
        String src = LogicalBackupIT.sourceTable(ddb, items);
        Path dir = home.resolve("bk");
        Cli.Result ex = Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString())
                .run("backup", "export", src, "--to", dir.toString());
        assertThat(ex.exitCode()).as(ex.toString()).isZero();
        return dir;
    }

    @Test
    void aCreateTableResponseCutShortGoesOnIntoTheTableThisImportCreated(LocalAws aws) throws Exception {
        // moto keeps the tags given to CreateTable (dynalite ignores them)
        try (DynamoDbClient ddb = LogicalBackupIT.ddb(aws.dynamodbEndpoint()); DynamoDbClient moto = LogicalBackupIT.ddb(aws.motoEndpoint());
             FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            Path dir = exported(aws, ddb, 20);
            String dst = LocalAws.uniqueName("cp-create");
            proxy.policy((op, n) -> op.equals("CreateTable") ? Fault.TRUNCATED : Fault.NONE);
            Cli.Result r = cli(aws, proxy).run("backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(proxy.injected(Fault.TRUNCATED)).isEqualTo(1);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("createdTable").asBoolean()).isTrue();
            assertThat(LogicalBackupIT.contents(moto, dst)).hasSize(22);
            String arn = moto.describeTable(d -> d.tableName(dst)).table().tableArn();
            assertThat(moto.listTagsOfResource(t -> t.resourceArn(arn)).tags())
                    .anyMatch(t -> t.key().equals(ImportJournal.CREATE_TAG));
        }
    }

    @Test
    void aRunThatNeverLearnedItsCreateTableSucceededIsResumedByTheSameCommand(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = LogicalBackupIT.ddb(aws.dynamodbEndpoint()); DynamoDbClient moto = LogicalBackupIT.ddb(aws.motoEndpoint());
             FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            Path dir = exported(aws, ddb, 20);
            String dst = LocalAws.uniqueName("cp-create");
            // the answer to CreateTable is lost, and so is every later call: the run ends without knowing
            java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
            proxy.policy((op, n) -> {
                if (op.equals("CreateTable")) {
                    sent.set(true);
                    return Fault.TRUNCATED;
                }
                return sent.get() ? Fault.RESET : Fault.NONE;
            });
            Cli.Result failed = cli(aws, proxy).withMaxAttempts(2).run("backup", "import", dir.toString(), "--table", dst, "--create");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(254);
            assertThat(LogicalBackupIT.exists(moto, dst)).isTrue();

            // the same command again: the table carries this import's token, so it is resumed, not refused
            proxy.policy((op, n) -> Fault.NONE);
            Cli.Result again = cli(aws, proxy).run("backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out());
            assertThat(j.get("createdTable").asBoolean()).isTrue();
            assertThat(LogicalBackupIT.contents(moto, dst)).hasSize(22);

            // any other existing table is still refused: --create never writes over a table it did not make
            Cli.Result other = cli(aws, proxy).run("backup", "import", dir.toString(), "--table", dst, "--create");
            assertThat(other.exitCode()).as(other.toString()).isEqualTo(252);
            assertThat(other.err()).contains("never overwrites");
        }
    }

    /** A table on moto with TTL on 'expires' and a few items. */
    static String ttlTable(DynamoDbClient moto) {
        String t = LocalAws.uniqueName("cp-ttl");
        moto.createTable(r -> r.tableName(t).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        moto.updateTimeToLive(r -> r.tableName(t).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        for (int i = 0; i < 5; i++) {
            String pk = "k" + i;
            moto.putItem(r -> r.tableName(t).item(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk))));
        }
        return t;
    }

    Cli onMoto(LocalAws aws, FaultProxy proxy, int attempts) {
        return Cli.local(home, aws).withMaxAttempts(attempts).env("DDBR_STATE_DIR", home.resolve("state").toString())
                .env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
    }

    @Test
    void aSettingsPartThatFailsThreeTimesIsReadWithTheFullRetryBudget(LocalAws aws) throws Exception {
        try (DynamoDbClient moto = LogicalBackupIT.ddb(aws.motoEndpoint()); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String t = ttlTable(moto);
            proxy.policy((op, n) -> op.equals("DescribeTimeToLive") && n <= 3 ? Fault.SERVER_ERROR : Fault.NONE);
            Path dir = home.resolve("bk-ttl");
            Cli.Result r = onMoto(aws, proxy, 5).run("backup", "export", t, "--to", dir.toString(), "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(proxy.injected(Fault.SERVER_ERROR)).isEqualTo(3);
            var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            assertThat(m.at("/settings/ttl/attributeName").asText()).isEqualTo("expires");
            // (moto lacks Contributor Insights and Kinesis destinations: those two stay unavailable)
            assertThat(m.at("/settings/unavailable").findValuesAsText("field")).doesNotContain("ttl");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("settingsGaps")).isEmpty();
        }
    }

    @Test
    void aSettingsPartThatCannotBeReadIsRecordedAndTheImportSaysItCannotRestoreIt(LocalAws aws) throws Exception {
        try (DynamoDbClient moto = LogicalBackupIT.ddb(aws.motoEndpoint()); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String t = ttlTable(moto);
            proxy.policy((op, n) -> op.equals("DescribeTimeToLive") ? Fault.SERVER_ERROR : Fault.NONE);
            Path dir = home.resolve("bk-gap");
            Cli.Result r = onMoto(aws, proxy, 4).run("backup", "export", t, "--to", dir.toString(), "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // the optional-read budget (3) and then the full one (4)
            assertThat(proxy.injected(Fault.SERVER_ERROR)).isEqualTo(7);
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertThat(json.readTree(r.out()).get("settingsGaps").get(0).asText()).startsWith("ttl (DescribeTimeToLive: ERROR: ");
            assertThat(r.err()).contains("ddbr: warning: settings not read: ttl (DescribeTimeToLive")
                    .contains("'backup import --create' cannot restore it");
            var m = json.readTree(dir.resolve("manifest.json").toFile());
            assertThat(m.at("/settings/ttl").isNull()).isTrue();
            assertThat(m.at("/settings/unavailable/0/field").asText()).isEqualTo("ttl");

            String dst = LocalAws.uniqueName("cp-gap");
            proxy.policy((op, n) -> Fault.NONE);
            Cli.Result im = onMoto(aws, proxy, 4).run("backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(im.exitCode()).as(im.toString()).isZero();
            assertThat(im.err()).contains("ddbr: warning: cannot restore ttl: the export could not read it (DescribeTimeToLive: ERROR");
            assertThat(json.readTree(im.out()).get("notes").toString()).contains("cannot restore ttl");
        }
    }
}
