package dev.ddbr.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.profile.Schema.Field;
import dev.ddbr.profile.Schema.ListOf;
import dev.ddbr.profile.Schema.MapOf;
import dev.ddbr.profile.Schema.Node;
import dev.ddbr.profile.Schema.Section;
import dev.ddbr.profile.Schema.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaTest {
    static final Path DOC = Path.of("docs/profile.md");
    static final String BEGIN = "<!-- BEGIN GENERATED: Schema.markdownReference() -->\n";
    static final String END = "<!-- END GENERATED -->";

    @Test
    void docsHoldTheCurrentReference() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertThat(from).as("markers in %s", DOC).isNotNegative();
        assertThat(to).isGreaterThan(from);
        String expected = Schema.markdownReference();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DOC, doc.substring(0, from + BEGIN.length()) + expected + doc.substring(to));
            doc = Files.readString(DOC);
            to = doc.indexOf(END);
        }
        assertThat(doc.substring(from + BEGIN.length(), to))
                .as("docs/profile.md is out of date: run mvn test -Dtest=SchemaTest -Dgolden.update=true")
                .isEqualTo(expected);
    }

    @Test
    void everyKeyIsDocumentedAndSnakeCase() {
        assertThat(Schema.reference()).hasSizeGreaterThan(50).allSatisfy(d -> {
            assertThat(d.description()).as(d.path()).isNotBlank();
            assertThat(d.path()).matches("[a-z0-9_.\\[\\]<>]+");
        });
        assertThat(Schema.reference()).extracting(Schema.FieldDoc::path)
                .contains("aws.retry.max_attempts", "tables[].pitr.recovery_days", "tables[].backup.copy_to.vault_arn",
                        "aws.regions.<region>.endpoints", "tables[].failover.route53.health_check_ids", "audit.fail_on");
    }

    @Test
    void noSchemaKeyLooksSecret() {
        assertThat(Schema.reference()).noneMatch(d -> Schema.looksSecret(d.path().replaceAll(".*\\.", "")));
        assertThat(Set.of("aws_secret_access_key", "secret_access_key", "session_token", "aws_session_token", "password",
                "db-password", "apiKey", "privateKey", "client_secret", "access_key_id", "credentials"))
                .allMatch(Schema::looksSecret);
    }

    @Test
    void defaultsPassTheirOwnChecks() {
        List<String> checked = new ArrayList<>();
        walk(Schema.PROFILE, "", checked);
        assertThat(checked).contains("aws.retry.mode", "aws.retry.max_attempts", "tables[].skew.max_key_share",
                "tables[].pitr.recovery_days", "audit.fail_on");
    }

    private static void walk(Node node, String path, List<String> checked) {
        if (node instanceof ListOf l) walk(l.item(), path + "[]", checked);
        else if (node instanceof MapOf m) walk(m.value(), path + ".<key>", checked);
        else if (node instanceof Section s) {
            for (Field f : s.fields()) {
                String p = path.isEmpty() ? f.key() : path + "." + f.key();
                if (f.defaultValue() != null) {
                    Value v = (Value) f.node();
                    Object value = f.defaultValue() instanceof Integer i ? (Object) Long.valueOf(i) : f.defaultValue();
                    assertThat(v.check().test(value, p)).as("default of %s", p).isNull();
                    assertThat(f.required()).as("%s is required and has a default", p).isFalse();
                    checked.add(p);
                }
                walk(f.node(), p, checked);
            }
        }
    }

    @Test
    void didYouMean() {
        assertThat(Text.distance("tabels", "tables")).isEqualTo(1);
        assertThat(Text.distance("recovery_day", "recovery_days")).isEqualTo(1);
        assertThat(Text.distance("", "abc")).isEqualTo(3);
        assertThat(Text.closest("regoin", List.of("profile", "region", "regions"))).contains("region");
        assertThat(Text.closest("role-arn", List.of("region", "role_arn"))).contains("role_arn");
        assertThat(Text.closest("crit", List.of("critical", "high"))).as("prefix").contains("critical");
        assertThat(Text.closest("colour", List.of("profile", "region"))).isEmpty();
    }

    @Test
    void echoedTextStaysShortAndOnOneLine() {
        assertThat(Text.single("a\nb\tc\u0007")).isEqualTo("'a\\nb\\tc\\u0007'");
        assertThat(Text.single("x".repeat(100))).isEqualTo("'" + "x".repeat(40) + "...'");
        assertThat(Text.oneLine("first\nsecond")).isEqualTo("first");
        assertThat(Text.number(2.0)).isEqualTo("2");
        assertThat(Text.number(0.5)).isEqualTo("0.5");
    }
}
