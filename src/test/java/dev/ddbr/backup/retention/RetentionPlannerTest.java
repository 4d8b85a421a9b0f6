package dev.ddbr.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.retention.RetentionPlan.Action;
import dev.ddbr.backup.retention.RetentionPlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    static final Instant NOW = Instant.parse("2025-06-30T00:00:00Z");

    static BackupEntry user(String name, int daysAgo, String status) {
        return new BackupEntry("dynamodb", "t", name, "arn:" + name, "USER", status, NOW.minus(Duration.ofDays(daysAgo)),
                10L, null, null, null);
    }

    static BackupEntry other(String source, String type, String name, int daysAgo) {
        return new BackupEntry(source, "t", name, "arn:" + name, type, "AVAILABLE", NOW.minus(Duration.ofDays(daysAgo)),
                10L, "vault", null, true);
    }

    static List<String> deleted(RetentionPlan p) {
        return p.toDelete().stream().map(d -> d.backup().name()).toList();
    }

    static List<BackupEntry> tenDaily() {
        List<BackupEntry> l = new ArrayList<>();
        for (int i = 0; i < 10; i++) l.add(user("d" + i, i, "AVAILABLE"));
        return l;
    }

    @Test
    void keepLastDeletesBeyondTheNewestN() {
        RetentionPlan p = RetentionPlanner.plan("t", tenDaily(), 3, null, NOW, true);
        assertThat(deleted(p)).containsExactly("d3", "d4", "d5", "d6", "d7", "d8", "d9");
        assertThat(p.decisions()).extracting(d -> d.backup().name()).startsWith("d0", "d1", "d2");
    }

    @Test
    void olderThanDeletesOnlyOldOnes() {
        RetentionPlan p = RetentionPlanner.plan("t", tenDaily(), null, Duration.ofDays(7), NOW, true);
        assertThat(deleted(p)).containsExactly("d8", "d9");
    }

    @Test
    void bothMeansBeyondNAndOld() {
        assertThat(deleted(RetentionPlanner.plan("t", tenDaily(), 9, Duration.ofDays(1), NOW, true))).containsExactly("d9");
        assertThat(deleted(RetentionPlanner.plan("t", tenDaily(), 2, Duration.ofDays(5), NOW, true)))
                .containsExactly("d6", "d7", "d8", "d9");
    }

    @Test
    void theNewestAvailableBackupIsNeverDeletedWhateverTheOptions() {
        List<BackupEntry> old = List.of(user("only-old", 400, "AVAILABLE"), user("older", 500, "AVAILABLE"));
        RetentionPlan p = RetentionPlanner.plan("t", old, null, Duration.ofDays(1), NOW, false);
        assertThat(deleted(p)).containsExactly("older");
        Decision kept = p.decisions().get(0);
        assertThat(kept.action()).isEqualTo(Action.KEEP);
        assertThat(kept.reason()).contains("newest AVAILABLE");
        // a newer backup still CREATING does not count as the newest available one
        List<BackupEntry> withCreating = List.of(user("creating", 0, "CREATING"), user("good", 3, "AVAILABLE"));
        RetentionPlan q = RetentionPlanner.plan("t", withCreating, 1, Duration.ofSeconds(1), NOW, false);
        assertThat(deleted(q)).isEmpty();
        assertThat(q.decisions()).extracting(Decision::reason)
                .containsExactly("status CREATING: only AVAILABLE backups are pruned", "newest AVAILABLE backup: never deleted");
    }

    @Test
    void onlyUserBackupsAreEverDeleted() {
        List<BackupEntry> l = new ArrayList<>(tenDaily());
        l.add(other("dynamodb", "SYSTEM", "t$DeletedTableBackup", 30));
        l.add(other("dynamodb", "AWS_BACKUP", "awsb", 40));
        l.add(other("aws-backup", "RECOVERY_POINT", "rp-locked", 50));
        RetentionPlan p = RetentionPlanner.plan("t", l, 1, null, NOW, true);
        assertThat(deleted(p)).allMatch(n -> n.startsWith("d")).hasSize(9);
        assertThat(p.decisions()).filteredOn(d -> !d.backup().isUser())
                .allMatch(d -> d.action() == Action.KEEP).hasSize(3);
    }

    @Test
    void emptyListPlansNothing() {
        assertThat(RetentionPlanner.plan("t", List.of(), 1, null, NOW, true).decisions()).isEmpty();
    }

    @Test
    void safetyBackupsOfRestoreReplaceAreNeverDeletedAndDoNotCountTowardsKeepLast() {
        List<BackupEntry> l = new ArrayList<>();
        l.add(user("t-ddbr-safety-20250629T120000Z", 1, "AVAILABLE"));
        l.add(user("nightly-a", 2, "AVAILABLE"));
        l.add(user("t-ddbr-safety-20250101T000000Z", 180, "AVAILABLE"));
        l.add(user("nightly-b", 200, "AVAILABLE"));
        RetentionPlan p = RetentionPlanner.plan("t", l, 1, Duration.ofDays(1), NOW, false);
        assertThat(deleted(p)).containsExactly("nightly-b");
        assertThat(p.decisions()).filteredOn(d -> d.backup().name().contains("-ddbr-safety-"))
                .hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.action()).isEqualTo(Action.KEEP);
                    assertThat(d.reason()).isEqualTo("safety backup taken by restore --replace; delete it by hand when no longer needed");
                });
        // the newest regular backup is the one kept as "newest AVAILABLE", not the safety backup
        assertThat(p.decisions()).filteredOn(d -> d.backup().name().equals("nightly-a"))
                .extracting(Decision::reason).containsExactly("newest AVAILABLE backup: never deleted");
    }

    @Test
    void thePlanSaysWhichRuleIsAppliedAndWhereItCameFrom() throws Exception {
        var cli = new RetentionPlan.Retention(RetentionPlan.Retention.COMMAND_LINE, "--older-than 1s", "keep_last 2");
        RetentionPlan p = RetentionPlanner.plan("t", tenDaily(), null, Duration.ofSeconds(1), NOW, true, cli);
        // the command line replaced the profile's keep_last entirely: only the newest is kept
        assertThat(deleted(p)).hasSize(9);
        java.io.StringWriter text = new java.io.StringWriter();
        p.renderText(new dev.ddbr.output.TextWriter(new java.io.PrintWriter(text), dev.ddbr.output.Style.plain()));
        assertThat(text.toString()).contains("retention: --older-than 1s (command line; the profile's keep_last 2 is not used)");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().valueToTree(p);
        assertThat(json.get("retention").get("source").asText()).isEqualTo("command-line");
        assertThat(json.get("retention").get("rule").asText()).isEqualTo("--older-than 1s");
        assertThat(json.get("retention").get("notUsed").asText()).isEqualTo("keep_last 2");

        var profile = new RetentionPlan.Retention(RetentionPlan.Retention.PROFILE, "keep_last 2", null);
        RetentionPlan q = RetentionPlanner.plan("t", tenDaily(), 2, null, NOW, true, profile);
        assertThat(profile.text()).isEqualTo("retention: keep_last 2 (profile)");
        assertThat(q.decisions().get(1).reason()).isEqualTo("within the newest 2 (the profile's keep_last)");
    }
}
