package dev.ddbr.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.audit.Fixtures.T;
import dev.ddbr.table.TableSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.ConditionParameter;
import software.amazon.awssdk.services.backup.model.Conditions;

class BackupSelectionsTest {
    static final String ALL_TABLES = "arn:aws:dynamodb:*:*:table/*";

    static TableSettings tagged(Map<String, String> tags) {
        TableSettings t = new T("orders").build();
        return new TableSettings(t.name(), t.arn(), t.region(), t.status(), t.creationTime(), t.partitionKey(), t.sortKey(),
                t.billingMode(), t.provisionedThroughput(), t.onDemandThroughput(), t.warmThroughput(), t.globalSecondaryIndexes(),
                t.localSecondaryIndexes(), t.stream(), t.ttl(), t.pointInTimeRecovery(), t.encryption(), t.deletionProtection(), t.tableClass(),
                t.globalTableVersion(), t.replicas(), tags, t.itemCount(), t.sizeBytes(), t.autoScaling(), t.contributorInsights(),
                t.resourcePolicy(), t.kinesisDestinations(), t.alarms(), t.unavailable());
    }

    static ConditionParameter p(String tag, String value) {
        return ConditionParameter.builder().conditionKey("aws:ResourceTag/" + tag).conditionValue(value).build();
    }

    static BackupSelection sel(List<String> resources, Conditions c) {
        return BackupSelection.builder().selectionName("s").iamRoleArn("arn:aws:iam::111122223333:role/backup")
                .resources(resources).conditions(c).build();
    }

    static Boolean selects(BackupSelection s, Map<String, String> tags) {
        return BackupSelections.selects(s, tagged(tags)).selected();
    }

    @Test
    void stringEqualsAndStringLikeOnTagsAreAnded() {
        BackupSelection s = sel(List.of(ALL_TABLES), Conditions.builder().stringEquals(p("backup", "daily")).stringLike(p("env", "prod*")).build());
        assertThat(selects(s, Map.of("backup", "daily", "env", "production"))).isTrue();
        assertThat(selects(s, Map.of("backup", "daily", "env", "staging"))).isFalse();
        assertThat(selects(s, Map.of("backup", "weekly", "env", "prod"))).isFalse();
        assertThat(selects(s, Map.of("env", "prod"))).isFalse();                       // StringEquals on a missing tag
        assertThat(selects(s, Map.of("backup", "Daily", "env", "prod"))).isFalse();    // case-sensitive
    }

    @Test
    void stringLikeWildcardsAnywhereAndNothingElseIsSpecial() {
        assertThat(BackupSelections.like("*rod*", "production")).isTrue();
        assertThat(BackupSelections.like("prod", "production")).isFalse();
        assertThat(BackupSelections.like("a.b", "axb")).isFalse();
        assertThat(BackupSelections.like("a?c", "abc")).isFalse();
        assertThat(BackupSelections.like("*", "")).isTrue();
    }

    @Test
    void negatedConditions() {
        BackupSelection s = sel(List.of(ALL_TABLES), Conditions.builder().stringNotEquals(p("env", "dev")).stringNotLike(p("team", "test*")).build());
        assertThat(selects(s, Map.of("env", "prod", "team", "payments"))).isTrue();
        assertThat(selects(s, Map.of("env", "dev", "team", "payments"))).isFalse();
        assertThat(selects(s, Map.of("env", "prod", "team", "testers"))).isFalse();
        // A Not-condition on a tag the table lacks: uncertain, never claimed as covered.
        BackupSelections.Verdict v = BackupSelections.selects(s, tagged(Map.of("env", "prod")));
        assertThat(v.selected()).isNull();
        assertThat(v.why()).isEqualTo("the outcome of StringNotLike aws:ResourceTag/team=test* (the table has no tag team) is not certain");
        // ...unless another condition already excludes it.
        assertThat(selects(s, Map.of("env", "dev"))).isFalse();
    }

    @Test
    void conditionsOnlyApplyWithinResourcesAndNotResourcesExclude() {
        Conditions c = Conditions.builder().stringEquals(p("backup", "daily")).build();
        assertThat(selects(sel(List.of("arn:aws:dynamodb:us-east-1:111122223333:table/other"), c), Map.of("backup", "daily"))).isFalse();
        BackupSelection excluded = sel(List.of("*"), c).toBuilder().notResources("arn:aws:dynamodb:*:*:table/orders").build();
        assertThat(selects(excluded, Map.of("backup", "daily"))).isFalse();
        assertThat(BackupSelections.selects(sel(List.of(), c), tagged(Map.of("backup", "daily"))).selected()).isNull();
    }

    @Test
    void unreadableTagsOrNonTagKeysAreUncertain() {
        BackupSelection s = sel(List.of(ALL_TABLES), Conditions.builder().stringEquals(p("backup", "daily")).build());
        assertThat(BackupSelections.selects(s, tagged(null)).why()).contains("the table's tags could not be read");
        BackupSelection odd = sel(List.of(ALL_TABLES), Conditions.builder().stringEquals(
                ConditionParameter.builder().conditionKey("aws:PrincipalTag/x").conditionValue("y").build()).build());
        assertThat(BackupSelections.selects(odd, tagged(Map.of())).why()).contains("not a resource tag condition");
        BackupSelection byTag = BackupSelection.builder().selectionName("t").listOfTags(b -> b.conditionType("STRINGEQUALS")
                .conditionKey("backup").conditionValue("daily")).build();
        assertThat(selects(byTag, Map.of("backup", "daily"))).isTrue();
        assertThat(BackupSelections.selects(byTag, tagged(null)).selected()).isNull();
    }

    @Test
    void uncertainSelectionsBecomeInfoFindingsNotABackupPlanFinding() {
        TableSettings t = TableRulesTest.hardened("orders").build();
        TableFacts.Backups b = new TableFacts.Backups(false, null, null, List.of(new TableFacts.RecoveryPoint(Fixtures.NOW.minus(Duration.ofHours(1)), "COMPLETED")),
                null, List.of(), null, List.of("selection 'tagged' of plan 'daily': the outcome of StringNotEquals aws:ResourceTag/env=dev (the table has no tag env) is not certain"));
        List<Finding> fs = TableRules.check(new TableFacts(t, Fixtures.settings(false, null), Fixtures.profile("orders"), b, null, Map.of()), Fixtures.NOW);
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("not-evaluated");
            assertThat(f.message()).isEqualTo("could not evaluate whether backup selection 'tagged' of plan 'daily' selects the table (DynamoDB.4): "
                    + "the outcome of StringNotEquals aws:ResourceTag/env=dev (the table has no tag env) is not certain");
        });
    }

    @Test
    void onlyASelectionNamingTheDynamoDbResourceTypeIgnoresTheOptIn() {
        TableSettings t = tagged(Map.of("backup", "daily"));
        assertThat(BackupSelections.namesDynamoDb(sel(List.of(ALL_TABLES), null), t)).isTrue();
        assertThat(BackupSelections.namesDynamoDb(sel(List.of(t.arn()), null), t)).isTrue();
        assertThat(BackupSelections.namesDynamoDb(sel(List.of("*"), null), t)).isFalse();
        assertThat(BackupSelections.namesDynamoDb(sel(List.of("arn:aws:*:*:*:*"), null), t)).isFalse();
        BackupSelection byTag = BackupSelection.builder().selectionName("tags").iamRoleArn("arn:aws:iam::111122223333:role/backup")
                .listOfTags(software.amazon.awssdk.services.backup.model.Condition.builder().conditionType("STRINGEQUALS")
                        .conditionKey("aws:ResourceTag/backup").conditionValue("daily").build()).build();
        assertThat(BackupSelections.selects(byTag, t).selected()).isTrue();
        assertThat(BackupSelections.namesDynamoDb(byTag, t)).isFalse();
        // a DynamoDB pattern that does not match this table names some other table, not this one
        assertThat(BackupSelections.namesDynamoDb(sel(List.of("arn:aws:dynamodb:*:*:table/other"), null), t)).isFalse();
    }
}
