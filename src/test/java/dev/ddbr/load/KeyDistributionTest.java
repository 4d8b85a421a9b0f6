package dev.ddbr.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ddbr.error.DdbrException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyDistributionTest {
    private static final int N = 200_000;

    /** Chi-square statistic of observed counts against expected probabilities. */
    static double chiSquare(long[] observed, double[] p, long n) {
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = p[i] * n;
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    /** The 0.999 quantile of chi-square with {@code df} degrees of freedom (Wilson-Hilferty). */
    static double critical(int df) {
        double z = 3.090;
        double a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    private static long[] sample(KeyDistribution d, int keys, int n) {
        long[] c = new long[keys];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < n; i++) c[(int) d.next(rnd)]++;
        return c;
    }

    @Test
    void uniformPassesChiSquare() {
        int keys = 50;
        long[] c = sample(KeyDistribution.parse("uniform", keys, 0, 1, "--keys"), keys, N);
        double[] p = new double[keys];
        java.util.Arrays.fill(p, 1.0 / keys);
        assertThat(chiSquare(c, p, N)).isLessThan(critical(keys - 1));
    }

    @Test
    void zipfianPassesChiSquareAgainstTheExactZipfLaw() {
        int keys = 100;
        double theta = 0.99;
        long[] c = sample(KeyDistribution.parse("zipfian:" + theta, keys, 0, 1, "--keys"), keys, N);
        double zeta = KeyDistribution.Zipfian.zeta(keys, theta);
        double[] p = new double[keys];
        for (int i = 0; i < keys; i++) p[i] = 1 / Math.pow(i + 1, theta) / zeta;
        assertThat(chiSquare(c, p, N)).isLessThan(critical(keys - 1));
        assertThat(c[0]).isGreaterThan(c[1]).isGreaterThan(c[10]);
    }

    @Test
    void hotKeyPutsItsShareOnKKeys() {
        int keys = 40;
        long[] c = sample(KeyDistribution.parse("hotkey:4:0.6", keys, 0, 1, "--keys"), keys, N);
        double[] p = new double[keys];
        for (int i = 0; i < keys; i++) p[i] = i < 4 ? 0.6 / 4 : 0.4 / 36;
        assertThat(chiSquare(c, p, N)).isLessThan(critical(keys - 1));
    }

    @Test
    void replayedSkewReproducesTopKeyShares() {
        int keys = 1000;
        KeyDistribution d = new KeyDistribution.Replayed(keys, List.of(0.3, 0.1, 0.05), 0, 1);
        long[] c = sample(d, keys, N);
        assertThat(c[0] / (double) N).isCloseTo(0.3, within(0.01));
        assertThat(c[1] / (double) N).isCloseTo(0.1, within(0.01));
        assertThat(c[2] / (double) N).isCloseTo(0.05, within(0.01));
    }

    @Test
    void workersNeverShareAKey() {
        for (String spec : List.of("uniform", "zipfian:0.9", "hotkey:8:0.5")) {
            for (int w = 0; w < 4; w++) {
                KeyDistribution d = KeyDistribution.parse(spec, 1000, w, 4, "--keys");
                SplittableRandom rnd = new SplittableRandom(w);
                for (int i = 0; i < 20_000; i++) {
                    long k = d.next(rnd);
                    assertThat(k % 4).as(spec + " worker " + w).isEqualTo(w);
                    assertThat(k).isBetween(0L, 999L);
                }
            }
        }
        KeyDistribution r = new KeyDistribution.Replayed(1000, List.of(0.1, 0.1), 1, 2);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) assertThat(r.next(rnd) % 2).isEqualTo(1);
    }

    @Test
    void hotKeysTheWorkersSplitKeepTheirShare() {
        int keys = 100;
        long[] all = new long[keys];
        for (int w = 0; w < 2; w++) {
            long[] c = sample(KeyDistribution.parse("hotkey:4:0.5", keys, w, 2, "--keys"), keys, N);
            for (int i = 0; i < keys; i++) all[i] += c[i];
        }
        long hot = all[0] + all[1] + all[2] + all[3];
        assertThat(hot / (2.0 * N)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void zipfianOverAHundredMillionKeysUsesTheApproximationAndStaysInRange() {
        long n = 100_000_000L;
        double theta = 0.99;
        // the harmonic number's integral tail is close to the exact sum
        double exact = KeyDistribution.Zipfian.zeta(2_000_000, theta);
        double exactSum = 0;
        for (long i = 1; i <= 2_000_000; i++) exactSum += 1 / Math.pow(i, theta);
        assertThat(exact).isCloseTo(exactSum, within(1e-6 * exactSum));
        KeyDistribution d = KeyDistribution.parse("zipfian:" + theta, n, 0, 1, "--keys");
        SplittableRandom rnd = new SplittableRandom(5);
        long zeros = 0;
        for (int i = 0; i < 100_000; i++) {
            long k = d.next(rnd);
            assertThat(k).isBetween(0L, n - 1);
            if (k == 0) zeros++;
        }
        double p0 = 1 / KeyDistribution.Zipfian.zeta(n, theta);
        assertThat(zeros / 100_000.0).isCloseTo(p0, within(0.01));
    }

    @Test
    void theSyntaxAloneIsCheckedForProfiles() {
        assertThat(KeyDistribution.spec("hotkey:5000:50%", "keys").share()).isEqualTo(0.5);
        assertThat(KeyDistribution.spec("zipfian", "keys").theta()).isEqualTo(0.99);
        assertThatThrownBy(() -> KeyDistribution.spec("hotkey:1.5:0.5", "keys")).hasMessageContaining("K must be a whole number");
    }

    @Test
    void badDistributionsGetOneClearLine() {
        assertBad("zipfian:1.5", "THETA must be between 0 and 1");
        assertBad("hotkey:10", "hotkey needs K and SHARE");
        assertBad("hotkey:10:2", "SHARE must be greater than 0 and at most 1");
        assertBad("gaussian", "unknown distribution 'gaussian'");
        assertThatThrownBy(() -> KeyDistribution.parse("hotkey:2:0.5", 1000, 3, 4, "--keys"))
                .hasMessageContaining("use at least 4 hot keys");
    }

    private static void assertBad(String text, String fragment) {
        assertThatThrownBy(() -> KeyDistribution.parse(text, 1000, 0, 1, "--keys"))
                .isInstanceOfSatisfying(DdbrException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(252);
                    assertThat(e.getMessage()).startsWith("invalid --keys '" + text + "': ").contains(fragment);
                });
    }
}
