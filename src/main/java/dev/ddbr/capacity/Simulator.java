package dev.ddbr.capacity;

/**
 * DynamoDB auto scaling (target tracking) replayed minute by minute on a consumption history. Pure: no clock,
 * no I/O. One dimension (read or write) of one table or GSI at a time, as Application Auto Scaling does.
 *
 * <p>The rules, as DynamoDB's target tracking behaves:
 * <ul>
 *   <li>utilisation of a minute = consumed units per second / capacity in effect that minute;</li>
 *   <li><b>scale out</b>: when utilisation is above the target for {@code scaleOutMinutes} consecutive minutes
 *       (the high alarm, 2 data points of 1 minute), the capacity from the next minute is
 *       {@code ceil(consumption of the last minute / target)}, at most {@code max};</li>
 *   <li><b>scale in</b>: when utilisation is below {@code target - scaleInHeadroom} (20 percentage points) for
 *       {@code scaleInMinutes} consecutive minutes (the low alarm, 15 data points), the capacity from the next
 *       minute is {@code ceil(highest consumption of those minutes / target)}, at least {@code min};</li>
 *   <li><b>decreases per UTC day</b>: the first {@code freeDecreasesPerDay} (4) at any time, then one more only when
 *       none happened in the previous 60 minutes; a blocked scale-in is retried every minute while the alarm
 *       holds;</li>
 *   <li>a minute is <b>throttled</b> when its consumption is above the capacity in effect.</li>
 * </ul>
 * Capacity is billed per clock hour at the highest capacity in effect during the hour (the simulation reports
 * unit-hours that way).
 */
public final class Simulator {
    private Simulator() {}

    /**
     * @param target              target utilisation, a share in (0, 1), e.g. 0.70
     * @param min                 minimum capacity (auto scaling MinCapacity), at least 1
     * @param max                 maximum capacity (auto scaling MaxCapacity), at least min
     * @param scaleOutMinutes     consecutive minutes above target before scaling out (2)
     * @param scaleInMinutes      consecutive minutes below target minus headroom before scaling in (15)
     * @param scaleInHeadroom     how far below the target, in utilisation share, scale-in starts (0.20)
     * @param freeDecreasesPerDay decreases allowed at any time in a UTC day (4); after them one per hour
     * @param startMinuteOfDay    the UTC minute of day (0..1439) of the first minute of the series
     */
    public record Params(double target, int min, int max, int scaleOutMinutes, int scaleInMinutes, double scaleInHeadroom,
                         int freeDecreasesPerDay, int startMinuteOfDay) {
        public Params {
            if (!(target > 0 && target < 1)) throw new IllegalArgumentException("target must be in (0, 1): " + target);
            if (min < 1 || max < min) throw new IllegalArgumentException("need 1 <= min <= max: " + min + ", " + max);
            if (scaleOutMinutes < 1 || scaleInMinutes < 1) throw new IllegalArgumentException("alarm periods must be >= 1");
            if (startMinuteOfDay < 0 || startMinuteOfDay >= 1440) throw new IllegalArgumentException("startMinuteOfDay " + startMinuteOfDay);
        }

        /** DynamoDB's defaults: 2 minutes out, 15 minutes in at 20 points below the target, 4 free decreases a day. */
        public static Params dynamodb(double target, int min, int max, int startMinuteOfDay) {
            return new Params(target, min, max, 2, 15, 0.20, 4, startMinuteOfDay);
        }

        /** A fixed capacity: no scaling at all (provisioned without auto scaling). */
        public static Params fixed(int capacity, int startMinuteOfDay) {
            return new Params(0.5, capacity, capacity, 1, 1, 0.0, 0, startMinuteOfDay);
        }
    }

    /**
     * @param capacity         capacity in effect each minute
     * @param throttledMinutes minutes whose consumption was above the capacity
     * @param throttledUnits   units per second above the capacity, summed over those minutes (times 60 = units)
     * @param increases        scale-out events
     * @param decreases        scale-in events
     * @param unitHours        billed capacity: per clock hour the highest capacity in effect, summed
     * @param hours            clock hours the series touches (a partial first or last hour counts as one)
     */
    public record Result(int[] capacity, int throttledMinutes, double throttledUnits, int increases, int decreases,
                         double unitHours, int hours) {
        /** The billed capacity of an average hour: per month, times 730 and the price. */
        public double unitsPerHour() { return hours == 0 ? 0 : unitHours / hours; }
    }

    /** Replays {@code consumption} (units per second, one value a minute; NaN counts as 0). */
    public static Result run(double[] consumption, Params p) {
        int n = consumption.length;
        int[] cap = new int[n];
        if (n == 0) return new Result(cap, 0, 0, 0, 0, 0, 0);
        int current = clamp(units(v(consumption[0]) / p.target()), p);
        int high = 0;
        int low = 0;
        double lowPeak = 0;
        int decreasesToday = 0;
        int lastDecrease = Integer.MIN_VALUE / 2;
        int throttled = 0;
        double throttledUnits = 0;
        int increases = 0;
        int decreases = 0;
        double unitHours = 0;
        int hourMax = 0;
        int hours = 1;
        for (int t = 0; t < n; t++) {
            int minuteOfDay = (p.startMinuteOfDay() + t) % 1440;
            if (minuteOfDay == 0 && t > 0) decreasesToday = 0;
            if (minuteOfDay % 60 == 0 && t > 0) {
                unitHours += hourMax;
                hourMax = 0;
                hours++;
            }
            cap[t] = current;
            hourMax = Math.max(hourMax, current);
            double c = v(consumption[t]);
            if (c > current) {
                throttled++;
                throttledUnits += c - current;
            }
            double u = c / current;
            high = u > p.target() ? high + 1 : 0;
            if (u < p.target() - p.scaleInHeadroom()) {
                low++;
                lowPeak = low == 1 ? c : Math.max(lowPeak, c);
            } else {
                low = 0;
                lowPeak = 0;
            }
            if (high >= p.scaleOutMinutes()) {
                int next = clamp(units(c / p.target()), p);
                if (next > current) {
                    current = next;
                    increases++;
                }
                high = 0;
                low = 0;
                lowPeak = 0;
            } else if (low >= p.scaleInMinutes()) {
                int next = clamp(units(lowPeak / p.target()), p);
                boolean allowed = decreasesToday < p.freeDecreasesPerDay() || t - lastDecrease >= 60;
                if (next < current && allowed) {
                    current = next;
                    decreases++;
                    decreasesToday++;
                    lastDecrease = t;
                    low = 0;
                    lowPeak = 0;
                }
                // blocked or nothing to lower: the alarm stays on and is evaluated again next minute
            }
        }
        unitHours += hourMax;
        return new Result(cap, throttled, throttledUnits, increases, decreases, unitHours, hours);
    }

    /** Whole units, rounded up; a hair of floating-point noise (70 / 0.7 = 100.00000000000001) is not a unit. */
    static int units(double d) {
        double c = Math.ceil(d - 1e-9);
        return c >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, c);
    }

    private static double v(double d) { return Double.isNaN(d) || d < 0 ? 0 : d; }

    private static int clamp(int c, Params p) { return Math.max(p.min(), Math.min(p.max(), c)); }
}
