package dev.ddbr.aws;

/**
 * The AWS services ddbr calls, with the key used in a profile's {@code aws.endpoints} map and the
 * suffix of the standard {@code AWS_ENDPOINT_URL_<SERVICE>} variable.
 */
public enum AwsService {
    DYNAMODB("dynamodb", "DYNAMODB"),
    BACKUP("backup", "BACKUP"),
    IAM("iam", "IAM"),
    KMS("kms", "KMS"),
    STS("sts", "STS"),
    CLOUDWATCH("cloudwatch", "CLOUDWATCH"),
    APPLICATION_AUTOSCALING("application_autoscaling", "APPLICATION_AUTO_SCALING"),
    FIS("fis", "FIS"),
    ROUTE53("route53", "ROUTE_53"),
    S3("s3", "S3"),
    ORGANIZATIONS("organizations", "ORGANIZATIONS"),
    DAX("dax", "DAX"),
    EC2("ec2", "EC2"),
    LAMBDA("lambda", "LAMBDA"),
    SNS("sns", "SNS"),
    ATHENA("athena", "ATHENA"),
    /** The AWS Price List Query API (endpoints only in us-east-1, eu-central-1, ap-south-1). */
    PRICING("pricing", "PRICING");

    private final String profileKey;
    private final String envSuffix;

    AwsService(String profileKey, String envSuffix) {
        this.profileKey = profileKey;
        this.envSuffix = envSuffix;
    }

    /** Key in the profile's endpoints map. */
    public String profileKey() { return profileKey; }

    /** {@code AWS_ENDPOINT_URL_<this>}. */
    public String envVariable() { return "AWS_ENDPOINT_URL_" + envSuffix; }
}
