package dev.ddbr.table;

import static dev.ddbr.output.TextWriter.kv;
import static dev.ddbr.output.TextWriter.row;

import dev.ddbr.output.TextWriter;
import dev.ddbr.table.TableSettings.Gsi;
import dev.ddbr.table.TableSettings.Lsi;
import dev.ddbr.table.TableSettings.Unavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The text view of a settings snapshot, for {@code ddbr table describe}. */
final class TableText {
    private TableText() {}

    static void render(TableSettings t, TextWriter out) {
        out.heading("Table " + t.name() + "  (" + t.region() + ")");
        List<String[]> kv = new ArrayList<>();
        kv.add(kv("ARN", t.arn()));
        kv.add(kv("Status", t.status()));
        kv.add(kv("Created", t.creationTime()));
        kv.add(kv("Partition key", t.partitionKey()));
        kv.add(kv("Sort key", t.sortKey() == null ? "none" : t.sortKey().toString()));
        kv.add(kv("Billing", billing(t)));
        if (t.warmThroughput() != null) {
            kv.add(kv("Warm throughput", t.warmThroughput().readUnitsPerSecond() + " reads/s, "
                    + t.warmThroughput().writeUnitsPerSecond() + " writes/s"));
        }
        kv.add(kv("Auto scaling", autoScaling(t)));
        kv.add(kv("Stream", t.stream().enabled() ? "enabled (" + t.stream().viewType() + ")" : "disabled"));
        kv.add(kv("TTL", field(t, "ttl", t.ttl() == null ? null
                : t.ttl().status() + (t.ttl().attributeName() == null ? "" : " (attribute " + t.ttl().attributeName() + ")"))));
        kv.add(kv("PITR", field(t, "pointInTimeRecovery", pitr(t))));
        kv.add(kv("Encryption", encryption(t)));
        kv.add(kv("Deletion protection", Boolean.TRUE.equals(t.deletionProtection()) ? "enabled" : "disabled"));
        kv.add(kv("Table class", t.tableClass()));
        kv.add(kv("Contributor Insights", field(t, "contributorInsights", insights(t))));
        kv.add(kv("Resource policy", field(t, "resourcePolicy",
                t.resourcePolicy() == null ? "none" : "present (revision " + t.resourcePolicy().revisionId() + ")")));
        kv.add(kv("Kinesis streaming", field(t, "kinesisDestinations", t.kinesisDestinations() == null ? null
                : t.kinesisDestinations().isEmpty() ? "none"
                : t.kinesisDestinations().stream().map(k -> k.streamArn() + " " + k.status()).collect(Collectors.joining(", ")))));
        kv.add(kv("Global table", t.globalTableVersion() == null ? "no" : "version " + t.globalTableVersion()));
        kv.add(kv("Items (approx.)", t.itemCount()));
        kv.add(kv("Size (approx.)", bytes(t.sizeBytes())));
        kv.add(kv("Tags", field(t, "tags", tags(t.tags()))));
        out.keyValues(kv);

        if (!t.globalSecondaryIndexes().isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            for (Gsi g : t.globalSecondaryIndexes()) {
                rows.add(row(g.name(), str(g.partitionKey()), g.sortKey() == null ? "-" : g.sortKey().toString(),
                        g.projection().toString(), g.status(),
                        g.provisionedThroughput() == null ? "on-demand"
                                : g.provisionedThroughput().readCapacityUnits() + "/" + g.provisionedThroughput().writeCapacityUnits()));
            }
            out.table(List.of("gsi", "partition key", "sort key", "projection", "status", "rcu/wcu"), rows);
        }
        if (!t.localSecondaryIndexes().isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            for (Lsi l : t.localSecondaryIndexes()) rows.add(row(l.name(), str(l.sortKey()), l.projection().toString()));
            out.table(List.of("lsi", "sort key", "projection"), rows);
        }
        if (!t.replicas().isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            t.replicas().forEach(r -> rows.add(row(r.region(), r.status(), r.kmsKeyArn(), r.tableClass())));
            out.table(List.of("replica region", "status", "kms key", "table class"), rows);
        }
        if (!t.unavailable().isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            for (Unavailable u : t.unavailable()) rows.add(row(u.field(), u.api(), u.reason().toLowerCase(), u.detail()));
            out.table(List.of("unavailable", "api", "why", "detail"), rows);
        }
    }

    private static String str(Object o) { return o == null ? "-" : o.toString(); }

    /** The table's status (and mode), then each index where it is not DISABLED. */
    private static String insights(TableSettings t) {
        if (t.contributorInsights() == null) return null;
        StringBuilder b = new StringBuilder(t.contributorInsights());
        if (t.contributorInsightsMode() != null && !"DISABLED".equals(t.contributorInsights())) b.append(" (").append(t.contributorInsightsMode()).append(")");
        if (t.indexContributorInsights() != null) {
            for (TableSettings.IndexInsights i : t.indexContributorInsights()) {
                if ("DISABLED".equals(i.status())) continue;
                b.append("; index ").append(i.indexName()).append(": ").append(i.status());
                if (i.mode() != null) b.append(" (").append(i.mode()).append(")");
            }
        }
        return b.toString();
    }

    private static String field(TableSettings t, String field, String value) {
        if (!t.isAvailable(field)) {
            Unavailable u = t.unavailable().stream().filter(x -> x.field().equals(field)).findFirst().orElseThrow();
            return "unavailable (" + ("UNSUPPORTED".equals(u.reason()) ? "endpoint does not support " + u.api()
                    : "DENIED".equals(u.reason()) ? "access denied to " + u.api() : u.detail()) + ")";
        }
        return value;
    }

    private static String billing(TableSettings t) {
        if (!t.isProvisioned()) {
            String s = "on-demand";
            if (t.onDemandThroughput() != null) {
                s += " (max " + t.onDemandThroughput().maxReadRequestUnits() + " reads, "
                        + t.onDemandThroughput().maxWriteRequestUnits() + " writes)";
            }
            return s;
        }
        var p = t.provisionedThroughput();
        return p == null ? "provisioned" : "provisioned, " + p.readCapacityUnits() + " RCU / " + p.writeCapacityUnits() + " WCU";
    }

    private static String autoScaling(TableSettings t) {
        if (t.autoScaling() == null) return field(t, "autoScaling", "none");
        if (t.autoScaling().isEmpty()) return "none";
        return t.autoScaling().targets().stream()
                .map(s -> s.dimension().replace("dynamodb:", "") + " " + s.minCapacity() + ".." + s.maxCapacity()
                        + (s.resourceId().contains("/index/") ? " (" + s.resourceId().substring(s.resourceId().indexOf("/index/") + 7) + ")" : ""))
                .collect(Collectors.joining(", "))
                + "; " + t.autoScaling().policies().size() + " polic" + (t.autoScaling().policies().size() == 1 ? "y" : "ies");
    }

    private static String pitr(TableSettings t) {
        var p = t.pointInTimeRecovery();
        if (p == null) return null;
        if (!p.enabled()) return p.status();
        return p.status() + ", " + (p.recoveryPeriodDays() == null ? 35 : p.recoveryPeriodDays()) + " days, window "
                + p.earliestRestorableTime() + " .. " + p.latestRestorableTime();
    }

    private static String encryption(TableSettings t) {
        var e = t.encryption();
        if (e == null) return field(t, "encryption", null);
        String s = switch (e.keyType()) {
            case "AWS_OWNED" -> "AWS owned key";
            case "AWS_MANAGED" -> "AWS managed key (aws/dynamodb)";
            case "CUSTOMER_MANAGED" -> "customer managed key";
            default -> "KMS key (manager unknown)";
        };
        if (e.kmsKeyArn() != null) s += " " + e.kmsKeyArn();
        if (e.keyState() != null && !"Enabled".equals(e.keyState())) s += " [key " + e.keyState() + "]";
        if (!t.isAvailable("encryption")) s += "; " + field(t, "encryption", null);
        return s;
    }

    static String bytes(Long b) {
        if (b == null) return null;
        if (b < 1024) return b + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
    }

    private static String tags(Map<String, String> tags) {
        if (tags == null) return null;
        if (tags.isEmpty()) return "none";
        return tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
