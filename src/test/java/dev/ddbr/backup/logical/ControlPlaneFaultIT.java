package dev.ddbr.backup.logical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.testing.Cli;
import dev.ddbr.testing.EmulatorTest;
import dev.ddbr.testing.FaultProxy;
import dev.ddbr.testing.FaultProxy.Fault;
import dev.ddbr.testing.LocalAws;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Transient faults on control-plane calls, not only on the data path: a response cut short (a CRC32 mismatch) on
 * DescribeTable or CreateTable is retried where repeating the call is safe.
 */
@EmulatorTest
class ControlPlaneFaultIT {
    @TempDir
    Path home;

    Cli cli(LocalAws aws, FaultProxy proxy) {
        return Cli.local(home, aws).env("DDBR_STATE_DIR", home.resolve("state").toString())
                .env("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint());
    }

    @Test
    void aDescribeTableResponseCutShortIsRetried(LocalAws aws) throws Exception {
        try (DynamoDbClient ddb = LogicalBackupIT.ddb(aws.dynamodbEndpoint()); FaultProxy proxy = new FaultProxy(aws.dynamodbEndpoint())) {
            String t = LogicalBackupIT.sourceTable(ddb, 3);
            proxy.policy((op, n) -> op.equals("DescribeTable") && n == 1 ? Fault.TRUNCATED : Fault.NONE);
            Cli.Result r = cli(aws, proxy).run("table", "describe", t);
            assertThat(proxy.injected(Fault.TRUNCATED)).isEqualTo(1);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains(t);
        }
    }
}
