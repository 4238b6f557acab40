package dev.basin.sde;

import java.util.ArrayList;
import java.util.List;

/**
 * Escape from a basin under the paper's SGD SDE (eq. 4), dθ = −∇F dt + ε Σ dL, measured by Monte Carlo and
 * set beside the theory, for several tail indices α.
 *
 * <ul>
 *   <li>{@code interval}: F = ½x² in one dimension, basin (−b, a), Σ = σ; prediction: the interval law.</li>
 *   <li>{@code quadratic}: F = ½ Σ h_i y_i², basin {F &lt; height}, Σ = diag(σ_i); prediction:
 *       α ε^{−α} / (2 C_α Σ_i (A_ii / h_f)^{α/2}) with A = ΣHΣ and h_f = 2·height.</li>
 * </ul>
 */
public final class Escape {
    /** A basin: its dimension, gradient, membership and the predicted mean exit time for (α, ε). */
    public interface Basin {
        int dim();

        void gradient(double[] x, double[] g);

        boolean inside(double[] x);

        NoiseShape noise();

        /** Where trajectories start (the minimum; the origin unless said otherwise). */
        default double[] start() {
            return new double[dim()];
        }

        double predictedMeanExit(double alpha, double epsilon);

        String describe();
    }

    public static Basin interval(double a, double b, double sigma) {
        if (!(a > 0) || !(b > 0) || !(sigma > 0)) {
            throw new IllegalArgumentException("interval needs a > 0, b > 0 and sigma > 0, got " + a + ", " + b + ", " + sigma);
        }
        return new Basin() {
            public int dim() {
                return 1;
            }

            public void gradient(double[] x, double[] g) {
                g[0] = x[0];
            }

            public boolean inside(double[] x) {
                return x[0] > -b && x[0] < a;
            }

            public NoiseShape noise() {
                return NoiseShape.isotropic(1, sigma);
            }

            public double predictedMeanExit(double alpha, double epsilon) {
                return Theory.intervalMeanExit(a, b, epsilon, sigma, alpha);
            }

            public String describe() {
                return "interval F = x^2/2 on (-" + b + ", " + a + "), sigma " + sigma;
            }
        };
    }

    /** A quadratic basin with diagonal Hessian diag(curvatures) and noise diag(sigmas). */
    public static Quadratic quadratic(double[] curvatures, double height, double[] sigmas) {
        if (curvatures.length != sigmas.length || curvatures.length == 0) {
            throw new IllegalArgumentException("need one sigma per curvature, got " + curvatures.length + " curvatures and " + sigmas.length + " sigmas");
        }
        return new Quadratic(diag(curvatures), height, diag(sigmas));
    }

    static double[][] diag(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    /**
     * F = ½ yᵀHy with H symmetric positive definite, basin {F &lt; height}, SDE noise M L with i.i.d. SαS
     * coordinates L (M = Σ, any d × d matrix). Prediction: α ε^{−α} / (2 C_α Σ_j (m_jᵀHm_j / h_f)^{α/2}),
     * h_f = 2·height ({@link Theory#axisRate}).
     */
    public static final class Quadratic implements Basin {
        private final double[][] h;
        private final double height;
        private final double[][] m;
        private final double[] eigenvalues;
        /** H's diagonal when H is diagonal (the O(d) path), else null. */
        private final double[] diagonalH;

        public Quadratic(double[][] h, double height, double[][] noise) {
            int d = h.length;
            if (d == 0) {
                throw new IllegalArgumentException("the Hessian is empty");
            }
            if (noise.length != d) {
                throw new IllegalArgumentException("the noise matrix has " + noise.length + " rows for a " + d + "-dimensional Hessian");
            }
            for (double[] row : noise) {
                if (row.length != d) {
                    throw new IllegalArgumentException("the noise matrix must be " + d + " x " + d);
                }
                for (double x : row) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("the noise matrix has a non-finite entry");
                    }
                }
            }
            this.eigenvalues = dev.basin.numeric.SymmetricEigen.of(h).values();
            if (!(eigenvalues[0] > 0)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the Hessian is not positive definite (smallest eigenvalue %.6g); a quadratic basin needs every eigenvalue > 0", eigenvalues[0]));
            }
            if (!(height > 0) || Double.isInfinite(height)) {
                throw new IllegalArgumentException("basin height must be a positive number, got " + height);
            }
            boolean anyNoise = false;
            for (double[] row : noise) {
                for (double x : row) {
                    anyNoise |= x != 0;
                }
            }
            if (!anyNoise) {
                throw new IllegalArgumentException("the noise matrix is zero: nothing would ever leave the basin");
            }
            this.h = copy(h);
            this.height = height;
            this.m = copy(noise);
            this.diagonalH = isDiagonal(h) ? diagonalOf(h) : null;
        }

        private static double[][] copy(double[][] a) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }

        public int dim() {
            return h.length;
        }

        public double[][] hessian() {
            return copy(h);
        }

        public double[][] noiseMatrix() {
            return copy(m);
        }

        public double height() {
            return height;
        }

        public void gradient(double[] x, double[] g) {
            if (diagonalH != null) {
                for (int i = 0; i < diagonalH.length; i++) {
                    g[i] = diagonalH[i] * x[i];
                }
                return;
            }
            for (int i = 0; i < h.length; i++) {
                double s = 0;
                double[] row = h[i];
                for (int j = 0; j < row.length; j++) {
                    s += row[j] * x[j];
                }
                g[i] = s;
            }
        }

        public boolean inside(double[] x) {
            double f = 0;
            if (diagonalH != null) {
                for (int i = 0; i < diagonalH.length; i++) {
                    f += diagonalH[i] * x[i] * x[i];
                }
                return 0.5 * f < height;
            }
            for (int i = 0; i < h.length; i++) {
                double s = 0;
                double[] row = h[i];
                for (int j = 0; j < row.length; j++) {
                    s += row[j] * x[j];
                }
                f += x[i] * s;
            }
            return 0.5 * f < height;
        }

        public NoiseShape noise() {
            return isDiagonal(m) ? NoiseShape.diagonal(diagonalOf(m)) : NoiseShape.full(m);
        }

        public double predictedMeanExit(double alpha, double epsilon) {
            return predictedMeanExit(m, alpha, epsilon);
        }

        /** The prediction for noise matrix {@code noise} in this basin (e.g. ADAM's Q⁻¹Σ). */
        public double predictedMeanExit(double[][] noise, double alpha, double epsilon) {
            return alpha * Math.pow(epsilon, -alpha) / (2 * Theory.cAlpha(alpha) * Theory.axisRate(noise, h, 2 * height, alpha));
        }

        public String describe() {
            return "quadratic F = y'Hy/2, H eigenvalues " + java.util.Arrays.toString(eigenvalues) + ", height " + height
                    + (isDiagonal(m) ? ", noise diag " + java.util.Arrays.toString(diagonalOf(m)) : ", full noise matrix");
        }
    }

    static boolean isDiagonal(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j && a[i][j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    static double[] diagonalOf(double[][] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i][i];
        }
        return d;
    }

    /** Measured against predicted for one α; {@code result} holds every trajectory's exit time. */
    public record Row(double alpha, double epsilon, int trajectories, double mean, double stderr, double median, int censored,
                      double predicted, double ksD, double ksP, ExitTimes.Result result) {
        public double ratio() {
            return mean / predicted;
        }
    }

    private Escape() {
    }

    /** Dynamics names accepted by {@link #run} ({@link Dynamics}). */
    public static final List<String> DYNAMICS = Dynamics.names();

    /** ADAM's β1, β2 and ε in every ADAM dynamics here (PyTorch's defaults). */
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS_ADAM = 1e-8;
    /** The momentum of {@link Dynamics#SGDM}. */
    public static final double MOMENTUM = 0.9;

    /**
     * A landscape as a basin: start at {@code start}, stay while {@code region} holds, noise {@code noise}; no
     * closed-form prediction.
     */
    public static Basin of(Landscape f, double[] start, ExitTimes.Region region, NoiseShape noise, String exitRule) {
        if (start.length != f.dim() || noise.dim() != f.dim()) {
            throw new IllegalArgumentException("start point and noise need " + f.dim() + " coordinates, got " + start.length + " and " + noise.dim());
        }
        double[] x0 = start.clone();
        return new Basin() {
            public int dim() {
                return f.dim();
            }

            public void gradient(double[] x, double[] g) {
                f.gradient(x, g);
            }

            public boolean inside(double[] x) {
                return region.inside(x);
            }

            public NoiseShape noise() {
                return noise;
            }

            public double[] start() {
                return x0.clone();
            }

            public double predictedMeanExit(double alpha, double epsilon) {
                return Double.NaN;
            }

            public String describe() {
                return f.describe() + ", start " + java.util.Arrays.toString(x0) + ", exit " + exitRule;
            }
        };
    }

    /**
     * The step of one dynamics at tail index α. {@link Dynamics#SDE}: the SGD SDE, Euler step h, noise scale ε;
     * {@link Dynamics#ADAM_SDE}: the ADAM SDE (eq. 5) with rates (1 − β_i)/h; the discrete SGD, SGDM and ADAM:
     * learning rate η = h on g = ∇F + shaped SαS noise (momentum {@link #MOMENTUM}; ADAM's β and ε as {@link #BETA1}…).
     */
    public static java.util.function.Supplier<ExitTimes.Step> step(Basin basin, Dynamics dynamics, double alpha, double epsilon, double h) {
        return switch (dynamics) {
            case SDE -> ExitTimes.sgdSde(basin::gradient, basin.noise(), epsilon, h, alpha);
            case ADAM_SDE -> ExitTimes.adamSde(basin::gradient, basin.noise(), epsilon, h, alpha, (1 - BETA1) / h, (1 - BETA2) / h, EPS_ADAM);
            case SGD -> ExitTimes.sgdDiscrete(basin::gradient, basin.noise(), h);
            case SGDM -> ExitTimes.sgdmDiscrete(basin::gradient, basin.noise(), h, MOMENTUM);
            case ADAM -> ExitTimes.adamDiscrete(basin::gradient, basin.noise(), h, BETA1, BETA2, EPS_ADAM);
        };
    }

    /** {@link #step(Basin, Dynamics, double, double, double)} by the dynamics' name. */
    public static java.util.function.Supplier<ExitTimes.Step> step(Basin basin, String dynamics, double alpha, double epsilon, double h) {
        return step(basin, Dynamics.byName(dynamics), alpha, epsilon, h);
    }

    /** The noise scale of a dynamics: ε for the SDEs, η^{(α−1)/α} with η = h for the discrete algorithms. */
    public static double epsilon(Dynamics dynamics, double alpha, double epsilon, double h) {
        return dynamics.continuousTime() ? epsilon : Theory.epsilon(h, alpha);
    }

    /**
     * The prediction for a dynamics, NaN where the theory gives none. SGD (the SDE, and the discrete SGD as its
     * Euler scheme with ε = η^{(α−1)/α}): the basin's own law. ADAM (the SDE at ε, the discrete one at
     * η^{(α−1)/α}) in a quadratic basin: the same law with noise Q*⁻¹Σ, Q* from {@link ExitTimes#adamStationaryQ}
     * (stream −1 of the seed). Momentum: none.
     */
    public static double predicted(Basin basin, Dynamics dynamics, double alpha, double epsilon, double h, long seed) {
        if (alpha >= 2) {
            return Double.NaN; // Gaussian noise: escape is exponentially slow in 1/noise (Kramers), not the Lévy law
        }
        double eps = epsilon(dynamics, alpha, epsilon, h);
        return switch (dynamics) {
            case SDE, SGD -> basin.predictedMeanExit(alpha, eps);
            case ADAM_SDE, ADAM -> {
                if (!(basin instanceof Quadratic q)) {
                    yield Double.NaN;
                }
                double[] qStar = ExitTimes.adamStationaryQ(basin.noise(), alpha, 1 - BETA2, EPS_ADAM, 200_000, seed, -1);
                double[][] m = q.noiseMatrix();
                for (int i = 0; i < m.length; i++) {
                    for (int j = 0; j < m.length; j++) {
                        m[i][j] /= qStar[i];
                    }
                }
                yield q.predictedMeanExit(m, alpha, eps);
            }
            case SGDM -> Double.NaN;
        };
    }

    /** {@link #predicted(Basin, Dynamics, double, double, double, long)} by the dynamics' name. */
    public static double predicted(Basin basin, String dynamics, double alpha, double epsilon, double h, long seed) {
        return predicted(basin, Dynamics.byName(dynamics), alpha, epsilon, h, seed);
    }

    /**
     * Simulates {@code trajectories} exits from the basin's start for each α, on {@code threads} threads,
     * capped at {@code capSteps} steps ({@link #step} says what each dynamics is). Times are in units of h
     * (iterations × η for the discrete algorithms).
     */
    public static List<Row> run(Basin basin, Dynamics dynamics, double[] alphas, double epsilon, double h, int trajectories, long capSteps,
                                long seed, int threads) {
        List<Row> rows = new ArrayList<>();
        for (double alpha : alphas) {
            rows.add(row(basin, dynamics, alpha, epsilon, h, seed, trajectories(basin, dynamics, alpha, epsilon, h, 0, trajectories, capSteps, seed, threads)));
        }
        return rows;
    }

    /**
     * Trajectories {@code from} … {@code to − 1} of {@link #run}'s simulation at one α (trajectory i on stream i of
     * the seed): the piece of the Monte Carlo that can run anywhere ({@link ExitTimes.Result#concat} joins the pieces).
     */
    public static ExitTimes.Result trajectories(Basin basin, Dynamics dynamics, double alpha, double epsilon, double h, int from, int to, long capSteps,
                                                long seed, int threads) {
        return ExitTimes.simulate(from, to, basin.start(), alpha, seed, capSteps, h, step(basin, dynamics, alpha, epsilon, h), basin::inside, threads);
    }

    /** {@link #run}'s row of one α from all its trajectories' exit times {@code r}. */
    public static Row row(Basin basin, Dynamics dynamics, double alpha, double epsilon, double h, long seed, ExitTimes.Result r) {
        double[] ks = r.ksAgainstExponential();
        double predicted = predicted(basin, dynamics, alpha, epsilon, h, seed);
        return new Row(alpha, epsilon(dynamics, alpha, epsilon, h), r.n(), r.mean(), r.stderr(), r.median(), r.censoredCount(), predicted, ks[0], ks[1], r);
    }

    /** {@link #run(Basin, Dynamics, double[], double, double, int, long, long, int)} by the dynamics' name. */
    public static List<Row> run(Basin basin, String dynamics, double[] alphas, double epsilon, double h, int trajectories, long capSteps,
                                long seed, int threads) {
        return run(basin, Dynamics.byName(dynamics), alphas, epsilon, h, trajectories, capSteps, seed, threads);
    }

    /**
     * A least-squares line log y = intercept + slope · log x; {@link #iterationSlope} fits mean exit iterations
     * against the step size, whose slope the theory for the discrete SGD puts at −α.
     */
    public record Fit(double slope, double intercept) {
        /** The fitted value exp(intercept + slope · log x). */
        public double at(double x) {
            return Math.exp(intercept + slope * Math.log(x));
        }
    }

    /** The log-log fit of mean exit iterations (mean exit time / h) against the step sizes {@code h}. */
    public static Fit iterationSlope(double[] h, double[] meanExitTimes) {
        if (h.length != meanExitTimes.length || h.length < 2) {
            throw new IllegalArgumentException("a slope needs at least two step sizes, each with its mean exit time");
        }
        double[] lx = new double[h.length];
        double[] ly = new double[h.length];
        for (int k = 0; k < h.length; k++) {
            lx[k] = Math.log(h[k]);
            ly[k] = Math.log(meanExitTimes[k] / h[k]);
        }
        double mx = java.util.Arrays.stream(lx).average().orElse(0);
        double my = java.util.Arrays.stream(ly).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int j = 0; j < lx.length; j++) {
            sxy += (lx[j] - mx) * (ly[j] - my);
            sxx += (lx[j] - mx) * (lx[j] - mx);
        }
        return new Fit(sxy / sxx, my - sxy / sxx * mx);
    }
}
