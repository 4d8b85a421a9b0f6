package dev.ddbr.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Renderer;
import dev.ddbr.profile.Profile;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * One CloudWatch dashboard per profile, {@code ddbr-<profile>}, in the profile's Region: plan and apply. A global
 * table's replicas are graphed from their own Regions on the same dashboard.
 */
public final class DashboardService {
    private final ClientFactory aws;
    private final String region;
    /** The dashboard starts where the alarms do: the same snapshots, the same owned alarms. */
    private final AlarmService alarms;

    public DashboardService(ClientFactory aws, String region) {
        this.aws = aws;
        this.region = region;
        this.alarms = new AlarmService(aws, region);
    }

    public static String dashboardName(Profile p) {
        String n = AlarmSet.PREFIX + AlarmService.profileName(p).replaceAll("[^A-Za-z0-9_-]", "-");
        return n.length() > 255 ? n.substring(0, 255) : n;
    }

    public DashboardPlan plan(Profile profile) {
        String name = dashboardName(profile);
        String profileName = AlarmService.profileName(profile);
        // the same start as the alarms: the tables in every Region (replicas in theirs), the alarms ddbr owns there
        Map<String, List<TableSettings>> tables = alarms.snapshotsByRegion(profile);
        Map<String, List<String>> arns = new LinkedHashMap<>();
        for (String r : tables.keySet()) {
            List<String> in = new ArrayList<>();
            alarms.owned(alarms.existing(r), profileName).values().forEach(e -> in.add(e.arn()));
            arns.put(r, in);
        }
        Map<String, Object> body = DashboardBody.build(profileName, region, tables, profile.alarms(), arns);
        String action;
        CloudWatchClient cw = aws.cloudwatch(region);
        try {
            String current = cw.getDashboard(r -> r.dashboardName(name)).dashboardBody();
            JsonNode have = Renderer.json().readTree(current);
            action = have.equals(Renderer.json().valueToTree(body)) ? "unchanged" : "update";
        } catch (SdkException e) {
            if (AwsErrors.kind(e) != AwsErrors.Kind.NOT_FOUND) throw AwsErrors.translate(e, "read dashboard '" + name + "'");
            action = "create";
        } catch (java.io.IOException e) {
            action = "update"; // a body that is not JSON is replaced
        }
        return new DashboardPlan(name, region, action, body);
    }

    public void apply(DashboardPlan plan) {
        try {
            var r = aws.cloudwatch(region).putDashboard(b -> b.dashboardName(plan.dashboard()).dashboardBody(plan.bodyText()));
            if (r.hasDashboardValidationMessages() && !r.dashboardValidationMessages().isEmpty()) {
                throw DdbrException.aws("CloudWatch refused part of dashboard '" + plan.dashboard() + "': "
                        + r.dashboardValidationMessages().get(0).message(), "report this as a ddbr bug", null);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "put dashboard '" + plan.dashboard() + "'");
        }
    }
}
