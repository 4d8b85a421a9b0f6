package dev.ddbr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RestorePlannerTest {
    static TableSettings withTags(Map<String, String> tags) {
        TableSettings t = DriftTest.settings("orders", tags, false, false, null, List.of(), List.of());
        return t;
    }

    static Map<String, String> tags(int n) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) m.put("k" + i, "v" + i);
        return m;
    }

    @Test
    void ddbrsOwnTagsFitBesideTheSourcesWhenThereIsRoom() {
        var tt = RestorePlanner.targetTags(withTags(tags(3)));
        assertThat(tt.tags()).hasSize(5).containsEntry("ddbr:restore-of", "orders").containsEntry("ddbr:restored-by", "ddbr");
        assertThat(tt.ddbrLeftOut()).isEmpty();
        assertThat(tt.notes()).isEmpty();
    }

    @Test
    void theSourcesTagsComeFirstAndNeverExceedFiftyWithDdbrs() {
        var at49 = RestorePlanner.targetTags(withTags(tags(49)));
        assertThat(at49.tags()).hasSize(50).containsEntry("ddbr:restore-of", "orders").doesNotContainKey("ddbr:restored-by");
        assertThat(at49.ddbrLeftOut()).containsExactly("ddbr:restored-by");

        var at50 = RestorePlanner.targetTags(withTags(tags(50)));
        assertThat(at50.tags()).hasSize(50).isEqualTo(tags(50));
        assertThat(at50.ddbrLeftOut()).containsExactly("ddbr:restore-of", "ddbr:restored-by");
        assertThat(at50.notes()).isEqualTo("ddbr's own tag(s) ddbr:restore-of, ddbr:restored-by left out: the source's tags come first "
                + "and DynamoDB allows 50 per table");
        PlannedFixUp plan = RestorePlanner.plan("tags", withTags(tags(50)), "orders-r");
        assertThat(plan.action()).isEqualTo("TagResource 50 source tag(s) (ddbr's own tag(s) ddbr:restore-of, ddbr:restored-by left out: "
                + "the source's tags come first and DynamoDB allows 50 per table)");
    }

    @Test
    void createdByAndAwsTagsAreNeverCopiedAndDoNotCount() {
        Map<String, String> src = tags(49);
        src.put("ddbr:created-by", "ddbr");
        src.put("aws:cloudformation:stack-name", "prod");
        var tt = RestorePlanner.targetTags(withTags(src));
        assertThat(tt.tags()).hasSize(50).doesNotContainKeys("ddbr:created-by", "aws:cloudformation:stack-name");
        assertThat(tt.notCopied()).containsExactly("aws:cloudformation:stack-name (the aws: prefix is reserved for AWS)",
                "ddbr:created-by (it would let ddbr delete the new table)");
    }
}
