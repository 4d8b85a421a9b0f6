package dev.ddbr.failover;

import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.List;

/** Small facts about global tables read from a settings snapshot. */
public final class GlobalTables {
    /** The current global tables version; 2017.11.29 is legacy. */
    public static final String CURRENT_VERSION = "2019.11.21";

    private GlobalTables() {}

    /**
     * Every Region holding a replica, as seen from this one: its own Region first, then the others in
     * DescribeTable's order. (DescribeTable lists the other replicas; a listing of its own Region is
     * tolerated.)
     */
    public static List<String> regions(TableSettings t) {
        List<String> out = new ArrayList<>();
        out.add(t.region());
        for (TableSettings.Replica r : t.replicas()) {
            if (!out.contains(r.region())) out.add(r.region());
        }
        return out;
    }

    /** The status another Region reports for {@code region}'s replica, or null if it does not list it. */
    public static String statusOf(TableSettings seenFrom, String region) {
        return seenFrom.replicas().stream().filter(r -> r.region().equals(region)).map(TableSettings.Replica::status)
                .findFirst().orElse(null);
    }
}
