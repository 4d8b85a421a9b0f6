package dev.ddbr.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a profile can be wrong: exact one-line message with line:column, exit code 253. */
class ProfileErrorsTest {
    @TempDir Path dir;

    static Stream<Arguments> badProfiles() {
        return Stream.of(
            // ---- unknown keys
            Arguments.of("unknown key, near miss", """
                tables:
                  - name: orders
                    pitr:
                      recovery_day: 35
                """, "4:7: unknown key 'recovery_day' in tables[0].pitr; did you mean 'recovery_days'?"),
            Arguments.of("unknown key, nothing close", """
                aws:
                  region: eu-west-1
                  colour: blue
                """, "3:3: unknown key 'colour' in aws; allowed keys: profile, region, role_arn, external_id, endpoints, regions, retry"),
            Arguments.of("unknown top-level key, transposition", """
                tabels: []
                """, "1:1: unknown key 'tabels' at the top level; did you mean 'tables'?"),
            Arguments.of("camelCase key", """
                aws: {roleArn: "arn:aws:iam::111111111111:role/x"}
                """, "1:7: unknown key 'roleArn' in aws; did you mean 'role_arn'?"),
            Arguments.of("unknown key in endpoints", """
                aws:
                  endpoints:
                    dynamo: http://127.0.0.1:8000
                """, "3:5: unknown key 'dynamo' in aws.endpoints; did you mean 'dynamodb'?"),
            // ---- wrong types
            Arguments.of("string for a number", """
                tables:
                  - name: orders
                    pitr:
                      recovery_days: thirty
                """, "4:22: expected a number for tables[0].pitr.recovery_days, got string \"thirty\""),
            Arguments.of("quoted number", """
                tables:
                  - {name: orders, pitr: {recovery_days: "35"}}
                """, "2:42: expected a number for tables[0].pitr.recovery_days, got string \"35\""),
            Arguments.of("fraction for a whole number", """
                tables:
                  - {name: orders, backup: {keep_last: 3.5}}
                """, "2:40: expected a whole number for tables[0].backup.keep_last, got 3.5"),
            Arguments.of("yes is not a boolean", """
                tables:
                  - name: orders
                    pitr: {required: yes}
                """, "3:22: expected true or false for tables[0].pitr.required, got yes"),
            Arguments.of("quoted boolean", """
                audit:
                  require_customer_managed_key: "true"
                """, "2:33: expected a boolean (true or false) for audit.require_customer_managed_key, got string \"true\""),
            Arguments.of("number for a string", """
                aws:
                  external_id: 12345
                """, "2:16: expected a string for aws.external_id, got number 12345"),
            Arguments.of("string for a section", """
                aws: eu-west-1
                """, "1:6: expected a mapping (key: value) for aws, got string \"eu-west-1\""),
            Arguments.of("mapping for a list", """
                tables:
                  name: orders
                """, "2:3: expected a list for tables, got a mapping"),
            Arguments.of("list for a scalar", """
                aws:
                  region: [eu-west-1]
                """, "2:11: expected a string for aws.region, got a list"),
            Arguments.of("top level is not a mapping", """
                - aws
                """, "1:1: expected a mapping (key: value) for the top level, got a list"),
            Arguments.of("key with no value", """
                aws:
                  region:
                """, "2:3: missing value for aws.region"),
            Arguments.of("hexadecimal number", """
                aws:
                  retry: {max_attempts: 0x10}
                """, "2:25: unsupported number 0x10 for aws.retry.max_attempts; write a plain decimal number"),
            // ---- impossible values
            Arguments.of("recovery_days above 35", """
                tables:
                  - name: orders
                    pitr: {recovery_days: 36}
                """, "3:27: tables[0].pitr.recovery_days must be between 1 and 35, got 36"),
            Arguments.of("max_attempts 0", """
                aws:
                  retry:
                    max_attempts: 0
                """, "3:19: aws.retry.max_attempts must be between 1 and 50, got 0"),
            Arguments.of("share of 0", """
                tables:
                  - name: orders
                    skew: {max_key_share: 0}
                """, "3:27: tables[0].skew.max_key_share must be greater than 0 and at most 1, got 0"),
            Arguments.of("share above 1", """
                tables:
                  - name: orders
                    skew: {max_key_share: 1.5}
                """, "3:27: tables[0].skew.max_key_share must be greater than 0 and at most 1, got 1.5"),
            Arguments.of("keep_last 0", """
                tables:
                  - name: orders
                    backup: {keep_last: 0}
                """, "3:25: tables[0].backup.keep_last must be at least 1, got 0"),
            Arguments.of("negative app switch time", """
                tables:
                  - name: orders
                    failover: {regions: [eu-west-1, us-east-1], app_switch_seconds: -1}
                """, "3:69: tables[0].failover.app_switch_seconds must be at least 0, got -1"),
            Arguments.of("number too big for any range", """
                audit:
                  max_backup_age_hours: 99999999999999999999
                """, "2:25: audit.max_backup_age_hours is out of range, got 99999999999999999999"),
            Arguments.of("bad region", """
                aws:
                  region: eu-west
                """, "2:11: invalid region 'eu-west' for aws.region; did you mean 'eu-west-1'?"),
            Arguments.of("bad region as a regions key", """
                aws:
                  regions:
                    us-east:
                      endpoints: {dynamodb: "http://127.0.0.1:8001"}
                """, "3:5: invalid region 'us-east' for aws.regions; did you mean 'us-east-1'?"),
            Arguments.of("bad role ARN", """
                aws:
                  role_arn: arn:aws:iam::1111:role/ddbr
                """, "2:13: invalid IAM role ARN 'arn:aws:iam::1111:role/ddbr' for aws.role_arn"),
            Arguments.of("user ARN where a role is needed", """
                audit:
                  backup_role_arn: arn:aws:iam::111111111111:user/alice
                """, "2:20: invalid IAM role ARN 'arn:aws:iam::111111111111:user/alice' for audit.backup_role_arn"),
            Arguments.of("bad vault ARN", """
                tables:
                  - name: orders
                    backup:
                      copy_to: {vault_arn: "arn:aws:backup:eu-central-1:222222222222:vault:dr"}
                """, "4:28: invalid backup vault ARN 'arn:aws:backup:eu-central-1:222222222222...' for tables[0].backup.copy_to.vault_arn"),
            Arguments.of("URL without scheme", """
                aws:
                  endpoints: {dynamodb: "localhost:8000"}
                """, "2:25: invalid URL 'localhost:8000' for aws.endpoints.dynamodb; expected an absolute http or https URL"),
            Arguments.of("URL with another scheme", """
                aws:
                  endpoints:
                    default: ftp://127.0.0.1:5000
                """, "3:14: invalid URL 'ftp://127.0.0.1:5000' for aws.endpoints.default; expected an absolute http or https URL"),
            Arguments.of("table name with a space", """
                tables:
                  - name: "or ders"
                """, "2:11: invalid table name 'or ders' for tables[0].name"),
            Arguments.of("table name too short", """
                tables:
                  - name: ab
                """, "2:11: invalid table name 'ab' for tables[0].name"),
            Arguments.of("duplicate table names", """
                tables:
                  - name: orders
                  - name: customers
                  - name: orders
                """, "4:11: duplicate table name 'orders' in tables[2] (first at line 2)"),
            Arguments.of("one failover region", """
                tables:
                  - name: orders
                    failover:
                      regions: [eu-west-1]
                """, "4:16: tables[0].failover.regions needs at least 2 distinct regions, got 1"),
            Arguments.of("repeated failover region", """
                tables:
                  - name: orders
                    failover:
                      regions:
                        - eu-west-1
                        - eu-west-1
                """, "6:11: duplicate region 'eu-west-1' in tables[0].failover.regions[1] (first at line 5)"),
            Arguments.of("enum near miss", """
                aws:
                  retry: {mode: adaptve}
                """, "2:17: unknown value 'adaptve' for aws.retry.mode; did you mean 'adaptive'?"),
            Arguments.of("enum in the wrong case", """
                audit: {fail_on: HIGH}
                """, "1:18: unknown value 'HIGH' for audit.fail_on; did you mean 'high'?"),
            Arguments.of("enum, nothing close", """
                audit: {fail_on: never}
                """, "1:18: unknown value 'never' for audit.fail_on; allowed values: critical, high, medium, low, info"),
            Arguments.of("name template without {table}", """
                tables:
                  - name: orders
                    backup: {name_template: "nightly-{date}"}
                """, "3:29: tables[0].backup.name_template must contain {table}, got 'nightly-{date}'"),
            Arguments.of("name template with a misspelt placeholder", """
                tables:
                  - name: orders
                    backup: {name_template: "{tabel}-{date}"}
                """, "3:29: unknown placeholder {tabel} in tables[0].backup.name_template; did you mean {table}?"),
            Arguments.of("bad hosted zone ID", """
                tables:
                  - name: orders
                    failover:
                      regions: [eu-west-1, us-east-1]
                      route53: {hosted_zone_id: "zone 1", record_name: api.example.com}
                """, "5:33: invalid hosted zone ID 'zone 1' for tables[0].failover.route53.hosted_zone_id"),
            Arguments.of("bad FIS template ID", """
                tables:
                  - name: orders
                    failover: {regions: [eu-west-1, us-east-1], fis_template_id: tmpl-1}
                """, "3:66: invalid FIS experiment template ID 'tmpl-1' for tables[0].failover.fis_template_id"),
            Arguments.of("long values are cut", """
                aws:
                  region: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                """, "2:11: invalid region 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' for aws.region"),
            Arguments.of("line breaks in values are escaped", """
                aws:
                  region: "eu\\nwest"
                """, "2:11: invalid region 'eu\\nwest' for aws.region"),
            Arguments.of("empty list entry", """
                tables:
                  - name: orders
                  -
                """, "3:4: empty entry tables[1]"),
            // ---- required keys
            Arguments.of("table without a name", """
                tables:
                  - pitr: {required: true}
                """, "2:5: missing required key 'name' in tables[0]"),
            Arguments.of("copy_to without a vault", """
                tables:
                  - name: orders
                    backup:
                      copy_to:
                        role_arn: arn:aws:iam::111111111111:role/backup
                """, "5:9: missing required key 'vault_arn' in tables[0].backup.copy_to"),
            Arguments.of("failover without regions", """
                tables:
                  - name: orders
                    failover: {rpo_seconds: 5}
                """, "3:15: missing required key 'regions' in tables[0].failover"),
            // ---- secrets
            Arguments.of("secret access key", """
                aws:
                  region: eu-west-1
                  aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                """, "3:3: key 'aws_secret_access_key' in aws looks like a secret; a profile never holds secrets"),
            Arguments.of("session token at the top level", """
                session_token: FwoGZXIvYXdzEBYaDHexample
                """, "1:1: key 'session_token' at the top level looks like a secret; a profile never holds secrets"),
            Arguments.of("password deep inside a table", """
                tables:
                  - name: orders
                    backup:
                      password: hunter2
                """, "4:7: key 'password' in tables[0].backup looks like a secret; a profile never holds secrets"),
            Arguments.of("secret found before other errors", """
                aws:
                  region: nowhere
                  secret_access_key: abc
                """, "3:3: key 'secret_access_key' in aws looks like a secret; a profile never holds secrets"),
            Arguments.of("access key ID as a value", """
                aws:
                  external_id: AKIAIOSFODNN7EXAMPLE
                """, "2:16: the value of aws.external_id looks like an AWS access key ID; a profile never holds credentials"),
            // ---- YAML itself
            Arguments.of("duplicate key", """
                aws:
                  region: eu-west-1
                  profile: ops
                  region: us-east-1
                """, "4:3: duplicate key 'region' in aws (first at line 2)"),
            Arguments.of("bad indentation", """
                aws:
                    region: eu-west-1
                  profile: ops
                """, "3:3: invalid YAML: expected <block end>, but found '<block mapping start>'"),
            Arguments.of("tab for indentation", "aws:\n\tregion: eu-west-1\n",
                "2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
            Arguments.of("unclosed flow list", """
                tables:
                  - name: orders
                    failover: {regions: [eu-west-1, us-east-1}
                """, "3:46: invalid YAML: expected ',' or ']', but got }"),
            Arguments.of("two documents", """
                aws: {region: eu-west-1}
                ---
                audit: {fail_on: high}
                """, "3:1: a second YAML document starts here; a profile is one document"),
            Arguments.of("alias", """
                aws:
                  region: &r eu-west-1
                tables:
                  - name: orders
                    failover: {regions: [*r, us-east-1]}
                """, "5:26: YAML alias *r at tables[0].failover.regions[0]; profiles do not support anchors and aliases"),
            Arguments.of("only comments", """
                # nothing here yet
                """, "1:1: the profile is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProfiles")
    void reportsTheProblemOnOneLineWithItsPosition(String name, String yaml, String expected) throws IOException {
        Path file = write(yaml);

        DdbrException e = load(file);

        assertThat(e.getMessage()).isEqualTo(file + ":" + expected);
        assertThat(e.exitCode()).isEqualTo(ExitCodes.CONFIG).isEqualTo(253);
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        if (e.hint() != null) assertThat(e.hint()).doesNotContain("\n");
    }

    @Test
    void secretValuesAreNeverEchoed() throws IOException {
        for (String yaml : new String[] {
                "aws:\n  password: hunter2-value\n",
                "aws:\n  secret_access_key: hunter2-value\n",
                "tables:\n  - name: orders\n    session-token: hunter2-value\n",
                "aws:\n  regions:\n    us-east-1: {aws_session_token: hunter2-value}\n",
                "aws:\n  external_id: xAKIAIOSFODNN7EXAMPLE\n".replace("xAKIA", "AKIA")}) {
            DdbrException e = load(write(yaml));
            assertThat(e.getMessage()).doesNotContain("hunter2", "AKIAIOSFODNN7EXAMPLE").contains("never holds");
            assertThat(String.valueOf(e.hint())).doesNotContain("hunter2", "AKIAIOSFODNN7EXAMPLE");
        }
    }

    @Test
    void hintsSayHowToFixIt() throws IOException {
        assertThat(load(write("tables:\n  - {name: orders, pitr: {recovery_day: 3}}\n")).hint())
                .isEqualTo("allowed keys in tables[0].pitr: required, recovery_days");
        assertThat(load(write("tables:\n  - {name: orders, pitr: {recovery_days: \"35\"}}\n")).hint())
                .isEqualTo("remove the quotes");
        assertThat(load(write("tables:\n  - {name: orders, pitr: {required: on}}\n")).hint())
                .isEqualTo("YAML 1.1 words yes/no/on/off are not booleans in a ddbr profile: write true or false");
        assertThat(load(write("aws: {external_id: 0123}\n")).hint()).isEqualTo("quote it to make it text: \"0123\"");
        assertThat(load(write("aws: {retry: {mode: adaptve}}\n")).hint()).isEqualTo("allowed values: standard, adaptive, legacy");
        assertThat(load(write("aws: {role_arn: x}\n")).hint()).isEqualTo("expected arn:aws:iam::<12-digit account>:role/<name>");
        assertThat(load(write("aws: {password: x}\n")).hint()).contains("AWS SDK").contains("aws.profile");
        assertThat(load(write("tables:\n  name: orders\n")).hint()).isEqualTo("start each table with '- name: ...'");
        assertThat(load(write("aws:\n    region: eu-west-1\n  profile: ops\n")).hint())
                .isEqualTo("while parsing a block mapping that starts at line 1, column 1; check indentation (spaces, not tabs) and quoting");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.yaml");
        DdbrException e = load(file);
        assertThat(e.getMessage()).isEqualTo(file + ": no such profile file");
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.hint()).isEqualTo("check the path given to -p/--profile or DDBR_PROFILE");
    }

    @Test
    void directory() {
        DdbrException e = load(dir);
        assertThat(e.getMessage()).isEqualTo(dir + ": is a directory, not a profile file");
        assertThat(e.exitCode()).isEqualTo(253);
    }

    @Test
    void emptyFile() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");
        DdbrException e = load(file);
        assertThat(e.getMessage()).isEqualTo(file + ":1:1: the profile is empty");
        assertThat(e.exitCode()).isEqualTo(253);
        assertThat(e.hint()).isEqualTo("'ddbr profile init' prints a commented starter profile");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "aws:\n  profile: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DdbrException e = load(file);
        assertThat(e.getMessage()).isEqualTo(file + ":2:15: not valid UTF-8 text");
        assertThat(e.exitCode()).isEqualTo(253);
    }

    @Test
    void tooLarge() throws IOException {
        Path file = Files.writeString(dir.resolve("big.yaml"), "#".repeat((int) ProfileLoader.MAX_BYTES + 1));
        DdbrException e = load(file);
        assertThat(e.getMessage()).isEqualTo(file + ": too large for a profile (1048577 bytes, limit 1048576)");
        assertThat(e.exitCode()).isEqualTo(253);
    }

    @Test
    void parsedTextIsNamedInMessages() {
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> ProfileLoader.parse("aws: {regoin: x}\n", "<stdin>"));
        assertThat(e.getMessage()).isEqualTo("<stdin>:1:7: unknown key 'regoin' in aws; did you mean 'region'?");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("profile.yaml"), yaml);
    }

    private static DdbrException load(Path file) {
        DdbrException e = catchThrowableOfType(DdbrException.class, () -> ProfileLoader.load(file));
        assertThat(e).as("expected a DdbrException for %s", file).isNotNull();
        return e;
    }
}
