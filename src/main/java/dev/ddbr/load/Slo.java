package dev.ddbr.load;

import dev.ddbr.error.DdbrException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service-level gate on a run: {@code p99<=20ms}, {@code max<1s}, {@code throttles<=0.1%}, {@code errors==0},
 * {@code rate>=99%} (achieved against offered) or {@code rate>=1900} (operations per second). Latencies are over all
 * operations; a percentage of throttles or errors is of the operations run.
 */
public record Slo(String expr, String metric, String op, double limit, Unit unit) {
    public enum Unit { MS, COUNT, PERCENT, RATE }

    public static final String SYNTAX = "METRIC OP VALUE with METRIC p50, p90, p99, p999, max (a duration: 20ms, 1s),"
            + " throttles or errors (a count or a percentage), rate (ops/s, or a percentage of the offered rate);"
            + " OP <=, <, ==, >=, >; e.g. --slo 'p99<=20ms' --slo 'throttles<=0.1%' --slo 'errors==0'";
    private static final Pattern EXPR = Pattern.compile("([a-z0-9.]+)\\s*(<=|>=|==|<|>)\\s*([0-9.]+)\\s*(ms|s|us|%)?");

    /** Whether the gate holds, the measured value and, if not, by how much it missed (in the gate's unit). */
    public record Result(String expr, boolean met, double actual, double limit, String unit, String detail) {}

    public static Slo parse(String text, String option) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = EXPR.matcher(s);
        if (!m.matches()) throw bad(option, text, "it is not METRIC OP VALUE");
        String metric = m.group(1);
        double v;
        try {
            v = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw bad(option, text, "'" + m.group(3) + "' is not a number");
        }
        String u = m.group(4);
        Unit unit;
        switch (metric) {
            case "p50", "p90", "p99", "p999", "p99.9", "max" -> {
                if (u == null || u.equals("%")) throw bad(option, text, metric + " needs a duration unit: ms, s or us");
                unit = Unit.MS;
                v = switch (u) { case "s" -> v * 1000; case "us" -> v / 1000; default -> v; };
                if (metric.equals("p99.9")) metric = "p999";
            }
            case "throttles", "errors" -> {
                if (u != null && !u.equals("%")) throw bad(option, text, metric + " is a count or a percentage, not a duration");
                unit = u == null ? Unit.COUNT : Unit.PERCENT;
            }
            case "rate" -> {
                if (u != null && !u.equals("%")) throw bad(option, text, "rate is operations per second or a percentage of the offered rate");
                unit = u == null ? Unit.RATE : Unit.PERCENT;
            }
            default -> throw bad(option, text, "unknown metric '" + metric + "'");
        }
        return new Slo(text.strip(), metric, m.group(2), v, unit);
    }

    private static DdbrException bad(String option, String text, String why) {
        return DdbrException.invalid("invalid " + option + " '" + (text == null ? "" : text.strip()) + "': " + why, "expected " + SYNTAX);
    }

    /** Checks the gate against a finished (or interrupted) run. */
    public Result check(LoadReport r) {
        LoadReport.OpReport t = r.total();
        double actual;
        String unitName;
        switch (metric) {
            case "p50" -> actual = t.latencyMs().p50();
            case "p90" -> actual = t.latencyMs().p90();
            case "p99" -> actual = t.latencyMs().p99();
            case "p999" -> actual = t.latencyMs().p999();
            case "max" -> actual = t.latencyMs().max();
            case "throttles" -> actual = unit == Unit.PERCENT ? pct(t.throttles().total(), t.count()) : t.throttles().total();
            case "errors" -> actual = unit == Unit.PERCENT ? pct(t.errors().total(), t.count()) : t.errors().total();
            default -> actual = unit == Unit.PERCENT ? pct(r.achievedRate(), r.offeredRate()) : r.achievedRate();
        }
        unitName = switch (unit) { case MS -> "ms"; case PERCENT -> "%"; case COUNT -> ""; case RATE -> " ops/s"; };
        boolean met = switch (op) {
            case "<=" -> actual <= limit;
            case "<" -> actual < limit;
            case ">=" -> actual >= limit;
            case ">" -> actual > limit;
            default -> Math.abs(actual - limit) < 1e-9;
        };
        String detail = metric + " was " + fmt(actual) + unitName;
        if (!met) {
            double by = Math.abs(actual - limit);
            detail += ", " + (op.startsWith(">") ? "under" : op.equals("==") ? "off" : "over") + " the limit " + fmt(limit) + unitName
                    + " by " + fmt(by) + unitName;
        }
        return new Result(expr, met, round(actual), limit, unitName.strip(), detail);
    }

    private static double pct(double part, double whole) { return whole <= 0 ? 0 : part * 100 / whole; }

    static double round(double d) { return Math.round(d * 1000) / 1000.0; }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        String t = String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.3g", d);
        return new java.math.BigDecimal(t).stripTrailingZeros().toPlainString();
    }
}
