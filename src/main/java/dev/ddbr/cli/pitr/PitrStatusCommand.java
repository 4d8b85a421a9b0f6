package dev.ddbr.cli.pitr;

import dev.ddbr.cli.BaseCommand;
import dev.ddbr.pitr.PitrService;
import dev.ddbr.pitr.PitrStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status",
        description = {"Show whether point-in-time recovery is on, its recovery period, and the earliest and latest "
                + "restorable time, for the tables named, else the profile's tables, else every table in the Region. "
                + "Exits 1 when a table falls short of the profile (pitr.required, pitr.recovery_days) or its "
                + "status cannot be read; an endpoint without the PITR API shows 'unavailable' and exits 0 unless the "
                + "profile requires PITR. A named table that does not exist exits 254.",
            "",
            "Examples:",
            "  ddbr pitr status",
            "  ddbr pitr status orders payments -o json",
            "  ddbr -p prod pitr status",
            "",
            "[API: ListTables, DescribeContinuousBackups]"})
public class PitrStatusCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables (default: the profile's, else all in the Region).")
    List<String> tables;

    @Override
    protected int execute() {
        PitrService svc = new PitrService(aws(), aws().region());
        boolean named = tables != null && !tables.isEmpty();
        PitrStatus s = svc.status(svc.tables(tables, ctx().profileOrEmpty()), ctx().profileOrEmpty(), named);
        render(s);
        return s.hasProblems() ? 1 : 0;
    }
}
