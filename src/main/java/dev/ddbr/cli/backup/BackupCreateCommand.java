package dev.ddbr.cli.backup;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.backup.Poller;
import dev.ddbr.backup.ondemand.BackupListing;
import dev.ddbr.backup.ondemand.BackupNames;
import dev.ddbr.backup.ondemand.OnDemandBackups;
import dev.ddbr.cli.BaseCommand;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import dev.ddbr.error.InterruptedOperationException;
import dev.ddbr.table.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create",
        description = {"Take an on-demand DynamoDB backup of each TABLE and wait until it is AVAILABLE.",
            "",
            "The name comes from the profile's backup.name_template (default {table}-{timestamp}, UTC), or from --name; backup names are 3-255 characters of a-z A-Z 0-9 _ - . and are checked first. Every TABLE must exist before any backup starts (a missing one: exit 254, nothing started).",
            "",
            "Prints the backups on stdout; progress goes to stderr. When a later AWS call fails, the backups already started are still printed (with their status) and the exit code is not 0.",
            "",
            "Examples:",
            "  ddbr backup create orders",
            "  ddbr backup create orders customers --no-wait -o json",
            "  ddbr -p prod backup create orders --name orders-before-migration",
            "",
            "[API: DescribeTable, CreateBackup, DescribeBackup]"})
public class BackupCreateCommand extends BaseCommand {
    @Parameters(paramLabel = "TABLE", arity = "1..*", description = "Tables to back up.")
    List<String> tables;

    @Option(names = "--name", paramLabel = "NAME", description = "Backup name (one TABLE only); default from the template.")
    String name;

    @picocli.CommandLine.Mixin
    dev.ddbr.cli.WaitOptions waitOptions = new dev.ddbr.cli.WaitOptions();

    @Override
    protected int execute() {
        // everything that can be checked without AWS first: bad input changes nothing
        for (String t : tables) TableNames.require(t);
        if (name != null && tables.size() > 1) {
            throw DdbrException.invalid("--name works with one TABLE only", "drop --name to use the template");
        }
        if (name != null) BackupNames.require(name, "--name", null);
        var wait = waitOptions.timeout();
        Instant now = Instant.now();
        List<String> names = new ArrayList<>();
        for (String t : tables) {
            String n = name != null ? name : ctx().profileOrEmpty().tableOrDefaults(t).backup().backupName(t, now);
            if (name == null) {
                BackupNames.require(n, "made by backup.name_template for table '" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "'",
                        "backup names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.': fix the profile's"
                                + " backup.name_template, or pass --name");
            }
            names.add(n);
        }
        OnDemandBackups svc = new OnDemandBackups(aws(), Poller.standard());
        // every table must exist before any backup starts: a typo in the second name starts nothing
        svc.requireTables(tables);

        // on a real Ctrl-C: the backups started go on in AWS; say which, and where to see them
        List<String[]> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String[]> requesting = new java.util.concurrent.atomic.AtomicReference<>();
        try (var notice = dev.ddbr.cli.InterruptNotice.on(console().err(), () -> interrupted(started, requesting.get()))) {
            return create(svc, names, wait, started, requesting);
        }
    }

    /** The line for a real Ctrl-C: {@code started} name and table pairs; {@code requesting} the one being started. */
    String interrupted(List<String[]> started, String[] requesting) {
        List<String[]> all = new ArrayList<>(started);
        if (requesting != null) all.add(requesting);
        if (all.isEmpty()) return "ddbr: interrupted before any backup was started";
        List<String> what = new ArrayList<>();
        java.util.LinkedHashSet<String> lists = new java.util.LinkedHashSet<>();
        for (String[] b : started) what.add("'" + b[0] + "' of " + b[1]);
        for (String[] b : all) lists.add(ddbrCommand("backup", "list", b[1]));
        String line = "ddbr: interrupted; ";
        if (!started.isEmpty()) line += "the backups already started go on in AWS (" + String.join(", ", what) + ")";
        if (requesting != null) {
            line += (started.isEmpty() ? "" : "; ") + "backup '" + requesting[0] + "' of " + requesting[1]
                    + " was being started and may exist";
        }
        return line + "; see them with: " + String.join("; ", lists);
    }

    private int create(OnDemandBackups svc, List<String> names, java.time.Duration wait, List<String[]> started,
                       java.util.concurrent.atomic.AtomicReference<String[]> requesting) {
        List<BackupEntry> made = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DdbrException failure = null;
        String failureNote = null;
        for (int i = 0; i < tables.size(); i++) {
            String t = tables.get(i);
            String n = names.get(i);
            try {
                requesting.set(new String[] {n, t});
                made.add(svc.create(t, n));
                started.add(new String[] {n, t});
                requesting.set(null);
                console().info("backup '" + n + "' of " + t + " started");
            } catch (InterruptedOperationException e) {
                throw e;
            } catch (DdbrException e) {
                requesting.set(null);
                // nothing started yet: the error alone, as any command's, with no (empty) report on stdout
                if (made.isEmpty()) throw e;
                failure = e;
                failureNote = "backup '" + n + "' of " + t + " not started: " + e.getMessage();
                notes.add(failureNote);
                List<String> rest = tables.subList(i + 1, tables.size());
                if (!rest.isEmpty()) notes.add("not attempted after that failure: " + String.join(", ", rest));
                break;
            }
        }
        if (waitOptions.wait) {
            List<BackupEntry> done = new ArrayList<>();
            for (BackupEntry b : made) {
                try {
                    BackupEntry a = svc.waitAvailable(b.arn(), wait);
                    console().info("backup '" + a.name() + "' is AVAILABLE");
                    done.add(a);
                } catch (InterruptedOperationException e) {
                    throw e;
                } catch (DdbrException e) {
                    done.add(b); // as last seen: the backup was started and may still become AVAILABLE
                    String note = "backup '" + b.name() + "' of " + b.table() + " was started but is not known to be AVAILABLE: " + e.getMessage();
                    notes.add(note);
                    if (failure == null) {
                        failure = e;
                        failureNote = note;
                    }
                }
            }
            made = done;
        }
        // what was started is on stdout in every format, also when something failed
        render(new BackupListing(made, notes));
        if (failure == null) return ExitCodes.OK;
        for (String note : notes) {
            if (!note.equals(failureNote)) console().warn(note);
        }
        throw new DdbrException(failure.exitCode(), failureNote + "; " + made.size() + " of " + tables.size()
                + " backup(s) started (listed on stdout)", failure.hint(), failure);
    }
}
