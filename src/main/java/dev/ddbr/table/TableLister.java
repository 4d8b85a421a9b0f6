package dev.ddbr.table;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Lists the tables in a Region, optionally with a one-line summary of each (parallel DescribeTable). */
public final class TableLister {
    private final ClientFactory aws;

    public TableLister(ClientFactory aws) {
        this.aws = aws;
    }

    public List<String> names() {
        DynamoDbClient ddb = aws.dynamodb();
        try {
            List<String> names = new ArrayList<>();
            ddb.listTablesPaginator(r -> r.limit(100)).tableNames().forEach(names::add);
            return names;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list tables in " + aws.region());
        }
    }

    public TableList list(boolean details) {
        List<String> names = names();
        String region = aws.region();
        if (!details) {
            return new TableList(region, names.stream().map(n -> TableList.Entry.nameOnly(n)).toList());
        }
        DynamoDbClient ddb = aws.dynamodb();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, Math.max(1, names.size())));
        try {
            List<CompletableFuture<TableList.Entry>> fs = names.stream().map(n -> CompletableFuture.supplyAsync(() -> {
                try {
                    TableDescription t = ddb.describeTable(r -> r.tableName(n)).table();
                    String billing = t.billingModeSummary() != null && t.billingModeSummary().billingMode() != null
                            ? t.billingModeSummary().billingModeAsString() : "PROVISIONED";
                    return new TableList.Entry(n, t.tableStatusAsString(), billing, t.itemCount(), t.tableSizeBytes(),
                            t.replicas().size(), Boolean.TRUE.equals(t.deletionProtectionEnabled()), null);
                } catch (SdkException e) {
                    // A table deleted between list and describe, or a denied describe: say so, keep going.
                    return new TableList.Entry(n, null, null, null, null, null, null, AwsErrors.describe(e));
                }
            }, pool)).toList();
            return new TableList(region, fs.stream().map(CompletableFuture::join).toList());
        } finally {
            pool.shutdownNow();
        }
    }
}
