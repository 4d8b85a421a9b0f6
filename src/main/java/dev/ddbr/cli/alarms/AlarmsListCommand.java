package dev.ddbr.cli.alarms;

import dev.ddbr.alarms.AlarmService;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.TableNames;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list",
        description = {"The CloudWatch alarms that watch each table (ddbr's and any other), with their state and "
                + "who manages them. Tables: those given, else the profile's. A global table's replicas are listed "
                + "too, each from its own Region.",
            "",
            "Examples:",
            "  ddbr -p prod alarms list",
            "  ddbr alarms list orders -o json",
            "",
            "[API: DescribeTable, cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource]"})
public class AlarmsListCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables (default: the profile's).")
    List<String> tables;

    @Override
    protected int execute() {
        List<String> names = tables != null && !tables.isEmpty() ? tables
                : ctx().profileOrEmpty().tables().stream().map(TableProfile::name).toList();
        if (names.isEmpty()) {
            throw DdbrException.invalid("no tables to list alarms for", "name tables, or pass -p with a profile that lists some");
        }
        names.forEach(TableNames::require);
        render(new AlarmService(aws(), aws().region()).list(names));
        return ExitCodes.OK;
    }
}
