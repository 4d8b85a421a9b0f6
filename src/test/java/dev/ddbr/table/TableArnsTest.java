package dev.ddbr.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableArnsTest {
    static final String TABLE = "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders";

    @Test
    void takesTableArnsAndTheArnsBelowThemApart() {
        String backup = TABLE + "/backup/01700000000000-abcdef12";
        assertThat(TableArns.name(TABLE)).isEqualTo("orders");
        assertThat(TableArns.name(backup)).isEqualTo("orders");
        assertThat(TableArns.table(backup)).isEqualTo(TABLE);
        assertThat(TableArns.table(TABLE + "/index/by-status")).isEqualTo(TABLE);
        assertThat(TableArns.sibling(backup, "orders-r")).isEqualTo("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders-r");
        assertThat(TableArns.partition(backup)).isEqualTo("aws-cn");
        assertThat(TableArns.of("aws-cn", "cn-north-1", "111122223333", "orders")).isEqualTo(TABLE);
    }

    @Test
    void anArnWithoutATableHasNone() {
        String vault = "arn:aws:backup:us-east-1:111122223333:backup-vault:dr";
        assertThat(TableArns.name(vault)).isNull();
        assertThat(TableArns.table(vault)).isNull();
        assertThat(TableArns.sibling(null, "x")).isNull();
        assertThat(TableArns.partition("not an arn")).isEqualTo("aws");
    }
}
