package dev.ddbr.aws;

/**
 * Where a command acts: the account (from sts:GetCallerIdentity, asked once per run), the Region and the
 * DynamoDB endpoint. Shown in every confirmation prompt and every --dry-run plan, so an operator with the
 * wrong AWS_PROFILE or AWS_REGION in their shell sees it before anything happens. JSON field
 * {@code actingOn}: {@code {"account": "111111111111" or null, "accountProblem": why it is unknown or null,
 * "region": "eu-west-1", "endpoint": "https://dynamodb.eu-west-1.amazonaws.com"}}.
 */
public record ActingOn(String account, String accountProblem, String region, String endpoint) {

    /** {@code account 111111111111, Region eu-west-1, endpoint https://dynamodb.eu-west-1.amazonaws.com}. */
    public String text() {
        String a = account != null ? "account " + account : "account unknown (" + accountProblem + ")";
        return a + ", Region " + region + ", endpoint " + endpoint;
    }

    /** DynamoDB's public endpoint in a Region, when no override is set. */
    static String defaultEndpoint(String region) {
        return "https://dynamodb." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
    }
}
