package dev.ddbr.capacity;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.capacity.CapacityPlan.Step;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.capacity.CapacityReport.Settings;
import dev.ddbr.error.DdbrException;
import dev.ddbr.restore.TableWaiter;
import dev.ddbr.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * {@code capacity apply}: turns a table's advice into the exact calls (a {@link CapacityPlan}) and makes them,
 * waiting for the table to be ACTIVE between UpdateTable calls (DynamoDB refuses a second update while one runs).
 */
public final class CapacityApplier {
    static final String POLICY_PREFIX = "ddbr-target-tracking-";
    private final ClientFactory aws;

    public CapacityApplier(ClientFactory aws) { this.aws = aws; }

    /** The plan for the table's advice (entries of one table, the table first) plus optional warm throughput. */
    public static CapacityPlan plan(List<Entry> entries, Long warmReads, Long warmWrites, String region) {
        Entry table = entries.get(0);
        String name = table.name();
        List<Step> steps = new ArrayList<>();
        String action = table.recommended().action();
        String mode = table.recommended().mode();
        boolean toOnDemand = "switch-to-on-demand".equals(action);
        boolean toProvisioned = "switch-to-provisioned".equals(action);
        boolean scaling = toProvisioned || "change-auto-scaling".equals(action);
        if (toOnDemand) {
            for (Entry e : entries) {
                for (String dim : List.of("Read", "Write")) {
                    Settings s = "Read".equals(dim) ? e.current().read() : e.current().write();
                    if (s.min() != null) {
                        steps.add(new Step("application-autoscaling:DeregisterScalableTarget", resource(e),
                                params("ScalableDimension", dimension(e, dim)), "on-demand needs no auto scaling"));
                    }
                }
            }
            steps.add(new Step("dynamodb:UpdateTable", name, params("BillingMode", "PAY_PER_REQUEST"), "switch to on-demand"));
        }
        if (toProvisioned) {
            Map<String, Object> p = params("BillingMode", "PROVISIONED",
                    "ProvisionedThroughput", units(table.recommended().read().min(), table.recommended().write().min()));
            for (Entry e : entries.subList(1, entries.size())) {
                p.put("GlobalSecondaryIndexUpdates[" + e.index() + "].ProvisionedThroughput",
                        units(e.recommended().read().min(), e.recommended().write().min()));
            }
            steps.add(new Step("dynamodb:UpdateTable", name, p, "switch to provisioned at the recommended minimum"));
        }
        if (scaling) {
            for (Entry e : entries) {
                for (String dim : List.of("Read", "Write")) {
                    Settings s = "Read".equals(dim) ? e.recommended().read() : e.recommended().write();
                    steps.add(new Step("application-autoscaling:RegisterScalableTarget", resource(e),
                            params("ScalableDimension", dimension(e, dim), "MinCapacity", s.min(), "MaxCapacity", s.max()),
                            "auto scaling bounds"));
                    steps.add(new Step("application-autoscaling:PutScalingPolicy", resource(e),
                            params("PolicyName", POLICY_PREFIX + dim.toLowerCase(java.util.Locale.ROOT), "ScalableDimension", dimension(e, dim),
                                    "PolicyType", "TargetTrackingScaling",
                                    "PredefinedMetricType", "DynamoDB" + dim + "CapacityUtilization",
                                    "TargetValue", Math.round(s.target() * 1000) / 10.0),
                            "target tracking at " + Math.round(s.target() * 100) + "%"));
                }
            }
        }
        String cls = table.recommended().tableClass();
        if (cls != null && !cls.equals(table.current().tableClass())) {
            steps.add(new Step("dynamodb:UpdateTable", name, params("TableClass", cls), "cheaper table class"));
        }
        if (warmReads != null || warmWrites != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            if (warmReads != null) w.put("WarmThroughput.ReadUnitsPerSecond", warmReads);
            if (warmWrites != null) w.put("WarmThroughput.WriteUnitsPerSecond", warmWrites);
            steps.add(new Step("dynamodb:UpdateTable", name, w, "pre-warm ahead of an event (never decreases on its own)"));
            if ("keep".equals(action)) action = "warm-throughput";
        }
        List<String> reasons = "keep".equals(table.recommended().action()) ? List.of() : table.recommended().reasons();
        return new CapacityPlan(name, region, action, reasons, List.copyOf(steps), false);
    }

    /** Makes the calls in order; stops at the first failure with what was done and what was not. */
    public CapacityPlan apply(CapacityPlan plan, Duration timeout) throws InterruptedException {
        DynamoDbClient ddb = aws.dynamodb(plan.region());
        ApplicationAutoScalingClient as = aws.autoscaling(plan.region());
        TableWaiter waiter = new TableWaiter(ddb, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofSeconds(1), Duration.ofSeconds(10));
        int done = 0;
        for (Step s : plan.steps()) {
            try {
                switch (s.api()) {
                    case "dynamodb:UpdateTable" -> {
                        ddb.updateTable(updateTable(plan.table(), s.parameters()));
                        waiter.waitActive(plan.table(), timeout, "ddbr capacity apply " + plan.table(), p -> { });
                    }
                    case "application-autoscaling:RegisterScalableTarget" -> as.registerScalableTarget(r -> r
                            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(s.resource())
                            .scalableDimension(ScalableDimension.fromValue((String) s.parameters().get("ScalableDimension")))
                            .minCapacity((Integer) s.parameters().get("MinCapacity")).maxCapacity((Integer) s.parameters().get("MaxCapacity")));
                    case "application-autoscaling:PutScalingPolicy" -> as.putScalingPolicy(r -> r
                            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(s.resource())
                            .scalableDimension(ScalableDimension.fromValue((String) s.parameters().get("ScalableDimension")))
                            .policyName((String) s.parameters().get("PolicyName")).policyType(PolicyType.TARGET_TRACKING_SCALING)
                            .targetTrackingScalingPolicyConfiguration(c -> c.targetValue((Double) s.parameters().get("TargetValue"))
                                    .predefinedMetricSpecification(m -> m.predefinedMetricType(
                                            MetricType.fromValue((String) s.parameters().get("PredefinedMetricType"))))));
                    case "application-autoscaling:DeregisterScalableTarget" -> as.deregisterScalableTarget(r -> r
                            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(s.resource())
                            .scalableDimension(ScalableDimension.fromValue((String) s.parameters().get("ScalableDimension"))));
                    default -> throw new IllegalStateException("unknown step " + s.api());
                }
            } catch (SdkException e) {
                DdbrException d = AwsErrors.translate(e, "step " + (done + 1) + " of " + plan.steps().size() + " (" + s.api() + " "
                        + s.resource() + "); steps 1.." + done + " were applied");
                throw d;
            }
            done++;
        }
        return plan.done();
    }

    @SuppressWarnings("unchecked")
    static UpdateTableRequest updateTable(String table, Map<String, Object> p) {
        UpdateTableRequest.Builder b = UpdateTableRequest.builder().tableName(table);
        if (p.containsKey("BillingMode")) b.billingMode(BillingMode.fromValue((String) p.get("BillingMode")));
        if (p.containsKey("ProvisionedThroughput")) {
            Map<String, Long> u = (Map<String, Long>) p.get("ProvisionedThroughput");
            b.provisionedThroughput(t -> t.readCapacityUnits(u.get("ReadCapacityUnits")).writeCapacityUnits(u.get("WriteCapacityUnits")));
        }
        List<GlobalSecondaryIndexUpdate> gsis = new ArrayList<>();
        p.forEach((k, v) -> {
            if (k.startsWith("GlobalSecondaryIndexUpdates[")) {
                String index = k.substring(k.indexOf('[') + 1, k.indexOf(']'));
                Map<String, Long> u = (Map<String, Long>) v;
                gsis.add(GlobalSecondaryIndexUpdate.builder().update(x -> x.indexName(index).provisionedThroughput(t -> t
                        .readCapacityUnits(u.get("ReadCapacityUnits")).writeCapacityUnits(u.get("WriteCapacityUnits")))).build());
            }
        });
        if (!gsis.isEmpty()) b.globalSecondaryIndexUpdates(gsis);
        if (p.containsKey("TableClass")) b.tableClass((String) p.get("TableClass"));
        if (p.containsKey("WarmThroughput.ReadUnitsPerSecond") || p.containsKey("WarmThroughput.WriteUnitsPerSecond")) {
            b.warmThroughput(w -> w.readUnitsPerSecond((Long) p.get("WarmThroughput.ReadUnitsPerSecond"))
                    .writeUnitsPerSecond((Long) p.get("WarmThroughput.WriteUnitsPerSecond")));
        }
        return b.build();
    }

    static String resource(Entry e) { return "table/" + e.name() + (e.index() == null ? "" : "/index/" + e.index()); }

    static String dimension(Entry e, String dim) {
        return "dynamodb:" + (e.index() == null ? "table" : "index") + ":" + dim + "CapacityUnits";
    }

    private static Map<String, Long> units(int read, int write) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ReadCapacityUnits", (long) read);
        m.put("WriteCapacityUnits", (long) write);
        return m;
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
