package dev.basin.sde;

import java.util.Arrays;
import java.util.List;

/**
 * First-exit times of many independent trajectories, right-censored at a step cap, and their summary.
 *
 * <p>Each trajectory i draws its noise from its own stream (seed, i) ({@link StableNoise}), so the
 * result is a function of (seed, n) alone, whatever the order or thread the trajectories run on.
 */
public final class ExitTimes {
    /**
     * One trajectory's Euler or discrete dynamics: advance one step from x (in place) using the noise stream.
     * Stateful dynamics (momentum, ADAM's moments) clear their state in {@link #reset()}, called before each
     * trajectory.
     */
    @FunctionalInterface
    public interface Step {
        void advance(double[] x, StableNoise noise, double[] scratch);

        default void reset() {
        }
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

        /** Consecutive ranges of one run (same step and cap), in order, as one result. */
        public static Result concat(List<Result> parts) {
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("nothing to concatenate");
            }
            int n = parts.stream().mapToInt(Result::n).sum();
            double[] t = new double[n];
            boolean[] c = new boolean[n];
            int at = 0;
            for (Result p : parts) {
                if (p.stepSize() != parts.get(0).stepSize() || p.cap() != parts.get(0).cap()) {
                    throw new IllegalArgumentException("parts of one run share their step and cap");
                }
                System.arraycopy(p.times(), 0, t, at, p.n());
                System.arraycopy(p.censored(), 0, c, at, p.n());
                at += p.n();
            }
            return new Result(t, c, parts.get(0).stepSize(), parts.get(0).cap());
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
            return new double[] {d, dev.basin.numeric.SpecialFunctions.kolmogorovTail(Math.sqrt(n) * d)};
        }
    }

    private ExitTimes() {
    }

    /**
     * Runs {@code n} trajectories from {@code start}, each taking steps until {@code region} no longer
     * contains x or {@code cap} steps have passed, on one thread. The noise of trajectory i is
     * {@code new StableNoise(alpha, 0, 1, seed, i)}. {@code step} must not keep state between calls.
     */
    public static Result simulate(int n, double[] start, double alpha, long seed, long cap, double stepSize, Step step, Region region) {
        return simulate(n, start, alpha, seed, cap, stepSize, () -> step, region, 1);
    }

    /**
     * As {@link #simulate(int, double[], double, long, long, double, Step, Region)} on {@code threads}
     * threads, each with its own step from {@code steps}. Trajectory i always uses stream i and writes only
     * slot i, so the result is identical for any thread count.
     */
    public static Result simulate(int n, double[] start, double alpha, long seed, long cap, double stepSize,
                                  java.util.function.Supplier<Step> steps, Region region, int threads) {
        if (n < 2) {
            throw new IllegalArgumentException("need n >= 2 trajectories, got " + n);
        }
        return simulate(0, n, start, alpha, seed, cap, stepSize, steps, region, threads);
    }

    /**
     * Trajectories {@code from} … {@code to − 1} of {@link #simulate(int, double[], double, long, long, double,
     * java.util.function.Supplier, Region, int)}: slot j of the result is trajectory from + j, on stream from + j, so
     * the results of consecutive ranges, {@linkplain Result#concat concatenated}, are the result of the whole run
     * whatever the ranges (tested).
     */
    public static Result simulate(int from, int to, double[] start, double alpha, long seed, long cap, double stepSize,
                                  java.util.function.Supplier<Step> steps, Region region, int threads) {
        if (from < 0 || to <= from || cap < 1 || !(stepSize > 0)) {
            throw new IllegalArgumentException("need trajectories 0 <= from < to, a cap >= 1 and a positive step, got " + from + ".." + to + ", "
                    + cap + ", " + stepSize);
        }
        int n = to - from;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!region.inside(start)) {
            throw new IllegalArgumentException("the start point " + Arrays.toString(start) + " is outside the basin; start inside it");
        }
        double[] times = new double[n];
        boolean[] censored = new boolean[n];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            Step step = steps.get();
            double[] x = new double[start.length];
            double[] scratch = new double[start.length];
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                StableNoise noise = new StableNoise(alpha, 0, 1, seed, from + (long) i);
                System.arraycopy(start, 0, x, 0, x.length);
                step.reset();
                long k = 0;
                while (k < cap && region.inside(x)) {
                    step.advance(x, noise, scratch);
                    k++;
                }
                censored[i] = region.inside(x);
                times[i] = k * stepSize;
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(worker));
                }
                for (java.util.concurrent.Future<?> f : fs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return new Result(times, censored, stepSize, cap);
    }

    /**
     * Euler–Maruyama for the paper's SGD SDE (eq. 4) on a landscape: x ← x − h ∇F(x) + ε h^{1/α} shape(L),
     * L with i.i.d. SαS(1) coordinates.
     */
    public static java.util.function.Supplier<Step> sgdSde(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape,
                                                           double epsilon, double h, double alpha) {
        double noiseScale = epsilon * Math.pow(h, 1 / alpha);
        return () -> sgdStep(gradient, shape, noiseScale, h);
    }

    /**
     * Discrete SGD with injected noise, θ ← θ − η (∇F(θ) + σ·shape(ζ)), ζ i.i.d. SαS(1). It is the Euler scheme
     * of the SGD SDE with h = η and ε = η^{(α−1)/α} (then η σζ = h^{1/α} ε σζ); exit "times" are counted in
     * iterations × η, so divide by η for iterations.
     */
    public static java.util.function.Supplier<Step> sgdDiscrete(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape,
                                                                double eta) {
        return () -> sgdStep(gradient, shape, eta, eta);
    }

    private static Step sgdStep(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape, double noiseScale, double h) {
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

    /**
     * Discrete SGD with momentum (PyTorch's convention) on injected noise: g = ∇F(θ) + σ·shape(ζ),
     * b ← μ b + g (b = g at the first step), θ ← θ − η b.
     */
    public static java.util.function.Supplier<Step> sgdmDiscrete(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape,
                                                                 double eta, double momentum) {
        return () -> new Step() {
            private final double[] l = new double[shape.dim()];
            private final double[] shaped = new double[shape.dim()];
            private final double[] b = new double[shape.dim()];
            private boolean first = true;

            @Override
            public void advance(double[] x, StableNoise noise, double[] g) {
                gradient.accept(x, g);
                noise.fill(l);
                shape.apply(l, shaped);
                for (int j = 0; j < x.length; j++) {
                    double gj = g[j] + shaped[j];
                    b[j] = first ? gj : momentum * b[j] + gj;
                    x[j] -= eta * b[j];
                }
                first = false;
            }

            @Override
            public void reset() {
                java.util.Arrays.fill(b, 0);
                first = true;
            }
        };
    }

    /**
     * Discrete ADAM (paper eq. 3, PyTorch's ε placement, t from 1) on injected noise g = ∇F(θ) + σ·shape(ζ):
     * m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², θ ← θ − η (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
     */
    public static java.util.function.Supplier<Step> adamDiscrete(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape,
                                                                 double eta, double beta1, double beta2, double epsAdam) {
        return () -> new Step() {
            private final double[] l = new double[shape.dim()];
            private final double[] shaped = new double[shape.dim()];
            private final double[] m = new double[shape.dim()];
            private final double[] v = new double[shape.dim()];
            private long t;

            @Override
            public void advance(double[] x, StableNoise noise, double[] g) {
                gradient.accept(x, g);
                noise.fill(l);
                shape.apply(l, shaped);
                t++;
                double bc1 = 1 - Math.pow(beta1, t);
                double bc2 = 1 - Math.pow(beta2, t);
                for (int j = 0; j < x.length; j++) {
                    double gj = g[j] + shaped[j];
                    m[j] = beta1 * m[j] + (1 - beta1) * gj;
                    v[j] = beta2 * v[j] + (1 - beta2) * gj * gj;
                    x[j] -= eta * (m[j] / bc1) / (Math.sqrt(v[j] / bc2) + epsAdam);
                }
            }

            @Override
            public void reset() {
                java.util.Arrays.fill(m, 0);
                java.util.Arrays.fill(v, 0);
                t = 0;
            }
        };
    }

    /**
     * Euler–Maruyama for the paper's ADAM SDE (eq. 5): with g = ∇F(θ) + shape(ζ) the stochastic gradient of
     * this step (ζ i.i.d. SαS(1), the same draw that drives θ),
     * m ← m + h r₁ (∇F − m), v ← v + h r₂ (g² − v), t ← t + h, Q = √(ω_t v) + ε_adam,
     * θ ← θ − h μ_t Q⁻¹ m + ε h^{1/α} Q⁻¹ shape(ζ), μ_t = 1/(1 − e^{−r₁t}), ω_t = 1/(1 − e^{−r₂t}).
     * The rates r_i are continuous-time: r_i ≈ (1 − β_i)/η reproduces the discrete algorithm's memory when h = η.
     */
    public static java.util.function.Supplier<Step> adamSde(java.util.function.BiConsumer<double[], double[]> gradient, NoiseShape shape,
                                                            double epsilon, double h, double alpha, double rate1, double rate2, double epsAdam) {
        if (!(rate1 > 0) || !(rate2 > 0) || !(h * rate1 <= 1) || !(h * rate2 <= 1)) {
            throw new IllegalArgumentException("ADAM SDE rates must be positive with h * rate <= 1, got rates " + rate1 + ", " + rate2 + " at h " + h);
        }
        double noiseScale = epsilon * Math.pow(h, 1 / alpha);
        return () -> new Step() {
            private final double[] l = new double[shape.dim()];
            private final double[] shaped = new double[shape.dim()];
            private final double[] m = new double[shape.dim()];
            private final double[] v = new double[shape.dim()];
            private double t;

            @Override
            public void advance(double[] x, StableNoise noise, double[] g) {
                gradient.accept(x, g);
                noise.fill(l);
                shape.apply(l, shaped);
                t += h;
                double mu = 1 / -Math.expm1(-rate1 * t);
                double omega = 1 / -Math.expm1(-rate2 * t);
                for (int j = 0; j < x.length; j++) {
                    m[j] += h * rate1 * (g[j] - m[j]);
                    double gj = g[j] + shaped[j];
                    v[j] += h * rate2 * (gj * gj - v[j]);
                    double q = Math.sqrt(omega * v[j]) + epsAdam;
                    x[j] += (-h * mu * m[j] + noiseScale * shaped[j]) / q;
                }
            }

            @Override
            public void reset() {
                java.util.Arrays.fill(m, 0);
                java.util.Arrays.fill(v, 0);
                t = 0;
            }
        };
    }

    /**
     * ADAM's preconditioner at a minimum, Q* = √v + ε_adam, for noise shape(ζ): v is the exponential average
     * (weight {@code w} per step) of g² with g = shape(ζ) alone (∇F = 0 at the minimum). Under heavy tails v has
     * no stationary mean, so Q* is summarised by its median over {@code steps} steps after a burn-in of 10/w
     * steps, coordinate by coordinate; stream {@code stream} of {@code seed}.
     */
    public static double[] adamStationaryQ(NoiseShape shape, double alpha, double w, double epsAdam, long steps, long seed, long stream) {
        if (!(w > 0 && w <= 1) || steps < 1) {
            throw new IllegalArgumentException("need an averaging weight in (0, 1] and steps >= 1, got " + w + " and " + steps);
        }
        int d = shape.dim();
        StableNoise noise = new StableNoise(alpha, 0, 1, seed, stream);
        double[] l = new double[d];
        double[] shaped = new double[d];
        double[] v = new double[d];
        long burn = (long) Math.ceil(10 / w);
        int keep = (int) Math.min(steps, 20_000);
        long every = Math.max(1, steps / keep);
        double[][] rec = new double[d][keep];
        int r = 0;
        for (long k = 0; k < burn + steps && r < keep; k++) {
            noise.fill(l);
            shape.apply(l, shaped);
            for (int j = 0; j < d; j++) {
                v[j] += w * (shaped[j] * shaped[j] - v[j]);
            }
            if (k >= burn && (k - burn) % every == 0) {
                for (int j = 0; j < d; j++) {
                    rec[j][r] = Math.sqrt(v[j]) + epsAdam;
                }
                r++;
            }
        }
        double[] q = new double[d];
        for (int j = 0; j < d; j++) {
            double[] s = Arrays.copyOf(rec[j], r);
            Arrays.sort(s);
            q[j] = r % 2 == 1 ? s[r / 2] : (s[r / 2 - 1] + s[r / 2]) / 2;
        }
        return q;
    }

    /**
     * The path of trajectory {@code index} (the same stream and steps as in {@link #simulate}), up to its exit or
     * the cap, as {coordinate}[point]: every {@code every}-th position and the last one.
     */
    public static double[][] trace(double[] start, double alpha, long seed, long index, long cap, Step step, Region region, int every) {
        StableNoise noise = new StableNoise(alpha, 0, 1, seed, index);
        double[] x = start.clone();
        double[] scratch = new double[x.length];
        step.reset();
        List<double[]> pts = new java.util.ArrayList<>();
        pts.add(x.clone());
        long k = 0;
        while (k < cap && region.inside(x)) {
            step.advance(x, noise, scratch);
            k++;
            if (k % every == 0 || !region.inside(x)) {
                pts.add(x.clone());
            }
        }
        double[][] out = new double[x.length][pts.size()];
        for (int p = 0; p < pts.size(); p++) {
            for (int d = 0; d < x.length; d++) {
                out[d][p] = pts.get(p)[d];
            }
        }
        return out;
    }
}
