package dev.ddbr.cli;

import dev.ddbr.Version;
import dev.ddbr.cli.backup.BackupCommand;
import dev.ddbr.cli.capacity.CapacityCommand;
import dev.ddbr.cli.pitr.PitrCommand;
import dev.ddbr.cli.audit.AuditCommand;
import dev.ddbr.cli.failover.FailoverCommand;
import dev.ddbr.cli.profile.ProfileCommand;
import dev.ddbr.cli.skew.SkewCommand;
import dev.ddbr.cli.restore.RestoreCommand;
import dev.ddbr.cli.table.TableCommand;
import dev.ddbr.error.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command. It holds the global options and the per-invocation context. */
@Command(name = "ddbr",
        mixinStandardHelpOptions = true,
        versionProvider = DdbrCommand.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Keep DynamoDB workloads available.",
        description = {
            "Find hot partition keys, run point-in-time restores that come back complete, take and copy "
                    + "backups, rehearse regional failover, and audit resilience settings, driven from YAML profiles.",
            "",
            "stdout carries data only (text, -o json, -o yaml); messages go to stderr prefixed 'ddbr:'.",
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL[_<SERVICE>]   as for the AWS CLI",
            "  DDBR_PROFILE      default ddbr profile (path or name)",
            "  DDBR_CONFIG_DIR   where named profiles live (default ~/.config/ddbr)",
            "  NO_COLOR          plain text",
            "",
            "Docs: docs/ in the source tree; 'ddbr COMMAND --help' for each command.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_130, ExitCodes.HELP_143,
            ExitCodes.HELP_252, ExitCodes.HELP_253, ExitCodes.HELP_254, ExitCodes.HELP_255,
        },
        subcommands = {
            TableCommand.class,
            ProfileCommand.class,
            SkewCommand.class,
            PitrCommand.class,
            RestoreCommand.class,
            BackupCommand.class,
            AuditCommand.class,
            FailoverCommand.class,
            dev.ddbr.cli.load.LoadCommand.class,
            dev.ddbr.cli.alarms.AlarmsCommand.class,
            dev.ddbr.cli.dashboard.DashboardCommand.class,
            CapacityCommand.class,
            CompletionCommand.class,
            CdsTrainingCommand.class,
        })
public class DdbrCommand implements Runnable {
    @Mixin
    public GlobalOptions globals = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final Environment env;
    private AppContext context;

    public DdbrCommand(Environment env) {
        this.env = env;
    }

    public Environment env() { return env; }

    /** The per-invocation context, built on first use from the global options and the environment. */
    public synchronized AppContext context() {
        if (context == null) {
            context = new AppContext(env, globals, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return context;
    }

    /** Release clients at the end of the run. */
    public synchronized void close() {
        if (context != null) context.close();
    }

    @Override
    public void run() {
        // "ddbr" alone: show what there is, on stdout, and succeed.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return Version.lines();
        }
    }
}
