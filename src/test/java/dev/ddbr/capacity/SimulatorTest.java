package dev.ddbr.capacity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbr.capacity.Simulator.Params;
import dev.ddbr.capacity.Simulator.Result;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-computed cases (worked out in the comments) and properties over random histories. */
class SimulatorTest {
    private static Params p(int min, int max) { return Params.dynamodb(0.70, min, max, 0); }

    @Test
    void stepIsFollowedAfterTheTwoMinuteScaleOutDelay() {
        // 7 u/s for 5 minutes: start at ceil(7/0.7) = 10 (utilisation 0.70, not above the target);
        // then 70 u/s: minutes 5 and 6 are above the target (and throttled), so from minute 7: ceil(70/0.7) = 100
        double[] c = new double[15];
        Arrays.fill(c, 0, 5, 7);
        Arrays.fill(c, 5, 15, 70);
        Result r = Simulator.run(c, p(1, 1000));
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 100, 100, 100, 100, 100, 100, 100, 100}, r.capacity());
        assertEquals(2, r.throttledMinutes());
        assertEquals(2 * (70 - 10), r.throttledUnits(), 1e-9);
        assertEquals(1, r.increases());
        assertEquals(0, r.decreases());
    }

    @Test
    void spikeShorterThanTheScaleOutDelayIsThrottledAndNotFollowed() {
        double[] c = new double[20];
        Arrays.fill(c, 7);
        c[10] = 50; // one minute: the alarm needs two
        Result r = Simulator.run(c, p(1, 1000));
        assertTrue(Arrays.stream(r.capacity()).allMatch(x -> x == 10), Arrays.toString(r.capacity()));
        assertEquals(1, r.throttledMinutes());
        assertEquals(40, r.throttledUnits(), 1e-9);
        assertEquals(0, r.increases());
    }

    @Test
    void slowRampIsFollowedWithoutThrottling() {
        // c = 7, 8, 9, ...: 8/10 and 9/10 above 0.7 -> ceil(9/0.7) = 13 from minute 3; 10/13, 11/13 -> ceil(11/0.7) = 16
        // from minute 5; 12/16, 13/16 -> ceil(13/0.7) = 19 from minute 7; 14/19, 15/19 -> ceil(15/0.7) = 22 from minute 9
        double[] c = new double[10];
        for (int t = 0; t < c.length; t++) c[t] = 7 + t;
        Result r = Simulator.run(c, p(1, 1000));
        assertArrayEquals(new int[] {10, 10, 10, 13, 13, 16, 16, 19, 19, 22}, r.capacity());
        assertEquals(0, r.throttledMinutes());
        assertEquals(4, r.increases());
    }

    /** Cycles of 17 minutes: 2 minutes at 700 u/s (scale out to 1000), 15 at 7 u/s (scale in to 10), 5 of them. */
    private static double[] cycles(int minutes) {
        double[] c = new double[minutes];
        for (int t = 0; t < minutes; t++) c[t] = (t < 85 && t % 17 < 2) ? 700 : 7;
        return c;
    }

    @Test
    void afterFourDecreasesInADayOnlyOnePerHour() {
        // starts at ceil(700/0.7) = 1000; scale-ins at minutes 16, 33, 50, 67 (the 4 free ones), scale-outs at 18, 35,
        // 52, 69; the 5th scale-in is due at minute 84 but the last decrease was at 67: it waits until 67 + 60 = 127
        Result r = Simulator.run(cycles(200), p(1, 1000));
        int[] cap = r.capacity();
        assertEquals(10, cap[17]);
        assertEquals(10, cap[68]);
        assertEquals(1000, cap[70]);
        assertEquals(1000, cap[85]);
        assertEquals(1000, cap[127]);
        assertEquals(10, cap[128]);
        assertEquals(5, r.decreases());
        assertEquals(4, r.increases());
        assertEquals(8, r.throttledMinutes()); // minutes 17, 18, 34, 35, 51, 52, 68, 69
    }

    @Test
    void theDecreaseAllowanceResetsAtUtcMidnight() {
        // the same history starting 100 minutes before midnight: the blocked scale-in goes through at minute 100
        Result r = Simulator.run(cycles(200), Params.dynamodb(0.70, 1, 1000, 1440 - 100));
        assertEquals(1000, r.capacity()[100]);
        assertEquals(10, r.capacity()[101]);
        assertEquals(5, r.decreases());
    }

    @Test
    void boundsHoldAndScaleInStopsAtMin() {
        double[] c = new double[60];
        Arrays.fill(c, 0, 5, 2000);
        // 0 afterwards: scale in goes to min, not below
        Result r = Simulator.run(c, p(5, 100));
        assertEquals(100, r.capacity()[0]);
        assertEquals(5, r.capacity()[59]);
        assertEquals(5, r.throttledMinutes());
    }

    @Test
    void billedPerClockHourAtTheHighestCapacity() {
        double[] c = new double[120];
        Arrays.fill(c, 3);
        // from minute 30 of an hour: hours [30..59], [60..119], [120..149] of the day -> 3 hours of 5 units
        Result r = Simulator.run(c, Params.fixed(5, 30));
        assertEquals(15, r.unitHours(), 1e-9);
        assertEquals(3, r.hours());
        assertEquals(5, r.unitsPerHour(), 1e-9);
        assertEquals(0, r.throttledMinutes());
    }

    @Test
    void propertiesOverRandomHistories() {
        Random rnd = new Random(42);
        for (int run = 0; run < 500; run++) {
            int n = 1 + rnd.nextInt(600);
            double[] c = new double[n];
            double level = rnd.nextDouble() * 200;
            for (int t = 0; t < n; t++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> level = rnd.nextDouble() * 500;           // jump
                    case 1 -> level = Math.max(0, level * (0.8 + rnd.nextDouble() * 0.4)); // drift
                    default -> { }
                }
                c[t] = rnd.nextInt(20) == 0 ? level * 5 : level;         // occasional spike
            }
            int min = 1 + rnd.nextInt(20);
            int max = min + rnd.nextInt(rnd.nextBoolean() ? 50 : 5000);
            double target = 0.2 + rnd.nextDouble() * 0.7;
            Result r = Simulator.run(c, Params.dynamodb(target, min, max, rnd.nextInt(1440)));
            int[] cap = r.capacity();
            for (int t = 0; t < n; t++) {
                assertTrue(cap[t] >= min && cap[t] <= max, "run " + run + " minute " + t + ": " + cap[t] + " outside " + min + ".." + max);
                if (t >= 2) {
                    // after the 2-minute scale-out delay, capacity covers what was consumed, as far as max allows
                    double held = Math.min(Math.min(c[t - 2], c[t - 1]), max);
                    assertTrue(cap[t] >= held - 1e-9, "run " + run + " minute " + t + ": capacity " + cap[t] + " below " + held);
                }
            }
            int thr = 0;
            for (int t = 0; t < n; t++) if (c[t] > cap[t]) thr++;
            assertEquals(thr, r.throttledMinutes());
        }
    }
}
