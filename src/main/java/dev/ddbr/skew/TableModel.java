package dev.ddbr.skew;

import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.table.TableSettings;
import dev.ddbr.table.TableSettings.Gsi;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a table's settings snapshot says about skew: the targets to count and the throughput figures. */
public final class TableModel {
    private TableModel() {}

    /** The base table's partition key first, then each GSI's, with what each index entry holds. */
    public static List<SkewTarget> targets(TableSettings t) {
        List<SkewTarget> out = new ArrayList<>();
        out.add(new SkewTarget(null, t.partitionKey().name(), t.partitionKey().type(), null));
        for (Gsi g : t.globalSecondaryIndexes()) {
            out.add(new SkewTarget(g.name(), g.partitionKey().name(), g.partitionKey().type(), projected(t, g)));
        }
        return out;
    }

    static Set<String> projected(TableSettings t, Gsi g) {
        String type = g.projection() == null ? "ALL" : g.projection().type();
        if ("ALL".equals(type)) return null;
        Set<String> s = new LinkedHashSet<>();
        s.add(t.partitionKey().name());
        if (t.sortKey() != null) s.add(t.sortKey().name());
        s.add(g.partitionKey().name());
        if (g.sortKey() != null) s.add(g.sortKey().name());
        if ("INCLUDE".equals(type) && g.projection().nonKeyAttributes() != null) s.addAll(g.projection().nonKeyAttributes());
        return Set.copyOf(s);
    }

    /** Throughput figures of the table, best first: provisioned, warm, on-demand maximum. */
    public static List<Capacity> capacities(TableSettings t) {
        List<Capacity> c = new ArrayList<>();
        if (t.provisionedThroughput() != null && t.isProvisioned()) {
            c.add(new Capacity("provisioned", t.provisionedThroughput().readCapacityUnits(), t.provisionedThroughput().writeCapacityUnits()));
        }
        if (t.warmThroughput() != null) {
            c.add(new Capacity("warm", t.warmThroughput().readUnitsPerSecond(), t.warmThroughput().writeUnitsPerSecond()));
        }
        if (t.onDemandThroughput() != null) {
            c.add(new Capacity("on-demand maximum", t.onDemandThroughput().maxReadRequestUnits(), t.onDemandThroughput().maxWriteRequestUnits()));
        }
        return c;
    }

    public static List<Capacity> capacities(TableSettings t, Gsi g) {
        List<Capacity> c = new ArrayList<>();
        if (g.provisionedThroughput() != null && t.isProvisioned()) {
            c.add(new Capacity("provisioned", g.provisionedThroughput().readCapacityUnits(), g.provisionedThroughput().writeCapacityUnits()));
        }
        if (g.warmThroughput() != null) {
            c.add(new Capacity("warm", g.warmThroughput().readUnitsPerSecond(), g.warmThroughput().writeUnitsPerSecond()));
        }
        if (g.onDemandThroughput() != null) {
            c.add(new Capacity("on-demand maximum", g.onDemandThroughput().maxReadRequestUnits(), g.onDemandThroughput().maxWriteRequestUnits()));
        }
        return c;
    }

    public static Capacity first(List<Capacity> c) {
        return c.stream().filter(Capacity::known).findFirst().orElse(null);
    }

    public static Gsi gsi(TableSettings t, String name) {
        return t.globalSecondaryIndexes().stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }
}
