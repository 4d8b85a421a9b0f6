package dev.ddbr.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values given to the backup commands: exit 252 with one precise line on stderr, nothing on stdout, and no AWS
 * call (the endpoint is a closed port: any call would end in 254 "cannot reach the endpoint"), so nothing changes.
 */
class BackupBadInputTest {
    @org.junit.jupiter.api.io.TempDir
    static Path home;

    static Path file;

    static final String TABLE_HINT = " (hint: DynamoDB table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.')";
    static final String NAME_HINT = " (hint: DynamoDB backup names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.')";
    static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01751234567890-abcdef12";

    @BeforeAll
    static void files() throws IOException {
        file = home.resolve("a-file");
        Files.writeString(file, "not a directory\n");
    }

    static Cli cli() {
        return Cli.isolated(home).env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1").env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    }

    static String badTable(String name, String why) {
        return "ddbr: error: invalid table name '" + name + "': it " + why + TABLE_HINT;
    }

    static Stream<Arguments> cases() {
        String spaces = "has characters other than a-z A-Z 0-9 _ - .";
        String longTable = "t".repeat(250);
        return Stream.of(
                // 2: one validator for table names, before any AWS call, wherever a table name is taken
                Arguments.of(new String[] {"backup", "create", "a b"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "create", "pt"}, badTable("pt", "is shorter than 3 characters")),
                Arguments.of(new String[] {"backup", "create", "orders", "a b"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "list", "a b"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "prune", "a b", "--keep-last", "2", "--dry-run"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "copy", "a b", "--to-vault", "arn:aws:backup:us-east-1:222222222222:backup-vault:dr"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "verify", "a b"}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "export", "a b", "--to", home.resolve("x").toString()}, badTable("a b", spaces)),
                Arguments.of(new String[] {"backup", "import", home.resolve("nothing").toString(), "--table", "bad name", "--create"}, badTable("bad name", spaces)),
                // 3: backup names are checked locally, also the template's result
                Arguments.of(new String[] {"backup", "create", "orders", "--name", "x y"},
                        "ddbr: error: invalid backup name 'x y' (--name): it has characters other than a-z A-Z 0-9 _ - ." + NAME_HINT),
                Arguments.of(new String[] {"backup", "create", "orders", "--name", "ab"},
                        "ddbr: error: invalid backup name 'ab' (--name): it is shorter than 3 characters" + NAME_HINT),
                Arguments.of(new String[] {"backup", "create", longTable},
                        "ddbr: error: invalid backup name '" + "t".repeat(60) + "...' (made by backup.name_template for table '" + "t".repeat(60)
                                + "...'): it is longer than 255 characters (267) (hint: backup names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and"
                                + " '.': fix the profile's backup.name_template, or pass --name)"),
                // 4: ranges and signs
                Arguments.of(new String[] {"backup", "verify", "orders", "--sample", "0"},
                        "ddbr: error: --sample must be 1 to 1000000, not 0 (hint: 100 is usually enough)"),
                Arguments.of(new String[] {"backup", "verify", "orders", "--sample", "1000001"},
                        "ddbr: error: --sample must be 1 to 1000000, not 1000001 (hint: 100 is usually enough)"),
                Arguments.of(new String[] {"backup", "export", "orders", "--to", home.resolve("y").toString(), "--read-budget", "-1"},
                        "ddbr: error: --read-budget must be 0 (no limit) or a positive number of read units per second, not -1"
                                + " (hint: e.g. --read-budget 500; leave it out for no limit)"),
                Arguments.of(new String[] {"backup", "import", home.resolve("nothing").toString(), "--table", "orders", "--write-budget", "-5"},
                        "ddbr: error: --write-budget must be 0 (no limit) or a positive number of write units per second, not -5"
                                + " (hint: e.g. --write-budget 500; leave it out for no limit)"),
                // 5: a malformed backup ARN is bad input; so is a backup of another table
                Arguments.of(new String[] {"backup", "verify", "orders", "--backup", "garbage"},
                        "ddbr: error: --backup 'garbage' is not a DynamoDB backup ARN (expected arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/backup/ID)"
                                + " (hint: 'ddbr backup list TABLE' shows the backups and their ARNs; or pass --backup latest)"),
                Arguments.of(new String[] {"backup", "verify", "customers", "--backup", ARN},
                        "ddbr: error: backup " + ARN + " is of table 'orders', not 'customers'"
                                + " (hint: run 'ddbr backup verify orders --backup " + ARN + "')"),
                // 7: --to naming a file
                Arguments.of(new String[] {"backup", "export", "orders", "--to", file.toString()},
                        "ddbr: error: --to " + file + " is a file, not a directory (hint: export into a new or empty directory (it is created when missing))"),
                Arguments.of(new String[] {"backup", "export", "orders", "--to", file.resolve("sub").toString()},
                        "ddbr: error: --to " + file.resolve("sub") + " cannot be created: " + file + " is a file, not a directory"
                                + " (hint: export into a new or empty directory (it is created when missing))"));
    }

    @ParameterizedTest(name = "{index}: ddbr {0}")
    @MethodSource("cases")
    void exit252WithOnePreciseLineAndNoAwsCall(String[] args, String message) {
        Cli.Result r = cli().run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).isEqualTo(message + "\n");
    }
}
