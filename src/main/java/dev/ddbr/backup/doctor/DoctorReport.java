package dev.ddbr.backup.doctor;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The preflight of a cross-account copy. JSON field names are a contract (docs/backups.md).
 *
 * @param verdict PASS (every check passed), UNKNOWN (no failure, but something could not be checked) or FAIL
 */
public record DoctorReport(String table, String vaultArn, String sourceAccount, String destinationAccount,
                           String sourceRegion, List<Check> checks, String verdict) implements TextRenderable {

    public enum Status { PASS, FAIL, UNKNOWN }

    /** One check: its id, what it found, and the exact fix when it did not pass. */
    public record Check(String id, Status status, String detail, String fix) {}

    public static DoctorReport of(String table, String vaultArn, String src, String dest, String region, List<Check> checks) {
        String v = checks.stream().anyMatch(c -> c.status() == Status.FAIL) ? "FAIL"
                : checks.stream().anyMatch(c -> c.status() == Status.UNKNOWN) ? "UNKNOWN" : "PASS";
        return new DoctorReport(table, vaultArn, src, dest, region, List.copyOf(checks), v);
    }

    public long count(Status s) { return checks.stream().filter(c -> c.status() == s).count(); }

    @Override
    public void renderText(TextWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (Check c : checks) rows.add(TextWriter.row(c.id(), c.status().name().toLowerCase(java.util.Locale.ROOT), c.detail()));
        out.table(List.of("check", "status", "detail"), rows);
        boolean fixes = false;
        for (Check c : checks) {
            if (c.status() == Status.PASS || c.fix() == null) continue;
            if (!fixes) {
                out.blank();
                out.heading("How to fix");
                fixes = true;
            }
            out.line(c.id() + ": " + c.fix());
        }
        String text = count(Status.PASS) + " passed, " + count(Status.FAIL) + " failed, " + count(Status.UNKNOWN)
                + " unknown: copy of " + table + " (account " + sourceAccount + ") to " + vaultArn;
        out.verdict(switch (verdict) {
            case "FAIL" -> Style.Tone.BAD;
            case "UNKNOWN" -> Style.Tone.WARN;
            default -> Style.Tone.GOOD;
        }, text);
    }
}
