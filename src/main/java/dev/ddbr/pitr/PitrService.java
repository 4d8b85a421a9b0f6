package dev.ddbr.pitr;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;

/** Reads and turns on point-in-time recovery. */
public final class PitrService {
    private final ClientFactory aws;
    private final String region;

    public PitrService(ClientFactory aws, String region) {
        this.aws = aws;
        this.region = region;
    }

    private DynamoDbClient ddb() { return aws.dynamodb(region); }

    /** The tables to look at: those named, else the profile's, else every table in the Region. */
    public List<String> tables(List<String> named, Profile profile) {
        if (named != null && !named.isEmpty()) return named;
        if (!profile.tables().isEmpty()) return profile.tables().stream().map(TableProfile::name).toList();
        List<String> all = new ArrayList<>();
        try {
            ddb().listTablesPaginator(r -> { }).tableNames().forEach(all::add);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "list tables in " + region);
        }
        return all;
    }

    public PitrStatus status(List<String> tables, Profile profile) {
        return status(tables, profile, false);
    }

    /**
     * The PITR state of each table.
     *
     * @param named the tables were named on the command line: one that does not exist is an error (exit 254), as in
     *              {@code table describe}; otherwise (the profile's tables) it is a row with a problem
     */
    public PitrStatus status(List<String> tables, Profile profile, boolean named) {
        List<PitrStatus.Entry> out = new ArrayList<>();
        for (String t : tables) {
            Optional<TableProfile> tp = profile.table(t);
            boolean required = tp.map(p -> p.pitr().required()).orElse(false);
            Integer requiredDays = tp.map(p -> p.pitr().recoveryDays()).orElse(null);
            try {
                var d = ddb().describeContinuousBackups(r -> r.tableName(t)).continuousBackupsDescription();
                PointInTimeRecoveryDescription p = d.pointInTimeRecoveryDescription();
                String status = p == null || p.pointInTimeRecoveryStatus() == null ? "DISABLED" : p.pointInTimeRecoveryStatusAsString();
                Integer days = p == null ? null : p.recoveryPeriodInDays();
                if ("ENABLED".equals(status) && days == null) days = 35;
                String problem = null;
                if (required && !"ENABLED".equals(status)) {
                    problem = "the profile requires PITR";
                } else if (required && requiredDays != null && days != null && days < requiredDays) {
                    problem = "recovery period " + days + "d is shorter than the profile's " + requiredDays + "d";
                }
                out.add(new PitrStatus.Entry(t, status, "ENABLED".equals(status) ? days : null,
                        p == null ? null : p.earliestRestorableDateTime(), p == null ? null : p.latestRestorableDateTime(),
                        required, requiredDays, problem, null, null));
            } catch (SdkException e) {
                AwsErrors.Kind kind = AwsErrors.kind(e);
                if (kind == AwsErrors.Kind.BAD_CREDENTIALS || kind == AwsErrors.Kind.UNREACHABLE || kind == AwsErrors.Kind.CONFIG) {
                    throw AwsErrors.translate(e, "describe continuous backups of '" + t + "'");
                }
                if (kind == AwsErrors.Kind.NOT_FOUND && named) {
                    throw DdbrException.aws("table '" + t + "' not found in " + region,
                            "check the name and --region; 'ddbr table list' shows the tables there", e);
                }
                if (kind == AwsErrors.Kind.UNSUPPORTED || kind == AwsErrors.Kind.ACCESS_DENIED) {
                    // nothing known to be wrong with the table: say what could not be read, as table describe does
                    String why = kind == AwsErrors.Kind.UNSUPPORTED
                            ? "the endpoint does not support DescribeContinuousBackups (" + AwsErrors.describe(e) + ")"
                            : "access denied to DescribeContinuousBackups (" + AwsErrors.describe(e) + ")";
                    out.add(new PitrStatus.Entry(t, PitrStatus.UNAVAILABLE, null, null, null, required, requiredDays,
                            required ? "the profile requires PITR, and it cannot be checked" : null, null, why));
                    continue;
                }
                String err = kind == AwsErrors.Kind.NOT_FOUND ? "table not found" : AwsErrors.describe(e);
                out.add(new PitrStatus.Entry(t, "ERROR", null, null, null, required, requiredDays, null, err, null));
            }
        }
        return new PitrStatus(region, out);
    }

    /** What enable would change, for the plan and the confirmation. */
    public record EnablePlan(String table, String currentStatus, Integer currentDays, int recoveryDays) {
        public boolean noChange() { return "ENABLED".equals(currentStatus) && currentDays != null && currentDays == recoveryDays; }

        public boolean shrinks() { return "ENABLED".equals(currentStatus) && currentDays != null && recoveryDays < currentDays; }
    }

    public EnablePlan planEnable(String table, int recoveryDays) {
        if (recoveryDays < 1 || recoveryDays > 35) {
            throw DdbrException.invalid("--recovery-days must be 1 to 35, not " + recoveryDays, "35 is the default and the maximum");
        }
        PitrStatus s = status(List.of(table), Profile.empty(), true);
        PitrStatus.Entry e = s.tables().get(0);
        if (e.unavailable() != null) {
            throw DdbrException.aws("cannot read the PITR status of '" + table + "': " + e.unavailable(),
                    "PITR needs an endpoint with the continuous-backups API and dynamodb:DescribeContinuousBackups", null);
        }
        if (e.error() != null) {
            throw DdbrException.aws("cannot read the PITR status of '" + table + "': " + e.error(),
                    "check the name and --region; 'ddbr table list' shows the tables there", null);
        }
        return new EnablePlan(table, e.status(), e.recoveryPeriodDays(), recoveryDays);
    }

    public PitrStatus enable(EnablePlan plan) {
        try {
            ddb().updateContinuousBackups(r -> r.tableName(plan.table()).pointInTimeRecoverySpecification(p -> p
                    .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(plan.recoveryDays())));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "turn on PITR for '" + plan.table() + "'");
        }
        return status(List.of(plan.table()), Profile.empty());
    }
}
