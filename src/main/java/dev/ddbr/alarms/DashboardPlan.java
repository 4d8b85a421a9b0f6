package dev.ddbr.alarms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import dev.ddbr.output.TemplateRenderable;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's dashboard: its name, what apply would do ({@code create}, {@code update}, {@code unchanged})
 * and the body. JSON output is the body itself, as PutDashboard takes it.
 */
public record DashboardPlan(String dashboard, String region, String action, Map<String, Object> body)
        implements TextRenderable, TemplateRenderable {

    @JsonIgnore
    public boolean hasChanges() { return !"unchanged".equals(action); }

    /** The body as the JSON text PutDashboard takes. */
    @JsonIgnore
    public String bodyText() {
        try {
            return Renderer.jsonLine().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @JsonIgnore
    public int widgets() { return ((List<?>) body.get("widgets")).size(); }

    @Override
    public void renderText(TextWriter out) {
        Style st = out.style();
        switch (action) {
            case "create" -> out.line(st.good("  + create ") + "dashboard " + dashboard + "  " + widgets() + " widgets");
            case "update" -> out.line(st.warn("  ~ update ") + "dashboard " + dashboard + "  " + widgets() + " widgets");
            default -> { }
        }
        if (hasChanges()) {
            out.blank();
            out.verdict(Style.Tone.WARN, "Plan: dashboard " + dashboard + " to " + action + " in " + region
                    + " ('-o json' prints its body).");
        } else {
            out.verdict(Style.Tone.GOOD, "No changes: dashboard " + dashboard + " matches the profile in " + region + ".");
        }
    }

    @Override
    public Object toTemplate(OutputFormat format) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (format == OutputFormat.terraform) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("dashboard_name", dashboard);
            r.put("dashboard_body", bodyText());
            t.put("//", "CloudWatch dashboard written by 'ddbr dashboard plan -o terraform'");
            t.put("resource", Map.of("aws_cloudwatch_dashboard", Map.of(AlarmTemplate.terraformName(dashboard), r)));
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("DashboardName", dashboard);
            p.put("DashboardBody", bodyText());
            t.put("AWSTemplateFormatVersion", "2010-09-09");
            t.put("Description", "CloudWatch dashboard written by 'ddbr dashboard plan -o cloudformation'");
            t.put("Resources", Map.of(AlarmTemplate.logicalId(dashboard), Map.of("Type", "AWS::CloudWatch::Dashboard", "Properties", p)));
        }
        return t;
    }
}
