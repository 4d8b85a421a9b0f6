package dev.ddbr.capacity;

import dev.ddbr.table.TableSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the advice needs to know about a table, read from its settings snapshot: mode, class, and per part (the
 * table, then each GSI) its size and its read and write capacity settings.
 *
 * @param parts the table first (index null), then its GSIs
 */
public record TableShape(String name, String region, boolean provisioned, String tableClass, Instant created,
                         List<Part> parts) {

    /** The table ({@code index} null) or one GSI. */
    public record Part(String index, Long sizeBytes, Dim read, Dim write) {}

    /**
     * One dimension's settings.
     *
     * @param provisioned  provisioned capacity units (null on on-demand)
     * @param asMin        auto scaling minimum (null without a scalable target)
     * @param asMax        auto scaling maximum
     * @param asTarget     target tracking value as a share (0.70), null without a policy
     * @param onDemandMax  on-demand maximum throughput, null when unset
     * @param warm         warm throughput, units per second, null when unknown
     */
    public record Dim(Integer provisioned, Integer asMin, Integer asMax, Double asTarget, Long onDemandMax, Long warm) {
        public boolean autoScaled() { return asMin != null && asMax != null; }
    }

    public boolean isIa() { return "STANDARD_INFREQUENT_ACCESS".equals(tableClass); }

    /** From a snapshot read with the AUTO_SCALING part. */
    public static TableShape of(TableSettings t) {
        List<Part> parts = new ArrayList<>();
        boolean prov = t.isProvisioned();
        parts.add(new Part(null, t.sizeBytes(),
                dim(t, "table/" + t.name(), "dynamodb:table:ReadCapacityUnits", prov ? t.provisionedThroughput() : null, true,
                        t.onDemandThroughput(), t.warmThroughput()),
                dim(t, "table/" + t.name(), "dynamodb:table:WriteCapacityUnits", prov ? t.provisionedThroughput() : null, false,
                        t.onDemandThroughput(), t.warmThroughput())));
        for (TableSettings.Gsi g : t.globalSecondaryIndexes()) {
            String res = "table/" + t.name() + "/index/" + g.name();
            parts.add(new Part(g.name(), g.sizeBytes(),
                    dim(t, res, "dynamodb:index:ReadCapacityUnits", prov ? g.provisionedThroughput() : null, true, g.onDemandThroughput(), g.warmThroughput()),
                    dim(t, res, "dynamodb:index:WriteCapacityUnits", prov ? g.provisionedThroughput() : null, false, g.onDemandThroughput(), g.warmThroughput())));
        }
        String cls = t.tableClass() == null ? "STANDARD" : t.tableClass();
        return new TableShape(t.name(), t.region(), prov, cls, t.creationTime(), List.copyOf(parts));
    }

    private static Dim dim(TableSettings t, String resourceId, String dimension, TableSettings.Throughput p, boolean read,
                           TableSettings.OnDemand od, TableSettings.Warm warm) {
        Integer prov = p == null ? null : (int) Math.min(Integer.MAX_VALUE, read ? p.readCapacityUnits() : p.writeCapacityUnits());
        Integer min = null;
        Integer max = null;
        Double target = null;
        if (t.autoScaling() != null) {
            for (TableSettings.ScalableTarget st : t.autoScaling().targets()) {
                if (st.resourceId().equals(resourceId) && st.dimension().equals(dimension) && !st.suspended()) {
                    min = st.minCapacity();
                    max = st.maxCapacity();
                }
            }
            for (TableSettings.ScalingPolicy sp : t.autoScaling().policies()) {
                // moto ignores the ResourceId filter: match both fields here
                if (resourceId.equals(sp.resourceId()) && dimension.equals(sp.dimension()) && sp.targetValue() != null) {
                    target = sp.targetValue() / 100.0;
                }
            }
        }
        Long odMax = od == null ? null : (read ? od.maxReadRequestUnits() : od.maxWriteRequestUnits());
        if (odMax != null && odMax <= 0) odMax = null; // -1 means "no maximum"
        Long w = warm == null ? null : (read ? warm.readUnitsPerSecond() : warm.writeUnitsPerSecond());
        return new Dim(prov, min, max, target, odMax, w);
    }
}
