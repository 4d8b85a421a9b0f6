package dev.ddbr.cli.load;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.cli.ConfirmOptions;
import dev.ddbr.cli.Confirmation;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.load.Scratch;
import dev.ddbr.load.Workload;
import dev.ddbr.output.ItemProgress;
import dev.ddbr.util.Durations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prepare",
        description = {"Make a scratch table for load tests: a copy of TABLE's schema, optionally filled with items shaped like the workload.",
            "",
            "The copy has TABLE's keys, global and local secondary indexes, billing mode and provisioned capacity (no items, no deletion protection), is named --name (default TABLE-load), and is tagged ddbr:created-by=ddbr and ddbr:load-scratch-of=TABLE so 'load run' writes to it without asking and 'load cleanup' can delete it. An existing table is never overwritten. --items N then writes N items (keys 0..N-1 of the key space 'load run' uses, sizes from --item-size) to it; with --in-place they go to TABLE itself, which needs --yes when ddbr did not create it.",
            "",
            "Examples:",
            "  ddbr load prepare orders",
            "  ddbr load prepare orders --name orders-peak-test --items 100000 --item-size 1KB",
            "  ddbr load prepare orders-load --in-place --items 50000",
            "",
            "[API: DescribeTable, CreateTable, TagResource, ListTagsOfResource, BatchWriteItem]"})
public class LoadPrepareCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table whose schema to copy (or to fill, with --in-place).")
    String table;

    @Option(names = "--name", paramLabel = "NAME", description = "The scratch table's name (default: TABLE-load).")
    String name;

    @Option(names = "--items", paramLabel = "N", description = "Write N items shaped like the workload.")
    Long items;

    @Option(names = "--in-place", description = "Write the items to TABLE itself instead of a new copy.")
    boolean inPlace;

    @Option(names = "--item-size", paramLabel = "SIZE", description = "Item size: 1KB, 900B..4KB, or 1KB:80,4KB:20 (default: 1KB).")
    String itemSize;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", description = "How long to wait for the copy to become ACTIVE (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ConfirmOptions confirm = new ConfirmOptions();

    @Override
    protected int execute() throws Exception {
        if (items != null && (items < 1 || items > 100_000_000L)) throw DdbrException.invalid("--items must be between 1 and 100000000, got " + items, null);
        if (inPlace && items == null) throw DdbrException.invalid("--in-place needs --items N", "it fills TABLE itself");
        if (inPlace && name != null) throw DdbrException.invalid("--in-place and --name are exclusive", "--in-place fills TABLE; --name names a new copy");
        var timeoutD = Durations.parse(timeout, "--timeout");
        String target = inPlace ? table : name != null ? name : table + "-load";
        dev.ddbr.table.TableNames.require(target);
        Workload w = items == null ? null : Workload.resolve(new Workload.Spec(null, "1", null, null, "put=1", itemSize, null,
                Math.max(items, 1), null, List.of(), null, 0L), ctx().env().vars());
        Scratch s = new Scratch(aws());
        if (confirm.dryRun) {
            if (!inPlace) s.copyRequest(table, target); // the source must exist
            renderPlan(new Scratch.Prepared(table, target, !inPlace, items == null ? 0 : items, true));
            return ExitCodes.OK;
        }
        if (inPlace && !s.owned(table)) {
            if (!Confirmation.confirm(ctx(), confirm, "write " + items + " items to '" + table + "', which ddbr did not create?", "write to '" + table + "'")) {
                console().error("nothing was written");
                return ExitCodes.PROBLEMS;
            }
        }
        if (!inPlace) s.create(table, target, timeoutD);
        long written = 0;
        if (items != null) {
            try (ItemProgress p = ItemProgress.of(console(), "writing items to " + target, items)) {
                written = s.fill(target, w, items, p::set);
            }
        }
        render(new Scratch.Prepared(table, target, !inPlace, written, false));
        return ExitCodes.OK;
    }
}
