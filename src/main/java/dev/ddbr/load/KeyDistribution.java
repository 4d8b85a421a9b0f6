package dev.ddbr.load;

import dev.ddbr.error.DdbrException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which key an operation uses: an index in {@code [0, keyCount)}. With workers ({@code --worker I/N}) each worker
 * draws only indexes {@code x} with {@code x % N == I}, so no two workers ever touch the same key.
 */
public abstract class KeyDistribution {
    public static final String SYNTAX = "uniform, zipfian[:THETA] (0 < THETA < 1, default 0.99), or hotkey:K:SHARE"
            + " (SHARE of the traffic on K keys), e.g. --keys zipfian:0.99 or --keys hotkey:10:0.5";

    protected final long keyCount;
    protected final int worker;
    protected final int workers;

    KeyDistribution(long keyCount, int worker, int workers) {
        this.keyCount = keyCount;
        this.worker = worker;
        this.workers = workers;
    }

    /** The next key index. */
    public abstract long next(SplittableRandom rnd);

    /** How the distribution reads in a report. */
    public abstract String describe();

    /** Indexes this worker owns in {@code [from, to)}. */
    long owned(long from, long to) {
        return Math.max(0, count(to) - count(from));
    }

    /** Owned indexes below {@code x}. */
    private long count(long x) {
        return x <= worker ? 0 : (x - worker - 1) / workers + 1;
    }

    /** The {@code j}-th owned index at or after {@code from}. */
    long ownedAt(long from, long j) {
        long first = from + Math.floorMod(worker - from, workers);
        return first + j * workers;
    }

    /** A uniform draw among the owned indexes in {@code [from, to)}. */
    long uniform(SplittableRandom rnd, long from, long to) {
        long n = owned(from, to);
        return ownedAt(from, rnd.nextLong(n));
    }

    /** Parses {@code --keys}. */
    public static KeyDistribution parse(String text, long keyCount, int worker, int workers, String option) {
        Spec spec = spec(text, option);
        try {
            return switch (spec.kind()) {
                case "uniform" -> new Uniform(keyCount, worker, workers);
                case "zipfian" -> new Zipfian(keyCount, spec.theta(), worker, workers);
                default -> {
                    if (spec.k() >= keyCount && spec.share() < 1) {
                        throw new IllegalArgumentException("K (" + spec.k() + ") must be less than the key count (" + keyCount + ")");
                    }
                    yield new HotKeys(keyCount, spec.k(), spec.share(), worker, workers);
                }
            };
        } catch (IllegalArgumentException e) {
            throw DdbrException.invalid("invalid " + option + " '" + text.strip() + "': " + e.getMessage(), "expected " + SYNTAX);
        }
    }

    /** The parsed text of {@code --keys}, checked but not built (the key count comes later). */
    public record Spec(String kind, double theta, long k, double share) {}

    /** Checks the syntax and ranges of {@code --keys} (one line, exit 252). */
    public static Spec spec(String text, String option) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String[] p = s.split(":");
        try {
            return switch (p[0]) {
                case "uniform" -> {
                    if (p.length != 1) throw new IllegalArgumentException("uniform takes no parameters");
                    yield new Spec("uniform", 0, 0, 0);
                }
                case "zipfian", "zipf" -> {
                    if (p.length > 2) throw new IllegalArgumentException("zipfian takes one parameter, THETA");
                    double theta = p.length == 2 ? number(p[1], "THETA") : 0.99;
                    if (!(theta > 0 && theta < 1)) throw new IllegalArgumentException("THETA must be between 0 and 1 (exclusive), got " + p[1]);
                    yield new Spec("zipfian", theta, 0, 0);
                }
                case "hotkey", "hot" -> {
                    if (p.length != 3) throw new IllegalArgumentException("hotkey needs K and SHARE: hotkey:K:SHARE");
                    double kd = number(p[1], "K");
                    boolean pct = p[2].endsWith("%");
                    double share = number(pct ? p[2].substring(0, p[2].length() - 1) : p[2], "SHARE") / (pct ? 100 : 1);
                    if (kd < 1 || kd != Math.rint(kd)) throw new IllegalArgumentException("K must be a whole number of keys, at least 1, got " + p[1]);
                    if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("SHARE must be greater than 0 and at most 1 (or a percentage), got " + p[2]);
                    yield new Spec("hotkey", 0, (long) kd, share);
                }
                default -> throw new IllegalArgumentException(p[0].isEmpty() ? "it is empty" : "unknown distribution '" + p[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            throw DdbrException.invalid("invalid " + option + " '" + (text == null ? "" : text.strip()) + "': " + e.getMessage(), "expected " + SYNTAX);
        }
    }

    private static double number(String s, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got '" + s + "'");
        }
    }

    /** Every owned key equally likely. */
    static final class Uniform extends KeyDistribution {
        Uniform(long keyCount, int worker, int workers) {
            super(keyCount, worker, workers);
            if (owned(0, keyCount) < 1) throw new IllegalArgumentException("the key count " + keyCount + " leaves worker " + worker + " of " + workers + " no key");
        }

        @Override
        public long next(SplittableRandom rnd) { return uniform(rnd, 0, keyCount); }

        @Override
        public String describe() { return "uniform"; }
    }

    /**
     * Zipfian over key ranks (rank 0 the hottest): exact (inverse of the cumulative distribution) up to a million keys,
     * Gray et al.'s approximation as YCSB uses it beyond. A worker draws from the
     * whole distribution and keeps what it owns, so each worker's keys keep their relative weights.
     */
    static final class Zipfian extends KeyDistribution {
        private final double theta;
        private final double alpha;
        private final double zetan;
        private final double eta;
        private final double zeta2;
        /** The exact cumulative distribution, for key spaces up to {@value #EXACT_UP_TO} keys; null beyond. */
        private final double[] cdf;
        static final long EXACT_UP_TO = 1_000_000;

        Zipfian(long keyCount, double theta, int worker, int workers) {
            super(keyCount, worker, workers);
            if (owned(0, keyCount) < 1) throw new IllegalArgumentException("the key count " + keyCount + " leaves worker " + worker + " of " + workers + " no key");
            this.theta = theta;
            this.zeta2 = zeta(2, theta);
            this.zetan = zeta(keyCount, theta);
            this.alpha = 1.0 / (1.0 - theta);
            this.eta = (1 - Math.pow(2.0 / keyCount, 1 - theta)) / (1 - zeta2 / zetan);
            if (keyCount <= EXACT_UP_TO) {
                cdf = new double[(int) keyCount];
                double sum = 0;
                for (int i = 0; i < keyCount; i++) {
                    sum += 1 / Math.pow(i + 1, theta);
                    cdf[i] = sum / zetan;
                }
            } else {
                cdf = null;
            }
        }

        /** The generalised harmonic number; beyond a million terms the tail is the Euler-Maclaurin integral. */
        static double zeta(long n, double theta) {
            long m = Math.min(n, EXACT_UP_TO);
            double sum = 0;
            for (long i = 1; i <= m; i++) sum += 1 / Math.pow(i, theta);
            if (n > m) {
                sum += (Math.pow(n, 1 - theta) - Math.pow(m, 1 - theta)) / (1 - theta)
                        + (Math.pow(n, -theta) - Math.pow(m, -theta)) / 2;
            }
            return sum;
        }

        /** The probability of rank {@code r} (0-based). */
        double probability(long r) { return 1 / Math.pow(r + 1, theta) / zetan; }

        long draw(SplittableRandom rnd) {
            double u = rnd.nextDouble();
            if (cdf != null) {
                int i = java.util.Arrays.binarySearch(cdf, u);
                return Math.min(keyCount - 1, i >= 0 ? i : -i - 1);
            }
            // beyond EXACT_UP_TO keys: Gray et al.'s approximation, as YCSB
            double uz = u * zetan;
            if (uz < 1) return 0;
            if (uz < 1 + Math.pow(0.5, theta)) return Math.min(1, keyCount - 1);
            return Math.min(keyCount - 1, (long) (keyCount * Math.pow(eta * u - eta + 1, alpha)));
        }

        @Override
        public long next(SplittableRandom rnd) {
            if (workers == 1) return draw(rnd);
            for (int tries = 0; tries < 64 * workers; tries++) {
                long r = draw(rnd);
                if (r % workers == worker) return r;
            }
            return uniform(rnd, 0, keyCount);
        }

        @Override
        public String describe() { return "zipfian:" + theta; }
    }

    /**
     * {@code share} of the traffic on the hot keys {@code 0..k-1}, the rest uniform on the others. A worker takes its
     * own hot keys with the same share, so the hot keys together keep {@code share} of all traffic.
     */
    static final class HotKeys extends KeyDistribution {
        private final long k;
        private final double share;

        HotKeys(long keyCount, long k, double share, int worker, int workers) {
            super(keyCount, worker, workers);
            this.k = Math.min(k, keyCount);
            this.share = share;
            if (owned(0, this.k) < 1) {
                throw new IllegalArgumentException("with " + workers + " workers each needs a hot key of its own: use at least " + workers + " hot keys");
            }
            if (share < 1 && owned(this.k, keyCount) < 1) throw new IllegalArgumentException("worker " + worker + " of " + workers + " has no cold key: raise the key count");
        }

        @Override
        public long next(SplittableRandom rnd) {
            if (share >= 1 || rnd.nextDouble() < share) return uniform(rnd, 0, k);
            return uniform(rnd, k, keyCount);
        }

        @Override
        public String describe() { return "hotkey:" + k + ":" + share; }
    }

    /**
     * Replays a skew report: key {@code i} of the report's top keys takes its share (index {@code i}), the remainder
     * is uniform over the other keys. A worker takes the top keys it owns with their shares times the worker count.
     */
    static final class Replayed extends KeyDistribution {
        private final double[] cumulative;
        private final long[] index;
        private final long top;

        Replayed(long keyCount, List<Double> shares, int worker, int workers) {
            super(keyCount, worker, workers);
            this.top = shares.size();
            List<Double> cum = new ArrayList<>();
            List<Long> idx = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < shares.size(); i++) {
                if (i % workers != worker) continue;
                sum += shares.get(i) * workers;
                cum.add(sum);
                idx.add((long) i);
            }
            if (sum > 1 + 1e-9) {
                throw new IllegalArgumentException("the top keys' shares cannot be split over " + workers
                        + " workers without overlap (worker " + worker + " would need " + Math.round(sum * 100) + "% of its traffic on them): use fewer workers");
            }
            if (sum < 1 - 1e-9 && owned(top, keyCount) < 1) throw new IllegalArgumentException("the key count leaves worker " + worker + " no key beyond the report's top keys");
            cumulative = cum.stream().mapToDouble(Double::doubleValue).toArray();
            index = idx.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public long next(SplittableRandom rnd) {
            double u = rnd.nextDouble();
            for (int i = 0; i < cumulative.length; i++) if (u < cumulative[i]) return index[i];
            if (owned(top, keyCount) < 1) return index[index.length - 1];
            return uniform(rnd, top, keyCount);
        }

        @Override
        public String describe() { return "replayed skew report"; }
    }
}
