package dev.ddbr.audit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/**
 * The policy corpus: src/test/resources/iam-corpus/*.json, each a principal's policies (and optional
 * permission boundary) with the expected decision for some actions on some resources, and whether it holds
 * dynamodb:* on *. Add a file to add a case.
 */
class PolicyCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/iam-corpus");
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void corpusHasAtLeastFortyPolicies() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictsMatch(Path file) throws IOException {
        JsonNode c = JSON.readTree(file.toFile());
        List<IamPolicy> policies = new ArrayList<>();
        for (JsonNode p : c.get("policies")) policies.add(PolicyEvaluator.parse(JSON.writeValueAsString(p)));
        IamPolicy boundary = c.get("boundary").isNull() ? null : PolicyEvaluator.parse(JSON.writeValueAsString(c.get("boundary")));
        String desc = file.getFileName() + ": " + c.get("description").asText();
        for (JsonNode check : c.get("checks")) {
            String res = check.get("resource").asText();
            // "family": every ARN that starts with the resource (a table's backups, the Region's recovery points)
            ArnPattern.Resource resource = check.has("family") && check.get("family").asBoolean()
                    ? ArnPattern.Resource.family(res) : ArnPattern.Resource.of(res);
            PolicyEvaluator.Result r = PolicyEvaluator.evaluate(policies, boundary, check.get("action").asText(), resource);
            assertThat(r.decision()).as(desc + " -- " + check.get("action").asText() + " on " + check.get("resource").asText()
                    + " (conditions " + r.conditions() + ")").isEqualTo(Decision.valueOf(check.get("expect").asText()));
            if (r.decision() == Decision.ALLOWED_WITH_CONDITIONS) {
                assertThat(r.conditions()).as(desc + ": conditions are shown").isNotEmpty();
            } else {
                assertThat(r.conditions()).as(desc + ": \"under conditions\" only when the verdict depends on one").isEmpty();
            }
        }
        DynamodbWildcard.Verdict w = DynamodbWildcard.evaluate(policies, boundary, "us-east-1", "111122223333");
        assertThat(w.decision()).as(desc + " -- dynamodb:* on * " + w)
                .isEqualTo(Decision.valueOf(c.get("dynamodbWildcard").asText()));
        if (w.decision() == Decision.ALLOWED_WITH_CONDITIONS) assertThat(w.conditions()).as(desc + ": conditions are shown").isNotEmpty();
        if (w.decision() == Decision.ALLOWED) assertThat(w.conditions()).as(desc + ": no conditions").isEmpty();
        if (c.has("wildcardLevel")) {
            assertThat(w.level()).as(desc + " -- what is left " + w).isEqualTo(DynamodbWildcard.Level.valueOf(c.get("wildcardLevel").asText()));
        }
        if (c.has("wildcardRemoved")) {
            List<String> removed = new ArrayList<>();
            c.get("wildcardRemoved").forEach(n -> removed.add(n.asText()));
            assertThat(w.removed()).as(desc + " -- removed").containsExactlyInAnyOrderElementsOf(removed);
        }
        if (c.has("wildcardLimited")) {
            List<String> limited = new ArrayList<>();
            c.get("wildcardLimited").forEach(n -> limited.add(n.asText()));
            assertThat(w.limited()).as(desc + " -- limited").containsExactlyInAnyOrderElementsOf(limited);
        }
        if (c.has("wildcardText")) {
            assertThat(DynamodbWildcard.describe(w)).as(desc + " -- text").isEqualTo(c.get("wildcardText").asText());
        }
    }

    @Test
    void urlEncodedDocumentsFromIamAreDecoded() {
        IamPolicy p = PolicyEvaluator.parse("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A"
                + "%22Allow%22%2C%22Action%22%3A%22dynamodb%3ADeleteTable%22%2C%22Resource%22%3A%22*%22%7D%5D%7D");
        assertThat(PolicyEvaluator.evaluate(List.of(p), null, "dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:1:table/t")
                .decision()).isEqualTo(Decision.ALLOWED);
    }
}
