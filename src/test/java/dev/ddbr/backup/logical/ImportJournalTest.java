package dev.ddbr.backup.logical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal's progress is used only for the very table it was written for. */
class ImportJournalTest {
    static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/orders";
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");
    static final ImportJournal.Target TARGET = new ImportJournal.Target(ARN, CREATED, null);

    @TempDir
    Path dir;

    /** A run into TARGET that wrote 50 lines of one file and stopped. */
    ImportJournal interrupted(ImportJournal.Target target, boolean created) {
        ImportJournal j = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(j.bind(Optional.ofNullable(created ? null : target), target.endpoint())).isEmpty();
        if (created) j.markCreated(target);
        j.advance("data/part-00000.json.gz", 50, true, 0);
        return j;
    }

    @Test
    void theSameTableResumesWhereTheEarlierRunStopped() {
        interrupted(TARGET, true);
        ImportJournal again = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(again.bind(Optional.of(new ImportJournal.Target(ARN, CREATED, null)), null)).isEmpty();
        assertThat(again.resuming()).isTrue();
        assertThat(again.createdTable()).isTrue();
        assertThat(again.linesDone("data/part-00000.json.gz")).isEqualTo(50);
    }

    @Test
    void aReCreatedTableOfTheSameNameStartsOverAndSaysWhichTableTheJournalWasOf() throws Exception {
        interrupted(TARGET, true);
        ImportJournal again = ImportJournal.open(dir, "/bk", "orders", SHA);
        Optional<String> aside = again.bind(Optional.of(new ImportJournal.Target(ARN, CREATED.plusSeconds(60), null)), null);
        assertThat(aside).contains("a journal from an import into a different table 'orders' (created 2026-01-02T03:04:05Z)");
        assertThat(again.resuming()).isFalse();
        assertThat(again.createdTable()).as("this run did not create the table it finds").isFalse();
        assertThat(again.linesDone("data/part-00000.json.gz")).isZero();

        // the first save keeps the old journal beside, under .set-aside, and starts a fresh one
        again.save();
        Path file = again.file();
        JsonNode fresh = new ObjectMapper().readTree(file.toFile());
        assertThat(fresh.get("linesDone").size()).isZero();
        assertThat(fresh.get("tableCreated").asText()).isEqualTo("2026-01-02T03:05:05.678Z");
        assertThat(fresh.get("createdTable").asBoolean()).isFalse();
        Path aside0 = file.resolveSibling(file.getFileName() + ImportJournal.SET_ASIDE);
        assertThat(new ObjectMapper().readTree(aside0.toFile()).get("linesDone").get("data/part-00000.json.gz").asLong()).isEqualTo(50);
    }

    @Test
    void aTableThatIsGoneOrInAnotherAccountRegionOrEndpointStartsOver() {
        interrupted(TARGET, true);
        assertThat(ImportJournal.open(dir, "/bk", "orders", SHA).bind(Optional.empty(), null))
                .contains("a journal from an import into a different table 'orders' (" + ARN + ", created 2026-01-02T03:04:05Z)");
        String otherAccount = "arn:aws:dynamodb:eu-west-1:222222222222:table/orders";
        ImportJournal other = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(other.bind(Optional.of(new ImportJournal.Target(otherAccount, CREATED, null)), null))
                .contains("a journal from an import into a different table 'orders' (" + ARN + ", created 2026-01-02T03:04:05Z)");
        assertThat(other.resuming()).isFalse();
        ImportJournal elsewhere = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(elsewhere.bind(Optional.of(new ImportJournal.Target(ARN, CREATED, "http://127.0.0.1:4566")), "http://127.0.0.1:4566"))
                .contains("a journal from an import into a different table 'orders' (created 2026-01-02T03:04:05Z, default endpoint)");
        assertThat(elsewhere.resuming()).isFalse();
    }

    @Test
    void aJournalWithoutTheTablesIdentityIsNeverResumed() throws Exception {
        Files.writeString(dir.resolve("import-orders-" + SHA.substring(0, 16) + ".json"), """
                {"source":"/bk","table":"orders","manifestSha256":"%s","createdTable":true,
                 "linesDone":{"data/part-00000.json.gz":275},"complete":false}
                """.formatted(SHA));
        ImportJournal j = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(j.bind(Optional.of(TARGET), null)).contains("a journal from an import into 'orders' that does not record"
                + " which table it was written for (written by an earlier ddbr)");
        assertThat(j.resuming()).isFalse();
        assertThat(j.createdTable()).isFalse();
        assertThat(j.totalDone()).isZero();
    }

    @Test
    void creatingTheTableDropsWhateverProgressAJournalClaimed() {
        interrupted(TARGET, true);
        ImportJournal again = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(again.bind(Optional.empty(), null)).isPresent();
        ImportJournal.Target fresh = new ImportJournal.Target(ARN, CREATED.plusSeconds(3600), null);
        again.markCreated(fresh);
        assertThat(again.totalDone()).isZero();
        assertThat(again.createdTable()).isTrue();
        ImportJournal third = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(third.bind(Optional.of(fresh), null)).isEmpty();
        assertThat(third.createdTable()).isTrue();
        assertThat(third.totalDone()).isZero();
    }

    @Test
    void aFinishedJournalIsNotResumedAndNotReportedAsSetAside() {
        ImportJournal j = interrupted(TARGET, false);
        j.finish();
        ImportJournal again = ImportJournal.open(dir, "/bk", "orders", SHA);
        assertThat(again.bind(Optional.of(TARGET), null)).isEmpty();
        assertThat(again.resuming()).isFalse();
    }
}
