package dev.ddbr.backup.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbr.error.DdbrException;
import org.junit.jupiter.api.Test;

class BackupNamesTest {
    @Test
    void backupNamesAre3To255OfTheTableNameCharacters() {
        assertThat(BackupNames.isValid("orders-20250630T020003Z")).isTrue();
        assertThat(BackupNames.isValid("a.b_c-1")).isTrue();
        assertThat(BackupNames.isValid("x".repeat(255))).isTrue();
        assertThat(BackupNames.isValid("x".repeat(256))).isFalse();
        assertThat(BackupNames.isValid("ab")).isFalse();
        assertThat(BackupNames.isValid("x y")).isFalse();
        assertThat(BackupNames.isValid("ordérs")).isFalse();
        assertThat(BackupNames.isValid(null)).isFalse();
        assertThatThrownBy(() -> BackupNames.require("x".repeat(300), "--name", null)).isInstanceOf(DdbrException.class)
                .hasMessage("invalid backup name '" + "x".repeat(60) + "...' (--name): it is longer than 255 characters (300)")
                .extracting(e -> ((DdbrException) e).exitCode()).isEqualTo(252);
    }

    @Test
    void backupArnsAreRecognisedWithTheirTable() {
        String moto = "arn:aws:dynamodb:us-east-1:123456789012:table/bk-1.a_b/backup/01751234567890-abcdef12";
        assertThat(BackupNames.tableOfArn(moto)).isEqualTo("bk-1.a_b");
        assertThat(BackupNames.tableOfArn("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders/backup/01751234567890-abcdef12"))
                .isEqualTo("orders");
        assertThat(BackupNames.isBackupArn("garbage")).isFalse();
        assertThat(BackupNames.isBackupArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders")).isFalse();
        assertThat(BackupNames.isBackupArn("arn:aws:backup:us-east-1:123456789012:recovery-point:abc")).isFalse();
        assertThat(BackupNames.isBackupArn("arn:aws:dynamodb:us-east-1:1234:table/orders/backup/1-a")).isFalse();
        assertThatThrownBy(() -> BackupNames.requireBackupArn("garbage", "--backup"))
                .hasMessage("--backup 'garbage' is not a DynamoDB backup ARN (expected arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/backup/ID)");
    }
}
