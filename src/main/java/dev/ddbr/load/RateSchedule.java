package dev.ddbr.load;

import dev.ddbr.error.DdbrException;
import dev.ddbr.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offered load over time: steps at a constant rate and linear ramps, e.g. {@code 500:2m,2000:5m,ramp
 * 2000..8000:10m}. Operation {@code i} (0-based) has an intended start {@link #offsetNanos(long)} after the run's
 * start: the time at which the integral of the rate reaches {@code i}. Latencies are measured from that time.
 */
public final class RateSchedule {
    /** A part of the schedule: {@code from} ops/s rising (or falling) linearly to {@code to} over {@code nanos}. */
    public record Step(double from, double to, long nanos) {
        double ops() { return (from + to) / 2 * nanos / 1e9; }

        boolean ramp() { return from != to; }

        @Override
        public String toString() {
            String d = compact(nanos);
            return ramp() ? "ramp " + num(from) + ".." + num(to) + ":" + d : num(from) + ":" + d;
        }
    }

    public static final String SYNTAX = "RATE, or steps RATE:DURATION and ramps 'ramp FROM..TO:DURATION' separated by commas,"
            + " e.g. --rate 2000 or --rate '500:2m,2000:5m,ramp 2000..8000:10m'";
    private static final Pattern RAMP = Pattern.compile("ramp\\s+([0-9.]+)\\s*\\.\\.\\s*([0-9.]+)\\s*:\\s*(\\S+)");
    private static final Pattern STEP = Pattern.compile("([0-9.]+)\\s*(?::\\s*(\\S+))?");
    static final double MAX_RATE = 10_000_000;

    private final List<Step> steps;
    private final double[] startOps;
    private final long[] startNanos;
    private final long totalOps;
    private final long totalNanos;

    public RateSchedule(List<Step> steps) {
        this.steps = List.copyOf(steps);
        startOps = new double[steps.size() + 1];
        startNanos = new long[steps.size() + 1];
        for (int i = 0; i < steps.size(); i++) {
            startOps[i + 1] = startOps[i] + steps.get(i).ops();
            startNanos[i + 1] = startNanos[i] + steps.get(i).nanos();
        }
        totalOps = (long) Math.floor(startOps[steps.size()] + 1e-9);
        totalNanos = startNanos[steps.size()];
    }

    /** A constant rate for a duration. */
    public static RateSchedule constant(double rate, Duration d) {
        return new RateSchedule(List.of(new Step(rate, rate, d.toNanos())));
    }

    /**
     * Parses a schedule. The last part may leave out its duration; it then lasts {@code duration}'s remainder. With
     * {@code duration} given, a longer schedule is cut there.
     *
     * @param duration from --duration or the workload, may be null
     * @param option   the option or profile key named in messages
     */
    public static RateSchedule parse(String text, Duration duration, String option) {
        if (text == null || text.isBlank()) throw bad(option, text, "it is empty");
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split(",");
        List<Step> steps = new ArrayList<>();
        long used = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            boolean last = i == parts.length - 1;
            Matcher m;
            double from;
            double to;
            String dur;
            if ((m = RAMP.matcher(p)).matches()) {
                from = rate(m.group(1), option, text, p);
                to = rate(m.group(2), option, text, p);
                dur = m.group(3);
            } else if ((m = STEP.matcher(p)).matches()) {
                from = to = rate(m.group(1), option, text, p);
                dur = m.group(2);
            } else {
                throw bad(option, text, parts.length > 1 ? "part " + (i + 1) + " '" + p + "' is neither RATE:DURATION nor a ramp"
                        : p.startsWith("ramp") ? "a ramp is 'ramp FROM..TO:DURATION'" : "it is not a rate");
            }
            long nanos;
            if (dur == null) {
                if (!last) throw bad(option, text, "part " + (i + 1) + " '" + p + "' has no duration; only the last part may leave it out");
                if (duration == null) {
                    if (parts.length > 1) throw bad(option, text, "its last part '" + p + "' has no duration and no --duration is given");
                    duration = Duration.ofMinutes(1);
                }
                nanos = duration.toNanos() - used;
                if (nanos <= 0) throw bad(option, text, "the steps before its last part already fill --duration " + Durations.format(duration));
            } else {
                try {
                    nanos = Durations.parse(dur, option).toNanos();
                } catch (DdbrException e) {
                    throw bad(option, text, "part " + (i + 1) + " '" + p + "' has an invalid duration '" + dur + "'");
                }
            }
            steps.add(new Step(from, to, nanos));
            used += nanos;
        }
        if (steps.stream().allMatch(s -> s.from() == 0 && s.to() == 0)) throw bad(option, text, "every rate is 0");
        RateSchedule s = new RateSchedule(steps);
        return duration != null && duration.toNanos() < s.totalNanos ? s.cut(duration.toNanos()) : s;
    }

    private static double rate(String s, String option, String text, String part) {
        double r;
        try {
            r = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(option, text, "'" + s + "' in '" + part + "' is not a number");
        }
        if (!(r >= 0) || r > MAX_RATE) throw bad(option, text, "rate " + s + " must be between 0 and " + num(MAX_RATE) + " operations per second");
        return r;
    }

    private static DdbrException bad(String option, String text, String why) {
        return DdbrException.invalid("invalid " + option + " '" + (text == null ? "" : text.strip()) + "': " + why, "expected " + SYNTAX);
    }

    /** This schedule up to {@code nanos} (a ramp cut half-way keeps its slope). */
    RateSchedule cut(long nanos) {
        List<Step> out = new ArrayList<>();
        long t = 0;
        for (Step s : steps) {
            if (t >= nanos) break;
            long keep = Math.min(s.nanos(), nanos - t);
            double to = s.from() + (s.to() - s.from()) * keep / s.nanos();
            out.add(new Step(s.from(), keep == s.nanos() ? s.to() : to, keep));
            t += keep;
        }
        return new RateSchedule(out);
    }

    public List<Step> steps() { return steps; }

    /** Operations the whole schedule offers. */
    public long totalOps() { return totalOps; }

    public long totalNanos() { return totalNanos; }

    public Duration duration() { return Duration.ofNanos(totalNanos); }

    /** Operations per second over the whole schedule. */
    public double offeredRate() { return totalNanos == 0 ? 0 : totalOps * 1e9 / totalNanos; }

    /** Operations the schedule offers in its first {@code nanos}. */
    public double opsBefore(long nanos) {
        if (nanos <= 0) return 0;
        for (int k = 0; k < steps.size(); k++) {
            if (nanos < startNanos[k + 1]) {
                Step s = steps.get(k);
                double t = (nanos - startNanos[k]) / 1e9;
                double slope = (s.to() - s.from()) / (s.nanos() / 1e9);
                return startOps[k] + s.from() * t + slope * t * t / 2;
            }
        }
        return startOps[steps.size()];
    }

    /** The intended start of operation {@code i}, in nanoseconds from the start of the run. */
    public long offsetNanos(long i) {
        int lo = 0;
        int hi = steps.size() - 1;
        while (lo < hi) { // the step whose ops range holds i
            int mid = (lo + hi + 1) >>> 1;
            if (startOps[mid] <= i) lo = mid; else hi = mid - 1;
        }
        Step s = steps.get(lo);
        double x = i - startOps[lo];
        double secs;
        double slope = (s.to() - s.from()) / (s.nanos() / 1e9);
        if (Math.abs(slope) < 1e-12) {
            secs = s.from() == 0 ? 0 : x / s.from();
        } else {
            // from*t + slope*t^2/2 = x
            double disc = s.from() * s.from() + 2 * slope * x;
            secs = (-s.from() + Math.sqrt(Math.max(0, disc))) / slope;
        }
        return startNanos[lo] + Math.min(s.nanos(), (long) (secs * 1e9));
    }

    @Override
    public String toString() {
        return String.join(",", steps.stream().map(Step::toString).toList());
    }

    /** {@code 2m}, {@code 90s}, {@code 1h}, {@code 1500ms}: as the option takes it. */
    static String compact(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
