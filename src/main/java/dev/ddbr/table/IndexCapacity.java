package dev.ddbr.table;

import java.util.List;

/**
 * The capacity a table or a global secondary index is given in a CreateTable request or a restore's overrides, as
 * AWS accepts it. DescribeTable reports an index's ProvisionedThroughput as 0/0 on an on-demand table; AWS's minimum
 * for those fields is 1, and it refuses any index ProvisionedThroughput with BillingMode PAY_PER_REQUEST. So: an
 * index gets ProvisionedThroughput (at least 1/1) only when the new table is provisioned, and OnDemandThroughput (its
 * maximums of at least 1; "-1", no maximum, is left out) only when it is on-demand. The one place that decides it:
 * {@code backup import --create}, {@code restore pitr}, {@code restore backup} and {@code --replace} all go through here.
 */
public final class IndexCapacity {
    private IndexCapacity() {}

    /** A provisioned capacity as AWS accepts it: each figure at least 1. */
    public static TableSettings.Throughput provisioned(TableSettings.Throughput t) {
        if (t == null) return null;
        return new TableSettings.Throughput(Math.max(1, t.readCapacityUnits()), Math.max(1, t.writeCapacityUnits()));
    }

    /** An on-demand maximum as AWS accepts it: only figures of at least 1; null when none is left. */
    public static TableSettings.OnDemand onDemand(TableSettings.OnDemand o) {
        if (o == null) return null;
        Long r = o.maxReadRequestUnits() != null && o.maxReadRequestUnits() >= 1 ? o.maxReadRequestUnits() : null;
        Long w = o.maxWriteRequestUnits() != null && o.maxWriteRequestUnits() >= 1 ? o.maxWriteRequestUnits() : null;
        return r == null && w == null ? null : new TableSettings.OnDemand(r, w);
    }

    /** {@code g} with only the capacity a table of the given billing mode may carry for it. */
    public static TableSettings.Gsi forTable(TableSettings.Gsi g, boolean provisioned) {
        return new TableSettings.Gsi(g.name(), g.partitionKey(), g.sortKey(), g.projection(), g.status(),
                provisioned ? provisioned(g.provisionedThroughput()) : null,
                provisioned ? null : onDemand(g.onDemandThroughput()),
                g.warmThroughput(), g.itemCount(), g.sizeBytes());
    }

    /** Every index of {@code gsis} through {@link #forTable}; null for none (the override is then left out). */
    public static List<TableSettings.Gsi> forTable(List<TableSettings.Gsi> gsis, boolean provisioned) {
        if (gsis == null || gsis.isEmpty()) return null;
        return gsis.stream().map(g -> forTable(g, provisioned)).toList();
    }

    /** Whether a billing mode (as DescribeTable or a request spells it; null means PROVISIONED) is provisioned. */
    public static boolean isProvisioned(String billingMode) {
        return !"PAY_PER_REQUEST".equals(billingMode);
    }
}
