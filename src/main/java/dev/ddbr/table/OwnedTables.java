package dev.ddbr.table;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * ddbr only ever deletes tables it created. It tags them {@value #TAG_CREATED_BY}={@value #CREATED_BY_VALUE}
 * when it creates them, and reads the tag again right before a delete.
 */
public final class OwnedTables {
    public static final String TAG_CREATED_BY = "ddbr:created-by";
    public static final String CREATED_BY_VALUE = "ddbr";

    private OwnedTables() {}

    /** Does the table carry ddbr's tag? Reads ListTagsOfResource now, never a cached answer. */
    public static boolean isOwned(DynamoDbClient ddb, String tableArn) {
        String token = null;
        do {
            String t = token;
            var page = ddb.listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(t));
            if (page.tags().stream().anyMatch(tag -> TAG_CREATED_BY.equals(tag.key()) && CREATED_BY_VALUE.equals(tag.value()))) {
                return true;
            }
            token = page.nextToken();
        } while (token != null);
        return false;
    }

    /**
     * Deletes {@code table} only if ddbr created it; otherwise refuses (exit 252) and changes nothing.
     *
     * @return false when the table did not exist
     */
    public static boolean deleteOwned(DynamoDbClient ddb, String table) {
        TableDescription t;
        try {
            t = ddb.describeTable(r -> r.tableName(table)).table();
        } catch (SdkException e) {
            if (AwsErrors.kind(e) == AwsErrors.Kind.NOT_FOUND) return false;
            throw AwsErrors.translate(e, "describe table '" + table + "'");
        }
        if (!isOwned(ddb, t.tableArn())) {
            throw DdbrException.invalid("refusing to delete '" + table + "': it has no " + TAG_CREATED_BY + "="
                    + CREATED_BY_VALUE + " tag, so ddbr did not create it", "delete it yourself if it really should go");
        }
        if (!"DELETING".equals(t.tableStatusAsString())) {
            ddb.deleteTable(r -> r.tableName(table));
        }
        return true;
    }
}
