package dev.ddbr.report;

import dev.ddbr.failover.WhatIf;
import dev.ddbr.failover.WhatIf.Survivor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The HTML report of {@code failover what-if}: each surviving Region's peak and load after the loss against its ceiling. */
final class WhatIfPage {
    private WhatIfPage() {}

    static String render(WhatIf.Result r, ReportMeta meta) {
        Page p = new Page("Failover what-if: " + r.table() + " loses " + r.lost(), meta);
        p.verdict(r.ok() ? Page.Tone.OK : Page.Tone.BAD, r.verdict() + ": the survivors "
                + (r.ok() ? "can carry " : "cannot all carry ") + r.lost() + "'s peak of " + num(r.lostPeakRead())
                + " reads/s and " + num(r.lostPeakWrite()) + " writes/s");
        for (WhatIf.Stranded s : r.stranded()) p.verdictLine(s.table() + ": " + s.status() + ", " + s.reason());
        if (!r.survivors().isEmpty()) {
            chart(p, r, "read", Survivor::ownPeakRead, Survivor::loadRead, Survivor::ceilingRead);
            chart(p, r, "write", Survivor::ownPeakWrite, Survivor::loadWrite, Survivor::ceilingWrite);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Survivor s : r.survivors()) {
            rows.add(List.of(s.region(), s.billingMode() == null ? "" : s.billingMode(), num(s.ownPeakRead()), num(s.loadRead()),
                    num(s.ceilingRead()), num(s.ownPeakWrite()), num(s.loadWrite()), num(s.ceilingWrite()),
                    s.overloaded() ? "OVERLOADED" : "ok", s.note() == null ? "" : s.note()));
        }
        p.table("Surviving Regions (units per second)", List.of("Region", "billing", "own peak read", "load read",
                "ceiling read", "own peak write", "load write", "ceiling write", "verdict", "note"), rows,
                new boolean[] {false, false, true, true, true, true, true, true, false, false});
        List<List<String>> st = new ArrayList<>();
        for (WhatIf.Stranded s : r.stranded()) {
            st.add(List.of(s.table(), s.status(), s.pitr() == null ? "" : s.pitr(), String.join("; ", s.copies()),
                    s.restoreFrom() == null ? "" : s.restoreFrom(), s.reason()));
        }
        if (!st.isEmpty()) {
            p.table("Tables whose only replica is in " + r.lost(), List.of("table", "status", "PITR", "copies", "restore from",
                    "reason"), st, null);
        }
        if (r.notes() != null) r.notes().forEach(p::note);
        return p.render();
    }

    private static void chart(Page p, WhatIf.Result r, String what, Function<Survivor, Double> own,
                              Function<Survivor, Double> load, Function<Survivor, Double> ceiling) {
        List<String> regions = r.survivors().stream().map(Survivor::region).toList();
        List<Double> o = r.survivors().stream().map(s -> nz(own.apply(s))).toList();
        List<Double> l = r.survivors().stream().map(s -> nz(load.apply(s))).toList();
        List<Double> c = r.survivors().stream().map(s -> nz(ceiling.apply(s))).toList();
        long over = 0;
        for (int i = 0; i < regions.size(); i++) if (ceiling.apply(r.survivors().get(i)) != null && l.get(i) > c.get(i)) over++;
        String finding = over == 0 ? "After losing " + r.lost() + ", every surviving Region's " + what + " load stays under its ceiling"
                : over + " surviving Region" + (over == 1 ? "" : "s") + " would pass " + (over == 1 ? "its" : "their") + " " + what
                + " ceiling after losing " + r.lost();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            rows.add(List.of(regions.get(i), num(o.get(i)), num(l.get(i)), num(c.get(i))));
        }
        p.chart(finding, Charts.bars(finding, "surviving Region", what + " capacity units per second",
                        List.of(new Charts.Bars("own peak", regions, o, Charts.GREY),
                                new Charts.Bars("load after the loss", regions, l, Charts.BLUE),
                                new Charts.Bars("ceiling", regions, c, Charts.RED)), List.of(), false),
                List.of("Region", "own peak", "load after the loss", "ceiling"), rows, new boolean[] {false, true, true, true});
    }

    private static double nz(Double d) { return d == null ? 0 : d; }

    private static String num(Double d) { return d == null ? "" : String.format(Locale.ROOT, "%,.0f", d); }
}
