package dev.basin.sde;

import java.util.Arrays;

/**
 * First-exit times of many independent trajectories, right-censored at a step cap, and their summary.
 *
 * <p>Each trajectory i draws its noise from its own stream (seed, i) ({@link StableNoise}), so the
 * result is a function of (seed, n) alone, whatever the order or thread the trajectories run on.
 */
public final class ExitTimes {
    /** One trajectory's Euler or discrete dynamics: advance one step from x (in place) using the noise stream. */
    @FunctionalInterface
    public interface Step {
        void advance(double[] x, StableNoise noise, double[] scratch);
    }

    /** Whether a point is still inside the region the trajectory must leave. */
    @FunctionalInterface
    public interface Region {
        boolean inside(double[] x);
    }

    /**
     * @param times     exit times in time units (steps × h), censored ones at the cap
     * @param censored  which were still inside at the cap
     */
    public record Result(double[] times, boolean[] censored, double stepSize, long cap) {
        public int n() {
            return times.length;
        }

        public int censoredCount() {
            int c = 0;
            for (boolean b : censored) {
                c += b ? 1 : 0;
            }
            return c;
        }

        /**
         * Mean exit time and its standard error. With censoring this is the restricted mean (area under the
         * Kaplan–Meier curve up to the cap, which here is the plain mean of min(T, cap)): a lower bound of
         * the true mean, and {@link #censoredCount()} says how much is missing.
         */
        public double mean() {
            return Arrays.stream(times).average().orElse(Double.NaN);
        }

        public double stderr() {
            double m = mean();
            double ss = 0;
            for (double t : times) {
                ss += (t - m) * (t - m);
            }
            return Math.sqrt(ss / (times.length - 1) / times.length);
        }

        /** The median exit time (NaN when half or more are censored). */
        public double median() {
            double[] s = times.clone();
            Arrays.sort(s);
            int c = censoredCount();
            if (2 * c >= s.length) {
                return Double.NaN;
            }
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        /** The empirical survival S(t) = P(T &gt; t) at each t. */
        public double[] survival(double[] at) {
            double[] s = times.clone();
            Arrays.sort(s);
            double[] out = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                int idx = Arrays.binarySearch(s, at[i]);
                int le = idx >= 0 ? lastIndexOf(s, at[i]) + 1 : -idx - 1;
                out[i] = 1 - (double) le / s.length;
            }
            return out;
        }

        private static int lastIndexOf(double[] s, double v) {
            int i = Arrays.binarySearch(s, v);
            while (i + 1 < s.length && s[i + 1] == v) {
                i++;
            }
            return i;
        }

        /**
         * Kolmogorov–Smirnov distance between the exit times scaled by their mean and Exp(1), the limit law of
         * Theorem 1, with its asymptotic p-value (meaningful only without censoring).
         */
        public double[] ksAgainstExponential() {
            double m = mean();
            double[] s = times.clone();
            Arrays.sort(s);
            int n = s.length;
            double d = 0;
            for (int i = 0; i < n; i++) {
                double f = 1 - Math.exp(-s[i] / m);
                d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
            }
            double t = Math.sqrt(n) * d;
            double p = 0;
            for (int k = 1; k < 100; k++) {
                p += 2 * (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * t * t);
            }
            return new double[] {d, Math.min(1, Math.max(0, p))};
        }
    }

    private ExitTimes() {
    }

    /**
     * Runs {@code n} trajectories from {@code start}, each taking steps of {@code step} until {@code region}
     * no longer contains x or {@code cap} steps have passed. The noise of trajectory i is
     * {@code new StableNoise(alpha, 0, 1, seed, i)}.
     */
    public static Result simulate(int n, double[] start, double alpha, long seed, long cap, double stepSize, Step step, Region region) {
        if (n < 2 || cap < 1 || !(stepSize > 0)) {
            throw new IllegalArgumentException("need n >= 2 trajectories, a cap >= 1 and a positive step, got " + n + ", " + cap + ", " + stepSize);
        }
        double[] times = new double[n];
        boolean[] censored = new boolean[n];
        double[] x = new double[start.length];
        double[] scratch = new double[start.length];
        for (int i = 0; i < n; i++) {
            StableNoise noise = new StableNoise(alpha, 0, 1, seed, i);
            System.arraycopy(start, 0, x, 0, x.length);
            long k = 0;
            while (k < cap && region.inside(x)) {
                step.advance(x, noise, scratch);
                k++;
            }
            censored[i] = region.inside(x);
            times[i] = k * stepSize;
        }
        return new Result(times, censored, stepSize, cap);
    }

    /**
     * Euler–Maruyama for the paper's SGD SDE (eq. 4) on a landscape: x ← x − h ∇F(x) + ε h^{1/α} shape(L),
     * L with i.i.d. SαS(1) coordinates.
     */
    public static Step sgdSde(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape, double epsilon, double h,
                              double alpha) {
        double noiseScale = epsilon * Math.pow(h, 1 / alpha);
        double[] l = new double[shape.dim()];
        double[] shaped = new double[shape.dim()];
        return (x, noise, g) -> {
            gradient.accept(x, g);
            noise.fill(l);
            shape.apply(l, shaped);
            for (int j = 0; j < x.length; j++) {
                x[j] += -h * g[j] + noiseScale * shaped[j];
            }
        };
    }
}
