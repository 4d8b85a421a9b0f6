package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments and bad profiles through the real command line: one line on stderr with a hint, the exact
 * exit code, nothing on stdout, no stack trace, no AWS call (the endpoint is a closed port), nothing changed.
 */
class BadInputTest {
    @TempDir
    static Path home;

    static Path bad;

    @BeforeEach
    void files() throws IOException {
        bad = home.resolve("bad.yaml");
        Files.writeString(bad, "aws:\n  region: us-east-1\ntables:\n  - name: orders\n    pitr: {recovery_day: 35}\n");
        Files.createDirectories(home.resolve(".config/ddbr/profiles"));
        Files.writeString(home.resolve(".config/ddbr/profiles/prod.yaml"), "aws:\n  region: eu-west-1\n");
    }

    static Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new String[] {"--frobnicate"}, 2, "ddbr: error: Unknown option: '--frobnicate' (hint: see 'ddbr --help')"),
                Arguments.of(new String[] {"tabel"}, 2, "ddbr: error: Unmatched argument at index 0: 'tabel'; did you mean 'table'? (hint: see 'ddbr --help')"),
                Arguments.of(new String[] {"table", "lst"}, 2, "ddbr: error: Unmatched argument at index 1: 'lst'; did you mean 'list'? (hint: see 'ddbr table --help')"),
                Arguments.of(new String[] {"table"}, 2, "ddbr: error: 'ddbr table' needs a subcommand: list, describe (hint: see 'ddbr table --help')"),
                Arguments.of(new String[] {"profile"}, 2, "ddbr: error: 'ddbr profile' needs a subcommand: validate, show, init (hint: see 'ddbr profile --help')"),
                Arguments.of(new String[] {"table", "describe"}, 2, "ddbr: error: Missing required parameter: 'TABLE' (hint: see 'ddbr table describe --help')"),
                Arguments.of(new String[] {"table", "describe", "a", "b"}, 2, "ddbr: error: Unmatched argument at index 3: 'b' (hint: see 'ddbr table describe --help')"),
                Arguments.of(new String[] {"-o", "xml", "table", "list"}, 2, "ddbr: error: Invalid value for option '--output': expected text, json or yaml ('ddbr audit' also takes sarif; 'ddbr alarms plan' and 'ddbr dashboard plan' take cloudformation and terraform) but was 'xml' (hint: see 'ddbr --help')"),
                Arguments.of(new String[] {"table", "list", "--output"}, 2, "ddbr: error: Missing required parameter for option '--output' (FORMAT) (hint: see 'ddbr table list --help')"),
                Arguments.of(new String[] {"completion"}, 2, "ddbr: error: Missing required parameter: 'SHELL' (hint: see 'ddbr completion --help')"),
                Arguments.of(new String[] {"completion", "fish"}, 2, "ddbr: error: Invalid value for positional parameter at index 0 (SHELL): expected one of [bash, zsh] (case-insensitive) but was 'fish' (hint: see 'ddbr completion --help')"),
                Arguments.of(new String[] {"table", "describe", "ab"}, 252, "ddbr: error: invalid table name 'ab': it is shorter than 3 characters (hint: DynamoDB table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.')"),
                Arguments.of(new String[] {"table", "describe", "orders!"}, 252, "ddbr: error: invalid table name 'orders!': it has characters other than a-z A-Z 0-9 _ - . (hint: DynamoDB table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.')"),
                Arguments.of(new String[] {"table", "describe", "x".repeat(256)}, 252, "ddbr: error: invalid table name '" + "x".repeat(60) + "...': it is longer than 255 characters (hint: DynamoDB table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.')"),
                Arguments.of(new String[] {"--endpoint-url", "not a url", "table", "list"}, 253, "ddbr: error: invalid endpoint URL 'not a url' for dynamodb (hint: use an absolute URL such as http://127.0.0.1:8000)"),
                Arguments.of(new String[] {"--endpoint-url", "localhost:8000", "table", "list"}, 253, "ddbr: error: invalid endpoint URL 'localhost:8000' for dynamodb (hint: use an absolute URL such as http://127.0.0.1:8000)"),
                // a duration always carries a unit: "35" was 35 seconds here and 35 days in the profile (max_age_days)
                Arguments.of(new String[] {"backup", "prune", "payments", "--older-than", "35", "--dry-run"}, 252, "ddbr: error: invalid duration '35' for --older-than: a number alone has no unit (hint: add a unit: 35s, 35m, 35h, 35d or 35w)"),
                Arguments.of(new String[] {"backup", "run", "--max-runtime", "90"}, 252, "ddbr: error: invalid duration '90' for --max-runtime: a number alone has no unit (hint: add a unit: 90s, 90m, 90h, 90d or 90w)"),
                Arguments.of(new String[] {"backup", "create", "payments", "--timeout", "30"}, 252, "ddbr: error: invalid duration '30' for --timeout: a number alone has no unit (hint: add a unit: 30s, 30m, 30h, 30d or 30w)"),
                Arguments.of(new String[] {"failover", "check", "payments", "--window", "60"}, 252, "ddbr: error: invalid duration '60' for --window: a number alone has no unit (hint: add a unit: 60s, 60m, 60h, 60d or 60w)"),
                Arguments.of(new String[] {"skew", "insights", "payments", "--since", "24"}, 252, "ddbr: error: invalid duration '24' for --since: a number alone has no unit (hint: add a unit: 24s, 24m, 24h, 24d or 24w)"),
                Arguments.of(new String[] {"restore", "pitr", "payments", "--target", "payments-r", "--to", "-2"}, 252, "ddbr: error: invalid time '-2': a number alone has no unit (hint: add a unit: -2m, -2h or -2d before now)"),
                // --region is checked like the profile's aws.region, before any call
                Arguments.of(new String[] {"--region", "eu-west", "table", "list"}, 252, "ddbr: error: --region: 'eu-west' is not a Region name; did you mean 'eu-west-1'? (hint: use names such as eu-west-1, us-east-1 or us-gov-west-1)"),
                Arguments.of(new String[] {"backup", "prune", "payments", "--keep-last", "3", "--dry-run", "--region", "EU-WEST-2"}, 252, "ddbr: error: --region: 'EU-WEST-2' is not a Region name; did you mean 'eu-west-2'? (hint: use names such as eu-west-1, us-east-1 or us-gov-west-1)"),
                Arguments.of(new String[] {"profile", "init", "x.yaml", "--name", "prod"}, 252, "ddbr: error: give a PATH or --name, not both (hint: --name writes into the config directory)"),
                Arguments.of(new String[] {"profile", "init", "--name", "../evil"}, 252, "ddbr: error: invalid profile name '../evil' (hint: use letters, digits, '.', '_' and '-')"),
                Arguments.of(new String[] {"profile", "init", "--name", "prod"}, 252, "ddbr: error: " + home.resolve(".config/ddbr/profiles/prod.yaml") + " already exists (hint: pass --force to overwrite it, or choose another --name)"));
    }

    @ParameterizedTest(name = "{index}: ddbr {0}")
    @MethodSource("cases")
    void oneLineExactMessageAndExitCode(String[] args, int code, String message) {
        Cli.Result r = cli().run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).isEqualTo(message + "\n");
    }

    @Test
    void unknownProfileKeyNamesFileLineColumnAndSuggests() {
        Cli.Result r = cli().run("profile", "validate", bad.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as(r.toString()).startsWith("ddbr: error: " + bad + ":5:12: unknown key 'recovery_day'")
                .contains("did you mean 'recovery_days'?").doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void aBadProfileStopsEveryCommandBeforeAnyAwsCall() {
        Cli.Result r = cli().run("-p", bad.toString(), "table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).contains(":5:12: unknown key 'recovery_day'").doesNotContain("endpoint");
    }

    @Test
    void badProfileFromTheEnvironmentToo() {
        Cli.Result r = cli().env("DDBR_PROFILE", bad.toString()).run("table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).contains("unknown key 'recovery_day'");
    }

    @Test
    void missingProfileFileIs253() {
        Cli.Result r = cli().run("-p", home.resolve("nope.yaml").toString(), "table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).startsWith("ddbr: error: " + home.resolve("nope.yaml") + ": no such profile file").contains("(hint: ");
    }

    @Test
    void unknownProfileNameListsTheOnesThatExist() {
        Cli.Result r = cli().run("-p", "staging", "table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.err()).contains("staging").contains("prod");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void profileInitNeverOverwritesWithoutForce() throws IOException {
        Path existing = home.resolve("mine.yaml");
        Files.writeString(existing, "# mine\n");
        Cli.Result r = cli().run("profile", "init", existing.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(Files.readString(existing)).isEqualTo("# mine\n");
        Cli.Result forced = cli().run("profile", "init", existing.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(existing)).contains("aws:");
    }

    @Test
    void profileInitWritesAStarterThatValidates() {
        Cli.Result r = cli().run("profile", "init", "--name", "fresh");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path written = home.resolve(".config/ddbr/profiles/fresh.yaml");
        assertThat(r.out()).isEqualTo(written + "\n");
        Cli.Result v = cli().run("profile", "validate", "fresh");
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).isEqualTo(written + ": valid (1 table)\n");
    }

    @Test
    void theStarterOnStdoutIsAProfileTooAsDocsProfileMdSays() throws IOException {
        // docs/profile.md once said 'ddbr profile init > .../prod.yaml', which wrote the path of default.yaml into prod.yaml
        Cli.Result r = cli().run("profile", "init", "-");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path file = home.resolve("from-stdout.yaml");
        Files.writeString(file, r.out());
        Cli.Result v = cli().run("profile", "validate", file.toString());
        assertThat(v.exitCode()).as(v.toString()).isZero();
        Cli.Result named = cli().run("profile", "init", "--name", "docs-prod");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(cli().run("profile", "validate", "docs-prod").exitCode()).isZero();
    }

    @Test
    void profileShowPrintsResolvedSettingsAndNoSecrets() {
        Cli.Result r = cli().env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-do-not-print").run("-p", "prod", "profile", "show", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"region\" : \"us-east-1\"").contains("\"credentials\" : \"environment variables\"")
                .doesNotContain("wJalrXUtnFEMI").contains("\"dynamodb\" : \"http://127.0.0.1:9\"");
    }

    @Test
    void regionFlagBeatsEnvironmentBeatsProfile() {
        Cli.Result env = cli().run("-p", "prod", "profile", "show", "-o", "json");
        assertThat(env.out()).contains("\"region\" : \"us-east-1\"");
        Cli.Result flag = cli().run("-p", "prod", "--region", "ap-south-1", "profile", "show", "-o", "json");
        assertThat(flag.out()).contains("\"region\" : \"ap-south-1\"");
        Cli.Result profile = cli().env("AWS_REGION", null).run("-p", "prod", "profile", "show", "-o", "json");
        assertThat(profile.out()).contains("\"region\" : \"eu-west-1\"");
    }

    @Test
    void optionsWorkBeforeAndAfterTheSubcommand() {
        Cli.Result before = cli().run("-o", "json", "-p", "prod", "profile", "show");
        Cli.Result after = cli().run("profile", "show", "-p", "prod", "-o", "json");
        assertThat(before.exitCode()).isZero();
        assertThat(after.out()).isEqualTo(before.out()).startsWith("{");
    }

    @Test
    void aBadRegionFromTheEnvironmentNamesTheVariable() {
        Cli.Result r = cli().env("AWS_REGION", "eu-west").run("table", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(253);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as(r.toString()).isEqualTo("ddbr: error: AWS_REGION: 'eu-west' is not a Region name; did you mean 'eu-west-1'?"
                + " (hint: fix or unset AWS_REGION, or pass --region)\n");
    }
}
