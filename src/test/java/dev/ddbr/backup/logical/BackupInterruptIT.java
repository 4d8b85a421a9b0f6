package dev.ddbr.backup.logical;

import static dev.ddbr.backup.logical.LogicalBackupIT.contents;
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
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.Sigint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real Ctrl-C: the packaged jar runs 'backup import' / 'export' / 'verify' through a FaultProxy that holds one
 * call open, or 'backup copy' while its AWS Backup job runs; SIGINT makes it exit 130 and print one line saying
 * what is done and how to go on.
 */
@EmulatorTest
class BackupInterruptIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Cli cli(LocalAws aws) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString());
    }

    /** The proxy's policy: the Nth call of {@code op} (and every later one) waits until released. */
    static final class Gate implements FaultProxy.Policy {
        final String op;
        final int from;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(String op, int from) {
            this.op = op;
            this.from = from;
        }

        @Override
        public Fault decide(String operation, int count) {
            if (operation.equals(op) && count >= from) {
                held.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Fault.NONE;
        }
    }

    /** Run the packaged ddbr with DynamoDB behind the proxy; SIGINT once the gate holds a call and {@code ready} holds. */
    Sigint.Run interrupt(Cli cli, String proxyEndpoint, Gate gate, java.util.function.BooleanSupplier ready, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(cli.envMap());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", proxyEndpoint);
        try {
            return Sigint.interrupt(env, home, ms -> gate.held.await(ms, TimeUnit.MILLISECONDS) && ready.getAsBoolean(), args);
        } finally {
            gate.release.countDown();
        }
    }

    Optional<JsonNode> journal(String table) throws Exception {
        Path dir = home.resolve("state/imports");
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (var s = Files.list(dir)) {
            Optional<Path> f = s.filter(x -> x.getFileName().toString().startsWith("import-" + table + "-")
                    && x.getFileName().toString().endsWith(".json")).findFirst();
            return f.isPresent() ? Optional.of(JSON.readTree(f.get().toFile())) : Optional.empty();
        }
    }

    long linesDone(String table) throws Exception {
        long n = 0;
        Optional<JsonNode> j = journal(table);
        if (j.isEmpty()) return 0;
        for (JsonNode v : j.get().path("linesDone")) n += v.asLong();
        return n;
    }

    @Test
    void ctrlCDuringImportSaysHowManyItemsAreWrittenAndTheResumeCommandFinishesExactly(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 400);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString(), "--segments", "2").exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-int");
            Gate gate = new Gate("BatchWriteItem", 5);
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> {
                try {
                    return linesDone(dst) > 0;
                } catch (Exception e) {
                    return false;
                }
            }, "backup", "import", dir.toString(), "--table", dst, "--create", "--parallelism", "1");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            long done = linesDone(dst);
            assertThat(done).isBetween(25L, 401L);
            assertThat(run.err().strip()).isEqualTo("ddbr: interrupted; " + done + " items written; resume with: ddbr backup import "
                    + dir + " --table " + dst + " --parallelism 1");
            assertThat(run.out()).as("stdout carries data only").isEmpty();
            proxy.policy((op, n) -> Fault.NONE);

            // the printed command, run again, finishes the import: no item lost, none written twice over the mark
            // (through the same endpoint: the journal is of the table as seen there)
            Cli.Result resumed = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint())
                    .run("backup", "import", dir.toString(), "--table", dst, "-o", "json");
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            JsonNode r = JSON.readTree(resumed.out());
            assertThat(r.get("resumed").asBoolean()).isTrue();
            assertThat(r.get("itemsSkippedOnResume").asLong()).isEqualTo(done);
            assertThat(r.get("itemsWritten").asLong()).isEqualTo(402 - done);
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(402);
        }
    }

    @Test
    void ctrlCWhileTheBackupIsCheckedSaysNothingIsWrittenAndTheSameCommandRunsAgain(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 20);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString()).exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-int");
            Gate gate = new Gate("DescribeTable", 1); // the target check, right after the files are verified
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> true,
                    "backup", "import", dir.toString(), "--table", dst, "--create", "-o", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted before any item"
                    + " was written; run again with: ddbr -o json backup import " + dir + " --table " + dst + " --create");
            assertThat(run.out()).isEmpty();
            assertThat(ddb.listTables().tableNames()).doesNotContain(dst);
            assertThat(journal(dst)).isEmpty();
        }
    }

    @Test
    void ctrlCWhileTheCreatedTableIsCreatingSaysItExistsAndTheResumeCommandTakesItOver(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 30);
            Path dir = home.resolve("bk");
            assertThat(cli(aws).run("backup", "export", src, "--to", dir.toString()).exitCode()).isZero();
            String dst = LocalAws.uniqueName("lb-int");
            Gate gate = new Gate("DescribeTable", 2); // 1: the target check; 2: waiting for the created table
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> {
                try {
                    return journal(dst).map(j -> j.path("createdTable").asBoolean()).orElse(false);
                } catch (Exception e) {
                    return false;
                }
            }, "backup", "import", dir.toString(), "--table", dst, "--create");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            String resume = "ddbr backup import " + dir + " --table " + dst;
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted while table '"
                    + dst + "' became ACTIVE (it exists now), before any item was written; resume with: " + resume);
            assertThat(run.err().lines().filter(l -> l.startsWith("ddbr: interrupted")).count()).as("one line").isEqualTo(1);
            proxy.policy((op, n) -> Fault.NONE);

            // the printed command takes over the table this import created (through the same endpoint)
            Cli.Result resumed = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint())
                    .run("backup", "import", dir.toString(), "--table", dst, "-o", "json");
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(JSON.readTree(resumed.out()).get("createdTable").asBoolean()).isTrue();
            assertThat(contents(ddb, dst)).isEqualTo(contents(ddb, src)).hasSize(32);
        }
    }

    @Test
    void ctrlCDuringPruneSaysWhatIsDeletedAndTheSameCommandFinishes(LocalAws aws) throws Exception {
        try (DynamoDbClient moto = dev.ddbr.testing.TestClients.dynamodb(aws.motoEndpoint()); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String t = dev.ddbr.backup.verify.BackupVerifyIT.table(moto, 1);
            for (String n : List.of("bk-1", "bk-2", "bk-3", "bk-4")) moto.createBackup(b -> b.tableName(t).backupName(n));
            Gate gate = new Gate("DeleteBackup", 2); // the first deletion goes through, the second is held
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> true,
                    "backup", "prune", t, "--keep-last", "1", "--yes");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            String again = "ddbr backup prune " + t + " --keep-last 1 --yes";
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted after deleting 1 of 3"
                    + " backup(s) of " + t + " (final; one being deleted may be gone too); the rest were not deleted; to finish,"
                    + " run again: " + again);
            assertThat(run.out()).isEmpty();
            proxy.policy((op, n) -> Fault.NONE);
            // the deletion held when Ctrl-C came may go through once the proxy lets it go; the third was not sent
            assertThat(motoBackups(moto, t)).hasSizeBetween(2, 3);

            Cli.Result finished = cli(aws).env("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint())
                    .run("backup", "prune", t, "--keep-last", "1", "--yes");
            assertThat(finished.exitCode()).as(finished.toString()).isZero();
            assertThat(motoBackups(moto, t)).hasSize(1);
        }
    }

    @Test
    void ctrlCWhileACreatedBackupIsAwaitedNamesItAndWhereToSeeIt(LocalAws aws) throws Exception {
        try (DynamoDbClient moto = dev.ddbr.testing.TestClients.dynamodb(aws.motoEndpoint()); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String t = dev.ddbr.backup.verify.BackupVerifyIT.table(moto, 1);
            Gate gate = new Gate("DescribeBackup", 1); // waiting for the started backup to be AVAILABLE
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> true,
                    "--region", "us-east-1", "backup", "create", t, "--name", "before-migration");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted; the backups"
                    + " already started go on in AWS ('before-migration' of " + t + "); see them with: ddbr --region us-east-1"
                    + " backup list " + t);
            assertThat(run.out()).isEmpty();
            proxy.policy((op, n) -> Fault.NONE);
            assertThat(motoBackups(moto, t)).extracting(b -> b.backupName()).containsExactly("before-migration");
        }
    }

    static List<software.amazon.awssdk.services.dynamodb.model.BackupSummary> motoBackups(DynamoDbClient moto, String t) {
        return moto.listBackups(r -> r.tableName(t).backupType(software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter.ALL))
                .backupSummaries();
    }

    @Test
    void ctrlCDuringExportSaysTheExportIsIncompleteAndARerunNamesIt(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String src = sourceTable(ddb, 50);
            Path dir = home.resolve("bk");
            Gate gate = new Gate("Scan", 1);
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> Files.isRegularFile(dir.resolve(Exporter.INCOMPLETE)),
                    "backup", "export", src, "--to", dir.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.err().strip()).isEqualTo("ddbr: interrupted; the export in " + dir + " is incomplete (no manifest.json)"
                    + " and is not a backup; remove it, then restart with: ddbr backup export " + src + " --to " + dir);
            assertThat(dir.resolve("manifest.json")).doesNotExist();
            proxy.policy((op, n) -> Fault.NONE);

            Cli.Result again = cli(aws).run("backup", "export", src, "--to", dir.toString());
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(252);
            assertThat(again.err()).contains(dir + " holds an incomplete export from an interrupted run: remove it or choose another --to");

            // a finished export leaves no marker
            Path fresh = home.resolve("bk2");
            assertThat(cli(aws).run("backup", "export", src, "--to", fresh.toString()).exitCode()).isZero();
            assertThat(fresh.resolve(Exporter.INCOMPLETE)).doesNotExist();
            assertThat(fresh.resolve("manifest.json")).exists();
        }
    }

    @Test
    void ctrlCDuringARestoreDrillDeletesTheScratchTableAndSaysHowToRunItAgain(LocalAws aws) throws Exception {
        try (DynamoDbClient moto = dev.ddbr.testing.TestClients.dynamodb(aws.motoEndpoint()); FaultProxy proxy = new FaultProxy(aws.motoEndpoint())) {
            String t = dev.ddbr.backup.verify.BackupVerifyIT.table(moto, 5);
            moto.createBackup(b -> b.tableName(t).backupName("nightly"));
            Gate gate = new Gate("Scan", 1); // the drill's item count, once the scratch table is ACTIVE
            proxy.policy(gate);
            Sigint.Run run = interrupt(cli(aws), proxy.endpoint(), gate, () -> true, "backup", "verify", t);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            String last = run.lastErrLine();
            assertThat(last).matches("ddbr: interrupted; scratch table " + java.util.regex.Pattern.quote(t)
                    + "-ddbr-drill-\\S+ deleted; run the drill again with: ddbr backup verify " + java.util.regex.Pattern.quote(t));
            String scratch = last.replaceAll(".*scratch table (\\S+) deleted.*", "$1");
            assertThat(dev.ddbr.backup.verify.BackupVerifyIT.gone(moto, scratch)).as(scratch + " deleted").isTrue();
            assertThat(run.out()).as("stdout carries data only").isEmpty();
        }
    }

    @Test
    void ctrlCDuringACopySaysTheJobsGoOnAndHowToJoinThem(LocalAws aws) throws Exception {
        String vault = "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr";
        try (FakeAwsBackup fake = FakeAwsBackup.start()) {
            fake.vault(vault, null).pollsToComplete(100_000); // the backup job runs until the test ends
            String t = dev.ddbr.backup.copy.BackupCopyIT.table(aws);
            Map<String, String> env = new HashMap<>(cli(aws).envMap());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.motoEndpoint());
            env.put("AWS_ENDPOINT_URL_BACKUP", fake.endpoint());
            // once the job's id is printed (the options that change what it does are in the command to run again)
            Sigint.Run run = Sigint.interrupt(env, home, Sigint.Ready.polling("the backup job's id on stderr", java.time.Duration.ofSeconds(60),
                    () -> Files.isRegularFile(home.resolve("stderr.txt")) && Files.readString(home.resolve("stderr.txt")).contains(" started (vault")),
                    "-o", "json", "backup", "copy", t, "--to-vault", vault, "--no-wait", "--timeout", "45m");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            assertThat(run.lastErrLine()).isEqualTo("ddbr: interrupted; AWS Backup goes on with"
                    + " the jobs already started (their ids are above); the same command, run again within this UTC hour, joins them"
                    + " instead of starting new ones: ddbr -o json backup copy " + t + " --to-vault " + vault + " --no-wait --timeout 45m");
            assertThat(fake.backupJobsStarted()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
        }
    }

    /**
     * A profile read from a pipe nobody writes to yet: ddbr waits in its start-up (before the first AWS client), and
     * the test knows it does once its own end of the pipe opens. A Ctrl-C then always gets its line.
     */
    Sigint.Run interruptWhileTheProfileIsRead(LocalAws aws, String... args) throws Exception {
        Path fifo = home.resolve("slow-profile.yaml");
        Files.deleteIfExists(fifo);
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        java.util.concurrent.CompletableFuture<java.io.OutputStream> writer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return Files.newOutputStream(fifo); // opens once ddbr opens the pipe to read it
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        List<String> all = new java.util.ArrayList<>(List.of("-p", fifo.toString()));
        all.addAll(List.of(args));
        try {
            return Sigint.interrupt(new HashMap<>(cli(aws).envMap()), home, ms -> {
                try {
                    writer.get(ms, TimeUnit.MILLISECONDS);
                    return true;
                } catch (java.util.concurrent.TimeoutException notYet) {
                    return false;
                }
            }, all.toArray(String[]::new));
        } finally {
            if (writer.isDone()) writer.join().close();
            else writer.cancel(true);
        }
    }

    @Test
    void ctrlCWhileStartingUpAlwaysPrintsTheLine(LocalAws aws) throws Exception {
        Path fifo = home.resolve("slow-profile.yaml");
        Path dir = home.resolve("early-bk");
        Sigint.Run export = interruptWhileTheProfileIsRead(aws, "backup", "export", "orders", "--to", dir.toString());
        assertThat(export.exitCode()).as(export.err()).isEqualTo(130);
        assertThat(export.lastErrLine()).isEqualTo("ddbr: interrupted before the export started; nothing was written; run again with: "
                + "ddbr -p " + fifo + " backup export orders --to " + dir);
        assertThat(Files.exists(dir)).isFalse();

        Sigint.Run imp = interruptWhileTheProfileIsRead(aws, "backup", "import", dir.toString(), "--table", "orders2", "--create");
        assertThat(imp.exitCode()).as(imp.err()).isEqualTo(130);
        assertThat(imp.lastErrLine()).isEqualTo("ddbr: interrupted before any item was written; run again with: "
                + "ddbr -p " + fifo + " backup import " + dir + " --table orders2 --create");

        // a command with no notice of its own, stopped before it has done anything, says so too
        Sigint.Run list = interruptWhileTheProfileIsRead(aws, "table", "list");
        assertThat(list.exitCode()).as(list.err()).isEqualTo(130);
        assertThat(list.lastErrLine()).isEqualTo("ddbr: interrupted before it started; nothing was done; run again with: "
                + "ddbr -p " + fifo + " table list");
        assertThat(list.out()).isEmpty();
    }
}
