package dev.ddbr.backup.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import dev.ddbr.testing.FakeAwsBackup;
import dev.ddbr.testing.TestClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An API the endpoint does not have (a 404 without an error code, as moto answers for AWS Backup) gets a hint that
 * fits the service: AWS Backup has no local emulator at all, so "use moto" would send a moto user in a circle.
 */
class AwsBackupHintTest {
    @Test
    void aws404ForAwsBackupSaysItIsOnlyOnRealAws() {
        try (FakeAwsBackup fake = FakeAwsBackup.start(); BackupClient backup = TestClients.of(BackupClient.builder(), fake.endpoint())) {
            // the fake answers what it does not know with 404 and no error code, as moto does for AWS Backup jobs
            Throwable t = catchThrowable(() -> backup.listBackupJobs(r -> { }));
            assertThat(AwsErrors.kind(t)).isEqualTo(AwsErrors.Kind.UNSUPPORTED);
            DdbrException d = AwsErrors.translate(t, "list backup jobs");
            assertThat(d.exitCode()).isEqualTo(254);
            assertThat(d.hint()).startsWith("AWS Backup is only on real AWS: no local emulator has it (moto answers 404)")
                    .doesNotContain("moto for");
        }
    }

    @Test
    void otherMissingApisStillPointAtMotoForWhatDynaliteLacks() {
        try (FakeAwsBackup fake = FakeAwsBackup.start(); DynamoDbClient ddb = TestClients.dynamodb(fake.endpoint())) {
            Throwable t = catchThrowable(() -> ddb.listBackups(r -> { }));
            assertThat(AwsErrors.kind(t)).isEqualTo(AwsErrors.Kind.UNSUPPORTED);
            assertThat(AwsErrors.translate(t, "list backups").hint())
                    .isEqualTo("use an endpoint that has this API: real AWS; of the local emulators, moto has DynamoDB backups and PITR, which dynalite lacks");
        }
    }
}
