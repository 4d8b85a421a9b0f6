package dev.ddbr.skew.athena;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Schema;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.skew.PartitionModel;
import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.SkewAssembler;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewTarget;
import dev.ddbr.skew.TableModel;
import dev.ddbr.skew.Units;
import dev.ddbr.skew.export.NativeExport;
import dev.ddbr.table.TableSettings;
import dev.ddbr.util.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code skew export --engine athena} from start to report: checks the settings and the workgroup, runs the
 * {@link AthenaEngine}, and assembles the report exactly as the local engine does (same {@link SkewAssembler}), with
 * the {@code athena} part and the item count checked against the manifest.
 */
public final class AthenaRun {
    private final AthenaEngine engine;
    private final AthenaEngine.Settings settings;
    private final String region;

    private AthenaRun(AthenaEngine engine, AthenaEngine.Settings settings, String region) {
        this.engine = engine;
        this.settings = settings;
        this.region = region;
    }

    /**
     * @param output s3:// results location, or null for the workgroup's
     * @throws DdbrException 252 for a workgroup, database or output that AWS would refuse
     */
    public static AthenaRun open(ClientFactory aws, String workgroup, String database, String output, Consumer<String> status) {
        check(workgroup, database, output);
        AthenaEngine.Settings s = new AthenaEngine.Settings(workgroup, database, output);
        return new AthenaRun(new AthenaEngine(aws.athena(), s, Sleeper.SYSTEM, status), s, aws.region());
    }

    /**
     * Names AWS would refuse, before anything is read: any may be null (not given).
     *
     * @throws DdbrException 252
     */
    public static void check(String workgroup, String database, String output) {
        if (workgroup != null && !Schema.ATHENA_WORKGROUP.matcher(workgroup).matches()) {
            throw DdbrException.invalid("'" + workgroup + "' is not an Athena workgroup name", "1-128 of a-z A-Z 0-9 . _ -, e.g. primary");
        }
        if (database != null && !Schema.GLUE_DATABASE.matcher(database).matches()) {
            throw DdbrException.invalid("'" + database + "' is not a Glue database name", "1-255 of a-z 0-9 _, e.g. default");
        }
        if (output != null && !Schema.S3_URL.matcher(output).matches()) {
            throw DdbrException.invalid("'" + output + "' is not an s3:// location for Athena's results", "e.g. s3://my-athena-results/ddbr/");
        }
    }

    /** For tests: a given engine. */
    static AthenaRun of(AthenaEngine engine, AthenaEngine.Settings settings, String region) {
        return new AthenaRun(engine, settings, region);
    }

    /**
     * The report, and a warning when the items Athena counted differ from the manifest's itemCount (null when equal).
     */
    public record Outcome(SkewReport report, String itemsMismatch) {}

    public Outcome analyze(NativeExport export, List<SkewTarget> targets, TableSettings settings, TableProfile.Skew s,
                           String table, String choiceReason) {
        String location = EngineChoice.dataLocation(export);
        AthenaSql.attributes(targets);
        engine.preflight(region);
        AthenaEngine.Result r = engine.run(export.exportArn(), export.format(), targets, location, s.top());
        return assemble(r, export, targets, settings, s, table, choiceReason, EngineChoice.billedBytes(export));
    }

    static Outcome assemble(AthenaEngine.Result r, NativeExport export, List<SkewTarget> targets, TableSettings settings,
                            TableProfile.Skew s, String table, String choiceReason, Long billedBytes) {
        List<Capacity> caps = settings == null ? List.of() : TableModel.capacities(settings);
        PartitionModel.Partitions partitions = PartitionModel.estimate(billedBytes, caps, export.files().size());
        SkewAssembler.Context c = new SkewAssembler.Context("export", export.store().location(), table, "items",
                s.maxKeyShare(), 1.0, null, partitions, false);
        SkewAssembler.Part tablePart = new SkewAssembler.Part(targets.get(0), r.summaries().get(0), TableModel.first(caps));
        List<SkewAssembler.Part> parts = new ArrayList<>();
        for (int i = 1; i < targets.size(); i++) {
            SkewTarget t = targets.get(i);
            Capacity cap = settings == null ? null : TableModel.first(TableModel.capacities(settings, TableModel.gsi(settings, t.index())));
            parts.add(new SkewAssembler.Part(t, r.summaries().get(i), cap));
        }
        String id = export.exportArn() == null ? "(no ARN)" : export.exportArn().substring(export.exportArn().lastIndexOf('/') + 1);
        String mismatch = null;
        List<String> notes = new ArrayList<>();
        if (r.items() == export.itemCount()) {
            notes.add(String.format("export %s of %s, %s format, %d data files, counted in Amazon Athena (workgroup %s, database %s); "
                    + "the %s items counted match the manifest", id, export.exportTime() == null ? "an unknown time" : export.exportTime(),
                    export.format(), export.files().size(), r.athena().workgroup(), r.athena().database(), Units.count(r.items())));
        } else {
            mismatch = String.format("Athena counted %s items in %s but its manifest says %s: the data files may have changed "
                    + "since the export, or the table's LOCATION holds other files; the figures are of what Athena read",
                    Units.count(r.items()), export.store().location(), Units.count(export.itemCount()));
            notes.add(String.format("export %s, %s format, %d data files, counted in Amazon Athena (workgroup %s, database %s): "
                    + "ITEM COUNT MISMATCH: %s", id, export.format(), export.files().size(), r.athena().workgroup(),
                    r.athena().database(), mismatch));
        }
        notes.add("athena: totals and top-key counts are exact (count(*)); distinct keys are approximate (approx_distinct, "
                + "about 2.3% standard error; distinctKeysBound is a 95% interval); sizes are not computed (bytes null)");
        notes.add(String.format("athena: %d queries, %s scanned (Athena bills the data scanned); temporary table %s.%s %s",
                r.athena().queryIds().size(), Units.bytes(r.athena().bytesScanned()), r.athena().database(), r.athena().table(),
                r.athena().tableDropped() ? "dropped" : "NOT dropped: drop it with DROP TABLE `" + r.athena().database() + "`.`"
                        + r.athena().table() + "`"));
        if (choiceReason != null) notes.add(choiceReason);
        SkewReport report = SkewAssembler.assemble(c, tablePart, parts, notes).withExactTopKeys().withAthena(r.athena(), List.of());
        return new Outcome(report, mismatch);
    }

    /** From the Ctrl-C hook: what was stopped and dropped. */
    public String abort() {
        String done = engine.abort();
        return done.isEmpty() ? "no Athena query had started and no table was created" : done;
    }

    public AthenaEngine.Settings settings() { return settings; }
}
