package dev.ddbr.table;

/** The separately fetched parts of a settings snapshot, with the APIs each one calls. */
public enum SnapshotPart {
    PITR("pointInTimeRecovery", "DescribeContinuousBackups"),
    TTL("ttl", "DescribeTimeToLive"),
    TAGS("tags", "ListTagsOfResource"),
    KMS("encryption", "kms:DescribeKey, kms:GetKeyRotationStatus"),
    AUTO_SCALING("autoScaling", "application-autoscaling:DescribeScalableTargets, DescribeScalingPolicies"),
    CONTRIBUTOR_INSIGHTS("contributorInsights", "DescribeContributorInsights"),
    RESOURCE_POLICY("resourcePolicy", "GetResourcePolicy"),
    KINESIS("kinesisDestinations", "DescribeKinesisStreamingDestination"),
    ALARMS("alarms", "cloudwatch:DescribeAlarms");

    private final String field;
    private final String api;

    SnapshotPart(String field, String api) {
        this.field = field;
        this.api = api;
    }

    public String field() { return field; }

    public String api() { return api; }
}
