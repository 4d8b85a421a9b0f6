package dev.ddbr.cli.audit;

import dev.ddbr.audit.AuditReport;
import dev.ddbr.audit.Auditor;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.profile.AuditSettings.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.ddbr.cli.ReportOption;
import dev.ddbr.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(name = "audit",
        header = "Audit resilience and security: what will hurt tonight, and who could make it worse.",
        description = {"Check tables against every Security Hub DynamoDB control and ddbr's own resilience rules: "
                + "PITR and its period (DynamoDB.2), AWS Backup plan and backup age (DynamoDB.4), deletion protection "
                + "(DynamoDB.6), auto scaling (DynamoDB.1) and headroom (the busiest minute of 14 days of consumed capacity against "
                + "the most the table can scale to), the KMS key (customer managed? enabled? rotating? "
                + "usable by the backup role and the copy destination?), global-table version, replica status and parity, "
                + "resource-policy exposure, network (a DynamoDB VPC endpoint in the profile's audit.vpcs or, with --all-vpcs, every VPC: "
                + "present, on every subnet's route table, its policy no wider than the tables; table policies pinned to a VPC endpoint that "
                + "still let replication and AWS Backup in), CloudWatch alarms, DAX clusters (DynamoDB.3, DynamoDB.7, nodes across zones), "
                + "and which IAM roles, users and groups can delete the tables, their backups or recovery points, disable PITR or "
                + "deletion protection, change the resource policy, or disable the table's key.",
            "",
            "With no TABLE: the profile's tables, or every table in the Region. A profile table that does not exist is a "
                    + "high 'table-missing' finding. A check whose API is unavailable or "
                    + "denied becomes an 'info' finding (could not evaluate ...) and the audit goes on.",
            "",
            "Output: text grouped by table, worst first; -o json|yaml ({\"findings\": [...], \"summary\": {...}}, "
                    + "docs/audit.md); -o sarif (SARIF 2.1.0 for code-scanning dashboards; audit only).",
            "Exit 0 when no finding is at or above --fail-on, 1 otherwise.",
            "",
            "Examples:",
            "  ddbr audit",
            "  ddbr audit orders payments -p prod --fail-on high",
            "  ddbr audit --all-vpcs --no-iam",
            "  ddbr audit -o sarif > ddbr-audit.sarif",
            "  ddbr audit -p prod --report audit.html        (charts of the findings, for a ticket)",
            "  ddbr audit orders -o json | jq '.findings[] | select(.severity==\"critical\")'",
            "",
            "[API: ListTables, DescribeTable, DescribeContinuousBackups, DescribeTimeToLive, ListTagsOfResource, "
                    + "DescribeContributorInsights, GetResourcePolicy, DescribeKinesisStreamingDestination, DescribeGlobalTable, ListBackups, "
                    + "kms:DescribeKey, kms:GetKeyRotationStatus, kms:GetKeyPolicy, "
                    + "application-autoscaling:DescribeScalableTargets, application-autoscaling:DescribeScalingPolicies, "
                    + "cloudwatch:DescribeAlarms, cloudwatch:GetMetricData, backup:ListBackupPlans, backup:ListBackupSelections, "
                    + "backup:GetBackupSelection, backup:ListRecoveryPointsByResource, dax:DescribeClusters, "
                    + "ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeRouteTables, ec2:DescribeVpcEndpoints, sts:GetCallerIdentity, "
                    + "iam:GetAccountAuthorizationDetails, iam:GetPolicy, iam:GetPolicyVersion]"})
public class AuditCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables to audit (default: the profile's tables, else every table in the Region).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            completionCandidates = SeverityCandidates.class,
            description = "Exit 1 when a finding is at or above this severity: ${COMPLETION-CANDIDATES} "
                    + "(default: the profile's audit.fail_on, else low).")
    Severity failOn;

    @Option(names = "--no-iam", description = "Skip the IAM checks (they read every role, user and group of the account).")
    boolean noIam;

    @Option(names = "--no-dax", description = "Skip the DAX cluster checks.")
    boolean noDax;

    @Option(names = "--all-vpcs", description = "Check the DynamoDB endpoint of every VPC in the Region, not only the profile's audit.vpcs.")
    boolean allVpcs;

    @Mixin
    ReportOption reportOption = new ReportOption();

    @Override
    protected boolean supportsSarif() { return true; }

    @Override
    protected int execute() {
        reportOption.check();
        var profile = ctx().profileOrEmpty();
        Severity threshold = failOn != null ? failOn : profile.audit().failOn();
        AuditReport report = new Auditor(aws(), profile, Clock.systemUTC(), m -> console().verbose(m))
                .run(List.copyOf(tables), !noIam, !noDax, allVpcs, threshold);
        render(report);
        AuditReport done = report;
        reportOption.write(ctx(), spec, meta -> Reports.of(done, meta));
        return report.exitCode();
    }

    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of critical, high, medium, low, info but was '" + value + "'");
            }
        }
    }

    static final class SeverityCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Severity.values()).map(Severity::key).iterator();
        }
    }
}
