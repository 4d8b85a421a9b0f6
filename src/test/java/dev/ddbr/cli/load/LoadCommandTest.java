package dev.ddbr.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load run's input checks and dry run: no AWS needed, nothing sent. */
class LoadCommandTest {
    @TempDir
    Path home;

    Cli cli() {
        return Cli.isolated(home).env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", "x").env("AWS_SECRET_ACCESS_KEY", "y")
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    }

    Path profile(String workload) throws Exception {
        Path p = home.resolve("p.yaml");
        Files.writeString(p, "tables:\n  - name: orders\n    load:\n      workloads:\n        checkout-peak:\n" + workload);
        return p;
    }

    @Test
    void badSchedulesAndWorkloadsGetOneLineAnd252() {
        String[][] cases = {
            {"--rate", "ramp 1..", "invalid --rate 'ramp 1..': a ramp is 'ramp FROM..TO:DURATION'"},
            {"--rate", "500:2m,2000,10:1m", "part 2 '2000' has no duration"},
            {"--mix", "gte=1", "unknown operation 'gte'; did you mean 'get'?"},
            {"--keys", "zipfian:2", "THETA must be between 0 and 1"},
            {"--slo", "p99<20", "p99 needs a duration unit"},
            {"--item-size", "1MB", "is not a size"},
            {"--worker", "2/2", "worker index 2 from --worker is outside 0..1"},
        };
        for (String[] c : cases) {
            String[] args = c[0].equals("--rate") ? new String[] {"load", "run", "orders", c[0], c[1]}
                    : new String[] {"load", "run", "orders", "--rate", "10", c[0], c[1]};
            Cli.Result r = cli().run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(252);
            assertThat(r.errLine()).as(r.toString()).startsWith("ddbr: error: ").contains(c[2]).doesNotContain("\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void profileWorkloadsAreValidatedWithLineColumnAndDidYouMean() throws Exception {
        Path p = profile("          rtae: 100\n");
        Cli.Result r = cli().run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peak");
        assertThat(r.exitCode()).isEqualTo(253);
        assertThat(r.errLine()).contains("p.yaml:6:11: unknown key 'rtae' in tables[0].load.workloads.checkout-peak; did you mean 'rate'?");
        p = profile("          rate: \"100:1m,ramp 1..\"\n");
        r = cli().run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peak");
        assertThat(r.exitCode()).isEqualTo(253);
        assertThat(r.errLine()).contains("p.yaml:6:17: invalid tables[0].load.workloads.checkout-peak.rate");
        p = profile("          rate: \"100\"\n          mix: {get: 1, putt: 2}\n");
        r = cli().run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peak");
        assertThat(r.errLine()).contains("unknown key 'putt'").contains("did you mean 'put'?");
        p = profile("          rate: \"100\"\n");
        r = cli().run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peek");
        assertThat(r.exitCode()).isEqualTo(253);
        assertThat(r.errLine()).contains("no workload 'checkout-peek' for table 'orders' in the profile; did you mean 'checkout-peak'?");
    }

    @Test
    void aDryRunShowsTheLoadAndSendsNothing() throws Exception {
        Path p = profile("          rate: \"100:10s,ramp 100..300:10s\"\n          mix: {get: 3, put: 1}\n          slo: [\"p99<=20ms\"]\n");
        Cli.Result r = cli().run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peak", "--slo", "errors==0",
                "--worker", "auto/2", "--dry-run", "-o", "json");
        assertThat(r.exitCode()).isEqualTo(253); // auto/2 without a job index
        assertThat(r.errLine()).isNotEmpty();
        r = cli().env("JOB_COMPLETION_INDEX", "1").run("-p", p.toString(), "load", "run", "orders", "--workload", "checkout-peak",
                "--slo", "errors==0", "--worker", "auto/2", "--dry-run", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("scheduled").asLong()).isEqualTo(1500);
        assertThat(j.get("worker").asText()).isEqualTo("1/2");
        assertThat(j.get("mix").get("put").asInt()).isEqualTo(1);
        assertThat(j.get("slo")).hasSize(2);
        assertThat(j.get("writes").asBoolean()).isTrue();
    }
}
