package dev.ddbr.alarms;

import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.TemplateRenderable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The alarm set as code a team can commit instead of letting ddbr apply it: a CloudFormation template
 * ({@code AWS::CloudWatch::Alarm} resources) or Terraform JSON ({@code aws_cloudwatch_metric_alarm}). The
 * alarms are the same as {@code alarms apply} would put, tags included.
 *
 * <p>Several Regions (a global table's replicas): a CloudFormation stack lives in one Region, so the template
 * holds the alarms of {@code region} only (one template per Region: run again with {@code --region}). Terraform
 * JSON holds every Region's alarms, each resource outside {@code region} with the aws provider's per-resource
 * {@code region} argument (provider 6.0 and later).
 *
 * @param byRegion the alarms by Region, {@code region} first
 */
public record AlarmTemplate(String profile, String region, Map<String, List<AlarmSpec>> byRegion) implements TemplateRenderable {

    public AlarmTemplate {
        byRegion = new LinkedHashMap<>(byRegion);
    }

    /** One Region's alarms. */
    public AlarmTemplate(String profile, String region, List<AlarmSpec> alarms) {
        this(profile, region, Map.of(region, alarms));
    }

    /** The template for {@code format}: the profile's Region for CloudFormation, every Region for Terraform. */
    public static AlarmTemplate of(OutputFormat format, String profileName, String region, AlarmService service,
                                   dev.ddbr.profile.Profile p, String topic, List<LoadThresholds> loads) {
        List<AlarmPlan.LoadNote> notes = new ArrayList<>();
        return format == OutputFormat.terraform
                ? new AlarmTemplate(profileName, region, service.desiredByRegion(p, topic, loads, notes))
                : new AlarmTemplate(profileName, region, service.desired(p, topic, loads, notes));
    }

    /** The alarms of the profile's Region (what the CloudFormation template holds). */
    public List<AlarmSpec> alarms() { return byRegion.getOrDefault(region, List.of()); }

    @Override
    public Object toTemplate(OutputFormat format) {
        return format == OutputFormat.terraform ? terraform() : cloudFormation();
    }

    /** A CloudFormation template: one {@code AWS::CloudWatch::Alarm} per alarm, logical IDs from the names. */
    public Map<String, Object> cloudFormation() {
        Map<String, Object> resources = new LinkedHashMap<>();
        for (AlarmSpec a : alarms()) resources.put(unique(resources, logicalId(a.name())), cfnAlarm(a));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("AWSTemplateFormatVersion", "2010-09-09");
        t.put("Description", "CloudWatch alarms for DynamoDB from the ddbr profile " + profile + " (" + region
                + "), written by 'ddbr alarms plan -o cloudformation'");
        t.put("Resources", resources);
        return t;
    }

    Map<String, Object> cfnAlarm(AlarmSpec a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("AlarmName", a.name());
        p.put("AlarmDescription", a.description());
        p.put("ActionsEnabled", true);
        if (!a.alarmActions().isEmpty()) p.put("AlarmActions", a.alarmActions());
        p.put("ComparisonOperator", a.comparisonOperator());
        p.put("EvaluationPeriods", a.evaluationPeriods());
        p.put("DatapointsToAlarm", a.datapointsToAlarm());
        p.put("Threshold", a.threshold());
        p.put("TreatMissingData", a.treatMissingData());
        if (a.metricName() != null) {
            p.put("Namespace", a.namespace());
            p.put("MetricName", a.metricName());
            if (!a.dimensions().isEmpty()) p.put("Dimensions", cfnDimensions(a.dimensions()));
            p.put("Period", a.period());
            if (a.extendedStatistic() != null) p.put("ExtendedStatistic", a.extendedStatistic());
            else p.put("Statistic", a.statistic());
        } else {
            List<Object> metrics = new ArrayList<>();
            for (AlarmSpec.Query q : a.metrics()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Id", q.id());
                if (q.expression() != null) {
                    m.put("Expression", q.expression());
                    m.put("Label", q.label());
                    if (q.period() != null) m.put("Period", q.period());
                } else {
                    Map<String, Object> metric = new LinkedHashMap<>();
                    metric.put("Namespace", q.namespace());
                    metric.put("MetricName", q.metricName());
                    metric.put("Dimensions", cfnDimensions(q.dimensions()));
                    Map<String, Object> stat = new LinkedHashMap<>();
                    stat.put("Metric", metric);
                    stat.put("Period", q.period());
                    stat.put("Stat", q.stat());
                    m.put("MetricStat", stat);
                }
                m.put("ReturnData", q.returnData());
                metrics.add(m);
            }
            p.put("Metrics", metrics);
        }
        p.put("Tags", List.of(Map.of("Key", AlarmService.TAG_MANAGED, "Value", "true"),
                Map.of("Key", AlarmService.TAG_PROFILE, "Value", profile)));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Type", "AWS::CloudWatch::Alarm");
        r.put("Properties", p);
        return r;
    }

    private static List<Object> cfnDimensions(Map<String, String> d) {
        List<Object> out = new ArrayList<>();
        d.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", k);
            m.put("Value", v);
            out.add(m);
        });
        return out;
    }

    /** Terraform JSON: one {@code aws_cloudwatch_metric_alarm} per alarm, resource names from the alarm names. */
    public Map<String, Object> terraform() {
        Map<String, Object> alarmsByName = new LinkedHashMap<>();
        byRegion.forEach((r, list) -> {
            for (AlarmSpec a : list) {
                Map<String, Object> res = tfAlarm(a);
                if (!r.equals(region)) res.put("region", r);
                alarmsByName.put(unique(alarmsByName, terraformName(r.equals(region) ? a.name() : a.name() + "-" + r)), res);
            }
        });
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("aws_cloudwatch_metric_alarm", alarmsByName);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("//", "CloudWatch alarms for DynamoDB from the ddbr profile " + profile + " (" + String.join(", ", byRegion.keySet())
                + "), written by 'ddbr alarms plan -o terraform'; alarms outside " + region
                + " carry the aws provider's per-resource region argument (provider 6.0 and later)");
        t.put("resource", resource);
        return t;
    }

    Map<String, Object> tfAlarm(AlarmSpec a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alarm_name", a.name());
        p.put("alarm_description", a.description());
        p.put("actions_enabled", true);
        p.put("alarm_actions", a.alarmActions());
        p.put("comparison_operator", a.comparisonOperator());
        p.put("evaluation_periods", a.evaluationPeriods());
        p.put("datapoints_to_alarm", a.datapointsToAlarm());
        p.put("threshold", a.threshold());
        p.put("treat_missing_data", a.treatMissingData());
        if (a.metricName() != null) {
            p.put("namespace", a.namespace());
            p.put("metric_name", a.metricName());
            if (!a.dimensions().isEmpty()) p.put("dimensions", a.dimensions());
            p.put("period", a.period());
            if (a.extendedStatistic() != null) p.put("extended_statistic", a.extendedStatistic());
            else p.put("statistic", a.statistic());
        } else {
            List<Object> queries = new ArrayList<>();
            for (AlarmSpec.Query q : a.metrics()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", q.id());
                if (q.expression() != null) {
                    m.put("expression", q.expression());
                    m.put("label", q.label());
                    if (q.period() != null) m.put("period", q.period());
                } else {
                    Map<String, Object> metric = new LinkedHashMap<>();
                    metric.put("namespace", q.namespace());
                    metric.put("metric_name", q.metricName());
                    metric.put("dimensions", q.dimensions());
                    metric.put("period", q.period());
                    metric.put("stat", q.stat());
                    m.put("metric", List.of(metric));
                }
                m.put("return_data", q.returnData());
                queries.add(m);
            }
            p.put("metric_query", queries);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(AlarmService.TAG_MANAGED, "true");
        tags.put(AlarmService.TAG_PROFILE, profile);
        p.put("tags", tags);
        return p;
    }

    /** {@code id}, or {@code id2}, {@code id3}... when two alarm names map to the same identifier. */
    static String unique(Map<String, Object> taken, String id) {
        String s = id;
        for (int n = 2; taken.containsKey(s); n++) s = id + n;
        return s;
    }

    /** A CloudFormation logical ID: letters and digits only; {@code ddbr-orders-read-throttles} -> {@code DdbrOrdersReadThrottles}. */
    static String logicalId(String name) {
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            } else {
                up = true;
            }
        }
        return b.toString();
    }

    /** A Terraform resource name: letters, digits, '_' and '-', starting with a letter or '_'. */
    static String terraformName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        return Character.isLetter(s.charAt(0)) || s.charAt(0) == '_' ? s : "_" + s;
    }
}
