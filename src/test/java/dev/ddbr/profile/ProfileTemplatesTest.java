package dev.ddbr.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProfileTemplatesTest {
    /** A commented-out setting: "# key: value" or "#   key:" (not prose, which starts with a capital). */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("(?m)^(\\s*)# (\\s*[a-z_0-9-]+:.*)$");

    /** The starter with every commented-out setting switched on. */
    static String uncommented(String starter) {
        return COMMENTED_SETTING.matcher(starter).replaceAll("$1$2");
    }

    @Test
    void starterValidates() {
        Profile p = ProfileLoader.parse(ProfileTemplates.starter(), "starter.yaml");

        assertThat(p.aws().region()).contains("eu-west-1");
        assertThat(p.aws().endpoints()).as("emulator endpoints are commented out").isEmpty();
        assertThat(p.aws().roleArn()).isEmpty();
        assertThat(p.tables()).extracting(TableProfile::name).containsExactly("orders");
    }

    @Test
    void starterValidatesWithEveryCommentedSettingSwitchedOn() {
        String all = uncommented(ProfileTemplates.starter());
        assertThat(all).isNotEqualTo(ProfileTemplates.starter());

        Profile p = ProfileLoader.parse(all, "starter-all.yaml");

        assertThat(p.aws().endpoints()).containsEntry("dynamodb", "http://127.0.0.1:8000").containsEntry("default", "http://127.0.0.1:5000");
        assertThat(p.aws().regionEndpoints()).containsKey("us-east-1");
        assertThat(p.aws().roleArn()).isPresent();
        TableProfile orders = p.table("orders").orElseThrow();
        assertThat(orders.backup().copyTo()).isPresent();
        assertThat(orders.failover().orElseThrow().route53()).isPresent();
        assertThat(orders.failover().orElseThrow().fisTemplateId()).isPresent();
        assertThat(p.audit().backupRoleArn()).isPresent();
    }

    @Test
    void starterMentionsEveryKey() {
        String starter = ProfileTemplates.starter();
        for (Schema.FieldDoc d : Schema.reference()) {
            String key = d.path().substring(d.path().lastIndexOf('.') + 1);
            assertThat(starter).as("starter mentions %s", d.path()).contains(key);
        }
    }

    @Test
    void starterHoldsNoSecretLookingKey() {
        assertThat(ProfileTemplates.starter().lines()
                .map(l -> l.replaceFirst("^\\s*#?\\s*-?\\s*", ""))
                .filter(l -> l.matches("[a-z_0-9-]+:.*"))
                .map(l -> l.substring(0, l.indexOf(':')))
                .filter(Schema::looksSecret)).isEmpty();
    }
}
